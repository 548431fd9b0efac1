// SPDX-License-Identifier: GPL-2.0
/*
 * osprey.c - Osprey OC-4 video capture card
 *
 * Example driver for kcodemod: the capture function (pdev) is enabled
 * with pcim_enable_device(), the on-board bridge function with
 * pci_enable_device(). Which of the two raises interrupts depends on
 * the board revision, and pci_intx() is called on whichever was picked:
 * the code alone cannot say whether that call is managed.
 */

#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/module.h>
#include <linux/pci.h>

#define PCI_VENDOR_ID_OSPREY	0x1f11

#define OSPREY_REV_B		0x02
#define OSPREY_REG_IRQ		0x30

struct osprey {
	struct pci_dev *pdev;
	struct pci_dev *bridge;
	struct pci_dev *irq_dev;	/* the function that raises INTx */
	unsigned long regs;
	u8 revision;
};

static irqreturn_t osprey_irq(int irq, void *dev_id)
{
	struct osprey *osp = dev_id;
	u32 stat = inl(osp->regs + OSPREY_REG_IRQ);

	if (!stat)
		return IRQ_NONE;

	outl(stat, osp->regs + OSPREY_REG_IRQ);
	return IRQ_HANDLED;
}

static int osprey_setup_irq(struct osprey *osp)
{
	osp->irq_dev = osp->revision >= OSPREY_REV_B ? osp->pdev : osp->bridge;

	pci_intx(osp->irq_dev, 1);
	return request_irq(osp->irq_dev->irq, osprey_irq, IRQF_SHARED,
			   "osprey", osp);
}

static int osprey_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct osprey *osp;
	int err;

	err = pcim_enable_device(pdev);
	if (err)
		return err;

	osp = devm_kzalloc(&pdev->dev, sizeof(*osp), GFP_KERNEL);
	if (!osp)
		return -ENOMEM;

	osp->pdev = pdev;
	osp->revision = id->driver_data;
	osp->regs = pci_resource_start(pdev, 0);
	osp->bridge = pci_get_slot(pdev->bus, PCI_DEVFN(PCI_SLOT(pdev->devfn), 2));
	if (!osp->bridge)
		return -ENODEV;

	err = pci_enable_device(osp->bridge);
	if (err)
		goto err_put;

	pci_set_drvdata(pdev, osp);
	err = osprey_setup_irq(osp);
	if (err)
		goto err_disable;

	return 0;

err_disable:
	pci_disable_device(osp->bridge);
err_put:
	pci_dev_put(osp->bridge);
	return err;
}

static void osprey_remove(struct pci_dev *pdev)
{
	struct osprey *osp = pci_get_drvdata(pdev);

	free_irq(osp->irq_dev->irq, osp);
	pci_disable_device(osp->bridge);
	pci_dev_put(osp->bridge);
}

static const struct pci_device_id osprey_pci_tbl[] = {
	{ PCI_DEVICE(PCI_VENDOR_ID_OSPREY, 0x0c04), .driver_data = 1 },
	{ PCI_DEVICE(PCI_VENDOR_ID_OSPREY, 0x0c05), .driver_data = OSPREY_REV_B },
	{ }
};
MODULE_DEVICE_TABLE(pci, osprey_pci_tbl);

static struct pci_driver osprey_pci_driver = {
	.name		= "osprey",
	.id_table	= osprey_pci_tbl,
	.probe		= osprey_probe,
	.remove		= osprey_remove,
};
module_pci_driver(osprey_pci_driver);

MODULE_AUTHOR("Hana Osprey <hana.osprey@example.org>");
MODULE_DESCRIPTION("Osprey OC-4 video capture driver");
MODULE_LICENSE("GPL");
