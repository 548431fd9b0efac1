// SPDX-License-Identifier: GPL-2.0
/*
 * skua.c - Skua SK-1 PCI network card
 *
 * Example driver for the pci-regions tests: enabled with
 * pcim_enable_device(), it requests two BARs with
 * pci_request_selected_regions(), which has no always-managed
 * counterpart: the request and its release go to review.
 */

#include <linux/module.h>
#include <linux/pci.h>

static int skua_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	int ret;

	ret = pcim_enable_device(pdev);
	if (ret)
		return ret;

	return pci_request_selected_regions(pdev, 0x3, "skua");
}

static void skua_remove(struct pci_dev *pdev)
{
	pci_release_selected_regions(pdev, 0x3);
}

static const struct pci_device_id skua_ids[] = {
	{ PCI_DEVICE(0x1f21, 0x0006) },
	{ }
};
MODULE_DEVICE_TABLE(pci, skua_ids);

static struct pci_driver skua_driver = {
	.name		= "skua",
	.id_table	= skua_ids,
	.probe		= skua_probe,
	.remove		= skua_remove,
};
module_pci_driver(skua_driver);

MODULE_DESCRIPTION("Skua SK-1 network driver");
MODULE_LICENSE("GPL");
