// Per call site of pci_intx(): which version the driver needs, decided by how its PCI driver enables
// the device (the module's enable calls when the module has one driver or none: see
// transforms/lib/pci-devres), with the enable calls that decided it as evidence.
import type { CallSite, Evidence, ModuleCallGraph, ModuleFacts, ParsedFile, UseFact } from '../../src/sdk.js';
import type { CoreFacts, CoreState } from './core-state.js';
import { CORE, FN } from './names.js';
import { ModuleDevices, enableCallsEvidence } from '../lib/pci-devres/index.js';
import type { AtomicContext } from './atomic.js';

export type Classification = 'managed' | 'unmanaged' | 'core' | 'review';
export type Phase = 'never-managed' | 'msi' | 'always-managed';

export interface PciIntxSite extends CallSite {
  classification: Classification;
  phase: Phase | null;
  /** What the module's enable calls say, independent of the core state (for decisions and review). */
  deviceKind: 'managed' | 'unmanaged' | null;
  /** The PCI driver (`file::variable`) whose enable calls decided, or the one reaching the site; null otherwise. */
  driver: string | null;
  /** Whose enable calls decided: the driver's (a module with several PCI drivers) or the module's. */
  decidedBy: 'driver' | 'module' | null;
  kind: 'call' | 'reference';
  macro: string | null;
  neverCompiled: boolean;
  /** Whether the call may run in atomic context, with the evidence (issue: pcim_intx() may sleep). */
  atomicContext?: AtomicContext | null;
  /** Other modules that include the header holding this site. */
  modules?: string[];
}

interface Decision {
  classification: Classification;
  deviceKind: 'managed' | 'unmanaged' | null;
  /** The PCI driver (`file::variable`) whose enable calls decided, or null. */
  driver: string | null;
  decidedBy: 'driver' | 'module' | null;
  reason: string;
  evidence: Evidence[];
  needsReview?: boolean;
}

/**
 * Decides every pci_intx() site of a module, by the enable calls of the driver(s) reaching it. `graph`:
 * the module's call graph over its sources and fact files, when the caller shares it with other analyses.
 */
export function classifyModule(
  facts: ModuleFacts,
  parseFile: (rel: string) => ParsedFile | null,
  readFile?: (rel: string) => Buffer | null,
  graph?: ModuleCallGraph,
): { site: UseFact; decision: Decision }[] {
  const sites = facts.files.flatMap((f) => f.uses).filter((u) => u.callee === FN.intx);
  if (sites.length === 0) return [];
  const files = [...new Set([...facts.module.sources, ...facts.files.map((f) => f.file)])];
  const devices = new ModuleDevices(facts, files, parseFile, readFile, graph);
  return sites.map((site) => ({ site, decision: decideSite(site, devices) }));
}

function decideSite(site: UseFact, devices: ModuleDevices): Decision {
  if (site.file.startsWith(CORE.dir)) {
    return { classification: 'core', deviceKind: 'unmanaged', driver: null, decidedBy: null, reason: '', evidence: [] };
  }
  const device = devices.decide(site);
  // A review site still shows how its module enables devices: context for the person deciding.
  const review = (reason: string, evidence: Evidence[] = enableCallsEvidence(devices.moduleEnableCalls)): Decision => ({
    classification: 'review',
    deviceKind: null,
    driver: device.driver,
    decidedBy: null,
    reason,
    evidence,
    needsReview: true,
  });
  if (site.kind === 'reference') {
    return review(`${FN.intx} is used here as a value, not called (${site.text}): its eventual callers cannot be classified statically`);
  }
  if (site.macro) {
    return review(`the call sits in the body of macro ${site.macro}(): each expansion may act on a different device, so the macro's users must be checked by hand`);
  }
  const never = site.conditions.find((c) => c.neverCompiled);
  if (never) {
    return review(`the call sits inside "${never.directive}" (line ${never.line}): never compiled, so it is reported and never rewritten`);
  }
  if (site.inError) {
    return review('the call sits in a region tree-sitter could not parse (an ERROR node), so its context cannot be trusted');
  }
  if (device.kind === 'managed' || device.kind === 'unmanaged') {
    return { classification: device.kind, deviceKind: device.kind, driver: device.driver, decidedBy: device.scope, reason: device.reason, evidence: device.evidence };
  }
  return review(device.reason, device.evidence);
}

