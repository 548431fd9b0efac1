// SPDX-License-Identifier: GPL-2.0
/*
 * gull.c - Gull GL-1 PCI counter card
 *
 * Example driver for kcodemod: enabled with pcim_enable_device(), it
 * requests its regions with the hybrid pci_request_regions() and releases
 * them by hand on probe's error path and in .remove, which devres does
 * already.
 */

#include <linux/io.h>
#include <linux/module.h>
#include <linux/pci.h>

#define GULL_REG_CTRL	0x00

struct gull {
	void __iomem *regs;
};

static int gull_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct gull *gl;
	int ret;

	ret = pcim_enable_device(pdev);
	if (ret)
		return ret;

	ret = pci_request_regions(pdev, "gull");
	if (ret)
		return ret;

	gl = devm_kzalloc(&pdev->dev, sizeof(*gl), GFP_KERNEL);
	if (!gl) {
		ret = -ENOMEM;
		goto err_release;
	}

	gl->regs = pcim_iomap(pdev, 0, 0);
	if (!gl->regs) {
		ret = -EIO;
		goto err_release;
	}
	writel(0, gl->regs + GULL_REG_CTRL);
	pci_set_drvdata(pdev, gl);
	return 0;

err_release:
	pci_release_regions(pdev);
	return ret;
}

static void gull_remove(struct pci_dev *pdev)
{
	struct gull *gl = pci_get_drvdata(pdev);

	writel(0, gl->regs + GULL_REG_CTRL);
	pci_release_regions(pdev);
}

static const struct pci_device_id gull_ids[] = {
	{ PCI_DEVICE(0x1f31, 0x0001) },
	{ }
};
MODULE_DEVICE_TABLE(pci, gull_ids);

static struct pci_driver gull_driver = {
	.name		= "gull",
	.id_table	= gull_ids,
	.probe		= gull_probe,
	.remove		= gull_remove,
};
module_pci_driver(gull_driver);

MODULE_AUTHOR("Gisela Gull <gisela.gull@example.org>");
MODULE_DESCRIPTION("Gull GL-1 counter card driver");
MODULE_LICENSE("GPL");
