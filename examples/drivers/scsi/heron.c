// SPDX-License-Identifier: GPL-2.0
/*
 * heron.c - Heron HB-1 SCSI host adapter
 *
 * Example driver for kcodemod: enabled with pci_enable_device(), so it
 * never relies on pci_intx() being managed.
 */

#include <linux/delay.h>
#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/module.h>
#include <linux/pci.h>

#define PCI_VENDOR_ID_HERON	0x1f0d

#define HERON_REG_RESET		0x08
#define HERON_REG_ISR		0x0c

struct heron_hba {
	struct pci_dev *pdev;
	unsigned long io_port;
};

static irqreturn_t heron_intr(int irq, void *dev_id)
{
	struct heron_hba *hba = dev_id;
	u8 isr = inb(hba->io_port + HERON_REG_ISR);

	if (!isr)
		return IRQ_NONE;

	outb(isr, hba->io_port + HERON_REG_ISR);
	return IRQ_HANDLED;
}

/* The HB-1 raises a stray interrupt while it resets: mask INTx meanwhile. */
static void heron_reset_hba(struct heron_hba *hba)
{
	pci_intx(hba->pdev, 0);
	outb(1, hba->io_port + HERON_REG_RESET);
	msleep(50);
	outb(0, hba->io_port + HERON_REG_RESET);
	pci_intx(hba->pdev, 1);
}

static int heron_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct heron_hba *hba;
	int err;

	err = pci_enable_device(pdev);
	if (err)
		return err;

	hba = kzalloc(sizeof(*hba), GFP_KERNEL);
	if (!hba) {
		err = -ENOMEM;
		goto out_disable;
	}

	hba->pdev = pdev;
	hba->io_port = pci_resource_start(pdev, 0);
	pci_set_drvdata(pdev, hba);
	heron_reset_hba(hba);

	err = request_irq(pdev->irq, heron_intr, IRQF_SHARED, "heron", hba);
	if (err)
		goto out_free;

	return 0;

out_free:
	kfree(hba);
out_disable:
	pci_disable_device(pdev);
	return err;
}

static void heron_remove(struct pci_dev *pdev)
{
	struct heron_hba *hba = pci_get_drvdata(pdev);

	free_irq(pdev->irq, hba);
	kfree(hba);
	pci_disable_device(pdev);
}

static const struct pci_device_id heron_pci_tbl[] = {
	{ PCI_DEVICE(PCI_VENDOR_ID_HERON, 0x0001) },
	{ }
};
MODULE_DEVICE_TABLE(pci, heron_pci_tbl);

static struct pci_driver heron_pci_driver = {
	.name		= "heron",
	.id_table	= heron_pci_tbl,
	.probe		= heron_probe,
	.remove		= heron_remove,
};
module_pci_driver(heron_pci_driver);

MODULE_AUTHOR("Dora Heron <dora.heron@example.org>");
MODULE_DESCRIPTION("Heron HB-1 SCSI host adapter driver");
MODULE_LICENSE("GPL");
