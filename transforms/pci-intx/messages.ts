// Commit message texts, in kernel style: what and why, once and short, wrapped at 72 columns.
// Functions are named, never file:line (that goes stale); the evidence stays in the cover letter.
import type { CallSite, PersonDecision } from '../../src/sdk.js';
import { attributedQuote, citationMark, wrapParagraphs } from '../../src/sdk.js';
import type { PciIntxSite } from './classify.js';
import { VOCABULARY } from './vocabulary.js';

/** Why any port is needed, in two sentences: the context each patch must carry on its own. */
const WHY = 'pci_intx() is a hybrid function: it goes through devres when the device was enabled with pcim_enable_device(). That hybrid behavior is being removed, so each caller has to say which version it means.';

const REFERENCES = VOCABULARY.references;

/** The references the MSI patch cites: the plan's caution, then the earlier trouble. */
export const MSI_CITES = ['plan', 'msi-devres'];

/** "a()", "a() and b()", "a(), b() and c()". */
export function joinAnd(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function moduleName(id: string): string {
  return id.split('/').pop() ?? id;
}

function sitesByModule(sites: CallSite[]): Map<string, CallSite[]> {
  const m = new Map<string, CallSite[]>();
  for (const s of sites) m.set(s.module, [...(m.get(s.module) ?? []), s]);
  return m;
}

/** The module, or its PCI driver when the module has several and that driver's enable calls decided. */
function enabler(module: string, sites: CallSite[]): string {
  const drivers = new Set(sites.map((s) => ((s as PciIntxSite).decidedBy === 'driver' ? (s as PciIntxSite).driver : null)));
  const [driver] = drivers;
  return drivers.size === 1 && driver ? `${moduleName(module)}'s ${driver.split('::').pop()}` : moduleName(module);
}

/** The enable function that decided a module, from its evidence ("pci_enable_device_mem()"). */
function enableCall(sites: CallSite[], managed: boolean): string {
  const e = sites.flatMap((s) => s.evidence).find((x) => /pcim_enable_device/.test(x.call) === managed);
  return e ? e.call.replace(/\(.*$/, '()') : managed ? 'pcim_enable_device()' : 'pci_enable_device()';
}

/** "a and b enable their devices with f(), c enables its device with g()". */
function enableClause(sites: CallSite[], managed: boolean): string {
  const byCall = new Map<string, string[]>();
  for (const [m, list] of sitesByModule(sites)) {
    const call = enableCall(list, managed);
    byCall.set(call, [...(byCall.get(call) ?? []), enabler(m, list)]);
  }
  const parts = [...byCall].map(([call, names]) => `${joinAnd(names)} ${names.length === 1 ? 'enables its device' : 'enable their devices'} with ${call}`);
  return joinAnd(parts);
}

/** "its pci_intx() calls in a() and b()": the callers named while they are few. */
function callsPhrase(sites: CallSite[], verb: { one: string; many: string }): string {
  const whose = sitesByModule(sites).size === 1 ? 'its' : 'their';
  const fns = [...new Set(sites.map((s) => `${s.function ?? 'file scope'}()`))];
  const where = fns.length <= 3 ? ` in ${joinAnd(fns)}` : '';
  return sites.length === 1 ? `${whose} pci_intx() call${where} ${verb.one}` : `${whose} pci_intx() calls${where} ${verb.many}`;
}

/** A site as the port messages see it: with the person's decision that classified it, if one did. */
export type PortSite = CallSite & { personDecision?: PersonDecision | null };

const byPerson = (sites: PortSite[]) => sites.filter((s) => s.personDecision);
const byEvidence = (sites: PortSite[]) => sites.filter((s) => !s.personDecision);

/** A plan's reason without its file:line references (a message names functions, never lines). */
function withoutLines(reason: string): string {
  return reason.replace(/ \([^()]*:\d+[^()]*\)/g, '').replace(/\.$/, '');
}

/**
 * One paragraph per module a person's decision classified: the evidence it overrides (or that the
 * evidence settled nothing), and what the port changes for the driver. Never the evidence's
 * conclusion as fact.
 */
function decisionParagraphs(sites: PortSite[], to: 'managed' | 'unmanaged'): string[] {
  return [...sitesByModule(byPerson(sites))].map(([module, list]) => {
    const name = enabler(module, list);
    const overridden = (list[0] as PortSite).personDecision!.evidenceClass;
    const they = list.length === 1 ? 'it becomes' : 'they become';
    const change =
      to === 'unmanaged'
        ? 'after this patch devres no longer restores the INTx state on driver detach.'
        : 'after this patch devres restores the INTx state on driver detach, and the first call may sleep (pcim_intx() allocates with GFP_KERNEL).';
    const target = to === 'unmanaged' ? 'pci_intx_unmanaged()' : 'pcim_intx()';
    if (overridden === 'managed' || overridden === 'unmanaged') {
      const evidence =
        overridden === 'managed'
          ? `${name} enables its device with ${enableCall(list, true)}, so ${callsPhrase(list, { one: 'is', many: 'are' })} managed today.`
          : `${name} enables its device with ${enableCall(list, false)}, never with pcim_enable_device(), so ${callsPhrase(list, { one: 'has', many: 'have' })} never been managed.`;
      return `${evidence} A person decided against that evidence that ${they} ${target} all the same: ${change}`;
    }
    const reason = withoutLines((list[0] as CallSite).reason);
    return `Whether ${callsPhrase(list, { one: 'is', many: 'are' }).replace(/^its /, `${name}'s `)} managed was left to a person${reason ? `: ${reason}` : ''}. A person decided that ${they} ${target}: if the device is ${to === 'unmanaged' ? 'managed after all' : 'not enabled with pcim_enable_device()'}, ${change}`;
  });
}

export function neverManagedPortMessage(sites: PortSite[]): string {
  const planned = byEvidence(sites);
  const decided = byPerson(sites);
  const unchanged = decided.length === 0 ? ' No functional change.' : planned.length ? ` No functional change for ${joinAnd([...sitesByModule(planned)].map(([m, list]) => enabler(m, list)))}.` : '';
  return wrapParagraphs([
    WHY,
    ...(planned.length ? [`${enableClause(planned, false)}, never with pcim_enable_device(), so ${callsPhrase(planned, { one: 'has', many: 'have' })} never been managed.`] : []),
    ...decisionParagraphs(sites, 'unmanaged'),
    `Replace pci_intx() with pci_intx_unmanaged().${unchanged}`,
  ]);
}

export function managedPortMessage(sites: PortSite[], lostRestore: boolean, notes: string[] = []): string {
  const planned = byEvidence(sites);
  const one = sitesByModule(planned).size === 1;
  if (lostRestore) {
    return wrapParagraphs([
      'pci_intx() no longer uses devres, so it no longer restores the INTx state on driver detach for a device enabled with pcim_enable_device(). pcim_intx() does.',
      ...(planned.length ? [`${enableClause(planned, true)} and ${one ? 'has' : 'have'} lost that restore.`] : []),
      ...decisionParagraphs(sites, 'managed'),
      planned.length ? 'Use pcim_intx() to get it back.' : 'Use pcim_intx().',
      ...notes,
    ]);
  }
  return wrapParagraphs([
    WHY,
    ...(planned.length ? [`${enableClause(planned, true)}, so ${callsPhrase(planned, { one: 'is', many: 'are' })} managed: devres restores the INTx state on driver detach.`] : []),
    ...decisionParagraphs(sites, 'managed'),
    `Replace pci_intx() with pcim_intx(), which ${planned.length ? 'always does that' : 'always goes through devres'}.`,
    ...notes,
  ]);
}

/** Why the MSI port needs a careful look, for the cover letter and the review notes. */
export const MSI_CAUTION =
  'For a device enabled with pcim_enable_device(), the MSI core is itself reached through the devres callback pcim_msi_release(), so the hybrid pci_intx() there can register a devres action from inside a devres release path.';

export function msiPortMessage(sites: CallSite[]): string {
  const fns = joinAnd([...new Set(sites.map((s) => `${s.function ?? 'file scope'}()`))]);
  return wrapParagraphs([
    WHY,
    `The MSI core calls pci_intx() in ${fns} to switch INTx off while MSI is in use. That is its own bookkeeping of the device state, which devres must not undo on driver detach; and for a managed device the MSI code already runs from the devres callback pcim_msi_release(). Implicit devres in the MSI code has caused trouble before ${citationMark(REFERENCES, MSI_CITES, 'msi-devres')}.`,
    attributedQuote(REFERENCES, MSI_CITES, 'plan'),
    'Use pci_intx_unmanaged(), which never uses devres.',
  ]);
}

export function prepareThreadMessage(): string {
  return wrapParagraphs([
    'pci_intx() is a hybrid function: it goes through devres when the device was enabled with pcim_enable_device(). That is invisible at the call site, and a managed pci_intx() may sleep: pcim_intx() allocates with GFP_KERNEL on first use.',
    'To remove the hybrid behavior, drivers need both explicit versions first. Publish the never-managed copy __pcim_intx() as pci_intx_unmanaged(), and declare pcim_intx() in include/linux/pci.h; export both. pci_intx_unmanaged() goes again at the end of the series.',
  ]);
}

export function prepareDirectMessage(): string {
  return wrapParagraphs([
    'pci_intx() is a hybrid function: it goes through devres when the device was enabled with pcim_enable_device(). That is invisible at the call site, and a managed pci_intx() may sleep: pcim_intx() allocates with GFP_KERNEL on first use.',
    'Declare pcim_intx() in include/linux/pci.h and export it, so that the drivers relying on the managed behavior can call it before pci_intx() stops being hybrid.',
  ]);
}

export function removeHybridMessage(options: { returnUsers: boolean; removePrivateCopy: boolean; split: boolean; keptUnmanagedByPerson?: string[] }): string {
  const kept = options.keptUnmanagedByPerson ?? [];
  const except = kept.length
    ? `, except ${joinAnd(kept.map(moduleName))}, which a person decided to port to pci_intx_unmanaged() against that evidence: ${kept.length === 1 ? 'it loses' : 'they lose'} the INTx restore on driver detach with this series`
    : '';
  const paragraphs = [
    `Every driver that enables its device with pcim_enable_device() now calls pcim_intx() for the managed behavior${except}. So pci_intx() no longer needs to be hybrid. Remove its devres branch and the kernel-doc note about it.`,
  ];
  if (options.returnUsers) {
    paragraphs.push('pci_intx_unmanaged() is now the same as pci_intx(): return its users to pci_intx() and remove it.');
  } else if (options.split) {
    paragraphs.push('pci_intx_unmanaged() stays for now; the next patch removes it.');
  }
  if (options.removePrivateCopy) {
    paragraphs.push(
      'The private copy __pcim_intx() only avoided recursing through the hybrid pci_intx(): remove it too. Drivers using pci_enable_device() see no change; the MSI core becomes never-managed here, which the cover letter asks to check.',
    );
  }
  return wrapParagraphs(paragraphs);
}

export function returnUsersMessage(): string {
  return wrapParagraphs(['pci_intx() is no longer hybrid: pci_intx_unmanaged() is now the same function. Return its users to pci_intx() and remove it.']);
}
