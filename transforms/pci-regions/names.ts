// The names this migration is about: the hybrid region functions, what each becomes in a managed
// driver, and the core files that hold them.

/** Hybrid requests: managed when the device was enabled with pcim_enable_device(). */
export const REQUESTS = [
  'pci_request_region',
  'pci_request_regions',
  'pci_request_regions_exclusive',
  'pci_request_selected_regions',
  'pci_request_selected_regions_exclusive',
  'pci_request_io_regions',
  'pci_request_mem_regions',
] as const;

/** Hybrid releases: they release through devres when the device is managed. */
export const RELEASES = ['pci_release_region', 'pci_release_regions', 'pci_release_selected_regions', 'pci_release_io_regions', 'pci_release_mem_regions'] as const;

export const HYBRID_FUNCTIONS: readonly string[] = [...REQUESTS, ...RELEASES];

export type RegionFunction = (typeof REQUESTS)[number] | (typeof RELEASES)[number];

export function isRequest(name: string): boolean {
  return (REQUESTS as readonly string[]).includes(name);
}

export function isRelease(name: string): boolean {
  return (RELEASES as readonly string[]).includes(name);
}

/**
 * The always-managed function a request becomes, when one does the same job with the same
 * arguments. Whether the tree offers it (defined, exported, declared for drivers) is read from
 * the tree; a request without an entry has no counterpart at all.
 */
export const MANAGED_COUNTERPART: Partial<Record<string, string>> = {
  pci_request_region: 'pcim_request_region',
  pci_request_regions: 'pcim_request_all_regions',
};

/** The managed release of one region: what the core's hybrid branch calls. */
export const MANAGED_RELEASE = 'pcim_release_region';

/** The core's functions that carry the pci_is_managed() branches. */
export const BRANCHING = {
  request: '__pci_request_region',
  release: 'pci_release_region',
} as const;

export const MANAGED_TEST = 'pci_is_managed';

export const CORE = {
  dir: 'drivers/pci/',
  pciC: 'drivers/pci/pci.c',
  devresC: 'drivers/pci/devres.c',
  privateHeader: 'drivers/pci/pci.h',
  publicHeader: 'include/linux/pci.h',
} as const;
