// SPDX-License-Identifier: GPL-2.0
/*
 * heron_pci.c - Heron HX-2 PCI counter card
 *
 * Example driver for the pci-regions tests: enabled with
 * pcim_enable_device(), it requests its regions with the hybrid
 * pci_request_regions() and releases them on probe's error path and
 * in .remove.
 */

#include <linux/io.h>
#include <linux/module.h>
#include <linux/pci.h>

struct heron {
	void __iomem *regs;
};

static int heron_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct heron *hx;
	int ret;

	ret = pcim_enable_device(pdev);
	if (ret)
		return ret;

	ret = pci_request_regions(pdev, "heron");
	if (ret)
		return ret;

	hx = devm_kzalloc(&pdev->dev, sizeof(*hx), GFP_KERNEL);
	if (!hx) {
		ret = -ENOMEM;
		goto err_release;
	}

	hx->regs = pci_iomap(pdev, 0, 0);
	if (!hx->regs) {
		ret = -EIO;
		goto err_release;
	}
	pci_set_drvdata(pdev, hx);
	return 0;

err_release:
	pci_release_regions(pdev);
	return ret;
}

static void heron_remove(struct pci_dev *pdev)
{
	struct heron *hx = pci_get_drvdata(pdev);

	pci_iounmap(pdev, hx->regs);
	pci_release_regions(pdev);
}

static const struct pci_device_id heron_ids[] = {
	{ PCI_DEVICE(0x1f21, 0x0002) },
	{ }
};
MODULE_DEVICE_TABLE(pci, heron_ids);

static struct pci_driver heron_driver = {
	.name		= "heron",
	.id_table	= heron_ids,
	.probe		= heron_probe,
	.remove		= heron_remove,
};
module_pci_driver(heron_driver);

MODULE_DESCRIPTION("Heron HX-2 counter driver");
MODULE_LICENSE("GPL");
