// SPDX-License-Identifier: GPL-2.0
/*
 * plover.c - Plover PL-10 PCI network card
 *
 * Example driver for the pci-regions tests: enabled with
 * pcim_enable_device(); the release on probe's error path is the only
 * statement of an unbraced if. Every line ends in CR LF.
 */

#include <linux/module.h>
#include <linux/pci.h>

static int plover_setup(struct pci_dev *pdev)
{
	return pci_iomap(pdev, 0, 0) ? 0 : -EIO;
}

static int plover_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	int ret;

	ret = pcim_enable_device(pdev);
	if (ret)
		return ret;

	ret = pci_request_region(pdev, 0, "plover");
	if (ret)
		return ret;

	ret = plover_setup(pdev);
	if (ret)
		pci_release_region(pdev, 0);

	return ret;
}

static const struct pci_device_id plover_ids[] = {
	{ PCI_DEVICE(0x1f21, 0x0004) },
	{ }
};
MODULE_DEVICE_TABLE(pci, plover_ids);

static struct pci_driver plover_driver = {
	.name		= "plover",
	.id_table	= plover_ids,
	.probe		= plover_probe,
};
module_pci_driver(plover_driver);

MODULE_DESCRIPTION("Plover PL-10 network driver");
MODULE_LICENSE("GPL");
