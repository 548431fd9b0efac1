// What the review screens show, derived from the plan, the current series and the decisions: patch
// statuses, dependency breakage, the sites that need review, the overview's rows and the counts.
// Pure and rebuilt after every decision (tens of patches: microseconds).
import type { CallSite, Plan } from '../types.js';
import type { SeriesModel, SeriesPatch } from '../series/model.js';
import { refusedSiteDecisions, type Decisions, type ForcedClassification } from '../series/decisions.js';
import type { Vocabulary } from '../vocabulary.js';
import { classesNeedingDecision } from '../vocabulary.js';
import { keyBindings, type KeyBinding } from './keys.js';
import { decidedClassification, isEdited, patchStatus, type PatchStatus } from './decide.js';

/** A patch the reviewer dropped and the builder then left out of the series: still shown, so it can be taken back. */
export interface RetainedPatch {
  patch: SeriesPatch;
  /** The last series that held it, and its index there (for its text). */
  series: SeriesModel;
  index: number;
}

export interface PatchEntry {
  key: string;
  patch: SeriesPatch;
  source: { series: SeriesModel; index: number };
  /** Its number in the written series (1-based), or null when dropped. */
  number: number | null;
  status: PatchStatus;
  edited: boolean;
  files: number;
  /** Keys of dropped patches this one needs: the patch is broken while this is not empty. */
  needsDropped: string[];
  /** Keys of kept patches that need this one (only when this one is dropped). */
  breaks: string[];
}

export interface ReviewSiteEntry {
  site: CallSite;
  /** Key of the patch that ports the site now, if any. */
  patchKey: string | null;
  /** How a decision resolved it ("managed", "dropped", "accepted"), or null while it still needs review. */
  resolution: string | null;
}

export type OverviewRow =
  | { kind: 'heading'; text: string }
  | { kind: 'patch'; entry: PatchEntry }
  | { kind: 'review-site'; entry: ReviewSiteEntry }
  | { kind: 'note'; text: string };

export interface StatusCounts {
  accepted: number;
  dropped: number;
  pending: number;
  needsReview: number;
}

export interface ReviewModel {
  patches: PatchEntry[];
  byKey: ReadonlyMap<string, PatchEntry>;
  reviewSites: ReviewSiteEntry[];
  rows: OverviewRow[];
  /** Indexes into rows of the rows a cursor can rest on (patches and review sites). */
  selectableRows: number[];
  counts: StatusCounts;
  /** Kept patches that need a dropped one: writing is refused while any exist. */
  broken: PatchEntry[];
  /** Sites whose decided classification cannot be given, with why (their decision resolves nothing). */
  refused: ReadonlyMap<string, string>;
  sitesById: ReadonlyMap<string, CallSite>;
  /** The replacement the plan uses for each classification, for "alternatives". */
  replacementByClassification: ReadonlyMap<string, string>;
  /** The transform's words, and the keys of this review (the engine's and the transform's choices). */
  vocabulary: Vocabulary;
  bindings: readonly KeyBinding[];
}

export interface ReviewModelInput {
  plan: Plan;
  vocabulary: Vocabulary;
  series: SeriesModel;
  decisions: Decisions;
  retained: readonly RetainedPatch[];
  staleDecisions: readonly string[];
}

export function needsReview(site: CallSite, vocabulary: Vocabulary): boolean {
  return classesNeedingDecision(vocabulary).has(site.classification) || site.needsReview;
}

const sitesByIdCache = new WeakMap<Plan, Map<string, CallSite>>();
const replacementsCache = new WeakMap<Plan, Map<string, string>>();

export function sitesById(plan: Plan): Map<string, CallSite> {
  let map = sitesByIdCache.get(plan);
  if (!map) {
    map = new Map(plan.callSites.map((site) => [site.id, site]));
    sitesByIdCache.set(plan, map);
  }
  return map;
}

function replacementsOf(plan: Plan): Map<string, string> {
  let map = replacementsCache.get(plan);
  if (!map) {
    map = new Map();
    for (const site of plan.callSites) {
      if (site.replacement && !map.has(site.classification)) map.set(site.classification, site.replacement);
    }
    replacementsCache.set(plan, map);
  }
  return map;
}

function filesOf(patch: SeriesPatch): number {
  return new Set(patch.changes.map((change) => change.path)).size;
}

/** Patches in display order: the series' phases in order, each with its patches and its retained dropped ones. */
function orderedPatches(input: ReviewModelInput): { phaseTitle: string; items: { patch: SeriesPatch; series: SeriesModel; index: number }[] }[] {
  const { series, retained } = input;
  const groups = new Map<string, { phaseTitle: string; items: { patch: SeriesPatch; series: SeriesModel; index: number }[] }>();
  for (const phase of series.phases) groups.set(phase.id, { phaseTitle: phase.title, items: [] });
  const groupOf = (phase: string) => {
    let group = groups.get(phase);
    if (!group) {
      group = { phaseTitle: phase, items: [] };
      groups.set(phase, group);
    }
    return group;
  };
  series.patches.forEach((patch, index) => groupOf(patch.phase).items.push({ patch, series, index }));
  // A retained patch keeps its place: after the nearest patch of its phase that came before it in
  // the series that held it (first in the phase when none did).
  for (const kept of retained) {
    const items = groupOf(kept.patch.phase).items;
    let at = -1;
    for (let index = kept.index - 1; index >= 0 && at === -1; index--) {
      const key = kept.series.patches[index].key;
      at = items.findIndex((item) => item.patch.key === key);
    }
    items.splice(at + 1, 0, { ...kept });
  }
  return [...groups.values()].filter((group) => group.items.length > 0);
}

