// SPDX-License-Identifier: GPL-2.0
/*
 * PCI Message Signaled Interrupt (MSI), the core part.
 *
 * Written for the kcodemod examples in the shape of Linux v6.12: when
 * MSI is switched on, INTx is switched off, and the other way round.
 * Managed devices release their vectors through pcim_msi_release(), a
 * devres action, which reaches pci_intx() on the way.
 */

#include <linux/device.h>
#include <linux/pci.h>
#include "msi.h"

static void pcim_msi_release(void *pcidev)
{
	struct pci_dev *dev = pcidev;

	dev->is_msi_managed = false;
	pci_free_irq_vectors(dev);
}

/*
 * Only devices enabled with pcim_enable_device() get the devres action,
 * and only once.
 */
static int pcim_setup_msi_release(struct pci_dev *dev)
{
	int ret;

	if (!pci_is_managed(dev) || dev->is_msi_managed)
		return 0;

	ret = devm_add_action(&dev->dev, pcim_msi_release, dev);
	if (ret)
		return ret;

	dev->is_msi_managed = true;
	return 0;
}

int pci_setup_msi_context(struct pci_dev *dev)
{
	return pcim_setup_msi_release(dev);
}

static void pci_intx_for_msi(struct pci_dev *dev, int enable)
{
	if (!(dev->dev_flags & PCI_DEV_FLAGS_MSI_INTX_DISABLE_BUG))
		pci_intx(dev, enable);
}

static void pci_msi_set_enable(struct pci_dev *dev, int enable)
{
	dev->msi_enabled = !!enable;
}

int __pci_enable_msi_range(struct pci_dev *dev, int minvec, int maxvec)
{
	int ret;

	if (maxvec < minvec)
		return -ERANGE;

	ret = pci_setup_msi_context(dev);
	if (ret)
		return ret;

	pci_msi_set_enable(dev, 1);
	pci_intx_for_msi(dev, 0);

	return maxvec;
}

void pci_msi_shutdown(struct pci_dev *dev)
{
	if (!dev->msi_enabled)
		return;

	pci_msi_set_enable(dev, 0);
	pci_intx_for_msi(dev, 1);
}
