// SPDX-License-Identifier: GPL-2.0
/*
 * swift_pci.c - Swift SW-9 PCI timer card
 *
 * Example driver for kcodemod: every line of this file ends in CR LF,
 * as it came from its vendor. A rewrite keeps the CR bytes. The card is
 * enabled with pcim_enable_device().
 */

#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/pci.h>

#define PCI_VENDOR_ID_SWIFT	0x1f18

#define SWIFT_REG_TICK		0x10
#define SWIFT_REG_ACK		0x14

struct swift_timer {
	struct pci_dev *pdev;
	unsigned long base;
	struct miscdevice misc;
	u64 ticks;
};

static irqreturn_t swift_tick(int irq, void *dev_id)
{
	struct swift_timer *st = dev_id;

	if (!inl(st->base + SWIFT_REG_TICK))
		return IRQ_NONE;

	st->ticks++;
	outl(1, st->base + SWIFT_REG_ACK);
	return IRQ_HANDLED;
}

static int swift_start_irq(struct swift_timer *st)
{
	pci_intx(st->pdev, 1);
	return devm_request_irq(&st->pdev->dev, st->pdev->irq, swift_tick,
				IRQF_SHARED, "swift_pci", st);
}

static int swift_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct swift_timer *st;
	int ret;

	ret = pcim_enable_device(pdev);
	if (ret)
		return ret;

	st = devm_kzalloc(&pdev->dev, sizeof(*st), GFP_KERNEL);
	if (!st)
		return -ENOMEM;

	st->pdev = pdev;
	st->base = pci_resource_start(pdev, 0);
	st->misc.minor = MISC_DYNAMIC_MINOR;
	st->misc.name = "swift";
	pci_set_drvdata(pdev, st);

	ret = swift_start_irq(st);
	if (ret)
		return ret;

	return misc_register(&st->misc);
}

static void swift_remove(struct pci_dev *pdev)
{
	struct swift_timer *st = pci_get_drvdata(pdev);

	misc_deregister(&st->misc);
}

static const struct pci_device_id swift_pci_ids[] = {
	{ PCI_DEVICE(PCI_VENDOR_ID_SWIFT, 0x0009) },
	{ }
};
MODULE_DEVICE_TABLE(pci, swift_pci_ids);

static struct pci_driver swift_pci_driver = {
	.name		= "swift_pci",
	.id_table	= swift_pci_ids,
	.probe		= swift_probe,
	.remove		= swift_remove,
};
module_pci_driver(swift_pci_driver);

MODULE_AUTHOR("Olga Swift <olga.swift@example.org>");
MODULE_DESCRIPTION("Swift SW-9 PCI timer driver");
MODULE_LICENSE("GPL");
