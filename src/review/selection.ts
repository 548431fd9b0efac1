// What a key acts on: the row under the cursor, the open patch, the patch or site a decision targets,
// and the drawn lines of a patch (cached).
import { kbuildListingOf } from './kbuild-listing.js';
import type { OverviewRow, PatchEntry, ReviewModel } from './review-model.js';
import { buildPatchLines, type PatchLines } from './patch-lines.js';
import type { ReviewEnv, ReviewState } from './state.js';

export function selectedRow(state: ReviewState): OverviewRow | undefined {
  return state.model.rows[state.model.selectableRows[state.cursor]];
}

export function openEntry(state: ReviewState): PatchEntry | undefined {
  return state.openKey === null ? undefined : state.model.byKey.get(state.openKey);
}

/** The patch a patch decision applies to: the open one, or the one under the cursor. */
export function targetPatch(state: ReviewState): PatchEntry | undefined {
  if (state.screen === 'patch') return openEntry(state);
  const row = selectedRow(state);
  return row?.kind === 'patch' ? row.entry : undefined;
}

/** The site a site decision applies to: the selected one in a patch, a review site, or a patch's only site. */
export function targetSite(state: ReviewState): { siteId: string } | { problem: string } {
  if (state.screen === 'patch') {
    const siteId = openEntry(state)?.patch.siteIds[state.siteIndex];
    return siteId === undefined ? { problem: 'This patch ports no call sites: select a site (in a driver patch or under Needs review)' } : { siteId };
  }
  const row = selectedRow(state);
  if (row?.kind === 'review-site') return { siteId: row.entry.site.id };
  if (row?.kind === 'patch' && row.entry.patch.siteIds.length === 1) return { siteId: row.entry.patch.siteIds[0] };
  if (row?.kind === 'patch' && row.entry.patch.siteIds.length > 1) return { problem: `This patch has ${row.entry.patch.siteIds.length} sites: open it (Enter) and pick one with ] and [` };
  return { problem: 'Select a site first' };
}

export function patchLines(state: ReviewState, entry: PatchEntry, env: Pick<ReviewEnv, 'backend' | 'linesCache' | 'width'>): PatchLines {
  const { series, index } = entry.source;
  return env.linesCache.get(series, index, state.decisions, env.width, () =>
    buildPatchLines(env.backend.renderPatchText(series, index, state.decisions), entry.patch, {
      sitesById: state.model.sitesById,
      replacementByClassification: state.model.replacementByClassification,
      vocabulary: state.model.vocabulary,
      decisions: state.decisions,
      width: env.width,
      kbuildListingOf: kbuildListingOf(env.backend),
    }),
  );
}

export function cursorOf(model: ReviewModel, matches: (row: OverviewRow) => boolean): number {
  return model.selectableRows.findIndex((rowIndex) => matches(model.rows[rowIndex]));
}

export function rowIdentity(row: OverviewRow | undefined): string | null {
  if (row?.kind === 'patch') return `patch:${row.entry.key}`;
  if (row?.kind === 'review-site') return `site:${row.entry.site.id}`;
  return null;
}

/**
 * Keeps the cursor on the same patch or site across a rebuild; on a patch that is gone, on the patch
 * that now holds its first site; else on the same position.
 */
export function keepCursor(previous: ReviewState, model: ReviewModel): number {
  const row = selectedRow(previous);
  const identity = rowIdentity(row);
  const found = identity === null ? -1 : cursorOf(model, (candidate) => rowIdentity(candidate) === identity);
  if (found !== -1) return found;
  const firstSite = row?.kind === 'patch' ? row.entry.patch.siteIds[0] : undefined;
  if (firstSite !== undefined) {
    const holder = model.patches.find((entry) => entry.patch.siteIds.includes(firstSite));
    const at = holder ? cursorOf(model, (candidate) => candidate.kind === 'patch' && candidate.entry.key === holder.key) : -1;
    if (at !== -1) return at;
  }
  return Math.max(0, Math.min(previous.cursor, model.selectableRows.length - 1));
}
