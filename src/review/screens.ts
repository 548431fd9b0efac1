// What each screen draws, as exactly `height` styled lines cut to the terminal width: the overview,
// the patch view, the help overlay, and the title, message and status lines around them. Pure, so
// the component only maps lines to ink elements and never hands ink more than one screenful.
import type { ReviewState, TextView } from './controller.js';
import { maxTop, overviewWindowTop, writeRefusal } from './controller.js';
import { helpLines } from './help-lines.js';
import type { OverviewRow, PatchEntry, ReviewSiteEntry } from './review-model.js';
import { displayText, type PatchLines, type Segment, type Tone } from './patch-lines.js';

export type FrameTone =
  | Tone
  | 'title'
  | 'accepted'
  | 'dropped'
  | 'pending'
  | 'edited'
  | 'broken'
  | 'error'
  | 'info';

export interface FrameSegment {
  text: string;
  tone: FrameTone;
  inverse?: boolean;
}

export type FrameLine = FrameSegment[];

/** What ends a line cut at the screen's edge: code gets a marker, text an ellipsis. */
export const CUT_CODE = '›';
export const CUT_TEXT = '…';

/**
 * Cuts a line to `width` columns (lines are tab-expanded already), ending a cut line with `cut` when
 * given, and, for a selected line, fills it.
 */
export function fitLine(line: readonly FrameSegment[], width: number, fill = false, cut?: string): FrameLine {
  const length = line.reduce((sum, segment) => sum + segment.text.length, 0);
  if (cut && length > width && width > 1) {
    const kept = fitLine(line, width - 1);
    const last = kept[kept.length - 1];
    return [...kept, { text: cut, tone: 'dim', inverse: last?.inverse }];
  }
  const out: FrameLine = [];
  let used = 0;
  for (const segment of line) {
    if (used >= width) break;
    const text = segment.text.length > width - used ? segment.text.slice(0, width - used) : segment.text;
    out.push(text === segment.text ? segment : { ...segment, text });
    used += text.length;
  }
  if (fill && used < width) {
    const last = out[out.length - 1];
    out.push({ text: ' '.repeat(width - used), tone: last?.tone ?? 'plain', inverse: last?.inverse });
  }
  return out;
}

function padLines(lines: FrameLine[], height: number): FrameLine[] {
  while (lines.length < height) lines.push([]);
  return lines;
}

function plural(count: number, word: string, pluralWord = `${word}s`): string {
  return `${count} ${count === 1 ? word : pluralWord}`;
}

// ---------------------------------------------------------------------------------------------
// Overview

function statusSegment(entry: PatchEntry): FrameSegment {
  if (entry.status === 'pending' && entry.edited) return { text: 'edited  ', tone: 'edited' };
  return { text: entry.status.padEnd(8), tone: entry.status };
}

/** "3 sites, 2 files", padded so that the subjects after it line up. */
const COUNTS_WIDTH = 20;

function patchRow(entry: PatchEntry, flagsWidth: number): FrameLine {
  const number = entry.number === null ? '----' : String(entry.number).padStart(4, '0');
  const counts = `${plural(entry.patch.siteIds.length, 'site')}, ${plural(entry.files, 'file')}`;
  // Breakage comes before the subject, so that a narrow terminal never cuts it off.
  let flag = '';
  if (entry.needsDropped.length > 0) flag = 'BROKEN';
  else if (entry.breaks.length > 0) flag = `breaks ${entry.breaks.length}`;
  const line: FrameSegment[] = [
    { text: ` ${number}  `, tone: 'dim' },
    statusSegment(entry),
    ...(flagsWidth > 0 ? [{ text: `  ${flag.padEnd(flagsWidth)}`, tone: 'broken' as const }] : []),
    { text: `  ${counts.padEnd(COUNTS_WIDTH)}`, tone: 'dim' },
    { text: displayText(entry.patch.subject), tone: entry.status === 'dropped' ? 'dim' : 'plain' },
  ];
  if (entry.edited && entry.status !== 'pending') line.push({ text: '  (edited)', tone: 'edited' });
  return line;
}

