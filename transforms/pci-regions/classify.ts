// Per call site of a hybrid region function: what the port does with it, decided by how the
// driver enables its device, with the enable calls (and, for a release, the paths that reach it)
// as evidence.
import type { Evidence, ModuleFacts, UseFact } from '../../src/sdk.js';
import type { CoreState } from './core-state.js';
import type { Availability } from './counterparts.js';
import type { RegionSite, Role } from './site.js';
import { CORE, HYBRID_FUNCTIONS, MANAGED_COUNTERPART, isRequest } from './names.js';

/** Whether a release in a managed driver may simply go: it runs only where devres releases anyway. */
export interface ReleaseReach {
  deletable: boolean;
  /** The paths that reach the release, in words. */
  reason: string;
  evidence: Evidence[];
}

export type JudgeRelease = (site: UseFact) => ReleaseReach;

/** Whether the device a site acts on is managed, as the enable calls that decide say. */
export interface SiteDevice {
  /** null: nothing decides (no enable call, drivers that disagree, a device no enable call names). */
  kind: 'managed' | 'unmanaged' | null;
  reason: string;
  evidence: Evidence[];
  /** `file::variable` of the struct pci_driver that decided, when one did. */
  driver: string | null;
}

export interface ModuleContext {
  facts: ModuleFacts;
  state: CoreState;
  availability: Map<string, Availability>;
  deviceOf: (use: UseFact) => SiteDevice;
  judgeRelease: JudgeRelease;
}

export function isCoreFile(file: string): boolean {
  return file.startsWith(CORE.dir) || file === CORE.publicHeader;
}

type Verdict = Pick<RegionSite, 'classification' | 'action' | 'replacement' | 'needsReview' | 'reason' | 'evidence' | 'deviceKind'> & { needsPublishing?: boolean; releasePath?: string };

export function classifyModule(m: ModuleContext): RegionSite[] {
  const uses = m.facts.files.flatMap((f) => f.uses).filter((u) => HYBRID_FUNCTIONS.includes(u.callee));
  const verdicts = new Map<UseFact, Verdict>();
  const devices = new Map(uses.map((u) => [u, m.deviceOf(u)]));
  // Requests first: a release whose request goes to review follows it there.
  const ordered = [...uses.filter((u) => isRequest(u.callee)), ...uses.filter((u) => !isRequest(u.callee))];
  for (const use of ordered) {
    const device = devices.get(use)!;
    const reviewedRequests = [...verdicts].filter(([u, v]) => isRequest(u.callee) && v.classification === 'review' && v.deviceKind === 'managed' && devices.get(u)!.driver === device.driver);
    verdicts.set(use, decide(use, m, device, reviewedRequests.map(([u]) => u)));
  }
  return uses.map((use) => toSite(use, m, devices.get(use)!, verdicts.get(use)!));
}

function decide(use: UseFact, m: ModuleContext, device: SiteDevice, reviewedRequests: UseFact[]): Verdict {
  const context = device.evidence;
  const review = (reason: string, evidence: Evidence[] = context): Verdict => ({ classification: 'review', action: 'none', replacement: null, needsReview: true, reason, evidence, deviceKind: device.kind });
  if (isCoreFile(use.file)) {
    return {
      classification: 'core',
      action: 'none',
      replacement: null,
      needsReview: false,
      reason: `PCI core (${use.function ?? 'file scope'}() in ${use.file}) calls the region functions itself: the final core patch makes them never-managed, no port`,
      evidence: [],
      deviceKind: null,
    };
  }
  if (use.kind !== 'call') return review(`${use.callee} is used here as a value, not called (${use.text}): its eventual callers cannot be classified statically`);
  if (use.macro) return review(`the call sits in the body of macro ${use.macro}(): each expansion may act on a different device, so the macro's users must be checked by hand`);
  const never = use.conditions.find((c) => c.neverCompiled);
  if (never) return review(`the call sits inside "${never.directive}" (line ${never.line}): never compiled, so it is reported and never rewritten`);
  if (use.inError) return review('the call sits in a region tree-sitter could not parse (an ERROR node), so its context cannot be trusted');
  if (device.kind === null) return review(device.reason);
  if (device.kind === 'unmanaged') {
    return {
      classification: 'unmanaged',
      action: 'none',
      replacement: null,
      needsReview: false,
      reason: `${device.reason}: ${use.callee}() never used devres here, and means the same once the core drops its hybrid branch: nothing to change`,
      evidence: context,
      deviceKind: 'unmanaged',
    };
  }
  const state = m.state === 'migrated' ? '; on this core it no longer does, so the driver lost that' : '';
  if (isRequest(use.callee)) {
    const counterpart = MANAGED_COUNTERPART[use.callee];
    const availability = counterpart ? m.availability.get(counterpart) ?? 'absent' : 'absent';
    if (!counterpart || availability === 'absent') {
      return review(`${device.reason}: ${use.callee}() is managed today, but ${CORE.devresC} has no always-managed counterpart of ${use.callee}(), so the port needs a person (keep it hybrid, or request the BARs one by one)`);
    }
    return {
      classification: 'managed',
      action: 'rename',
      replacement: counterpart,
      needsReview: false,
      reason: `${device.reason}: ${use.callee}() goes through devres today${state}, ${counterpart}() always does${availability === 'private' ? ` (made public first: the tree defines it but does not offer it to drivers)` : ''}`,
      evidence: context,
      deviceKind: 'managed',
      ...(availability === 'private' ? { needsPublishing: true } : {}),
    };
  }
  if (reviewedRequests.length) {
    const r = reviewedRequests[0];
    return review(`${device.reason}; the driver's request ${r.text} (${r.file}:${r.line}) goes to review, so this release stays with it: if the request stays hybrid, the release is the only one left once the core changes`);
  }
  const reach = m.judgeRelease(use);
  if (!reach.deletable) {
    return { ...review(`${device.reason}: devres releases the regions on detach, but this release ${reach.reason}: deleting it needs a person`, [...context, ...reach.evidence]), deviceKind: 'managed', releasePath: reach.reason };
  }
  return {
    classification: 'managed',
    action: 'delete',
    replacement: null,
    needsReview: false,
    reason: `${device.reason}: devres releases the regions on detach, and this release ${reach.reason}, so it goes: after the core change it would release them a second time`,
    evidence: [...context, ...reach.evidence],
    deviceKind: 'managed',
    releasePath: reach.reason,
  };
}

function toSite(use: UseFact, m: ModuleContext, device: SiteDevice, v: Verdict): RegionSite {
  const role: Role = isRequest(use.callee) ? 'request' : 'release';
  return {
    id: '',
    file: use.file,
    line: use.line,
    column: use.column,
    function: use.function,
    call: use.text,
    module: m.facts.module.id,
    callee: use.callee,
    calleeStart: use.calleeStart,
    calleeEnd: use.calleeEnd,
    callStart: use.start,
    callEnd: use.end,
    conditions: use.conditions.map((c) => c.directive),
    phase: v.action === 'none' ? null : 'port',
    driver: v.classification === 'core' ? null : device.driver,
    role,
    kind: use.kind,
    macro: use.macro,
    neverCompiled: use.conditions.some((c) => c.neverCompiled),
    ...v,
  };
}
