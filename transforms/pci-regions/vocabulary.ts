// pci-regions' words, as the engine shows them: what a region call can be, the series' phases and
// the states of the PCI region core.
import type { Vocabulary } from '../../src/sdk.js';

export const VOCABULARY = {
  classifications: [
    {
      id: 'managed',
      label: 'managed',
      color: 'change',
      becomes: 'a request becomes its always-managed pcim_ counterpart; a release that devres makes redundant is deleted',
      choice: { key: 'm', help: 'managed: the device is enabled with pcim_enable_device(); requests become pcim_ functions, releases go' },
    },
    {
      id: 'unmanaged',
      label: 'unmanaged',
      color: 'keep',
      becomes: 'no change: the call means what it always meant once the core drops its hybrid branch',
      choice: { key: 'u', help: 'unmanaged: the device is never managed; the call stays as it is' },
    },
    { id: 'core', label: 'core', color: 'internal', becomes: 'handled by the final core patch' },
    { id: 'review', label: 'review', color: 'attention', becomes: 'left out of the series until a person decides', needsDecision: true },
  ],
  phases: [
    { id: 'prepare', title: 'Publish the always-managed functions the ports need' },
    { id: 'port', title: 'Managed driver ports' },
    { id: 'remove', title: 'Remove the hybrid behavior' },
  ],
  coreStates: [
    { id: 'hybrid', description: '__pci_request_region() and pci_release_region() branch on pci_is_managed() into devres' },
    { id: 'migrated', description: 'the region functions never use devres: what managed drivers left behind is reported' },
    { id: 'legacy', description: 'an older devres core without pcim_request_region(): the migration does not apply', refusesSeries: true },
  ],
  mergingSection: 'PCI SUBSYSTEM',
} as const satisfies Vocabulary;
