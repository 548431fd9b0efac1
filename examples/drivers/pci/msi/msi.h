/* SPDX-License-Identifier: GPL-2.0 */

#include <linux/pci.h>
#include "../pci.h"

int __pci_enable_msi_range(struct pci_dev *dev, int minvec, int maxvec);
void pci_msi_shutdown(struct pci_dev *dev);
int pci_setup_msi_context(struct pci_dev *dev);
