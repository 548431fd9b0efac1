// SPDX-License-Identifier: GPL-2.0
/*
 * sata_dunlin.c - Dunlin DS-2 SATA host controller
 *
 * Example driver for kcodemod: dunlin_shutdown() opens the same block
 * from both branches of an #ifdef, which tree-sitter cannot follow; its
 * pci_intx() call lands in an ERROR node of the parse. The call in
 * dunlin_irq_enable() is above that region and parses cleanly.
 */

#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/module.h>
#include <linux/pci.h>

#define DRV_NAME		"sata_dunlin"

#define PCI_VENDOR_ID_DUNLIN	0x1f0b

#define DUNLIN_REG_IRQ		0x10
#define DUNLIN_REG_MSI_CTL	0x14

struct dunlin_host {
	struct pci_dev *pdev;
	unsigned long iobase;
	bool msi;
};

static irqreturn_t dunlin_interrupt(int irq, void *dev_instance)
{
	struct dunlin_host *host = dev_instance;
	u32 pending = inl(host->iobase + DUNLIN_REG_IRQ);

	if (!pending)
		return IRQ_NONE;

	outl(pending, host->iobase + DUNLIN_REG_IRQ);
	return IRQ_HANDLED;
}

static int dunlin_irq_enable(struct dunlin_host *host)
{
	struct pci_dev *pdev = host->pdev;

	pci_intx(pdev, 1);
	return request_irq(pdev->irq, dunlin_interrupt, IRQF_SHARED,
			   DRV_NAME, host);
}

static int dunlin_init_one(struct pci_dev *pdev,
			   const struct pci_device_id *ent)
{
	struct dunlin_host *host;
	int rc;

	rc = pci_enable_device(pdev);
	if (rc)
		return rc;

	host = devm_kzalloc(&pdev->dev, sizeof(*host), GFP_KERNEL);
	if (!host) {
		rc = -ENOMEM;
		goto err_disable;
	}

	host->pdev = pdev;
	host->iobase = pci_resource_start(pdev, 0);
	pci_set_drvdata(pdev, host);

	rc = dunlin_irq_enable(host);
	if (rc)
		goto err_disable;

	return 0;

err_disable:
	pci_disable_device(pdev);
	return rc;
}

static void dunlin_remove_one(struct pci_dev *pdev)
{
	struct dunlin_host *host = pci_get_drvdata(pdev);

	free_irq(pdev->irq, host);
	pci_disable_device(pdev);
}

static void dunlin_shutdown(struct pci_dev *pdev)
{
	struct dunlin_host *host = pci_get_drvdata(pdev);

#ifdef CONFIG_PCI_MSI
	if (!host->msi) {
#else
	if (host) {
#endif
		/* Keep the line quiet across kexec. */
		pci_intx(pdev, 0);
	}
}

static const struct pci_device_id dunlin_pci_tbl[] = {
	{ PCI_DEVICE(PCI_VENDOR_ID_DUNLIN, 0x0002) },
	{ }	/* terminate list */
};
MODULE_DEVICE_TABLE(pci, dunlin_pci_tbl);

static struct pci_driver dunlin_pci_driver = {
	.name		= DRV_NAME,
	.id_table	= dunlin_pci_tbl,
	.probe		= dunlin_init_one,
	.remove		= dunlin_remove_one,
	.shutdown	= dunlin_shutdown,
};
module_pci_driver(dunlin_pci_driver);

MODULE_AUTHOR("Bram Dunlin <bram.dunlin@example.org>");
MODULE_DESCRIPTION("low-level driver for Dunlin DS-2 SATA controllers");
MODULE_LICENSE("GPL");
