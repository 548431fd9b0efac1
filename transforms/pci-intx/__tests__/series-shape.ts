// The shape of a written pci-intx series, for tests that pin order, phases and touched files
// without golden files: one entry per patch.
import { readPatches } from '../../../test/helpers/series-files.js';

export type Phase = 'prepare' | 'never-managed' | 'msi' | 'always-managed' | 'remove';

export interface PatchShape {
  title: string;
  phase: Phase;
  files: string[];
}

/** The phase of a pci-intx patch, read from the words its title must use. */
export function phaseOf(title: string): Phase {
  if (/^PCI: (Add pci_intx_unmanaged\(\)|Make .*public$)/.test(title)) return 'prepare';
  if (/^PCI\/MSI: /.test(title)) return 'msi';
  if (/^PCI: Remove /.test(title)) return 'remove';
  if (/Replace pci_intx\(\) with pci_intx_unmanaged\(\)$/.test(title)) return 'never-managed';
  if (/(Replace pci_intx\(\) with pcim_intx\(\)|Restore the INTx state on detach with pcim_intx\(\))$/.test(title)) return 'always-managed';
  throw new Error(`no pci-intx phase uses a title like "${title}"`);
}

export function seriesShape(dir: string): PatchShape[] {
  return readPatches(dir).map((p) => ({ title: p.title, phase: phaseOf(p.title), files: p.files }));
}

export function phasesOf(shape: PatchShape[]): Phase[] {
  return shape.map((p) => p.phase);
}

/** The files the patches of `phase` touch, sorted, without duplicates. */
export function filesOfPhase(shape: PatchShape[], ...phases: Phase[]): string[] {
  return [...new Set(shape.filter((p) => phases.includes(p.phase)).flatMap((p) => p.files))].sort();
}
