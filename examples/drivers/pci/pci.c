// SPDX-License-Identifier: GPL-2.0
/*
 * PCI Bus Services, see include/linux/pci.h for further explanation.
 *
 * A short stand-in for the real file, written for the kcodemod examples:
 * the functions keep the interfaces and the INTx logic of Linux v6.12,
 * not the whole of their behaviour.
 */

#include <linux/export.h>
#include <linux/ioport.h>
#include <linux/pci.h>
#include "pci.h"

static int pci_enable_device_flags(struct pci_dev *dev, unsigned long flags)
{
	u16 cmd, new;

	if (atomic_inc_return(&dev->enable_cnt) > 1)
		return 0;		/* already enabled */

	pci_read_config_word(dev, PCI_COMMAND, &cmd);
	new = cmd;
	if (flags & IORESOURCE_IO)
		new |= PCI_COMMAND_IO;
	if (flags & IORESOURCE_MEM)
		new |= PCI_COMMAND_MEMORY;

	if (new != cmd)
		pci_write_config_word(dev, PCI_COMMAND, new);

	return 0;
}

/**
 * pci_enable_device_io - Initialize a device for use with IO space
 * @dev: PCI device to be initialized
 *
 * Initialize device before it's used by a driver. Ask low-level code
 * to enable I/O resources. Beware, this function can fail.
 */
int pci_enable_device_io(struct pci_dev *dev)
{
	return pci_enable_device_flags(dev, IORESOURCE_IO);
}
EXPORT_SYMBOL(pci_enable_device_io);

/**
 * pci_enable_device_mem - Initialize a device for use with Memory space
 * @dev: PCI device to be initialized
 *
 * Initialize device before it's used by a driver. Ask low-level code
 * to enable Memory resources. Beware, this function can fail.
 */
int pci_enable_device_mem(struct pci_dev *dev)
{
	return pci_enable_device_flags(dev, IORESOURCE_MEM);
}
EXPORT_SYMBOL(pci_enable_device_mem);

/**
 * pci_enable_device - Initialize device before it's used by a driver.
 * @dev: PCI device to be initialized
 *
 * Initialize device before it's used by a driver. Ask low-level code
 * to enable I/O and memory. Beware, this function can fail.
 *
 * Calling it again only increments the enable count.
 */
int pci_enable_device(struct pci_dev *dev)
{
	return pci_enable_device_flags(dev, IORESOURCE_MEM | IORESOURCE_IO);
}
EXPORT_SYMBOL(pci_enable_device);

/**
 * pci_disable_device - Disable PCI device after use
 * @dev: PCI device to be disabled
 *
 * Signal to the system that the PCI device is not in use by the system
 * anymore. This only involves disabling PCI bus-mastering, if active.
 */
void pci_disable_device(struct pci_dev *dev)
{
	if (atomic_dec_return(&dev->enable_cnt) != 0)
		return;

	pci_clear_master(dev);
}
EXPORT_SYMBOL(pci_disable_device);

static void __pci_set_master(struct pci_dev *dev, bool enable)
{
	u16 old_cmd, cmd;

	pci_read_config_word(dev, PCI_COMMAND, &old_cmd);
	if (enable)
		cmd = old_cmd | PCI_COMMAND_MASTER;
	else
		cmd = old_cmd & ~PCI_COMMAND_MASTER;

	if (cmd != old_cmd)
		pci_write_config_word(dev, PCI_COMMAND, cmd);

	dev->is_busmaster = enable;
}

/**
 * pci_set_master - enables bus-mastering for device dev
 * @dev: the PCI device to enable
 */
void pci_set_master(struct pci_dev *dev)
{
	__pci_set_master(dev, true);
}
EXPORT_SYMBOL(pci_set_master);

/**
 * pci_clear_master - disables bus-mastering for device dev
 * @dev: the PCI device to disable
 */
void pci_clear_master(struct pci_dev *dev)
{
	__pci_set_master(dev, false);
}
EXPORT_SYMBOL(pci_clear_master);

/**
 * pci_intx - enables/disables PCI INTx for device dev
 * @pdev: the PCI device to operate on
 * @enable: boolean: whether to enable or disable PCI INTx
 *
 * Enables/disables PCI INTx for device @pdev
 *
 * NOTE:
 * This is a "hybrid" function: it is unmanaged, unless the device was
 * enabled with pcim_enable_device(); then it becomes managed and the
 * original INTx state is restored on driver detach. This hybrid behavior
 * is DEPRECATED! If you want managed cleanup, use pcim_intx() instead.
 */
void pci_intx(struct pci_dev *pdev, int enable)
{
	u16 pci_command, new;

	pci_read_config_word(pdev, PCI_COMMAND, &pci_command);

	if (enable)
		new = pci_command & ~PCI_COMMAND_INTX_DISABLE;
	else
		new = pci_command | PCI_COMMAND_INTX_DISABLE;

	if (new != pci_command) {
		/* Keep the "hybrid" behavior for existing managed users */
		if (pci_is_managed(pdev)) {
			WARN_ON_ONCE(pcim_intx(pdev, enable) != 0);
			return;
		}

		pci_write_config_word(pdev, PCI_COMMAND, new);
	}
}
EXPORT_SYMBOL_GPL(pci_intx);

/**
 * pci_check_and_mask_intx - mask INTx on pending interrupt
 * @dev: the PCI device to operate on
 *
 * Returns: true if the device has a pending interrupt and INTx was
 * masked, false otherwise.
 */
bool pci_check_and_mask_intx(struct pci_dev *dev)
{
	u16 cmd;

	if (!pci_intx_mask_supported(dev))
		return false;

	pci_read_config_word(dev, PCI_COMMAND, &cmd);
	if (cmd & PCI_COMMAND_INTX_DISABLE)
		return false;

	pci_write_config_word(dev, PCI_COMMAND, cmd | PCI_COMMAND_INTX_DISABLE);
	return true;
}
EXPORT_SYMBOL_GPL(pci_check_and_mask_intx);
