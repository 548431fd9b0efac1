// Searching (/, n, N) in the overview's rows or the open patch's lines, and jumping between the
// open patch's hunks and files.
import type { OverviewRow } from './review-model.js';
import { withInfo, type ReviewEnv, type ReviewState } from './state.js';
import { openEntry, patchLines } from './selection.js';
import { followSites, moveCursor, scrollPatch } from './navigation.js';

function matches(text: string, query: string): boolean {
  return text.toLowerCase().includes(query.toLowerCase());
}

function rowText(row: OverviewRow): string {
  switch (row.kind) {
    case 'patch': return [row.entry.patch.subject, row.entry.key, ...row.entry.patch.changes.map((change) => change.path)].join('\n');
    case 'review-site': return [`${row.entry.site.file}:${row.entry.site.line}`, row.entry.site.function ?? '', row.entry.site.call, row.entry.site.reason].join('\n');
    default: return '';
  }
}

/** Moves to the next (or previous) match of the search, wrapping around, in the overview's rows or the open patch's lines. */
export function findMatch(state: ReviewState, forward: boolean, env: ReviewEnv): ReviewState {
  const query = state.search;
  if (!query) return withInfo(state, 'No search yet: / starts one');
  const entry = state.screen === 'patch' ? openEntry(state) : undefined;
  const texts = entry
    ? patchLines(state, entry, env).lines.map((line) => line.map((segment) => segment.text).join(''))
    : state.model.selectableRows.map((index) => rowText(state.model.rows[index]));
  const hits = texts.flatMap((text, index) => (matches(text, query) ? [index] : []));
  if (hits.length === 0) return withInfo(state, `Not found: ${query}`, 'error');
  const from = entry ? state.patchTop : state.cursor;
  const next = forward ? hits.find((index) => index > from) ?? hits[0] : [...hits].reverse().find((index) => index < from) ?? hits[hits.length - 1];
  const counter = `/${query}: ${hits.indexOf(next) + 1} of ${hits.length}${(forward ? next <= from : next >= from) ? ' (wrapped)' : ''}`;
  if (entry) return withInfo(followSites(scrollPatch(state, next, env), env), counter);
  return withInfo(moveCursor(state, next, env), counter);
}

/** Applies one key while a search is typed: text, Backspace, Enter (search) or Esc (cancel). */
export function typeSearch(state: ReviewState, keyName: string, env: ReviewEnv): ReviewState {
  const input = state.searchInput ?? '';
  if (keyName === 'Esc') return { ...state, searchInput: null, message: null };
  if (keyName === 'Enter') {
    if (input === '') return { ...state, searchInput: null, message: null };
    return findMatch({ ...state, searchInput: null, search: input }, true, env);
  }
  if (keyName === 'Backspace') return { ...state, searchInput: input.slice(0, -1) };
  if (keyName === 'Space') return { ...state, searchInput: input + ' ' };
  if ([...keyName].length === 1) return { ...state, searchInput: input + keyName };
  return state;
}

export function jump(state: ReviewState, starts: readonly number[], forward: boolean, what: string, env: ReviewEnv): ReviewState {
  if (state.screen !== 'patch') return withInfo(state, `Open a patch (Enter) to move between its ${what}s`);
  const top = state.patchTop;
  const target = forward ? starts.find((start) => start > top) : [...starts].reverse().find((start) => start < top);
  if (target === undefined) return withInfo(state, `No ${forward ? 'next' : 'previous'} ${what}`);
  const moved = followSites(scrollPatch(state, target, env), env);
  // At the end of the patch the window cannot start at the target: it is on screen all the same.
  return moved.patchTop === top ? withInfo(moved, `No ${forward ? 'next' : 'previous'} ${what} below the screen`) : moved;
}
