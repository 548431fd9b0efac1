// SPDX-License-Identifier: GPL-2.0
/*
 * Wren sensor fusion hub: PCI driver core.
 *
 * Example driver for kcodemod: this file enables the device with
 * pcim_enable_device(); the INTx switching of the same module is in
 * hub2/wren_sfh_irq.c.
 */

#include <linux/module.h>
#include <linux/pci.h>

#include "wren_sfh.h"

#define DRIVER_NAME	"wren_sfh"

#define PCI_VENDOR_ID_WREN	0x1f0c

static int wren_sfh_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct wren_sfh_dev *privdata;
	int rc;

	privdata = devm_kzalloc(&pdev->dev, sizeof(*privdata), GFP_KERNEL);
	if (!privdata)
		return -ENOMEM;

	privdata->pdev = pdev;
	pci_set_drvdata(pdev, privdata);

	rc = pcim_enable_device(pdev);
	if (rc)
		return rc;

	privdata->iobase = pci_resource_start(pdev, 2);
	pci_set_master(pdev);

	return wren_sfh_hub2_irq_init(privdata);
}

static void wren_sfh_remove(struct pci_dev *pdev)
{
	struct wren_sfh_dev *privdata = pci_get_drvdata(pdev);

	wren_sfh_hub2_irq_exit(privdata);
}

static const struct pci_device_id wren_sfh_ids[] = {
	{ PCI_DEVICE(PCI_VENDOR_ID_WREN, 0x15e4) },
	{ }
};
MODULE_DEVICE_TABLE(pci, wren_sfh_ids);

static struct pci_driver wren_sfh_driver = {
	.name		= DRIVER_NAME,
	.id_table	= wren_sfh_ids,
	.probe		= wren_sfh_probe,
	.remove		= wren_sfh_remove,
};
module_pci_driver(wren_sfh_driver);

MODULE_DESCRIPTION("Wren sensor fusion hub driver");
MODULE_AUTHOR("Cleo Wren <cleo.wren@example.org>");
MODULE_LICENSE("GPL");