/** Width of the breakage column: none while nothing is broken. */
function breakageColumnWidth(state: ReviewState): number {
  return state.model.patches.some((entry) => entry.needsDropped.length > 0 || entry.breaks.length > 0) ? 9 : 0;
}

function reviewSiteRow(entry: ReviewSiteEntry): FrameLine {
  const site = entry.site;
  const where = `${site.file}:${site.line}${site.function ? ` ${site.function}()` : ''}`;
  return [
    { text: '  ', tone: 'plain' },
    entry.resolution
      ? { text: `✓ ${entry.resolution.padEnd(9)}`, tone: 'accepted' }
      : { text: '? open     ', tone: 'pending' },
    { text: ` ${site.classification.padEnd(9)}`, tone: 'label' },
    { text: ` ${where}`, tone: 'site' },
    { text: `  ${displayText(site.reason)}`, tone: 'dim' },
  ];
}

const HEADING_WIDTH = 72;

function overviewRowLine(row: OverviewRow, flags: number): FrameLine {
  switch (row.kind) {
    case 'heading': return [{ text: `── ${row.text} ${'─'.repeat(Math.max(2, HEADING_WIDTH - row.text.length - 4))}`, tone: 'heading' }];
    case 'patch': return patchRow(row.entry, flags);
    case 'review-site': return reviewSiteRow(row.entry);
    case 'note': return [{ text: `    ${row.text}`, tone: 'dim' }];
  }
}

/** The cursor's row: inverse video, and a marker in its first column for terminals without colors. */
function markSelected(line: FrameLine): FrameLine {
  const marked = line.map((segment) => ({ ...segment, inverse: true }));
  if (marked.length > 0) marked[0] = { ...marked[0], text: '▶' + marked[0].text.slice(1) };
  return marked;
}

export function overviewBody(state: ReviewState, width: number, height: number): FrameLine[] {
  const { rows, selectableRows } = state.model;
  if (rows.length === 0) return padLines([[{ text: '  The series is empty: nothing to review.', tone: 'dim' }]], height);
  const top = overviewWindowTop(state, height);
  const cursorRow = selectableRows[state.cursor];
  const flags = breakageColumnWidth(state);
  const lines: FrameLine[] = [];
  for (let index = top; index < Math.min(rows.length, top + height); index++) {
    const selected = index === cursorRow;
    const line = overviewRowLine(rows[index], flags);
    lines.push(fitLine(selected ? markSelected(line) : line, width, selected, CUT_TEXT));
  }
  return padLines(lines, height);
}

// ---------------------------------------------------------------------------------------------
// Patch view

/** The first patch line drawn: the scroll position, pulled back when the terminal grew. */
export function patchWindowTop(state: ReviewState, patch: PatchLines, height: number): number {
  return Math.min(state.patchTop, maxTop(patch.lines.length, height));
}

export function patchBody(state: ReviewState, patch: PatchLines, width: number, height: number): FrameLine[] {
  const top = patchWindowTop(state, patch, height);
  const selected = patch.sites[state.siteIndex];
  const lines: FrameLine[] = [];
  for (let index = top; index < Math.min(patch.lines.length, top + height); index++) {
    let line: readonly Segment[] = patch.lines[index];
    if (selected && index === selected.start && line.length > 0) {
      // The selected site's header gets a marker: the choice keys apply to its module.
      line = [{ text: '▶', tone: 'label' }, { ...line[0], text: line[0].text.slice(1) }, ...line.slice(1)];
    }
    lines.push(fitLine(line, width, false, CUT_CODE));
  }
  return padLines(lines, height);
}

// ---------------------------------------------------------------------------------------------
// Text views (the cover letter, a site's function)

export function viewBody(view: TextView, width: number, height: number): FrameLine[] {
  const top = Math.min(view.top, maxTop(view.lines.length, height));
  return padLines(view.lines.slice(top, top + height).map((line) => fitLine(line, width, false, CUT_CODE)), height);
}

// ---------------------------------------------------------------------------------------------
// Help

