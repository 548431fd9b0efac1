// SPDX-License-Identifier: GPL-2.0
/*
 * Kestrel K4 RAID controller: PCI glue.
 *
 * Example driver for kcodemod: enabled with pci_enable_device_mem();
 * INTx is handled in kestrel_hw.c, part of the same module.
 */

#include <linux/module.h>
#include <linux/pci.h>

#include "kestrel.h"

#define PCI_VENDOR_ID_KESTREL	0x1f0e

static int kestrel_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct kestrel_ctrl *ctrl;
	int rc;

	rc = pci_enable_device_mem(pdev);
	if (rc)
		return rc;

	ctrl = devm_kzalloc(&pdev->dev, sizeof(*ctrl), GFP_KERNEL);
	if (!ctrl) {
		rc = -ENOMEM;
		goto err_disable;
	}

	ctrl->pdev = pdev;
	ctrl->mmio_base = pci_resource_start(pdev, 0);
	pci_set_master(pdev);
	pci_set_drvdata(pdev, ctrl);

	rc = kestrel_hw_init_irq(ctrl);
	if (rc)
		goto err_disable;

	return 0;

err_disable:
	pci_disable_device(pdev);
	return rc;
}

static void kestrel_remove(struct pci_dev *pdev)
{
	struct kestrel_ctrl *ctrl = pci_get_drvdata(pdev);

	kestrel_hw_stop(ctrl);
	pci_disable_device(pdev);
}

static const struct pci_device_id kestrel_ids[] = {
	{ PCI_DEVICE(PCI_VENDOR_ID_KESTREL, 0x0004) },
	{ }
};
MODULE_DEVICE_TABLE(pci, kestrel_ids);

static struct pci_driver kestrel_driver = {
	.name		= "kestrel",
	.id_table	= kestrel_ids,
	.probe		= kestrel_probe,
	.remove		= kestrel_remove,
};
module_pci_driver(kestrel_driver);

MODULE_AUTHOR("Egon Kestrel <egon.kestrel@example.org>");
MODULE_DESCRIPTION("Kestrel K4 RAID controller driver");
MODULE_LICENSE("GPL");
