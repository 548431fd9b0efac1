// SPDX-License-Identifier: GPL-2.0
/*
 * parport_lark.c - Lark LP-2 PCI parallel port card
 *
 * Copyright (C) 1998-2001 José Alañón <jose.alanon@example.org>
 * © 1999 Lark Électronique S.A.
 *
 * Example driver for kcodemod: this file is Latin-1, as some old kernel
 * sources still are; a rewrite must leave every other byte alone. It
 * enables the card with pci_enable_device().
 */

#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/module.h>
#include <linux/parport.h>
#include <linux/pci.h>

#define PCI_VENDOR_ID_LARK	0x1f17

#define LARK_REG_ECR		0x402

struct lark_card {
	struct pci_dev *pdev;
	struct parport *port;
	unsigned long io;
};

static irqreturn_t lark_interrupt(int irq, void *dev_id)
{
	struct lark_card *card = dev_id;

	parport_generic_irq(card->port);
	return IRQ_HANDLED;
}

static int lark_setup_irq(struct lark_card *card)
{
	struct pci_dev *pdev = card->pdev;

	/* réveil de la ligne INTx */
	pci_intx(pdev, 1);
	return request_irq(pdev->irq, lark_interrupt, IRQF_SHARED,
			   "parport_lark", card);
}

static int lark_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct lark_card *card;
	int err;

	err = pci_enable_device(pdev);
	if (err)
		return err;

	card = devm_kzalloc(&pdev->dev, sizeof(*card), GFP_KERNEL);
	if (!card) {
		err = -ENOMEM;
		goto out_disable;
	}

	card->pdev = pdev;
	card->io = pci_resource_start(pdev, 0);
	card->port = parport_pc_probe_port(card->io, card->io + LARK_REG_ECR,
					   PARPORT_IRQ_NONE, PARPORT_DMA_NONE,
					   &pdev->dev, 0);
	if (!card->port) {
		err = -ENODEV;
		goto out_disable;
	}

	pci_set_drvdata(pdev, card);
	err = lark_setup_irq(card);
	if (err)
		goto out_remove;

	return 0;

out_remove:
	parport_pc_unregister_port(card->port);
out_disable:
	pci_disable_device(pdev);
	return err;
}

static void lark_remove(struct pci_dev *pdev)
{
	struct lark_card *card = pci_get_drvdata(pdev);

	free_irq(pdev->irq, card);
	parport_pc_unregister_port(card->port);
	pci_disable_device(pdev);
}

static const struct pci_device_id lark_pci_tbl[] = {
	{ PCI_DEVICE(PCI_VENDOR_ID_LARK, 0x0002) },
	{ }
};
MODULE_DEVICE_TABLE(pci, lark_pci_tbl);

static struct pci_driver lark_pci_driver = {
	.name		= "parport_lark",
	.id_table	= lark_pci_tbl,
	.probe		= lark_probe,
	.remove		= lark_remove,
};
module_pci_driver(lark_pci_driver);

MODULE_AUTHOR("José Alañón <jose.alanon@example.org>");
MODULE_DESCRIPTION("Lark LP-2 parallel port driver");
MODULE_LICENSE("GPL");