export function helpBody(state: ReviewState, width: number, height: number): FrameLine[] {
  const all = helpLines(state.model.bindings, width);
  const top = Math.min(state.helpTop, maxTop(all.length, height));
  return padLines(all.slice(top, top + height).map((line) => fitLine(line, width, false, CUT_TEXT)), height);
}

// ---------------------------------------------------------------------------------------------
// Title, message and status lines

export function titleLine(state: ReviewState, width: number, patch: PatchLines | null, bodyHeight: number): FrameLine {
  const entry = state.openKey === null ? undefined : state.model.byKey.get(state.openKey);
  let text: string;
  if (state.help) {
    text = ' kcodemod review: keys  (? or Esc closes this help)';
  } else if (state.view) {
    const last = Math.min(state.view.lines.length, state.view.top + bodyHeight);
    text = ` lines ${state.view.top + 1}-${last}/${state.view.lines.length}  ${state.view.title}`;
  } else if (state.screen === 'patch' && entry && patch) {
    const number = entry.number === null ? 'dropped' : `${entry.number}/${state.model.patches.filter((p) => p.number !== null).length}`;
    const top = patchWindowTop(state, patch, bodyHeight);
    const last = Math.min(patch.lines.length, top + bodyHeight);
    const selected = state.model.sitesById.get(entry.patch.siteIds[state.siteIndex] ?? '');
    const where = selected ? ` ${selected.file.slice(selected.file.lastIndexOf('/') + 1)}:${selected.line}` : '';
    const sites = entry.patch.siteIds.length > 0 ? `  site ${state.siteIndex + 1}/${entry.patch.siteIds.length}${where}` : '';
    // The position first: a narrow terminal cuts the subject, which the patch shows anyway.
    text = ` [${number}] ${entry.status}${entry.edited ? ', edited' : ''}  lines ${top + 1}-${last}/${patch.lines.length}${sites}  ${entry.patch.subject}`;
  } else {
    const series = state.series;
    text = ` kcodemod review ${series.transform}  ${[series.coreState && `core ${series.coreState}`, series.strategy && `strategy ${series.strategy}`].filter(Boolean).join(', ')}  ${plural(state.model.patches.length, 'patch', 'patches')}${writtenText(state)}`;
  }
  return fitLine([{ text, tone: 'title', inverse: true }], width, true, CUT_TEXT);
}

/** What the header says of the series in the output directory. */
function writtenText(state: ReviewState): string {
  if (state.unwritten) return '  written: not since the last decision';
  const written = state.written;
  if (!written) return '';
  if (written.kind === 'none') return '  written: nothing yet';
  if (written.kind === 'current') return '  written: up to date';
  return `  written: STALE, ${written.reason}`;
}

export function messageLine(state: ReviewState, width: number): FrameLine {
  if (state.searchInput !== null) {
    // The end of a long search shows, as in less.
    const prompt = `/${state.searchInput}█`;
    return fitLine([{ text: prompt.length > width ? prompt.slice(prompt.length - width) : prompt, tone: 'info' }], width);
  }
  if (state.message) return fitLine([{ text: ` ${state.message.text}`, tone: state.message.tone }], width, false, CUT_TEXT);
  const refusal = writeRefusal(state.model);
  if (refusal) return fitLine([{ text: ` Not writable: ${refusal}`, tone: 'broken' }], width, false, CUT_TEXT);
  return [];
}

export function statusLine(state: ReviewState, width: number): FrameLine {
  const { accepted, dropped, pending, needsReview } = state.model.counts;
  const line: FrameSegment[] = [
    { text: ` accepted ${accepted}`, tone: 'accepted' },
    { text: `  dropped ${dropped}`, tone: 'dropped' },
    { text: `  pending ${pending}`, tone: 'pending' },
    { text: `  needs review ${needsReview}`, tone: needsReview > 0 ? 'caution' : 'dim' },
    { text: state.unwritten ? '  (not written)' : '', tone: 'dim' },
    { text: '   ? help', tone: 'dim' },
  ];
  return fitLine(line, width);
}
