// SPDX-License-Identifier: GPL-2.0
/*
 * egret.c - Egret EM-2 PCI SD/MMC host controller
 *
 * Example driver for kcodemod: pci_intx() is not called here but stored
 * in a function pointer, so the port cannot be a rename of a call. The
 * device is enabled with pci_enable_device().
 */

#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/mmc/host.h>
#include <linux/module.h>
#include <linux/pci.h>

#define PCI_VENDOR_ID_EGRET	0x1f15

#define EGRET_REG_INT_STATUS	0x30

struct egret_host {
	struct pci_dev *pdev;
	unsigned long ioaddr;
	/* INTx control: pci_intx(), or a stub on boards that use MSI */
	void (*set_intx)(struct pci_dev *pdev, int enable);
};

static void egret_no_intx(struct pci_dev *pdev, int enable)
{
}

static irqreturn_t egret_irq(int irq, void *dev_id)
{
	struct egret_host *host = dev_id;
	u32 status = inl(host->ioaddr + EGRET_REG_INT_STATUS);

	if (!status)
		return IRQ_NONE;

	outl(status, host->ioaddr + EGRET_REG_INT_STATUS);
	return IRQ_HANDLED;
}

static int egret_probe(struct pci_dev *pdev, const struct pci_device_id *ent)
{
	void (*set)(struct pci_dev *, int) = pci_intx;
	struct egret_host *host;
	int ret;

	ret = pci_enable_device(pdev);
	if (ret)
		return ret;

	host = devm_kzalloc(&pdev->dev, sizeof(*host), GFP_KERNEL);
	if (!host) {
		ret = -ENOMEM;
		goto err_disable;
	}

	host->pdev = pdev;
	host->ioaddr = pci_resource_start(pdev, 0);
	host->set_intx = ent->driver_data ? egret_no_intx : set;
	host->set_intx(pdev, 1);
	pci_set_drvdata(pdev, host);

	ret = request_irq(pdev->irq, egret_irq, IRQF_SHARED, "egret", host);
	if (ret)
		goto err_disable;

	return 0;

err_disable:
	pci_disable_device(pdev);
	return ret;
}

static void egret_remove(struct pci_dev *pdev)
{
	struct egret_host *host = pci_get_drvdata(pdev);

	free_irq(pdev->irq, host);
	host->set_intx(pdev, 0);
	pci_disable_device(pdev);
}

static const struct pci_device_id egret_pci_ids[] = {
	{ PCI_DEVICE(PCI_VENDOR_ID_EGRET, 0x0e02) },
	{ PCI_DEVICE(PCI_VENDOR_ID_EGRET, 0x0e03), .driver_data = 1 },
	{ }
};
MODULE_DEVICE_TABLE(pci, egret_pci_ids);

static struct pci_driver egret_pci_driver = {
	.name		= "egret",
	.id_table	= egret_pci_ids,
	.probe		= egret_probe,
	.remove		= egret_remove,
};
module_pci_driver(egret_pci_driver);

MODULE_AUTHOR("Mira Egret <mira.egret@example.org>");
MODULE_DESCRIPTION("Egret EM-2 SD/MMC host driver");
MODULE_LICENSE("GPL");
