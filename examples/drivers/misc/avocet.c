// SPDX-License-Identifier: GPL-2.0
/*
 * avocet.c - Avocet AV-2 dual-function PCI card
 *
 * Example driver for kcodemod: one module, two PCI drivers, one per
 * function of the card. The control function's driver enables its device
 * with pcim_enable_device(), the I/O function's with pci_enable_device().
 * Both request and release their regions on a device called pdev, so the
 * driver whose callbacks reach a call decides it.
 */

#include <linux/io.h>
#include <linux/module.h>
#include <linux/pci.h>

#define PCI_VENDOR_ID_AVOCET	0x1f33

#define AVOCET_CTL_REG_MODE	0x00
#define AVOCET_IO_REG_DATA	0x00

static int avocet_ctl_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	int ret;

	ret = pcim_enable_device(pdev);
	if (ret)
		return ret;

	ret = pci_request_region(pdev, 0, "avocet-ctl");
	if (ret)
		return ret;

	outl(0, pci_resource_start(pdev, 0) + AVOCET_CTL_REG_MODE);
	return 0;
}

static void avocet_ctl_remove(struct pci_dev *pdev)
{
	outl(0, pci_resource_start(pdev, 0) + AVOCET_CTL_REG_MODE);
	pci_release_region(pdev, 0);
}

static int avocet_io_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	int ret;

	ret = pci_enable_device(pdev);
	if (ret)
		return ret;

	ret = pci_request_regions(pdev, "avocet-io");
	if (ret) {
		pci_disable_device(pdev);
		return ret;
	}

	outb(0, pci_resource_start(pdev, 0) + AVOCET_IO_REG_DATA);
	return 0;
}

static void avocet_io_remove(struct pci_dev *pdev)
{
	pci_release_regions(pdev);
	pci_disable_device(pdev);
}

static const struct pci_device_id avocet_ctl_ids[] = {
	{ PCI_DEVICE(PCI_VENDOR_ID_AVOCET, 0x0101) },
	{ }
};
MODULE_DEVICE_TABLE(pci, avocet_ctl_ids);

static const struct pci_device_id avocet_io_ids[] = {
	{ PCI_DEVICE(PCI_VENDOR_ID_AVOCET, 0x0102) },
	{ }
};
MODULE_DEVICE_TABLE(pci, avocet_io_ids);

static struct pci_driver avocet_ctl_driver = {
	.name		= "avocet_ctl",
	.id_table	= avocet_ctl_ids,
	.probe		= avocet_ctl_probe,
	.remove		= avocet_ctl_remove,
};

static struct pci_driver avocet_io_driver = {
	.name		= "avocet_io",
	.id_table	= avocet_io_ids,
	.probe		= avocet_io_probe,
	.remove		= avocet_io_remove,
};

static int __init avocet_init(void)
{
	int ret;

	ret = pci_register_driver(&avocet_ctl_driver);
	if (ret)
		return ret;

	ret = pci_register_driver(&avocet_io_driver);
	if (ret)
		pci_unregister_driver(&avocet_ctl_driver);
	return ret;
}
module_init(avocet_init);

static void __exit avocet_exit(void)
{
	pci_unregister_driver(&avocet_io_driver);
	pci_unregister_driver(&avocet_ctl_driver);
}
module_exit(avocet_exit);

MODULE_AUTHOR("Ada Avocet <ada.avocet@example.org>");
MODULE_DESCRIPTION("Avocet AV-2 dual-function card driver");
MODULE_LICENSE("GPL");