export function buildReviewModel(input: ReviewModelInput): ReviewModel {
  const { plan, series, decisions } = input;
  const groups = orderedPatches(input);

  // Numbers follow the written series: every patch not dropped, in series order.
  const numberByKey = new Map<string, number>();
  for (const patch of series.patches) {
    if (patchStatus(decisions, patch.key) !== 'dropped') numberByKey.set(patch.key, numberByKey.size + 1);
  }

  const patches: PatchEntry[] = [];
  for (const group of groups) {
    for (const item of group.items) {
      patches.push({
        key: item.patch.key,
        patch: item.patch,
        source: { series: item.series, index: item.index },
        number: numberByKey.get(item.patch.key) ?? null,
        status: patchStatus(decisions, item.patch.key),
        edited: isEdited(decisions, item.patch.key),
        files: filesOf(item.patch),
        needsDropped: [],
        breaks: [],
      });
    }
  }
  const byKey = new Map(patches.map((entry) => [entry.key, entry]));
  for (const entry of patches) {
    if (entry.status === 'dropped') continue;
    for (const dependency of entry.patch.dependsOn) {
      if (patchStatus(decisions, dependency) !== 'dropped') continue;
      entry.needsDropped.push(dependency);
      byKey.get(dependency)?.breaks.push(entry.key);
    }
  }

  // A later patch may list a site again (a final step that touches what earlier ports did): the
  // site belongs to the first patch that lists it, the one that ports it.
  const patchKeyBySite = new Map<string, string>();
  for (const patch of series.patches) {
    for (const id of patch.siteIds) if (!patchKeyBySite.has(id)) patchKeyBySite.set(id, patch.key);
  }
  const refused = refusedSiteDecisions(plan.callSites, input.vocabulary, decisions, series.refusedDecisions);
  const reviewSites: ReviewSiteEntry[] = plan.callSites.filter((site) => needsReview(site, input.vocabulary)).map((site) => {
    const patchKey = patchKeyBySite.get(site.id) ?? null;
    return { site, patchKey, resolution: resolutionOf(site, patchKey, decisions, refused.has(site.id)) };
  });

  const rows: OverviewRow[] = [];
  for (const group of groups) {
    rows.push({ kind: 'heading', text: group.phaseTitle });
    for (const item of group.items) rows.push({ kind: 'patch', entry: byKey.get(item.patch.key)! });
  }
  if (reviewSites.length > 0) {
    rows.push({ kind: 'heading', text: `Needs review (${reviewSites.filter((entry) => !entry.resolution).length} open)` });
    for (const entry of reviewSites) rows.push({ kind: 'review-site', entry });
  }
  if (input.staleDecisions.length > 0) {
    rows.push({ kind: 'heading', text: `Saved decisions that no longer match the tree (${input.staleDecisions.length})` });
    for (const key of input.staleDecisions) rows.push({ kind: 'note', text: key });
  }
  const selectableRows = rows.flatMap((row, index) => (row.kind === 'patch' || row.kind === 'review-site' ? [index] : []));

  const counts: StatusCounts = { accepted: 0, dropped: 0, pending: 0, needsReview: 0 };
  for (const entry of patches) counts[entry.status]++;
  counts.needsReview = reviewSites.filter((entry) => !entry.resolution).length;

  return {
    patches,
    byKey,
    reviewSites,
    rows,
    selectableRows,
    counts,
    broken: patches.filter((entry) => entry.needsDropped.length > 0),
    refused,
    sitesById: sitesById(plan),
    replacementByClassification: replacementsOf(plan),
    vocabulary: input.vocabulary,
    bindings: keyBindings(input.vocabulary),
  };
}

function resolutionOf(site: CallSite, patchKey: string | null, decisions: Decisions, refused: boolean): string | null {
  if (decisions.sites[site.id]?.drop || decisions.modules[site.module]?.drop) return 'dropped';
  const decided: ForcedClassification | undefined = decidedClassification(decisions, site.id, site.module);
  if (decided && !refused) return decided;
  if (patchKey && patchStatus(decisions, patchKey) === 'accepted') return 'accepted';
  return null;
}

/**
 * The dropped patches of the previous state that the new series left out, kept for display.
 * A retained patch leaves this list once it is back in the series or no longer dropped.
 */
export function retainDroppedPatches(
  previous: { series: SeriesModel; retained: readonly RetainedPatch[] },
  next: SeriesModel,
  decisions: Decisions,
): RetainedPatch[] {
  const present = new Set(next.patches.map((patch) => patch.key));
  const candidates: RetainedPatch[] = [
    ...previous.series.patches.map((patch, index) => ({ patch, series: previous.series, index })),
    ...previous.retained,
  ];
  const kept = new Map<string, RetainedPatch>();
  for (const candidate of candidates) {
    const key = candidate.patch.key;
    if (present.has(key) || kept.has(key) || patchStatus(decisions, key) !== 'dropped') continue;
    kept.set(key, candidate);
  }
  return [...kept.values()];
}

/** The modules of a patch's sites, in first-seen order. */
export function modulesOfPatch(patch: SeriesPatch, sites: ReadonlyMap<string, CallSite>): string[] {
  const modules: string[] = [];
  for (const id of patch.siteIds) {
    const module = sites.get(id)?.module;
    if (module && !modules.includes(module)) modules.push(module);
  }
  return modules;
}

/** A short label of a patch for messages: "0003 ata: ahci: Use pcim_intx()" or "dropped: <subject>". */
export function patchLabel(entry: PatchEntry): string {
  return entry.number === null ? `[dropped] ${entry.patch.subject}` : `${String(entry.number).padStart(4, '0')} ${entry.patch.subject}`;
}
