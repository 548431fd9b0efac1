// The names this migration is about: the functions and the core files that hold them.

export const FN = {
  intx: 'pci_intx',
  pcimIntx: 'pcim_intx',
  unmanaged: 'pci_intx_unmanaged',
  privateCopy: '__pcim_intx',
} as const;

/** How a driver enables its device: shared with the other PCI-devres migrations. */
export { MANAGED_ENABLE, UNMANAGED_ENABLE } from '../lib/pci-devres/index.js';

export const CORE = {
  dir: 'drivers/pci/',
  msiDir: 'drivers/pci/msi/',
  pciC: 'drivers/pci/pci.c',
  devresC: 'drivers/pci/devres.c',
  privateHeader: 'drivers/pci/pci.h',
  publicHeader: 'include/linux/pci.h',
} as const;
