// SPDX-License-Identifier: GPL-2.0
/*
 * linnet.c - Linnet LS-8 eight-port PCI serial card
 *
 * Example driver for kcodemod: LINNET_INTX() wraps pci_intx() in a
 * macro, so the call in the macro body stands for every place the
 * macro is used. linnet_remove() also calls pci_intx() directly.
 */

#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/serial_core.h>

#define PCI_VENDOR_ID_LINNET	0x1f12

#define LINNET_NR_PORTS		8
#define LINNET_REG_ISR		0x80

/* Older firmware needs INTx toggled around every port reset. */
#define LINNET_INTX(p, on)	pci_intx(p, on)

struct linnet_card {
	struct pci_dev *pdev;
	unsigned long iobase;
	struct uart_port ports[LINNET_NR_PORTS];
};

static irqreturn_t linnet_interrupt(int irq, void *dev_id)
{
	struct linnet_card *card = dev_id;
	u8 isr = inb(card->iobase + LINNET_REG_ISR);

	if (!isr)
		return IRQ_NONE;

	outb(isr, card->iobase + LINNET_REG_ISR);
	return IRQ_HANDLED;
}

static void linnet_reset_port(struct linnet_card *card, int line)
{
	LINNET_INTX(card->pdev, 0);
	outb(0, card->iobase + line * 8);
	LINNET_INTX(card->pdev, 1);
}

static int linnet_probe(struct pci_dev *pdev, const struct pci_device_id *ent)
{
	struct linnet_card *card;
	int rc, i;

	rc = pci_enable_device(pdev);
	if (rc)
		return rc;

	card = devm_kzalloc(&pdev->dev, sizeof(*card), GFP_KERNEL);
	if (!card) {
		rc = -ENOMEM;
		goto disable;
	}

	card->pdev = pdev;
	card->iobase = pci_resource_start(pdev, 0);
	for (i = 0; i < LINNET_NR_PORTS; i++)
		linnet_reset_port(card, i);

	pci_set_drvdata(pdev, card);
	rc = request_irq(pdev->irq, linnet_interrupt, IRQF_SHARED, "linnet", card);
	if (rc)
		goto disable;

	return 0;

disable:
	pci_disable_device(pdev);
	return rc;
}

static void linnet_remove(struct pci_dev *pdev)
{
	struct linnet_card *card = pci_get_drvdata(pdev);

	free_irq(pdev->irq, card);
	pci_intx(pdev, 0);
	pci_disable_device(pdev);
}

static const struct pci_device_id linnet_pci_tbl[] = {
	{ PCI_DEVICE(PCI_VENDOR_ID_LINNET, 0x0008) },
	{ }
};
MODULE_DEVICE_TABLE(pci, linnet_pci_tbl);

static struct pci_driver linnet_pci_driver = {
	.name		= "linnet",
	.id_table	= linnet_pci_tbl,
	.probe		= linnet_probe,
	.remove		= linnet_remove,
};
module_pci_driver(linnet_pci_driver);

MODULE_AUTHOR("Jon Linnet <jon.linnet@example.org>");
MODULE_DESCRIPTION("Linnet LS-8 serial card driver");
MODULE_LICENSE("GPL");
