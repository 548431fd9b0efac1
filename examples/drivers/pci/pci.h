/* SPDX-License-Identifier: GPL-2.0 */
#ifndef DRIVERS_PCI_H
#define DRIVERS_PCI_H

#include <linux/pci.h>

/* Functions internal to the PCI core code */

#define PCI_PM_D3COLD_WAIT	100	/* msec */

void pci_msi_init(struct pci_dev *dev);
void pci_msi_shutdown(struct pci_dev *dev);

int pcim_intx(struct pci_dev *dev, int enable);
int pcim_request_region_exclusive(struct pci_dev *pdev, int bar,
				  const char *name);
void pcim_release_region(struct pci_dev *pdev, int bar);

static inline bool pci_bar_index_is_valid(int bar)
{
	return bar >= 0 && bar < PCI_STD_NUM_BARS;
}

#endif /* DRIVERS_PCI_H */
