// SPDX-License-Identifier: GPL-2.0
/*
 * Managed (devres) PCI functions, written for the kcodemod examples in
 * the shape of Linux v6.12: pcim_enable_device() marks a device managed,
 * and pcim_intx() restores the INTx state when the driver detaches.
 */

#include <linux/device.h>
#include <linux/export.h>
#include <linux/pci.h>
#include "pci.h"

struct pcim_intx_devres {
	int orig_intx;
};

/*
 * A second copy of pci_intx() that never takes the devres path. pci_intx()
 * calls pcim_intx() for managed devices, so using it from here would make
 * the two functions call each other.
 */
static void __pcim_intx(struct pci_dev *pdev, int enable)
{
	u16 pci_command, new;

	pci_read_config_word(pdev, PCI_COMMAND, &pci_command);

	if (enable)
		new = pci_command & ~PCI_COMMAND_INTX_DISABLE;
	else
		new = pci_command | PCI_COMMAND_INTX_DISABLE;

	if (new != pci_command)
		pci_write_config_word(pdev, PCI_COMMAND, new);
}

static void pcim_intx_restore(struct device *dev, void *data)
{
	struct pci_dev *pdev = to_pci_dev(dev);
	struct pcim_intx_devres *res = data;

	__pcim_intx(pdev, res->orig_intx);
}

static struct pcim_intx_devres *get_or_create_intx_devres(struct device *dev)
{
	struct pcim_intx_devres *res;

	res = devres_find(dev, pcim_intx_restore, NULL, NULL);
	if (res)
		return res;

	res = devres_alloc(pcim_intx_restore, sizeof(*res), GFP_KERNEL);
	if (res)
		devres_add(dev, res);

	return res;
}

/**
 * pcim_intx - managed pci_intx()
 * @pdev: the PCI device to operate on
 * @enable: boolean: whether to enable or disable PCI INTx
 *
 * Returns: 0 on success, -ENOMEM on error.
 *
 * Enable/disable PCI INTx for device @pdev.
 * Restore the original state on driver detach.
 */
int pcim_intx(struct pci_dev *pdev, int enable)
{
	struct pcim_intx_devres *res;

	res = get_or_create_intx_devres(&pdev->dev);
	if (!res)
		return -ENOMEM;

	res->orig_intx = !enable;
	__pcim_intx(pdev, enable);

	return 0;
}

static void pcim_disable_device(void *pdev_raw)
{
	struct pci_dev *pdev = pdev_raw;

	if (!pdev->pinned)
		pci_disable_device(pdev);

	pdev->is_managed = false;
}

/**
 * pcim_enable_device - Managed pci_enable_device()
 * @pdev: PCI device to be initialized
 *
 * Returns: 0 on success, negative error code on failure.
 *
 * The device is disabled automatically on driver detach.
 */
int pcim_enable_device(struct pci_dev *pdev)
{
	int ret;

	ret = devm_add_action(&pdev->dev, pcim_disable_device, pdev);
	if (ret != 0)
		return ret;

	ret = pci_enable_device(pdev);
	if (ret != 0) {
		devm_remove_action(&pdev->dev, pcim_disable_device, pdev);
		return ret;
	}

	pdev->is_managed = true;

	return ret;
}
EXPORT_SYMBOL(pcim_enable_device);

/**
 * pcim_pin_device - Pin managed PCI device
 * @pdev: PCI device to pin
 *
 * Pin managed PCI device @pdev. Pinned device won't be disabled on driver
 * detach. @pdev must have been enabled with pcim_enable_device().
 */
void pcim_pin_device(struct pci_dev *pdev)
{
	pdev->pinned = true;
}
EXPORT_SYMBOL(pcim_pin_device);

/* A region requested through devres: released again on driver detach. */
struct pcim_region_devres {
	int bar;
};

