// SPDX-License-Identifier: GPL-2.0
/*
 * curlew.c - Curlew CW-8 PCI SCSI host adapter
 *
 * Example driver for kcodemod: enabled with pcim_enable_device(). A reset
 * work item gives BAR 2 back and requests it again while the device stays
 * bound: devres would not release it there, so that release needs a
 * person.
 */

#include <linux/module.h>
#include <linux/pci.h>
#include <linux/workqueue.h>

struct curlew_hba {
	struct pci_dev *pdev;
	struct work_struct reset_work;
};

static void curlew_reset_work(struct work_struct *work)
{
	struct curlew_hba *hba = container_of(work, struct curlew_hba, reset_work);

	pci_release_region(hba->pdev, 2);
	if (pci_request_region(hba->pdev, 2, "curlew-fw"))
		dev_err(&hba->pdev->dev, "cannot reclaim the firmware window\n");
}

static int curlew_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct curlew_hba *hba;
	int ret;

	ret = pcim_enable_device(pdev);
	if (ret)
		return ret;

	ret = pci_request_region(pdev, 2, "curlew-fw");
	if (ret)
		return ret;

	hba = devm_kzalloc(&pdev->dev, sizeof(*hba), GFP_KERNEL);
	if (!hba)
		return -ENOMEM;
	hba->pdev = pdev;
	INIT_WORK(&hba->reset_work, curlew_reset_work);
	pci_set_drvdata(pdev, hba);
	return 0;
}

static void curlew_remove(struct pci_dev *pdev)
{
	struct curlew_hba *hba = pci_get_drvdata(pdev);

	cancel_work_sync(&hba->reset_work);
}

static const struct pci_device_id curlew_ids[] = {
	{ PCI_DEVICE(0x1f35, 0x0008) },
	{ }
};
MODULE_DEVICE_TABLE(pci, curlew_ids);

static struct pci_driver curlew_driver = {
	.name		= "curlew",
	.id_table	= curlew_ids,
	.probe		= curlew_probe,
	.remove		= curlew_remove,
};
module_pci_driver(curlew_driver);

MODULE_AUTHOR("Cora Brink <cora.brink@example.org>");
MODULE_DESCRIPTION("Curlew CW-8 SCSI host adapter driver");
MODULE_LICENSE("GPL");
