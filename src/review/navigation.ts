// Moving around: the overview cursor, scrolling a patch or the help, opening and closing a patch,
// and selecting its sites.
import { choosableClasses } from '../vocabulary.js';
import type { ReviewActionId } from './keys.js';
import type { PatchEntry } from './review-model.js';
import { siteInView } from './patch-lines.js';
import { helpLines } from './help-lines.js';
import { clamp, maxTop, type ReviewEnv, type ReviewState } from './state.js';
import { cursorOf, openEntry, patchLines, selectedRow } from './selection.js';

/** The first overview row to draw so that the cursor's row (and its heading, when it is the first under one) shows. */
export function overviewWindowTop(state: ReviewState, height: number): number {
  const rows = state.model.rows;
  const cursorRow = state.model.selectableRows[state.cursor] ?? 0;
  let top = state.overviewTop;
  const wanted = cursorRow > 0 && rows[cursorRow - 1]?.kind === 'heading' ? cursorRow - 1 : cursorRow;
  if (wanted < top) top = wanted;
  if (cursorRow >= top + height) top = cursorRow - height + 1;
  return clamp(top, 0, Math.max(0, rows.length - height));
}

export function moveCursor(state: ReviewState, cursor: number, env: ReviewEnv): ReviewState {
  const moved = { ...state, cursor: clamp(cursor, 0, Math.max(0, state.model.selectableRows.length - 1)) };
  return { ...moved, overviewTop: overviewWindowTop(moved, env.bodyHeight) };
}

export function scrollPatch(state: ReviewState, top: number, env: ReviewEnv): ReviewState {
  const entry = openEntry(state);
  if (!entry) return state;
  const count = patchLines(state, entry, env).lines.length;
  return { ...state, patchTop: clamp(top, 0, maxTop(count, env.bodyHeight)) };
}

/** After scrolling, the selected site is one on screen: the choice keys act on what is shown. */
export function followSites(state: ReviewState, env: ReviewEnv): ReviewState {
  const entry = openEntry(state);
  if (!entry || entry.patch.siteIds.length === 0) return state;
  const siteIndex = siteInView(patchLines(state, entry, env), state.siteIndex, state.patchTop, env.bodyHeight);
  return siteIndex === state.siteIndex ? state : { ...state, siteIndex };
}

export function helpLineCount(state: ReviewState, width: number): number {
  return helpLines(state.model.bindings, width).length;
}

function scrollHelp(state: ReviewState, top: number, env: ReviewEnv): ReviewState {
  return { ...state, helpTop: clamp(top, 0, maxTop(helpLineCount(state, env.width), env.bodyHeight)) };
}

/** Where a movement key takes a position (a line, a row), or null for a key that does not move. */
function movedTo(action: ReviewActionId, position: number, page: number): number | null {
  switch (action) {
    case 'down': return position + 1;
    case 'up': return position - 1;
    case 'page-down': return position + page;
    case 'page-up': return position - page;
    case 'top': return 0;
    case 'bottom': return Number.MAX_SAFE_INTEGER;
    default: return null;
  }
}

export function navigate(state: ReviewState, action: ReviewActionId, env: ReviewEnv): ReviewState | null {
  const page = Math.max(1, env.bodyHeight - 1);
  if (state.help) {
    const top = movedTo(action, state.helpTop, page);
    return top === null ? null : scrollHelp(state, top, env);
  }
  if (state.screen === 'patch') {
    const top = movedTo(action, state.patchTop, page);
    return top === null ? null : followSites(scrollPatch(state, top, env), env);
  }
  const cursor = movedTo(action, state.cursor, page);
  return cursor === null ? null : moveCursor(state, cursor, env);
}

export function openPatch(state: ReviewState, entry: PatchEntry, env: ReviewEnv, siteId?: string): ReviewState {
  const opened: ReviewState = { ...state, screen: 'patch', openKey: entry.key, patchTop: 0, siteIndex: 0 };
  const siteIndex = siteId === undefined ? -1 : entry.patch.siteIds.indexOf(siteId);
  return siteIndex === -1 ? opened : selectSite(opened, siteIndex, env);
}

export function selectSite(state: ReviewState, siteIndex: number, env: ReviewEnv): ReviewState {
  const entry = openEntry(state);
  if (!entry || entry.patch.siteIds.length === 0) {
    return { ...state, message: { text: 'This patch ports no call sites', tone: 'info' } };
  }
  const index = clamp(siteIndex, 0, entry.patch.siteIds.length - 1);
  const block = patchLines(state, entry, env).sites[index];
  // Show the site's block with one line of context above it.
  return scrollPatch({ ...state, siteIndex: index }, block ? block.start - 1 : state.patchTop, env);
}

export function open(state: ReviewState, env: ReviewEnv): ReviewState {
  if (state.screen === 'patch') return state;
  const row = selectedRow(state);
  if (row?.kind === 'patch') return openPatch(state, row.entry, env);
  if (row?.kind === 'review-site') {
    const entry = row.entry.patchKey === null ? undefined : state.model.byKey.get(row.entry.patchKey);
    if (entry) return openPatch(state, entry, env, row.entry.site.id);
    return {
      ...state,
      message: { text: `This site is in no patch yet: set its module with ${choosableClasses(state.model.vocabulary).map((c) => `${c.choice!.key} (${c.label})`).join(' or ') || 'a decision'}`, tone: 'info' },
    };
  }
  return state;
}

export function back(state: ReviewState, env: ReviewEnv): ReviewState {
  if (state.screen !== 'patch') return { ...state, message: null };
  const key = state.openKey;
  const cursor = cursorOf(state.model, (row) => row.kind === 'patch' && row.entry.key === key);
  const closed: ReviewState = { ...state, screen: 'overview', openKey: null };
  return cursor === -1 ? closed : moveCursor(closed, cursor, env);
}
