// SPDX-License-Identifier: GPL-2.0
/*
 * Wren sensor fusion hub, second generation: interrupt set-up.
 *
 * Example driver for kcodemod: no enable call in this file; the device
 * was enabled by wren_sfh_core.c, part of the same module.
 */

#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/pci.h>

#include "../wren_sfh.h"

static irqreturn_t wren_sfh_hub2_irq_handler(int irq, void *data)
{
	struct wren_sfh_dev *privdata = data;
	u32 status;

	status = inl(privdata->iobase + WREN_SFH_REG_IRQ_STAT);
	if (!status)
		return IRQ_NONE;

	outl(status, privdata->iobase + WREN_SFH_REG_IRQ_STAT);
	return IRQ_HANDLED;
}

int wren_sfh_hub2_irq_init(struct wren_sfh_dev *privdata)
{
	struct pci_dev *pdev = privdata->pdev;
	int rc;

	pci_intx(privdata->pdev, true);

	rc = devm_request_irq(&pdev->dev, pdev->irq, wren_sfh_hub2_irq_handler,
			      IRQF_SHARED, "wren_sfh_hub2", privdata);
	if (rc)
		return rc;

	outl(1, privdata->iobase + WREN_SFH_REG_IRQ_CTRL);
	return 0;
}

void wren_sfh_hub2_irq_exit(struct wren_sfh_dev *privdata)
{
	outl(0, privdata->iobase + WREN_SFH_REG_IRQ_CTRL);
}
