// Commit message texts, in kernel style: what and why, wrapped at 72 columns.
import type { CallSite, Evidence } from '../../src/sdk.js';
import { wrapParagraphs } from '../../src/sdk.js';
import type { PciIntxSite } from './classify.js';

const HYBRID = 'pci_intx() is a hybrid function: when the device was enabled with pcim_enable_device(), it goes through devres and restores the INTx state on driver detach; otherwise it only writes the PCI_COMMAND register. The hybrid behavior is deprecated and is being removed from pci_intx(), so that a call site says which behavior it gets.';

/** "a()", "a() and b()", "a(), b() and c()". */
function joinAnd(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function moduleName(id: string): string {
  return id.split('/').pop() ?? id;
}

function at(e: Evidence): string {
  return `${e.function ? `${e.function}() ` : ''}(${e.file}:${e.line})`;
}

function callPhrase(sites: CallSite[]): string {
  return sites.length === 1 ? 'its pci_intx() call' : 'its pci_intx() calls';
}

/** pcim_intx() returns an error the callers never looked at, as the hybrid path only warned. */
const RETURN_VALUE =
  'pcim_intx() returns -ENOMEM when it cannot allocate its devres entry; the hybrid pci_intx() only warned (WARN_ON_ONCE) in that case and returned nothing, so the return value stays unchecked here, as before.';

function sitesByModule(sites: CallSite[]): Map<string, CallSite[]> {
  const m = new Map<string, CallSite[]>();
  for (const s of sites) m.set(s.module, [...(m.get(s.module) ?? []), s]);
  return m;
}

/** The module, or its PCI driver when the module has several and that driver's enable calls decided. */
function enabler(module: string, sites: CallSite[]): string {
  const drivers = new Set(sites.map((s) => ((s as PciIntxSite).decidedBy === 'driver' ? (s as PciIntxSite).driver : null)));
  const [driver] = drivers;
  return drivers.size === 1 && driver ? `${moduleName(module)}'s PCI driver ${driver.split('::').pop()}` : moduleName(module);
}

function enableSentence(module: string, sites: CallSite[], kind: 'managed' | 'unmanaged'): string {
  const evidence = sites.flatMap((s) => s.evidence).filter((e) => (kind === 'managed' ? /pcim_enable_device/.test(e.call) : !/pcim_enable_device/.test(e.call)));
  const first = evidence[0];
  const fn = first ? first.call.replace(/\(.*$/, '()') : kind === 'managed' ? 'pcim_enable_device()' : 'pci_enable_device()';
  const calls = joinAnd([...new Set(sites.map((s) => `${s.function ?? 'file scope'}()`))]);
  const where = first ? ` in ${at(first)}` : '';
  return kind === 'managed'
    ? `${enabler(module, sites)} enables its device with ${fn}${where}, so ${callPhrase(sites)} in ${calls} ${sites.length === 1 ? 'is' : 'are'} managed today: the INTx state is restored when the driver detaches.`
    : `${enabler(module, sites)} enables its device with ${fn}${where} and never with pcim_enable_device(), so ${callPhrase(sites)} in ${calls} ${sites.length === 1 ? 'has' : 'have'} never been managed.`;
}

/** One bullet per module: which enable call decided it, and where. */
function enableBullets(sites: CallSite[], kind: 'managed' | 'unmanaged'): string[] {
  return [...sitesByModule(sites)].map(([m, list]) => {
    const e = list.flatMap((s) => s.evidence).find((x) => (kind === 'managed' ? /pcim_enable_device/.test(x.call) : !/pcim_enable_device/.test(x.call)));
    const calls = joinAnd([...new Set(list.map((s) => `${s.function ?? 'file scope'}()`))]);
    return `- ${moduleName(m)}: ${e ? `${e.call.replace(/\(.*$/, '()')} in ${at(e)}` : 'see the cover letter'}; pci_intx() in ${calls}`;
  });
}

/** Several modules in one patch read better as a list than as a paragraph each. */
const LIST_FROM = 3;

export function neverManagedPortMessage(sites: CallSite[]): string {
  const byModule = sitesByModule(sites);
  const modules =
    byModule.size >= LIST_FROM
      ? ['These drivers enable their device with pci_enable_device() (or its _mem/_io variant) and never with pcim_enable_device(), so their pci_intx() calls have never been managed:', ...enableBullets(sites, 'unmanaged')]
      : [...byModule].map(([m, list]) => enableSentence(m, list, 'unmanaged'));
  return wrapParagraphs([
    HYBRID,
    ...modules,
    'Replace pci_intx() with pci_intx_unmanaged(), which does the same without devres, so that the behavior stays as it is when pci_intx() changes. No functional change.',
  ]);
}

export function managedPortMessage(sites: CallSite[], lostRestore: boolean, notes: string[] = []): string {
  const byModule = sitesByModule(sites);
  if (byModule.size >= LIST_FROM) {
    const intro = lostRestore
      ? 'These drivers enable their device with pcim_enable_device() and relied on the hybrid pci_intx() to restore the INTx state on driver detach:'
      : 'These drivers enable their device with pcim_enable_device(), so their pci_intx() calls are managed today: the INTx state is restored when the driver detaches.';
    const list = [intro, ...enableBullets(sites, 'managed')];
    return lostRestore
      ? wrapParagraphs([
          'pci_intx() no longer uses devres: it never restores the INTx state on driver detach, whether or not the device was enabled with pcim_enable_device(). The managed version is pcim_intx().',
          ...list,
          'They have lost that restore since pci_intx() stopped being hybrid. Use pcim_intx() to get it back.',
          ...notes,
        ])
      : wrapParagraphs([HYBRID, ...list, 'Replace pci_intx() with pcim_intx(), which always restores the INTx state on detach, so that the drivers keep their behavior when the hybrid behavior is removed from pci_intx().', RETURN_VALUE, ...notes]);
  }
  const modules = [...byModule].map(([m, list]) => enableSentence(m, list, 'managed').replace(' are managed today: the INTx state is restored when the driver detaches.', lostRestore ? ' relied on the hybrid pci_intx() to restore the INTx state on driver detach.' : ' are managed today: the INTx state is restored when the driver detaches.'));
  if (lostRestore) {
    return wrapParagraphs([
      'pci_intx() no longer uses devres: it never restores the INTx state on driver detach, whether or not the device was enabled with pcim_enable_device(). The managed version is pcim_intx().',
      ...modules,
      'It has lost that restore since pci_intx() stopped being hybrid. Use pcim_intx() to get it back.',
      ...notes,
    ]);
  }
  return wrapParagraphs([
    HYBRID,
    ...modules,
    'Replace pci_intx() with pcim_intx(), which always restores the INTx state on detach, so that the driver keeps its behavior when the hybrid behavior is removed from pci_intx().',
    RETURN_VALUE,
    ...notes,
  ]);
}

export const MSI_CAUTION =
  'This needs a careful look from the MSI maintainers: for a device enabled with pcim_enable_device(), the MSI code is itself reached through the devres callback pcim_msi_release(), so today pci_intx() here can register a second, implicit devres action from inside a devres release path. The thread that planned this migration suspects that the never-managed version is right for MSI, "but that should be checked carefully".';

export function msiPortMessage(sites: CallSite[]): string {
  const fns = joinAnd([...new Set(sites.map((s) => `${s.function ?? 'file scope'}() (${s.file}:${s.line})`))]);
  return wrapParagraphs([
    HYBRID,
    `The MSI core calls pci_intx() in ${fns} to switch INTx off while MSI is in use and back on when it is not. That is the MSI core's own bookkeeping of the device state, which must not be undone by devres behind its back when the driver detaches.`,
    'For a device enabled with pcim_enable_device(), the MSI code is itself reached through the devres callback pcim_msi_release(), so the hybrid pci_intx() can register a second, implicit devres action from inside a devres release path. The implicit devres behavior of the MSI code has caused trouble before.',
    'Use pci_intx_unmanaged(), which never uses devres.',
  ]);
}

export function prepareThreadMessage(): string {
  return wrapParagraphs([
    'pci_intx() is a hybrid function: it becomes managed (devres) when the device was enabled with pcim_enable_device(). That is invisible at the call site and has caused bugs: pcim_intx() allocates with GFP_KERNEL on first use, so a managed pci_intx() under a spinlock may sleep.',
    'To remove the hybrid behavior, drivers first need both explicit versions:',
    '- pci_intx_unmanaged(): the never-managed copy that devres.c already has as __pcim_intx(), renamed, documented and exported. devres.c uses it under its new name.',
    '- pcim_intx(): the managed version, declared in include/linux/pci.h instead of drivers/pci/pci.h and exported.',
    'The following patches port the drivers; pci_intx_unmanaged() is removed again at the end of the series.',
  ]);
}

export function prepareDirectMessage(): string {
  return wrapParagraphs([
    'pci_intx() is a hybrid function: it becomes managed (devres) when the device was enabled with pcim_enable_device(). That is invisible at the call site and has caused bugs: pcim_intx() allocates with GFP_KERNEL on first use, so a managed pci_intx() under a spinlock may sleep.',
    'Make pcim_intx(), the managed version, available to drivers: declare it in include/linux/pci.h instead of drivers/pci/pci.h and export it. Drivers that rely on the managed behavior are ported to it in the following patches, before pci_intx() stops being hybrid.',
  ]);
}

export function removeHybridMessage(options: { returnUsers: boolean; removePrivateCopy: boolean; split: boolean }): string {
  const paragraphs = [
    'All drivers that enable their device with pcim_enable_device() now call pcim_intx() for the managed behavior. pci_intx() no longer needs to be hybrid.',
    'Remove the devres branch from pci_intx(), so that its body is the never-managed copy\'s, and drop the kernel-doc note about the hybrid behavior.',
  ];
  if (options.returnUsers) {
    paragraphs.push('pci_intx() now does exactly what pci_intx_unmanaged() does. Return the users of pci_intx_unmanaged() to pci_intx() and remove pci_intx_unmanaged(). devres.c calls pci_intx() again; that cannot recurse any more, since pci_intx() never enters devres.');
  } else if (options.split) {
    paragraphs.push('pci_intx_unmanaged() stays for now: the next patch returns its users to pci_intx() and removes it.');
  }
  if (options.removePrivateCopy) {
    paragraphs.push('The private copy __pcim_intx() in devres.c existed only to avoid recursing through the hybrid pci_intx(). Remove it; pcim_intx() and pcim_intx_restore() call pci_intx(), which never enters devres now.');
    paragraphs.push('Drivers that enable their device with pci_enable_device() never got the managed behavior and see no change. The MSI core\'s pci_intx() calls become never-managed here as well; the discussion that planned this expects that to be right for MSI, which is reached through the devres callback pcim_msi_release(), but "that should be checked carefully".');
  }
  return wrapParagraphs(paragraphs);
}

export function returnUsersMessage(): string {
  return wrapParagraphs([
    'pci_intx() is no longer hybrid: it does exactly what pci_intx_unmanaged() does.',
    'Return the users of pci_intx_unmanaged() to pci_intx() and remove pci_intx_unmanaged(). devres.c calls pci_intx() again; that cannot recurse any more, since pci_intx() never enters devres.',
  ]);
}
