// SPDX-License-Identifier: GPL-2.0
/*
 * finch.c - Finch FW-11 802.11 PCI card
 *
 * Example driver for kcodemod: the module calls both enable functions,
 * on different devices. The wireless function (the probe's pdev) is
 * enabled with pcim_enable_device(); the Bluetooth companion function in
 * the same slot is woken with pci_enable_device() to program the shared
 * coexistence register. pci_intx() is called on pdev, so it is managed.
 */

#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/module.h>
#include <linux/pci.h>

#define PCI_VENDOR_ID_FINCH	0x1f10

#define FINCH_REG_COEX		0x40
#define FINCH_REG_INT_STATUS	0x44

struct finch_dev {
	struct pci_dev *pdev;
	struct pci_dev *companion;
	unsigned long regs;
};

static irqreturn_t finch_isr(int irq, void *dev_id)
{
	struct finch_dev *fw = dev_id;
	u32 status = inl(fw->regs + FINCH_REG_INT_STATUS);

	if (!status)
		return IRQ_NONE;

	outl(status, fw->regs + FINCH_REG_INT_STATUS);
	return IRQ_HANDLED;
}

static int finch_coex_init(struct finch_dev *fw)
{
	struct pci_dev *pdev = fw->pdev;
	int ret;

	fw->companion = pci_get_slot(pdev->bus, PCI_DEVFN(PCI_SLOT(pdev->devfn), 1));
	if (!fw->companion)
		return 0;

	ret = pci_enable_device(fw->companion);
	if (ret) {
		pci_dev_put(fw->companion);
		fw->companion = NULL;
		return ret;
	}

	outl(1, pci_resource_start(fw->companion, 0) + FINCH_REG_COEX);
	return 0;
}

static int finch_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct finch_dev *fw;
	int ret;

	ret = pcim_enable_device(pdev);
	if (ret)
		return ret;

	fw = devm_kzalloc(&pdev->dev, sizeof(*fw), GFP_KERNEL);
	if (!fw)
		return -ENOMEM;

	fw->pdev = pdev;
	fw->regs = pci_resource_start(pdev, 0);
	pci_set_drvdata(pdev, fw);

	ret = finch_coex_init(fw);
	if (ret)
		return ret;

	pci_intx(pdev, 1);
	return devm_request_irq(&pdev->dev, pdev->irq, finch_isr, IRQF_SHARED,
				"finch", fw);
}

static void finch_remove(struct pci_dev *pdev)
{
	struct finch_dev *fw = pci_get_drvdata(pdev);

	if (fw->companion) {
		pci_disable_device(fw->companion);
		pci_dev_put(fw->companion);
	}
}

static const struct pci_device_id finch_pci_ids[] = {
	{ PCI_DEVICE(PCI_VENDOR_ID_FINCH, 0x0b11) },
	{ }
};
MODULE_DEVICE_TABLE(pci, finch_pci_ids);

static struct pci_driver finch_pci_driver = {
	.name		= "finch",
	.id_table	= finch_pci_ids,
	.probe		= finch_probe,
	.remove		= finch_remove,
};
module_pci_driver(finch_pci_driver);

MODULE_AUTHOR("Gus Finch <gus.finch@example.org>");
MODULE_DESCRIPTION("Finch FW-11 wireless LAN driver");
MODULE_LICENSE("GPL");
