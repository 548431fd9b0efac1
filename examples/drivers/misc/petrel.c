// SPDX-License-Identifier: GPL-2.0
/*
 * petrel.c - Petrel PE-2 dual-function PCI card
 *
 * Example driver for kcodemod: one module, two PCI drivers, one per
 * function of the card. The DMA engine's driver enables its device with
 * pcim_enable_device(), the legacy UART's with pci_enable_device(). Both
 * call their device pdev, so the device expression cannot tell them
 * apart: the driver whose callbacks reach a pci_intx() call decides it.
 */

#include <linux/io.h>
#include <linux/module.h>
#include <linux/pci.h>

#define PCI_VENDOR_ID_PETREL	0x1f1b

#define PETREL_DMA_REG_CTRL	0x00
#define PETREL_UART_REG_IER	0x01

static int petrel_dma_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	int ret;

	ret = pcim_enable_device(pdev);
	if (ret)
		return ret;

	outl(0, pci_resource_start(pdev, 0) + PETREL_DMA_REG_CTRL);
	pci_intx(pdev, 1);
	return 0;
}

static int petrel_uart_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	int ret;

	ret = pci_enable_device(pdev);
	if (ret)
		return ret;

	outb(0, pci_resource_start(pdev, 0) + PETREL_UART_REG_IER);
	return 0;
}

static void petrel_uart_remove(struct pci_dev *pdev)
{
	pci_intx(pdev, 0);
	pci_disable_device(pdev);
}

static const struct pci_device_id petrel_dma_ids[] = {
	{ PCI_DEVICE(PCI_VENDOR_ID_PETREL, 0x0201) },
	{ }
};
MODULE_DEVICE_TABLE(pci, petrel_dma_ids);

static const struct pci_device_id petrel_uart_ids[] = {
	{ PCI_DEVICE(PCI_VENDOR_ID_PETREL, 0x0202) },
	{ }
};
MODULE_DEVICE_TABLE(pci, petrel_uart_ids);

static struct pci_driver petrel_dma_driver = {
	.name		= "petrel_dma",
	.id_table	= petrel_dma_ids,
	.probe		= petrel_dma_probe,
};

static struct pci_driver petrel_uart_driver = {
	.name		= "petrel_uart",
	.id_table	= petrel_uart_ids,
	.probe		= petrel_uart_probe,
	.remove		= petrel_uart_remove,
};

static int __init petrel_init(void)
{
	int ret;

	ret = pci_register_driver(&petrel_dma_driver);
	if (ret)
		return ret;

	ret = pci_register_driver(&petrel_uart_driver);
	if (ret)
		pci_unregister_driver(&petrel_dma_driver);
	return ret;
}
module_init(petrel_init);

static void __exit petrel_exit(void)
{
	pci_unregister_driver(&petrel_uart_driver);
	pci_unregister_driver(&petrel_dma_driver);
}
module_exit(petrel_exit);

MODULE_AUTHOR("Ines Petrel <ines.petrel@example.org>");
MODULE_DESCRIPTION("Petrel PE-2 dual-function card driver");
MODULE_LICENSE("GPL");
