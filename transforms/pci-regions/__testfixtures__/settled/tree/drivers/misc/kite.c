// SPDX-License-Identifier: GPL-2.0
/*
 * kite.c - Kite KT-1 PCI relay card
 *
 * Example driver for the pci-regions tests: enabled with
 * pci_enable_device(), so its region calls were never managed.
 */

#include <linux/module.h>
#include <linux/pci.h>

static int kite_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	int ret;

	ret = pci_enable_device(pdev);
	if (ret)
		return ret;

	ret = pci_request_region(pdev, 0, "kite");
	if (ret)
		pci_disable_device(pdev);
	return ret;
}

static void kite_remove(struct pci_dev *pdev)
{
	pci_release_region(pdev, 0);
	pci_disable_device(pdev);
}

static const struct pci_device_id kite_ids[] = {
	{ PCI_DEVICE(0x1f21, 0x0003) },
	{ }
};
MODULE_DEVICE_TABLE(pci, kite_ids);

static struct pci_driver kite_driver = {
	.name		= "kite",
	.id_table	= kite_ids,
	.probe		= kite_probe,
	.remove		= kite_remove,
};
module_pci_driver(kite_driver);

MODULE_DESCRIPTION("Kite KT-1 relay driver");
MODULE_LICENSE("GPL");
