// SPDX-License-Identifier: GPL-2.0
/*
 * twin_aux.c - Twin TW-2 PCI card, auxiliary function
 *
 * The module's second PCI driver enables its device with
 * pci_enable_device(): its region calls were never managed, although
 * the other driver of the same module uses pcim_enable_device().
 */

#include <linux/module.h>
#include <linux/pci.h>

static int twin_aux_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	int ret;

	ret = pci_enable_device(pdev);
	if (ret)
		return ret;

	ret = pci_request_regions(pdev, "twin-aux");
	if (ret)
		pci_disable_device(pdev);
	return ret;
}

static void twin_aux_remove(struct pci_dev *pdev)
{
	pci_release_regions(pdev);
	pci_disable_device(pdev);
}

static const struct pci_device_id twin_aux_ids[] = {
	{ PCI_DEVICE(0x1f21, 0x0008) },
	{ }
};

static struct pci_driver twin_aux_driver = {
	.name		= "twin-aux",
	.id_table	= twin_aux_ids,
	.probe		= twin_aux_probe,
	.remove		= twin_aux_remove,
};

extern struct pci_driver twin_main_driver;

static int __init twin_init(void)
{
	int ret = pci_register_driver(&twin_main_driver);

	if (ret)
		return ret;
	return pci_register_driver(&twin_aux_driver);
}
module_init(twin_init);

MODULE_DESCRIPTION("Twin TW-2 driver");
MODULE_LICENSE("GPL");
