// SPDX-License-Identifier: GPL-2.0
/* Fixture: whether pci_intx() runs in atomic context depends on the callers (two files, one module). */
#include <linux/interrupt.h>
#include <linux/pci.h>
#include "baz.h"

static irqreturn_t baz_irq(int irq, void *data)
{
	struct baz *baz = data;

	baz_mask_from_irq(baz);
	return IRQ_HANDLED;
}

static void baz_mid(struct baz *baz)
{
	baz_two_levels(baz);
}

static void baz_top(struct baz *baz)
{
	unsigned long flags;

	spin_lock_irqsave(&baz->lock, flags);
	baz_mid(baz);
	spin_unlock_irqrestore(&baz->lock, flags);
}

static void baz_level2(struct baz *baz)
{
	baz_three_levels(baz);
}

static void baz_level1(struct baz *baz)
{
	baz_level2(baz);
}

static void baz_level0(struct baz *baz)
{
	spin_lock(&baz->lock);
	baz_level1(baz);
	spin_unlock(&baz->lock);
}

static void baz_update(struct baz *baz, bool on)
{
	spin_lock(&baz->lock);
	baz_set_locked(baz, on);
	spin_unlock(&baz->lock);
	spin_lock_bh(&baz->lock);
	baz_set_locked(baz, !on);
	spin_unlock_bh(&baz->lock);
	spin_lock(&baz->lock);
	baz_sometimes_locked(baz);
	spin_unlock(&baz->lock);
}

static int baz_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct baz *baz = devm_kzalloc(&pdev->dev, sizeof(*baz), GFP_KERNEL);

	baz->pdev = pdev;
	baz_update(baz, true);
	baz_top(baz);
	baz_level0(baz);
	baz_sometimes_locked(baz);
	baz->ops.set = baz_by_pointer;
	return request_irq(pdev->irq, baz_irq, IRQF_SHARED, "baz", baz);
}

static struct pci_driver baz_driver = {
	.name = "baz",
	.probe = baz_probe,
};
module_pci_driver(baz_driver);
