// Commit message texts, in kernel style: what and why, once and short, wrapped at 72 columns.
// Functions are named, never file:line (that goes stale); the evidence stays in the cover letter.
import type { Evidence } from '../../src/sdk.js';
import { wrapParagraphs } from '../../src/sdk.js';
import { BRANCHING, MANAGED_TEST } from './names.js';
import type { PersonDecision } from '../../src/sdk.js';
import type { RegionSite as PlannedSite } from './site.js';

/** A site as the messages see it: with the person's decision that classified it, if one did. */
type RegionSite = PlannedSite & { personDecision?: PersonDecision | null };

/** The whole story, for the cover letter. */
export const HYBRID =
  'The PCI region functions (pci_request_region(), pci_request_regions(), their release counterparts and the selected/exclusive variants) are hybrid: when the device was enabled with pcim_enable_device(), they go through devres and the regions are released on driver detach; otherwise they are plain requests the driver releases itself.';

/** Why any port is needed, in two sentences: the context each patch must carry on its own. */
const WHY = 'The PCI region request functions are hybrid: they go through devres when the device was enabled with pcim_enable_device(). That hybrid behavior is being removed, so each caller has to say which version it means.';

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

/** "a and b (its_driver) enable their devices with pcim_enable_device()". */
function enableClause(sites: RegionSite[]): string {
  const names = [...byModule(sites)].map(([module, list]) => {
    // A module with several PCI drivers: say which one the port is about.
    const drivers = [...new Set(list.map((s) => s.driver?.split('::').pop()).filter((d): d is string => !!d))];
    return drivers.length && !drivers.includes(`${moduleName(module)}_driver`) ? `${moduleName(module)} (${joinAnd(drivers)})` : moduleName(module);
  });
  return `${joinAnd(names)} ${names.length === 1 ? 'enables its device' : 'enable their devices'} with ${managedEnable(sites)?.call.replace(/\(.*$/, '()') ?? 'pcim_enable_device()'}`;
}

/** Where the deleted releases are: "foo_remove() and the error path of foo_probe()". */
function releasePlaces(sites: RegionSite[]): string {
  const places = sites
    .filter((s) => s.action === 'delete')
    .map((s) => {
      const fn = `${s.function ?? 'file scope'}()`;
      return /^runs only on the failure path/.test(s.releasePath ?? '') ? `the error path of ${fn}` : fn;
    });
  return joinAnd([...new Set(places)]);
}

/** A plan's reason without its file:line references (a message names functions, never lines). */
function withoutLines(reason: string): string {
  return reason.replace(/ \([^()]*:\d+[^()]*\)/g, '').replace(/\.$/, '');
}

/**
 * One paragraph per module a person's decision made managed: the evidence it overrides (or that
 * the evidence settled nothing), and what the port changes for the driver. Never the evidence's
 * conclusion as fact.
 */
function decisionParagraphs(sites: RegionSite[]): string[] {
  return [...byModule(sites.filter((s) => s.personDecision))].map(([module, list]) => {
    const name = moduleName(module);
    const change = 'after this patch devres releases the regions on driver detach, however the device is enabled.';
    if (list[0].personDecision!.evidenceClass === 'unmanaged') {
      const enable = list.flatMap((s) => s.evidence).find((e) => /^pci_enable_device\w*\s*\(/.test(e.call))?.call.replace(/\(.*$/, '()') ?? 'pci_enable_device()';
      return `${name} enables its device with ${enable}, never with pcim_enable_device(), so its region requests are not managed today. A person decided against that evidence to port them to the always-managed functions all the same: ${change}`;
    }
    const reason = withoutLines(list[0].reason.replace(/ \(classified \w+ by a decision\)$/, ''));
    return `Whether ${name}'s region requests are managed was left to a person${reason ? `: ${reason}` : ''}. A person decided they are: ${change}`;
  });
}

export function portMessage(sites: RegionSite[]): string {
  const planned = sites.filter((s) => !s.personDecision);
  const paragraphs = [
    WHY,
    ...(planned.length ? [`${enableClause(planned)}, so ${byModule(planned).size === 1 ? 'its' : 'their'} region requests are managed: devres releases the regions on driver detach.`] : []),
    ...decisionParagraphs(sites),
  ];
  const pairs = renamePairs(sites);
  if (pairs.length) paragraphs.push(`Replace ${joinAnd(pairs)}, which ${pairs.length === 1 ? 'is' : 'are'} always managed.`);
  const deletes = sites.filter((s) => s.action === 'delete').length;
  if (deletes) {
    paragraphs.push(
      `Drop the manual ${deletes === 1 ? 'release' : 'releases'} in ${releasePlaces(sites)}: devres releases the regions there anyway, and once the functions are no longer hybrid, ${deletes === 1 ? 'it' : 'they'} would release them a second time.`,
    );
  }
  return wrapParagraphs(paragraphs);
}

export function prepareMessage(functions: string[]): string {
  const names = joinAnd(functions.map((f) => `${f}()`));
  return wrapParagraphs([
    WHY,
    `Drivers that rely on the managed behavior are ported to the always-managed functions in the following patches. ${names} ${functions.length === 1 ? 'is' : 'are'} defined in drivers/pci/devres.c but not offered to drivers: declare ${functions.length === 1 ? 'it' : 'them'} in include/linux/pci.h and export ${functions.length === 1 ? 'it' : 'them'}.`,
  ]);
}

export function removeBranchesMessage(keptByPerson: string[] = []): string {
  const except = keptByPerson.length
    ? `, except ${joinAnd(keptByPerson.map(moduleName))}, which a person decided to keep on the plain functions against that evidence: after this patch devres no longer releases ${keptByPerson.length === 1 ? 'its' : 'their'} regions on driver detach`
    : '';
  return wrapParagraphs([
    `Every driver that enables its device with pcim_enable_device() now requests its regions with the always-managed pcim_ functions and no longer releases them by hand${except}. The region functions no longer need to be hybrid.`,
    `Remove the ${MANAGED_TEST}() branches from ${BRANCHING.request}() and ${BRANCHING.release}(), and the kernel-doc notes that call the region functions hybrid.`,
    'Drivers that enable their device with pci_enable_device() never got the managed behavior and see no change.',
  ]);
}
