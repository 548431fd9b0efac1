// SPDX-License-Identifier: GPL-2.0
/*
 * plover_main.c - Plover P-20 ISA-bridge SCSI adapter
 *
 * Example driver for kcodemod: an I/O-port-only device, enabled with
 * pci_enable_device_io(). plover_debugfs.c (built when
 * CONFIG_SCSI_PLOVER_DEBUGFS is set) belongs to the same module.
 */

#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/module.h>
#include <linux/pci.h>

#include "plover.h"

#define PCI_VENDOR_ID_PLOVER	0x1f0f

static irqreturn_t plover_intr(int irq, void *dev_id)
{
	struct plover_host *host = dev_id;

	if (!(inb(host->io_base + PLOVER_REG_STATUS) & PLOVER_STATUS_INT))
		return IRQ_NONE;

	outb(PLOVER_STATUS_INT, host->io_base + PLOVER_REG_STATUS);
	return IRQ_HANDLED;
}

static int plover_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct plover_host *host;
	int ret;

	ret = pci_enable_device_io(pdev);
	if (ret)
		return ret;

	host = devm_kzalloc(&pdev->dev, sizeof(*host), GFP_KERNEL);
	if (!host) {
		ret = -ENOMEM;
		goto out_disable;
	}

	host->pdev = pdev;
	host->io_base = pci_resource_start(pdev, 0);
	pci_set_drvdata(pdev, host);

	pci_intx(pdev, 1);
	ret = request_irq(pdev->irq, plover_intr, IRQF_SHARED, "plover", host);
	if (ret)
		goto out_disable;

	plover_debugfs_init(host);
	return 0;

out_disable:
	pci_disable_device(pdev);
	return ret;
}

static void plover_remove(struct pci_dev *pdev)
{
	struct plover_host *host = pci_get_drvdata(pdev);

	plover_debugfs_exit(host);
	free_irq(pdev->irq, host);
	pci_disable_device(pdev);
}

static const struct pci_device_id plover_pci_tbl[] = {
	{ PCI_DEVICE(PCI_VENDOR_ID_PLOVER, 0x0020) },
	{ }
};
MODULE_DEVICE_TABLE(pci, plover_pci_tbl);

static struct pci_driver plover_pci_driver = {
	.name		= "plover",
	.id_table	= plover_pci_tbl,
	.probe		= plover_probe,
	.remove		= plover_remove,
};
module_pci_driver(plover_pci_driver);

MODULE_AUTHOR("Fenna Plover <fenna.plover@example.org>");
MODULE_DESCRIPTION("Plover P-20 SCSI adapter driver");
MODULE_LICENSE("GPL");
