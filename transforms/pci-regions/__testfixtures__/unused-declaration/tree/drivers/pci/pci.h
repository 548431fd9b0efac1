/* SPDX-License-Identifier: GPL-2.0 */
/* Private PCI core declarations, for the pci-regions tests. */
int pcim_request_region_exclusive(struct pci_dev *pdev, int bar,
				  const char *name);
void pcim_release_region(struct pci_dev *pdev, int bar);
