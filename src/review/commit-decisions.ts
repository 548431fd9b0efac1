// Taking a decision: rebuild the series from the new decisions, refuse what cannot be built, save
// them, and keep the view on the same patch or site (carrying edited messages along with their sites).
import { firstLineOf as errorText } from '../errors.js';
import { RefusedDecisionsError, refusedSiteDecisions, type Decisions } from '../series/decisions.js';
import type { SeriesModel } from '../series/model.js';
import { buildReviewModel, retainDroppedPatches } from './review-model.js';
import { isEdited } from './decide.js';
import { clamp, type ReviewEnv, type ReviewState } from './state.js';
import { keepCursor, openEntry } from './selection.js';
import { moveCursor, scrollPatch } from './navigation.js';

/**
 * Rebuilds the series from new decisions and saves them, keeping the view on the same patch or site.
 * `refusal` may reject the new series (a decision the transform could not give): nothing is saved then.
 */
export function commitDecisions(
  state: ReviewState,
  decisions: Decisions,
  env: ReviewEnv,
  /** Given the sites whose decided classification cannot be given (and why), the refusal to show, or null. */
  refusal?: (refused: ReadonlyMap<string, string>) => string | null,
  options: { label?: string; undo?: boolean } = {},
): ReviewState {
  let series: SeriesModel;
  let carried: string[] = [];
  try {
    series = env.backend.buildSeries(decisions);
    const moved = options.undo ? { decisions, notes: [] } : carryEdits(state.series, series, decisions);
    if (moved.notes.length > 0) {
      decisions = moved.decisions;
      carried = moved.notes;
      series = env.backend.buildSeries(decisions);
    }
  } catch (error) {
    // Never leave a decision on disk that the series builder rejects.
    const refused = error instanceof RefusedDecisionsError ? refusal?.(error.refused) : null;
    if (refused) return { ...state, message: { text: refused, tone: 'error' } };
    return { ...state, message: { text: `Decision not applied: the series could not be built: ${errorText(error)}`, tone: 'error' } };
  }
  const refused = refusal?.(refusedSiteDecisions(env.backend.plan.callSites, env.backend.vocabulary, decisions, series.refusedDecisions));
  if (refused) return { ...state, message: { text: refused, tone: 'error' } };
  try {
    env.backend.saveDecisions(decisions);
  } catch (error) {
    return { ...state, message: { text: `Could not save the decisions: ${errorText(error)}`, tone: 'error' } };
  }
  const retained = retainDroppedPatches({ series: state.series, retained: state.retained }, series, decisions);
  const model = buildReviewModel({
    plan: env.backend.plan,
    vocabulary: env.backend.vocabulary,
    series,
    decisions,
    retained,
    staleDecisions: env.backend.staleDecisions,
  });
  const history = options.undo ? state.history.slice(0, -1) : [...state.history, { decisions: state.decisions, label: options.label ?? 'a decision' }];
  const next: ReviewState = { ...state, decisions, series, retained, model, unwritten: true, message: null, carried, history };
  const rebuilt = moveCursor(next, keepCursor(state, model), env);
  if (rebuilt.screen === 'patch') {
    const entry = openEntry(rebuilt);
    if (!entry) return { ...rebuilt, screen: 'overview', openKey: null };
    const siteIndex = clamp(rebuilt.siteIndex, 0, Math.max(0, entry.patch.siteIds.length - 1));
    return scrollPatch({ ...rebuilt, siteIndex }, rebuilt.patchTop, env);
  }
  return rebuilt;
}

/**
 * A person's edited message belongs to the sites it describes: when a decision moves every site of
 * an edited patch to another patch (the old one is gone), the edit goes along, unless the new patch
 * has an edit of its own. Never silently lost.
 */
function carryEdits(before: SeriesModel, after: SeriesModel, decisions: Decisions): { decisions: Decisions; notes: string[] } {
  const present = new Set(after.patches.map((patch) => patch.key));
  const holderOf = new Map<string, string>();
  for (const patch of after.patches) for (const id of patch.siteIds) if (!holderOf.has(id)) holderOf.set(id, patch.key);
  const notes: string[] = [];
  for (const patch of before.patches) {
    if (present.has(patch.key) || !isEdited(decisions, patch.key) || patch.siteIds.length === 0) continue;
    const holder = holderOf.get(patch.siteIds[0]);
    const target = holder === undefined ? undefined : after.patches.find((candidate) => candidate.key === holder);
    if (!target || isEdited(decisions, target.key)) {
      notes.push(`Edited message of "${patch.subject}" has no patch now (kept in the decisions)`);
      continue;
    }
    const { subject, body, trailers, ...rest } = decisions.patches[patch.key];
    const patches = { ...decisions.patches, [target.key]: { ...decisions.patches[target.key], ...(subject !== undefined ? { subject } : {}), ...(body !== undefined ? { body } : {}), ...(trailers !== undefined ? { trailers } : {}) } };
    if (Object.keys(rest).length > 0) patches[patch.key] = rest;
    else delete patches[patch.key];
    decisions = { ...decisions, patches };
    notes.push(`Edited message moved with its sites (check it with e)`);
  }
  return { decisions, notes };
}
