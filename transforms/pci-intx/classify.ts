// Per call site of pci_intx(): which version the driver needs, decided by how its MODULE enables
// the device, with the enable calls that decided it as evidence.
import type { CallSite, Evidence, ModuleFacts, UseFact } from '../../src/sdk.js';
import type { CoreFacts, CoreState } from './core-state.js';
import { CORE, FN, MANAGED_ENABLE, UNMANAGED_ENABLE } from './names.js';
import type { AtomicContext } from './atomic.js';

export type Classification = 'managed' | 'unmanaged' | 'core' | 'review';
export type Phase = 'never-managed' | 'msi' | 'always-managed';

export interface PciIntxSite extends CallSite {
  classification: Classification;
  phase: Phase | null;
  /** What the module's enable calls say, independent of the core state (for decisions and review). */
  deviceKind: 'managed' | 'unmanaged' | null;
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
  reason: string;
  evidence: Evidence[];
  needsReview?: boolean;
}

function evidenceOf(use: UseFact, note?: string): Evidence {
  return { file: use.file, line: use.line, function: use.function, call: use.text, ...(note ? { note } : {}) };
}

function where(use: UseFact): string {
  return `${use.file}:${use.line}${use.function ? ` in ${use.function}()` : ''}`;
}

/** Device expressions compare as text without whitespace, casts' spacing or redundant parentheses. */
function deviceKey(expr: string | undefined): string {
  return (expr ?? '').replace(/\s+/g, '').replace(/^\((.*)\)$/, '$1').replace(/^&\((.*)\)$/, '&$1');
}

export function classifyModule(facts: ModuleFacts): { site: UseFact; decision: Decision }[] {
  const allUses = facts.files.flatMap((f) => f.uses);
  const enableCalls = allUses.filter(
    (u) => u.kind === 'call' && (MANAGED_ENABLE.includes(u.callee) || UNMANAGED_ENABLE.includes(u.callee)) && !u.conditions.some((c) => c.neverCompiled),
  );
  const managed = enableCalls.filter((u) => MANAGED_ENABLE.includes(u.callee));
  const unmanaged = enableCalls.filter((u) => UNMANAGED_ENABLE.includes(u.callee));
  const sites = allUses.filter((u) => u.callee === FN.intx);
  const moduleName = facts.module.id;
  return sites.map((site) => ({ site, decision: decideSite(site, moduleName, managed, unmanaged) }));
}

function decideSite(site: UseFact, moduleName: string, managed: UseFact[], unmanaged: UseFact[]): Decision {
  // A review site still shows how its module enables devices: context for the person deciding.
  const context = [...managed, ...unmanaged].map((u) => evidenceOf(u, MANAGED_ENABLE.includes(u.callee) ? 'sets is_managed' : undefined));
  const review = (reason: string, evidence: Evidence[] = context): Decision => ({ classification: 'review', deviceKind: null, reason, evidence, needsReview: true });
  if (site.file.startsWith(CORE.dir)) {
    return { classification: 'core', deviceKind: 'unmanaged', reason: '', evidence: [] };
  }
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
  const all = [...managed, ...unmanaged];
  if (all.length === 0) {
    return review(`module ${moduleName} enables no PCI device: the device is enabled elsewhere (a parent or bus driver), so whether it is managed depends on that code`);
  }
  const managedEvidence = managed.map((u) => evidenceOf(u, 'sets is_managed'));
  const unmanagedEvidence = unmanaged.map((u) => evidenceOf(u));
  if (unmanaged.length === 0) {
    return {
      classification: 'managed',
      deviceKind: 'managed',
      reason: `module ${moduleName} enables the device with pcim_enable_device() (${where(managed[0])}), so the device is managed`,
      evidence: managedEvidence,
    };
  }
  if (managed.length === 0) {
    const kinds = [...new Set(unmanaged.map((u) => `${u.callee}()`))].join(', ');
    return {
      classification: 'unmanaged',
      deviceKind: 'unmanaged',
      reason: `module ${moduleName} enables the device only with ${kinds} (${where(unmanaged[0])}), never pcim_enable_device(), so the device is never managed`,
      evidence: unmanagedEvidence,
    };
  }
  // Both kinds in one module: decide by the device, when the expressions tell.
  const devices = new Set(all.map((u) => deviceKey(u.args[0])));
  if (devices.size === 1) {
    return {
      classification: 'managed',
      deviceKind: 'managed',
      reason: `module ${moduleName} enables the same device with pcim_enable_device() (${where(managed[0])}) and ${unmanaged[0].callee}() (${where(unmanaged[0])}); is_managed, once set, is not cleared by a later enable, so the device is managed`,
      evidence: [...managedEvidence, ...unmanagedEvidence],
    };
  }
  const siteDevice = deviceKey(site.args[0]);
  const managedHere = managed.filter((u) => deviceKey(u.args[0]) === siteDevice);
  const unmanagedHere = unmanaged.filter((u) => deviceKey(u.args[0]) === siteDevice);
  if (managedHere.length > 0) {
    return {
      classification: 'managed',
      deviceKind: 'managed',
      reason: `module ${moduleName} enables several devices with both kinds; this call acts on ${site.args[0]}, which is enabled with pcim_enable_device() (${where(managedHere[0])}), so the device is managed`,
      evidence: [...managedHere.map((u) => evidenceOf(u, 'same device as the call')), ...unmanagedEvidence.map((e) => ({ ...e, note: 'another device' }))],
    };
  }
  if (unmanagedHere.length > 0) {
    return {
      classification: 'unmanaged',
      deviceKind: 'unmanaged',
      reason: `module ${moduleName} enables several devices with both kinds; this call acts on ${site.args[0]}, which is enabled with ${unmanagedHere[0].callee}() (${where(unmanagedHere[0])}), so the device is never managed`,
      evidence: [...unmanagedHere.map((u) => evidenceOf(u, 'same device as the call')), ...managedEvidence.map((e) => ({ ...e, note: 'another device' }))],
    };
  }
  return review(
    `module ${moduleName} enables different devices with different kinds (pcim_enable_device() at ${where(managed[0])}, ${unmanaged[0].callee}() at ${where(unmanaged[0])}) and the call's device ${site.args[0] ?? '?'} matches neither`,
    [...managedEvidence, ...unmanagedEvidence],
  );
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
