// The names this migration is about: the functions and the core files that hold them.

export const FN = {
  intx: 'pci_intx',
  pcimIntx: 'pcim_intx',
  unmanaged: 'pci_intx_unmanaged',
  privateCopy: '__pcim_intx',
} as const;

/** pcim_enable_device() sets the device's is_managed flag; nothing clears it. */
export const MANAGED_ENABLE = ['pcim_enable_device'];
export const UNMANAGED_ENABLE = ['pci_enable_device', 'pci_enable_device_mem', 'pci_enable_device_io'];

export const CORE = {
  dir: 'drivers/pci/',
  msiDir: 'drivers/pci/msi/',
  pciC: 'drivers/pci/pci.c',
  devresC: 'drivers/pci/devres.c',
  privateHeader: 'drivers/pci/pci.h',
  publicHeader: 'include/linux/pci.h',
} as const;
