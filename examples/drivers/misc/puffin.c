// SPDX-License-Identifier: GPL-2.0
/*
 * puffin.c - Puffin PF-3 PCI relay card
 *
 * Example driver for kcodemod: enabled with pci_enable_device(), so its
 * region calls were never managed and mean what they say.
 */

#include <linux/io.h>
#include <linux/module.h>
#include <linux/pci.h>

#define PUFFIN_REG_RELAYS	0x04

static int puffin_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	int ret;

	ret = pci_enable_device(pdev);
	if (ret)
		return ret;

	ret = pci_request_region(pdev, 0, "puffin");
	if (ret) {
		pci_disable_device(pdev);
		return ret;
	}

	outb(0, pci_resource_start(pdev, 0) + PUFFIN_REG_RELAYS);
	return 0;
}

static void puffin_remove(struct pci_dev *pdev)
{
	outb(0, pci_resource_start(pdev, 0) + PUFFIN_REG_RELAYS);
	pci_release_region(pdev, 0);
	pci_disable_device(pdev);
}

static const struct pci_device_id puffin_ids[] = {
	{ PCI_DEVICE(0x1f31, 0x0003) },
	{ }
};
MODULE_DEVICE_TABLE(pci, puffin_ids);

static struct pci_driver puffin_driver = {
	.name		= "puffin",
	.id_table	= puffin_ids,
	.probe		= puffin_probe,
	.remove		= puffin_remove,
};
module_pci_driver(puffin_driver);

MODULE_AUTHOR("Pia Lunde <pia.lunde@example.org>");
MODULE_DESCRIPTION("Puffin PF-3 relay card driver");
MODULE_LICENSE("GPL");
