// pci-intx's words, as the engine shows them: what a call site can be, the series' phases, the
// options that shape the series and the states of the PCI INTx core.
import type { Vocabulary } from '../../src/sdk.js';

export const VOCABULARY = {
  classifications: [
    {
      id: 'managed',
      label: 'managed',
      color: 'change',
      becomes: 'pcim_intx()',
      choice: { key: 'm', help: 'managed: the device is enabled with pcim_enable_device(); the call becomes pcim_intx()' },
    },
    {
      id: 'unmanaged',
      label: 'unmanaged',
      color: 'keep',
      becomes: 'pci_intx_unmanaged() while pci_intx() is hybrid, else no change',
      choice: { key: 'u', help: 'unmanaged: the device is never managed; the call keeps its never-managed meaning' },
    },
    { id: 'core', label: 'core', color: 'internal', becomes: 'handled by the core patches (the MSI core is ported in its own patch)' },
    { id: 'review', label: 'review', color: 'attention', becomes: 'left out of the series until a person decides', needsDecision: true },
  ],
  phases: [
    { id: 'prepare', title: 'Prepare the core' },
    { id: 'never-managed', title: 'Never-managed ports' },
    { id: 'msi', title: 'MSI core' },
    { id: 'always-managed', title: 'Always-managed ports' },
    { id: 'remove', title: 'Remove the hybrid behavior' },
  ],
  options: [
    { name: 'strategy', type: 'choice', choices: ['thread', 'direct'], valueName: 'thread|direct', help: "the thread's plan or the shorter direct order" },
    { name: 'split-final', type: 'boolean', help: "the final step as the thread's two patches" },
    {
      name: 'fixes',
      type: 'string',
      valueName: '"<sha> (\\"subject\\")"',
      pattern: /^[0-9a-f]{12,40} \("[^\r\n]+"\)$/,
      patternHelp: 'look like: 0123456789ab ("subject of the commit")',
      help: 'add a Fixes: trailer to the always-managed ports',
    },
    { name: 'stable', type: 'boolean', help: 'add Cc: stable@vger.kernel.org to the always-managed ports' },
  ],
  coreStates: [
    { id: 'hybrid', description: 'pci_intx() uses devres when the device is managed; devres.c has the never-managed copy __pcim_intx()' },
    { id: 'migrating', description: 'pci_intx_unmanaged() exists: a migration is under way' },
    { id: 'unmanaged', description: 'pci_intx() is never-managed: managed drivers need pcim_intx() to keep their restore on detach' },
    { id: 'legacy', description: 'an older devres core without pcim_intx(): the migration does not apply', refusesSeries: true },
  ],
  mergingSection: 'PCI SUBSYSTEM',
  subjectPrefixes: { 'drivers/pci/msi/': 'PCI/MSI' },
  // From the thread's message that laid out the plan, as its archived copy gives them: the plan's
  // own link is not in it, and the archive masked the address part of the earlier message's id.
  references: [
    {
      id: 'plan',
      title: 'the thread "PCI: Fix devres regression in pci_intx()"',
      author: 'Philipp Stanner',
      quote: 'I *suspect* that pci_intx() in MSI can just be made pci_intx_unmanaged(), but that should be checked carefully.',
    },
    {
      id: 'msi-devres',
      title: 'the earlier discussion of the implicit devres calls in the MSI code',
      url: 'https://lore.kernel.org/all/ee44ea7ac760e73edad3f20b30b4d2fff66c1a85.camel@xxxxxxxxxx/',
    },
  ],
} as const satisfies Vocabulary;

/** The options as the engine hands them over. */
export interface PciIntxOptions {
  [name: string]: string | boolean | string[] | null;
  strategy: 'thread' | 'direct';
  'split-final': boolean;
  fixes: string | null;
  stable: boolean;
}
