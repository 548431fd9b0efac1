// SPDX-License-Identifier: GPL-2.0
/*
 * twin_main.c - Twin TW-2 PCI card, main function
 *
 * Example driver for the pci-regions tests: module twin holds two PCI
 * drivers. This one enables its device with pcim_enable_device().
 */

#include <linux/module.h>
#include <linux/pci.h>

static int twin_main_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	int ret;

	ret = pcim_enable_device(pdev);
	if (ret)
		return ret;

	return pci_request_regions(pdev, "twin-main");
}

static void twin_main_remove(struct pci_dev *pdev)
{
	pci_release_regions(pdev);
}

static const struct pci_device_id twin_main_ids[] = {
	{ PCI_DEVICE(0x1f21, 0x0007) },
	{ }
};

struct pci_driver twin_main_driver = {
	.name		= "twin-main",
	.id_table	= twin_main_ids,
	.probe		= twin_main_probe,
	.remove		= twin_main_remove,
};