static void pcim_region_release(struct device *dev, void *data)
{
	struct pci_dev *pdev = to_pci_dev(dev);
	struct pcim_region_devres *res = data;

	if (pci_resource_flags(pdev, res->bar) & IORESOURCE_IO)
		release_region(pci_resource_start(pdev, res->bar),
			       pci_resource_len(pdev, res->bar));
	else
		release_mem_region(pci_resource_start(pdev, res->bar),
				   pci_resource_len(pdev, res->bar));
}

static int pcim_region_match(struct device *dev, void *data, void *match_data)
{
	struct pcim_region_devres *res = data;
	int *bar = match_data;

	return res->bar == *bar;
}

static int _pcim_request_region(struct pci_dev *pdev, int bar,
				const char *name, int exclusive)
{
	resource_size_t start = pci_resource_start(pdev, bar);
	resource_size_t len = pci_resource_len(pdev, bar);
	struct pcim_region_devres *res;
	bool reserved;

	if (!pci_bar_index_is_valid(bar))
		return -EINVAL;
	if (len == 0)
		return 0;

	res = devres_alloc(pcim_region_release, sizeof(*res), GFP_KERNEL);
	if (!res)
		return -ENOMEM;
	res->bar = bar;

	if (pci_resource_flags(pdev, bar) & IORESOURCE_IO)
		reserved = request_region(start, len, name);
	else
		reserved = __request_mem_region(start, len, name, exclusive);
	if (!reserved) {
		devres_free(res);
		return -EBUSY;
	}

	devres_add(&pdev->dev, res);
	return 0;
}

/**
 * pcim_request_region - Request a PCI BAR
 * @pdev: PCI device to request the region for
 * @bar: Index of BAR to request
 * @name: Name associated with the request
 *
 * Returns: 0 on success, a negative error code on failure.
 *
 * The region will automatically be released on driver detach. If desired,
 * release manually only with pcim_release_region().
 */
int pcim_request_region(struct pci_dev *pdev, int bar, const char *name)
{
	return _pcim_request_region(pdev, bar, name, 0);
}
EXPORT_SYMBOL(pcim_request_region);

/**
 * pcim_request_region_exclusive - Request a PCI BAR exclusively
 * @pdev: PCI device to request the region for
 * @bar: Index of BAR to request
 * @name: Name associated with the request
 *
 * Returns: 0 on success, a negative error code on failure.
 *
 * The region will automatically be released on driver detach. If desired,
 * release manually only with pcim_release_region().
 */
int pcim_request_region_exclusive(struct pci_dev *pdev, int bar, const char *name)
{
	return _pcim_request_region(pdev, bar, name, IORESOURCE_EXCLUSIVE);
}

/**
 * pcim_release_region - Release a PCI BAR
 * @pdev: PCI device to operate on
 * @bar: Index of BAR to release
 *
 * Release a region manually that was previously requested by
 * pcim_request_region().
 */
void pcim_release_region(struct pci_dev *pdev, int bar)
{
	devres_release(&pdev->dev, pcim_region_release, pcim_region_match, &bar);
}

/*
 * Release all regions previously requested through pcim_request_region()
 * or pcim_request_all_regions().
 */
static void pcim_release_all_regions(struct pci_dev *pdev)
{
	int bar;

	for (bar = 0; bar < PCI_STD_NUM_BARS; bar++)
		pcim_release_region(pdev, bar);
}

/**
 * pcim_request_all_regions - Request all regions
 * @pdev: PCI device to request the regions for
 * @name: name associated with the request
 *
 * Returns: 0 on success, negative error code on failure.
 *
 * Requested regions will automatically be released at driver detach. If
 * desired, release individual regions with pcim_release_region().
 */
int pcim_request_all_regions(struct pci_dev *pdev, const char *name)
{
	int ret;
	int bar;

	for (bar = 0; bar < PCI_STD_NUM_BARS; bar++) {
		ret = pcim_request_region(pdev, bar, name);
		if (ret != 0)
			goto err;
	}

	return 0;

err:
	pcim_release_all_regions(pdev);

	return ret;
}
EXPORT_SYMBOL(pcim_request_all_regions);
