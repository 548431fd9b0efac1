// The decisions a new version runs with: the earlier version's, with the ones given now on top.
import type { Decisions } from '../decisions.js';

/**
 * The decisions the new version runs with: the earlier version's, with the new ones on top (per
 * site, module and patch, and the cover letter, field by field). Either may be missing.
 */
export function replayDecisions(earlier: Decisions | null, current: Decisions | null): Decisions | null {
  if (!earlier) return current;
  if (!current) return earlier;
  const merge = <T extends object>(a: Record<string, T>, b: Record<string, T>): Record<string, T> => {
    const out: Record<string, T> = {};
    for (const id of new Set([...Object.keys(a), ...Object.keys(b)])) out[id] = { ...(a[id] ?? {}), ...(b[id] ?? {}) } as T;
    return out;
  };
  return {
    schemaVersion: current.schemaVersion,
    transform: current.transform,
    sites: merge(earlier.sites, current.sites),
    drivers: merge(earlier.drivers, current.drivers),
    modules: merge(earlier.modules, current.modules),
    patches: merge(earlier.patches, current.patches),
    ...(earlier.cover || current.cover ? { cover: { ...earlier.cover, ...current.cover } } : {}),
  };
}
