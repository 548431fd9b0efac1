/* SPDX-License-Identifier: GPL-2.0 */
/*
 *	pci.h
 *
 *	PCI defines and function prototypes, cut down to what the
 *	kcodemod example drivers use.
 */
#ifndef LINUX_PCI_H
#define LINUX_PCI_H

#include <linux/atomic.h>
#include <linux/device.h>
#include <linux/interrupt.h>
#include <linux/mod_devicetable.h>
#include <linux/types.h>

#define PCI_COMMAND		0x04	/* 16 bits */
#define  PCI_COMMAND_IO		0x1	/* Enable response in I/O space */
#define  PCI_COMMAND_MEMORY	0x2	/* Enable response in Memory space */
#define  PCI_COMMAND_MASTER	0x4	/* Enable bus mastering */
#define  PCI_COMMAND_INTX_DISABLE 0x400 /* INTx Emulation Disable */

#define PCI_ANY_ID (~0)

#define DEVICE_COUNT_RESOURCE	7

#define PCI_DEVICE(vend, dev) \
	.vendor = (vend), .device = (dev), \
	.subvendor = PCI_ANY_ID, .subdevice = PCI_ANY_ID

#define PCI_DEVFN(slot, func)	((((slot) & 0x1f) << 3) | ((func) & 0x07))
#define PCI_SLOT(devfn)		(((devfn) >> 3) & 0x1f)

/* The device's MSI implementation does not disable INTx by itself */
#define PCI_DEV_FLAGS_MSI_INTX_DISABLE_BUG	(1 << 0)

#define PCI_IRQ_INTX		(1 << 0) /* Allow INTx interrupts */
#define PCI_IRQ_MSI		(1 << 1) /* Allow MSI interrupts */

struct pci_bus;

/* The pci_dev structure describes PCI devices */
struct pci_dev {
	struct pci_bus	*bus;		/* Bus this device is on */
	unsigned int	devfn;		/* Encoded device & function index */
	unsigned short	vendor;
	unsigned short	device;
	struct device	dev;		/* Generic device interface */
	unsigned int	irq;
	unsigned int	dev_flags;
	struct resource	resource[DEVICE_COUNT_RESOURCE]; /* I/O and memory regions */
	atomic_t	enable_cnt;	/* pci_enable_device has been called */

	unsigned int	msi_enabled:1;
	unsigned int	is_busmaster:1;	/* Is busmaster */
	unsigned int	is_managed:1;	/* Managed via devres */
	unsigned int	is_msi_managed:1; /* MSI release via devres installed */
	unsigned int	pinned:1;	/* Whether this dev is pinned */
	unsigned int	broken_intx_masking:1; /* INTx masking can't be used */
};

#define	to_pci_dev(n) container_of(n, struct pci_dev, dev)

#define pci_resource_start(dev, bar)	((dev)->resource[(bar)].start)

struct pci_driver {
	const char		*name;
	const struct pci_device_id *id_table;
	int  (*probe)(struct pci_dev *dev, const struct pci_device_id *id);
	void (*remove)(struct pci_dev *dev);
	void (*shutdown)(struct pci_dev *dev);
	struct device_driver	driver;
};

#ifdef CONFIG_PCI

int pci_read_config_word(const struct pci_dev *dev, int where, u16 *val);
int pci_write_config_word(const struct pci_dev *dev, int where, u16 val);

int __must_check pci_enable_device(struct pci_dev *dev);
int __must_check pci_enable_device_io(struct pci_dev *dev);
int __must_check pci_enable_device_mem(struct pci_dev *dev);
int __must_check pcim_enable_device(struct pci_dev *pdev);
void pcim_pin_device(struct pci_dev *pdev);

static inline bool pci_intx_mask_supported(struct pci_dev *pdev)
{
	/* INTx masking works unless a quirk marked it broken. */
	return !pdev->broken_intx_masking;
}

static inline int pci_is_enabled(struct pci_dev *pdev)
{
	return (atomic_read(&pdev->enable_cnt) > 0);
}

static inline int pci_is_managed(struct pci_dev *pdev)
{
	return pdev->is_managed;
}

void pci_disable_device(struct pci_dev *dev);

void pci_set_master(struct pci_dev *dev);
void pci_clear_master(struct pci_dev *dev);
void pci_intx(struct pci_dev *dev, int enable);
bool pci_check_and_mask_intx(struct pci_dev *dev);

int pci_alloc_irq_vectors(struct pci_dev *dev, unsigned int min_vecs,
			  unsigned int max_vecs, unsigned int flags);
void pci_free_irq_vectors(struct pci_dev *dev);
void pci_disable_msi(struct pci_dev *dev);

struct pci_dev *pci_get_slot(struct pci_bus *bus, unsigned int devfn);
void pci_dev_put(struct pci_dev *dev);

#define PCI_STD_NUM_BARS	6	/* Number of standard BARs */

#define pci_resource_len(dev, bar)	resource_size(&(dev)->resource[(bar)])
#define pci_resource_flags(dev, bar)	((dev)->resource[(bar)].flags)

int __must_check pci_request_regions(struct pci_dev *pdev, const char *name);
int __must_check pci_request_regions_exclusive(struct pci_dev *pdev,
					       const char *name);
void pci_release_regions(struct pci_dev *pdev);
int __must_check pci_request_region(struct pci_dev *pdev, int bar,
				    const char *name);
void pci_release_region(struct pci_dev *pdev, int bar);
int pci_request_selected_regions(struct pci_dev *pdev, int bars,
				 const char *name);
int pci_request_selected_regions_exclusive(struct pci_dev *pdev, int bars,
					   const char *name);
void pci_release_selected_regions(struct pci_dev *pdev, int bars);

int __pci_register_driver(struct pci_driver *drv, struct module *owner,
			  const char *mod_name);
void pci_unregister_driver(struct pci_driver *dev);

#define pci_register_driver(driver)		\
	__pci_register_driver(driver, THIS_MODULE, KBUILD_MODNAME)

/*
 * module_pci_driver() - Helper macro for registering a PCI driver
 * @__pci_driver: pci_driver struct
 */
#define module_pci_driver(__pci_driver) \
	module_driver(__pci_driver, pci_register_driver, pci_unregister_driver)

#else /* CONFIG_PCI is not enabled */

static inline int pci_enable_device(struct pci_dev *dev) { return -EIO; }
static inline void pci_disable_device(struct pci_dev *dev) { }
static inline int pcim_enable_device(struct pci_dev *pdev) { return -EIO; }
static inline void pci_set_master(struct pci_dev *dev) { }

#endif /* CONFIG_PCI */

int pcim_request_all_regions(struct pci_dev *pdev, const char *name);
int pcim_request_region(struct pci_dev *pdev, int bar, const char *name);
void *pcim_iomap(struct pci_dev *pdev, int bar, unsigned long maxlen);

static inline void *pci_get_drvdata(struct pci_dev *pdev)
{
	return dev_get_drvdata(&pdev->dev);
}

static inline void pci_set_drvdata(struct pci_dev *pdev, void *data)
{
	dev_set_drvdata(&pdev->dev, data);
}

static inline const char *pci_name(const struct pci_dev *pdev)
{
	return dev_name(&pdev->dev);
}

#define pci_err(pdev, fmt, ...)	dev_err(&(pdev)->dev, fmt, ##__VA_ARGS__)
#define pci_info(pdev, fmt, ...)	dev_info(&(pdev)->dev, fmt, ##__VA_ARGS__)

#endif /* LINUX_PCI_H */
