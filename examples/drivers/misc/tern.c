// SPDX-License-Identifier: GPL-2.0
/*
 * tern.c - Tern TN-1 PCI data acquisition card
 *
 * Example driver for kcodemod: the file has no newline at its end, and
 * its last function holds a pci_intx() call, so a patch that touches it
 * ends in "\ No newline at end of file". Enabled with
 * pci_enable_device_mem().
 */

#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/module.h>
#include <linux/pci.h>

#define PCI_VENDOR_ID_TERN	0x1f19

#define TERN_REG_FIFO_STATUS	0x08

struct tern_daq {
	struct pci_dev *pdev;
	unsigned long regs;
};

static int tern_probe(struct pci_dev *pdev, const struct pci_device_id *id);
static void tern_remove(struct pci_dev *pdev);

static const struct pci_device_id tern_ids[] = {
	{ PCI_DEVICE(PCI_VENDOR_ID_TERN, 0x0001) },
	{ }
};
MODULE_DEVICE_TABLE(pci, tern_ids);

static struct pci_driver tern_driver = {
	.name		= "tern",
	.id_table	= tern_ids,
	.probe		= tern_probe,
	.remove		= tern_remove,
};
module_pci_driver(tern_driver);

MODULE_AUTHOR("Pia Tern <pia.tern@example.org>");
MODULE_DESCRIPTION("Tern TN-1 data acquisition driver");
MODULE_LICENSE("GPL");

static irqreturn_t tern_fifo_irq(int irq, void *dev_id)
{
	struct tern_daq *daq = dev_id;

	if (!inl(daq->regs + TERN_REG_FIFO_STATUS))
		return IRQ_NONE;

	return IRQ_HANDLED;
}

static int tern_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct tern_daq *daq;
	int ret;

	ret = pci_enable_device_mem(pdev);
	if (ret)
		return ret;

	daq = devm_kzalloc(&pdev->dev, sizeof(*daq), GFP_KERNEL);
	if (!daq) {
		pci_disable_device(pdev);
		return -ENOMEM;
	}

	daq->pdev = pdev;
	daq->regs = pci_resource_start(pdev, 0);
	pci_set_drvdata(pdev, daq);

	pci_intx(pdev, 1);
	ret = request_irq(pdev->irq, tern_fifo_irq, IRQF_SHARED, "tern", daq);
	if (ret)
		pci_disable_device(pdev);

	return ret;
}

static void tern_remove(struct pci_dev *pdev)
{
	free_irq(pdev->irq, pci_get_drvdata(pdev));
	pci_intx(pdev, 0);
	pci_disable_device(pdev);
}