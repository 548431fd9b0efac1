// Whether a pci_intx() site may run in atomic context, where pcim_intx() must not be called: it
// allocates with GFP_KERNEL on first use and may sleep (the "might sleep" splat that started the
// seed thread). The analysis is the engine's (lock held at the call, hard IRQ handler, callers in
// atomic context); this file gives it the IRQ registrars a PCI driver may use.
import type { ParsedFile } from '../../src/sdk.js';
import { ModuleAtomicContext, ModuleCallGraph, type AtomicContext, type CallLocation, type IrqRegistrars } from '../../src/sdk.js';

export type { AtomicContext, AtomicRule } from '../../src/sdk.js';

export interface SiteLocation extends CallLocation {
  function: string | null;
}

/**
 * Functions that register an interrupt handler, with the argument index of the hard IRQ handler
 * and of the thread function (which runs in a kernel thread and may sleep).
 */
export const PCI_DRIVER_IRQ_REGISTRARS: IrqRegistrars = {
  request_irq: { handler: 1 },
  request_threaded_irq: { handler: 1, thread: 2 },
  request_any_context_irq: { handler: 1 },
  request_percpu_irq: { handler: 1 },
  request_nmi: { handler: 1 },
  devm_request_irq: { handler: 2 },
  devm_request_threaded_irq: { handler: 2, thread: 3 },
  devm_request_any_context_irq: { handler: 2 },
  pci_request_irq: { handler: 2, thread: 3 },
  // libata passes its handler on to devm_request_irq().
  ata_host_activate: { handler: 2 },
};

/** The atomic-context analysis of one module's pci_intx() sites. */
export class ModuleAtomicity extends ModuleAtomicContext {
  /**
   * `moduleFiles`: the module's sources plus any header holding a site. `readFile`, when given,
   * lets files that do not mention a needed name go unparsed. `graph`: the module's call graph over
   * those files when another analysis of the module already built it (parses once).
   */
  constructor(moduleFiles: string[], parseFile: (rel: string) => ParsedFile | null, readFile?: (rel: string) => Buffer | null, graph?: ModuleCallGraph) {
    super(graph ?? ModuleCallGraph.build(moduleFiles, parseFile, readFile), PCI_DRIVER_IRQ_REGISTRARS);
  }
}

/** One site, one module (builds the module's analysis each time: use ModuleAtomicity for many sites). */
export function atomicContextOf(site: SiteLocation, moduleFiles: string[], parseFile: (rel: string) => ParsedFile | null): AtomicContext | null {
  return new ModuleAtomicity([...moduleFiles, site.file], parseFile).contextOf(site);
}
