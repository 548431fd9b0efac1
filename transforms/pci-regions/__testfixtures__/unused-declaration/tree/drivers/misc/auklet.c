// SPDX-License-Identifier: GPL-2.0
/*
 * auklet.c - Auklet AK-1 PCI display card
 *
 * Example driver for the pci-regions tests: enabled with
 * pcim_enable_device(); the teardown that .remove calls reaches the PCI device
 * through the generic device, and that local variable's only use is the
 * release devres makes redundant: the declaration goes with it, or the
 * build fails on an unused variable.
 */

#include <linux/module.h>
#include <linux/pci.h>

static void auklet_unload(struct device *dev)
{
	struct pci_dev *pdev = to_pci_dev(dev);

	dev_info(dev, "unloading\n");
	pci_release_regions(pdev);
}

static int auklet_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	int ret;

	ret = pcim_enable_device(pdev);
	if (ret)
		return ret;

	return pci_request_regions(pdev, "auklet");
}

static void auklet_remove(struct pci_dev *pdev)
{
	auklet_unload(&pdev->dev);
}

static const struct pci_device_id auklet_ids[] = {
	{ PCI_DEVICE(0x1f21, 0x0007) },
	{ }
};
MODULE_DEVICE_TABLE(pci, auklet_ids);

static struct pci_driver auklet_driver = {
	.name		= "auklet",
	.id_table	= auklet_ids,
	.probe		= auklet_probe,
	.remove		= auklet_remove,
};
module_pci_driver(auklet_driver);

MODULE_DESCRIPTION("Auklet AK-1 display driver");
MODULE_LICENSE("GPL");
