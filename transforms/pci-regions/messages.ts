// Commit message texts, in kernel style: what and why, wrapped at 72 columns. Every fact comes
// from the sites' typed fields (action, replacement, evidence, releasePath), never from prose.
import type { Evidence } from '../../src/sdk.js';
import { wrapParagraphs } from '../../src/sdk.js';
import { BRANCHING, MANAGED_TEST } from './names.js';
import type { RegionSite } from './site.js';

export const HYBRID =
  'The PCI region functions (pci_request_region(), pci_request_regions(), their release counterparts and the selected/exclusive variants) are hybrid: when the device was enabled with pcim_enable_device(), they go through devres and the regions are released on driver detach; otherwise they are plain requests the driver releases itself. The hybrid behavior is deprecated and is being removed, so that a call says which behavior it gets.';

export function joinAnd(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function moduleName(id: string): string {
  return id.split('/').pop() ?? id;
}

function managedEnable(sites: RegionSite[]): Evidence | undefined {
  return sites.flatMap((s) => s.evidence).find((e) => /^pcim_enable_device\s*\(/.test(e.call));
}

function byModule(sites: RegionSite[]): Map<string, RegionSite[]> {
  const m = new Map<string, RegionSite[]>();
  for (const s of sites) m.set(s.module, [...(m.get(s.module) ?? []), s]);
  return m;
}

/** "pci_request_regions() with pcim_request_all_regions()" for every rename pair of the sites. */
export function renamePairs(sites: RegionSite[]): string[] {
  return [...new Set(sites.filter((s) => s.action === 'rename').map((s) => `${s.callee}() with ${s.replacement}()`))];
}

export function portTitle(sites: RegionSite[]): string {
  const targets = [...new Set(sites.filter((s) => s.action === 'rename').map((s) => `${s.replacement}()`))];
  const deletes = sites.filter((s) => s.action === 'delete').length;
  const releases = deletes === 1 ? 'the manual release' : 'the manual releases';
  if (targets.length === 1) return `Use ${targets[0]}${deletes ? ` and drop ${releases}` : ''}`;
  if (targets.length === 0) return `Drop ${releases} of the PCI regions`;
  return `Use always-managed region requests${deletes ? ' and drop the releases' : ''}`;
}

function enableSentence(module: string, list: RegionSite[]): string {
  const e = managedEnable(list);
  const where = e ? ` in ${e.function ? `${e.function}() ` : ''}(${e.file}:${e.line})` : '';
  // A module with several PCI drivers: say which one the port is about.
  const drivers = [...new Set(list.map((s) => s.driver?.split('::').pop()).filter((d): d is string => !!d))];
  const who = drivers.length && !drivers.includes(`${moduleName(module)}_driver`) ? `${moduleName(module)} (${joinAnd(drivers)})` : moduleName(module);
  return `${who} enables its device with pcim_enable_device()${where}, so its region requests are managed today: devres releases the regions when the driver detaches.`;
}

function releaseBullets(sites: RegionSite[]): string[] {
  return sites.filter((s) => s.action === 'delete').map((s) => `- ${s.callee}() in ${s.function ?? 'file scope'}() (${s.file}:${s.line}): ${s.releasePath ?? 'only on the failure path or in .remove'}`);
}

export function portMessage(sites: RegionSite[]): string {
  const paragraphs = [HYBRID, ...[...byModule(sites)].map(([m, list]) => enableSentence(m, list))];
  const pairs = renamePairs(sites);
  if (pairs.length) paragraphs.push(`Replace ${joinAnd(pairs)}, which ${pairs.length === 1 ? 'is' : 'are'} always managed, so that the driver keeps its behavior when the region functions stop being hybrid.`);
  const bullets = releaseBullets(sites);
  if (bullets.length) {
    paragraphs.push(
      `Drop the manual ${bullets.length === 1 ? 'release' : 'releases'}: devres releases the regions on detach, and once the region functions are no longer hybrid, a manual release of a managed request would release the regions a second time. ${bullets.length === 1 ? 'It runs' : 'They run'} only where devres releases anyway:`,
      ...bullets,
    );
  }
  return wrapParagraphs(paragraphs);
}

export function prepareMessage(functions: string[]): string {
  const names = joinAnd(functions.map((f) => `${f}()`));
  return wrapParagraphs([
    HYBRID,
    `Drivers that rely on the managed behavior are ported to the always-managed functions in the following patches. ${names} ${functions.length === 1 ? 'is' : 'are'} defined in drivers/pci/devres.c but not offered to drivers: declare ${functions.length === 1 ? 'it' : 'them'} in include/linux/pci.h and export ${functions.length === 1 ? 'it' : 'them'}.`,
  ]);
}

export function removeBranchesMessage(): string {
  return wrapParagraphs([
    'Every driver that enables its device with pcim_enable_device() now requests its regions with the always-managed pcim_ functions and no longer releases them by hand. The region functions no longer need to be hybrid.',
    `Remove the ${MANAGED_TEST}() branches from ${BRANCHING.request}() and ${BRANCHING.release}(), and the kernel-doc notes that call the region functions hybrid.`,
    'Drivers that enable their device with pci_enable_device() never got the managed behavior and see no change.',
  ]);
}
