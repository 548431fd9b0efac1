// What atomic context means for a site: pcim_intx() allocates with GFP_KERNEL on its first call
// for a device and may sleep (the "might sleep" splat that started the thread); the never-managed
// version only touches PCI_COMMAND through the config accessors and is fine anywhere.
import type { AtomicContext } from './atomic.js';
import type { PciIntxSite } from './classify.js';
import { FN } from './names.js';

export function applyAtomicContext(site: PciIntxSite, atomic: AtomicContext | null, coreState: string): void {
  site.atomicContext = atomic;
  if (!atomic?.atomic) return;
  if (site.replacement === FN.pcimIntx) {
    site.needsReview = true;
    site.reason += `; it may run in atomic context (${atomic.reason}). pcim_intx() allocates its devres entry with GFP_KERNEL on its first call for a device and may sleep there: check that the first pcim_intx() call for this device happens in process context (e.g. in probe) before this one can run`;
  } else if (site.classification === 'unmanaged' || site.classification === 'core') {
    site.reason += `; it runs in atomic context (${atomic.reason}), which is fine: the device is never managed, so it never reaches the devres path, and ${coreState === 'hybrid' ? 'pci_intx_unmanaged()' : 'pci_intx()'} only reads and writes PCI_COMMAND through the config accessors, which take a raw spinlock and never allocate or sleep`;
  }
}

/** Why the call is atomic, in words that stay true when lines move. */
const ATOMIC_BECAUSE: Record<string, string> = {
  'hardirq-handler': 'it runs in a hard interrupt handler',
  'lock-held': 'it runs with a spinlock held',
  'callers-hold-lock': 'its callers hold a spinlock',
};

/** The paragraph a managed port's message carries for each of its sites in atomic context. */
export function atomicNote(site: PciIntxSite, coreState: string): string | null {
  const atomic = site.atomicContext;
  if (!atomic?.atomic || site.replacement !== FN.pcimIntx) return null;
  const because = ATOMIC_BECAUSE[atomic.rule ?? ''] ?? 'it may run in atomic context';
  const last =
    coreState === 'unmanaged'
      ? 'pci_intx() never allocates on this core, so an earlier pcim_intx() call in process context must create the devres entry.'
      : 'The hybrid pci_intx() does the same today, so this adds no risk, but the call needs checking.';
  return `Note: the call in ${site.function ?? 'file scope'}() may run in atomic context (${because}), where pcim_intx() may sleep when it is the first call for the device. ${last}`;
}
