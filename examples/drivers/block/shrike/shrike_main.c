// SPDX-License-Identifier: GPL-2.0
/*
 * Shrike SB-5 flash card: PCI probe and removal.
 *
 * Example driver for kcodemod: enabled with pci_enable_device_mem().
 */

#include <linux/module.h>
#include <linux/pci.h>

#include "shrike.h"

#define PCI_VENDOR_ID_SHRIKE	0x1f16

static bool polled;
module_param(polled, bool, 0444);
MODULE_PARM_DESC(polled, "Poll for completions instead of using INTx");

static int shrike_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct shrike_dev *sd;
	int ret;

	ret = pci_enable_device_mem(pdev);
	if (ret)
		return ret;

	sd = kzalloc(sizeof(*sd), GFP_KERNEL);
	if (!sd) {
		ret = -ENOMEM;
		goto out_disable;
	}

	sd->pdev = pdev;
	sd->polled = polled;
	sd->mmio = pci_resource_start(pdev, 0);
	pci_set_master(pdev);
	pci_set_drvdata(pdev, sd);

	ret = shrike_io_init(sd);
	if (ret)
		goto out_free;

	return 0;

out_free:
	kfree(sd);
out_disable:
	pci_disable_device(pdev);
	return ret;
}

static void shrike_remove(struct pci_dev *pdev)
{
	struct shrike_dev *sd = pci_get_drvdata(pdev);

	shrike_io_exit(sd);
	shrike_intx(sd, false);
	kfree(sd);
	pci_disable_device(pdev);
}

static const struct pci_device_id shrike_pci_tbl[] = {
	{ PCI_DEVICE(PCI_VENDOR_ID_SHRIKE, 0x0005) },
	{ }
};
MODULE_DEVICE_TABLE(pci, shrike_pci_tbl);

static struct pci_driver shrike_pci_driver = {
	.name		= "shrike",
	.id_table	= shrike_pci_tbl,
	.probe		= shrike_probe,
	.remove		= shrike_remove,
};
module_pci_driver(shrike_pci_driver);

MODULE_AUTHOR("Nils Shrike <nils.shrike@example.org>");
MODULE_DESCRIPTION("Shrike SB-5 flash card driver");
MODULE_LICENSE("GPL");
