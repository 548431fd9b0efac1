// SPDX-License-Identifier: GPL-2.0
/*
 * Kestrel K4 RAID controller: interrupt and doorbell handling.
 */

#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/pci.h>

#include "kestrel.h"

static irqreturn_t kestrel_isr(int irq, void *data)
{
	struct kestrel_ctrl *ctrl = data;
	u32 doorbell = readl((void *)(ctrl->mmio_base + KESTREL_REG_DOORBELL));

	if (!doorbell)
		return IRQ_NONE;

	writel(doorbell, (void *)(ctrl->mmio_base + KESTREL_REG_DOORBELL));
	return IRQ_HANDLED;
}

int kestrel_hw_init_irq(struct kestrel_ctrl *ctrl)
{
	struct pci_dev *pdev = ctrl->pdev;
	int nvec;

	nvec = pci_alloc_irq_vectors(pdev, 1, 1, PCI_IRQ_MSI);
	ctrl->use_msi = nvec > 0;

	/* Without MSI the K4 needs INTx switched on explicitly. */
	if (!ctrl->use_msi)
		pci_intx(pdev, 1);

	return request_irq(pdev->irq, kestrel_isr, IRQF_SHARED, "kestrel", ctrl);
}

void kestrel_hw_stop(struct kestrel_ctrl *ctrl)
{
	writel(~0U, (void *)(ctrl->mmio_base + KESTREL_REG_IRQ_MASK));
	free_irq(ctrl->pdev->irq, ctrl);
	if (ctrl->use_msi)
		pci_free_irq_vectors(ctrl->pdev);
	else
		pci_intx(ctrl->pdev, 0);
}
