// SPDX-License-Identifier: GPL-2.0
/*
 * Shrike SB-5 flash card: interrupt-driven completion.
 */

#include <linux/interrupt.h>
#include <linux/pci.h>

#include "shrike.h"

static irqreturn_t shrike_irq(int irq, void *data)
{
	struct shrike_dev *sd = data;
	u32 status = inl(sd->mmio + SHRIKE_REG_STATUS);

	if (!(status & SHRIKE_STATUS_DONE))
		return IRQ_NONE;

	outl(status, sd->mmio + SHRIKE_REG_STATUS);
	return IRQ_HANDLED;
}

int shrike_io_init(struct shrike_dev *sd)
{
	int ret;

	if (sd->polled)
		return 0;

	ret = request_irq(sd->pdev->irq, shrike_irq, IRQF_SHARED, "shrike", sd);
	if (ret)
		return ret;

	shrike_intx(sd, true);
	return 0;
}

void shrike_io_exit(struct shrike_dev *sd)
{
	if (!sd->polled)
		free_irq(sd->pdev->irq, sd);
}