/** Applies the core state: what each kind of site becomes on this core. */
export function toCallSite(site: UseFact, module: string, decision: Decision, core: CoreFacts): PciIntxSite {
  const callSite = siteOnCore(site, module, decision, core);
  // Every change pci-intx makes to a call is a rename of its callee.
  callSite.action = callSite.replacement && callSite.replacement !== callSite.callee ? 'rename' : 'none';
  return callSite;
}

function siteOnCore(site: UseFact, module: string, decision: Decision, core: CoreFacts): PciIntxSite {
  const state = core.state as CoreState;
  const base = {
    id: '',
    file: site.file,
    line: site.line,
    column: site.column,
    function: site.function,
    call: site.text,
    module,
    callee: site.callee,
    calleeStart: site.calleeStart,
    calleeEnd: site.calleeEnd,
    conditions: site.conditions.map((c) => c.directive),
    kind: site.kind,
    macro: site.macro,
    neverCompiled: site.conditions.some((c) => c.neverCompiled),
    deviceKind: decision.deviceKind,
    driver: decision.driver,
    decidedBy: decision.decidedBy,
    evidence: decision.evidence,
    action: 'none' as const,
  };
  if (decision.classification === 'core') return coreSite(base, site, state);
  if (decision.classification === 'review') {
    return { ...base, classification: 'review', replacement: null, needsReview: true, reason: decision.reason, phase: null };
  }
  const conditional = site.conditions.length ? ` (compiled under ${site.conditions.map((c) => c.directive).join(', ')})` : '';
  if (decision.classification === 'managed') {
    const lost = state === 'unmanaged' || state === 'migrating' && !core.hybridBranch;
    return {
      ...base,
      classification: 'managed',
      replacement: FN.pcimIntx,
      needsReview: false,
      reason: lost
        ? `${decision.reason}; on this core pci_intx() no longer uses devres, so the driver has lost its INTx restore on detach: it needs pcim_intx()${conditional}`
        : `${decision.reason}: today pci_intx() takes the devres path and restores INTx on detach, which only pcim_intx() will keep doing${conditional}`,
      phase: 'always-managed',
    };
  }
  // unmanaged
  if (state === 'hybrid' || state === 'migrating' && core.hybridBranch || state === 'legacy') {
    return { ...base, classification: 'unmanaged', replacement: state === 'legacy' ? null : FN.unmanaged, needsReview: false, reason: `${decision.reason}: pci_intx() never used devres here, and pci_intx_unmanaged() keeps it that way${conditional}`, phase: 'never-managed' };
  }
  return {
    ...base,
    classification: 'unmanaged',
    replacement: null,
    needsReview: false,
    reason: `${decision.reason}; pci_intx() is already never-managed on this core: nothing to do${conditional}`,
    phase: null,
  };
}

type SiteBase = Omit<PciIntxSite, 'classification' | 'replacement' | 'needsReview' | 'reason' | 'phase'>;

function coreSite(base: SiteBase, site: UseFact, state: CoreState): PciIntxSite {
  if (site.file.startsWith(CORE.msiDir)) {
    const hybrid = state === 'hybrid' || state === 'migrating';
    return {
      ...base,
      classification: 'core',
      replacement: hybrid ? FN.unmanaged : null,
      needsReview: hybrid,
      reason: hybrid
        ? `MSI core (${site.function ?? 'file scope'}()): for a managed device the MSI code is itself reached through the devres callback pcim_msi_release(), so a hybrid pci_intx() here adds a second, implicit devres entry; the thread suspects never-managed is right but asks for a careful check`
        : `MSI core (${site.function ?? 'file scope'}()): pci_intx() is already never-managed on this core, which is what the MSI code needs: nothing to do`,
      phase: hybrid ? 'msi' : null,
    };
  }
  return {
    ...base,
    classification: 'core',
    replacement: null,
    needsReview: false,
    reason:
      state === 'hybrid' || state === 'migrating'
        ? `PCI core internals (${site.file}, ${site.function ?? 'file scope'}()): the core patches of the series handle them, not a driver port`
        : `PCI core internals (${site.file}, ${site.function ?? 'file scope'}()): built on the never-managed pci_intx() of this core, which is what they need: nothing to do`,
    phase: null,
  };
}
