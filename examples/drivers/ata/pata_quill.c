// SPDX-License-Identifier: GPL-2.0
/*
 * pata_quill.c - Quill Systems QS-100 PATA controller
 *
 * Example driver for kcodemod: the device is enabled with
 * pcim_enable_device() and INTx is switched in the same file.
 */

#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/module.h>
#include <linux/pci.h>

#define DRV_NAME		"pata_quill"

#define PCI_VENDOR_ID_QUILL	0x1f0a

#define QUILL_REG_STATUS	0x00
#define  QUILL_STATUS_IRQ	0x04
#define QUILL_REG_CTRL		0x02
#define  QUILL_CTRL_IRQ_EN	0x01

#define QUILL_MAX_SPURIOUS	1000

struct quill_host {
	struct pci_dev *pdev;
	unsigned long iobase;
	unsigned int spurious;
};

static irqreturn_t quill_interrupt(int irq, void *dev_instance)
{
	struct quill_host *host = dev_instance;
	u8 status;

	status = inb(host->iobase + QUILL_REG_STATUS);
	if (!(status & QUILL_STATUS_IRQ)) {
		/* A stuck line: mask INTx at the device until the next probe. */
		if (++host->spurious > QUILL_MAX_SPURIOUS)
			pci_intx(host->pdev, 0);
		return IRQ_NONE;
	}

	outb(status, host->iobase + QUILL_REG_STATUS);
	return IRQ_HANDLED;
}

static int quill_setup_irq(struct quill_host *host)
{
	struct pci_dev *pdev = host->pdev;
	int rc;

	/* The QS-100 comes out of reset with INTx disabled. */
	pci_intx(pdev, 1);

	rc = devm_request_irq(&pdev->dev, pdev->irq, quill_interrupt,
			      IRQF_SHARED, DRV_NAME, host);
	if (rc)
		return rc;

	outb(QUILL_CTRL_IRQ_EN, host->iobase + QUILL_REG_CTRL);
	return 0;
}

static int quill_init_one(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct quill_host *host;
	int rc;

	rc = pcim_enable_device(pdev);
	if (rc)
		return rc;

	host = devm_kzalloc(&pdev->dev, sizeof(*host), GFP_KERNEL);
	if (!host)
		return -ENOMEM;

	host->pdev = pdev;
	host->iobase = pci_resource_start(pdev, 4);
	pci_set_master(pdev);
	pci_set_drvdata(pdev, host);

	return quill_setup_irq(host);
}

static void quill_remove_one(struct pci_dev *pdev)
{
	struct quill_host *host = pci_get_drvdata(pdev);

	outb(0, host->iobase + QUILL_REG_CTRL);
}

static const struct pci_device_id quill_pci_tbl[] = {
	{ PCI_DEVICE(PCI_VENDOR_ID_QUILL, 0x0100) },
	{ }	/* terminate list */
};
MODULE_DEVICE_TABLE(pci, quill_pci_tbl);

static struct pci_driver quill_pci_driver = {
	.name		= DRV_NAME,
	.id_table	= quill_pci_tbl,
	.probe		= quill_init_one,
	.remove		= quill_remove_one,
};
module_pci_driver(quill_pci_driver);

MODULE_AUTHOR("Ada Quill <ada.quill@example.org>");
MODULE_DESCRIPTION("low-level driver for Quill QS-100 PATA controllers");
MODULE_LICENSE("GPL");
