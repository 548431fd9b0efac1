// SPDX-License-Identifier: GPL-2.0
/*
 * gannet.c - Gannet GN-4 PCI network card
 *
 * Example driver for the pci-regions tests: enabled with
 * pcim_enable_device(). The file has no newline at its end.
 */

#include <linux/module.h>
#include <linux/pci.h>
#include <linux/workqueue.h>

struct gannet {
	struct pci_dev *pdev;
	struct work_struct reset_work;
};

static void gannet_reset_work(struct work_struct *work)
{
	struct gannet *gn = container_of(work, struct gannet, reset_work);

	dev_info(&gn->pdev->dev, "reset\n");
}

static int gannet_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct gannet *gn;
	int ret;

	ret = pcim_enable_device(pdev);
	if (ret)
		return ret;

	ret = pci_request_regions(pdev, "gannet");
	if (ret)
		return ret;

	gn = devm_kzalloc(&pdev->dev, sizeof(*gn), GFP_KERNEL);
	if (!gn)
		return -ENOMEM;
	gn->pdev = pdev;
	INIT_WORK(&gn->reset_work, gannet_reset_work);
	schedule_work(&gn->reset_work);
	return 0;
}

static const struct pci_device_id gannet_ids[] = {
	{ PCI_DEVICE(0x1f21, 0x0005) },
	{ }
};
MODULE_DEVICE_TABLE(pci, gannet_ids);

static struct pci_driver gannet_driver = {
	.name		= "gannet",
	.id_table	= gannet_ids,
	.probe		= gannet_probe,
};
module_pci_driver(gannet_driver);

MODULE_DESCRIPTION("Gannet GN-4 network driver");
MODULE_LICENSE("GPL");