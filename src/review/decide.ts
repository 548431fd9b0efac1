// Pure updates of a Decisions value: each returns a new object and leaves the input untouched, so
// the UI can compare old and new decisions by identity and a failed save never half-applies.
import type { Decisions, ForcedClassification, PatchDecision } from '../series/decisions.js';

export type PatchStatus = 'pending' | 'accepted' | 'dropped';

export function patchStatus(decisions: Decisions, key: string): PatchStatus {
  return decisions.patches[key]?.status ?? 'pending';
}

export function isEdited(decisions: Decisions, key: string): boolean {
  const decision = decisions.patches[key];
  return decision?.subject !== undefined || decision?.body !== undefined || decision?.trailers !== undefined;
}

function withPatchDecision(decisions: Decisions, key: string, change: PatchDecision): Decisions {
  return { ...decisions, patches: { ...decisions.patches, [key]: { ...decisions.patches[key], ...change } } };
}

export function withPatchStatus(decisions: Decisions, key: string, status: PatchStatus): Decisions {
  return withPatchDecision(decisions, key, { status });
}

/** A patch's edited message; `trailers` only when the person changed the block (otherwise the series' own stay, e.g. a new --from's). */
export function withPatchMessage(decisions: Decisions, key: string, subject: string, body: string, trailers?: readonly string[]): Decisions {
  return withPatchDecision(decisions, key, { subject, body, ...(trailers ? { trailers: [...trailers] } : {}) });
}

/** The cover letter's edited subject and text. */
export function withCoverMessage(decisions: Decisions, subject: string, body: string): Decisions {
  return { ...decisions, cover: { ...decisions.cover, subject, body } };
}

/**
 * Forces a module's classification. Site-level classifications of that module's sites are removed,
 * since they would otherwise keep single sites behind when the module moves.
 */
export function withModuleClassification(
  decisions: Decisions,
  moduleId: string,
  classification: ForcedClassification,
  moduleSiteIds: readonly string[],
): Decisions {
  const sites = { ...decisions.sites };
  for (const id of moduleSiteIds) {
    const site = sites[id];
    if (site?.classification === undefined) continue;
    const { classification: _overridden, ...rest } = site;
    if (Object.keys(rest).length === 0) delete sites[id];
    else sites[id] = rest;
  }
  return {
    ...decisions,
    sites,
    modules: { ...decisions.modules, [moduleId]: { ...decisions.modules[moduleId], classification } },
  };
}

/** The classification decided for a site by a person (module or site decision), if any. */
export function decidedClassification(
  decisions: Decisions,
  siteId: string,
  moduleId: string,
): ForcedClassification | undefined {
  return decisions.sites[siteId]?.classification ?? decisions.modules[moduleId]?.classification;
}

/** Sets one site's classification (it wins over its driver's and module's). */
export function withSiteClassification(decisions: Decisions, siteId: string, classification: ForcedClassification): Decisions {
  return { ...decisions, sites: { ...decisions.sites, [siteId]: { ...decisions.sites[siteId], classification } } };
}

/** Leaves a site out of the series, or takes it back (the drop is removed, not set to false). */
export function withSiteDrop(decisions: Decisions, siteId: string, drop: boolean): Decisions {
  const { drop: _previous, ...rest } = decisions.sites[siteId] ?? {};
  const sites = { ...decisions.sites };
  if (drop) sites[siteId] = { ...rest, drop: true };
  else if (Object.keys(rest).length > 0) sites[siteId] = rest;
  else delete sites[siteId];
  return { ...decisions, sites };
}
