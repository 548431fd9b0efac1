// The patch viewer's lines, computed once per patch and series build and then only sliced: a
// 2,000-line diff must never reach ink whole. Lines are styled by tone (the components map tones to
// colors), tabs are expanded and control characters made visible, so every line's width is known.
import type { Vocabulary } from '../vocabulary.js';
import { choosableClasses } from '../vocabulary.js';
import type { CallSite } from '../types.js';
import type { SeriesModel, SeriesPatch } from '../series/model.js';
import type { Decisions } from '../series/decisions.js';
import { decidedClassification } from './decide.js';

export type Tone =
  | 'plain'
  | 'subject'
  | 'dim'
  | 'added'
  | 'removed'
  | 'hunk'
  | 'file'
  | 'heading'
  | 'site'
  | 'label'
  | 'caution'
  | 'decided';

export interface Segment {
  text: string;
  tone: Tone;
}

export type StyledLine = Segment[];

export interface SiteBlock {
  siteId: string;
  /** First line of the block (its header) and one past its last line. */
  start: number;
  end: number;
}

export interface PatchLines {
  lines: StyledLine[];
  sites: SiteBlock[];
  /**
   * Where each site shows, in line order: its block, and the diff of its file from the file's
   * header to the end of the hunk that holds it (the nearest hunk when none holds its line).
   */
  siteRanges: SiteRange[];
  /** First line of each file's diff, and of each hunk, in order. */
  fileStarts: number[];
  hunkStarts: number[];
}

export interface SiteRange {
  /** Index of the site among the patch's sites. */
  site: number;
  start: number;
  end: number;
}

export interface SiteContext {
  sitesById: ReadonlyMap<string, CallSite>;
  replacementByClassification: ReadonlyMap<string, string>;
  vocabulary: Vocabulary;
  decisions: Decisions;
  /** Columns to wrap prose at (code lines are never wrapped: the screen cuts and marks them). */
  width?: number;
  /** Why a file is in its module: the Makefile line that lists it, or null. */
  kbuildListingOf?: (file: string) => string | null;
}

/**
 * Breaks a line of prose at spaces so that no part is wider than `width`; continuation lines are
 * indented two columns past the line's own indentation. A word wider than the room is split.
 */
export function wrapLine(line: StyledLine, width: number, hangingIndent?: number): StyledLine[] {
  const text = line.map((segment) => segment.text).join('');
  if (text.length <= width || width < 8) return [line];
  const tones: Tone[] = [];
  for (const segment of line) for (let i = 0; i < segment.text.length; i++) tones.push(segment.tone);
  const indent = Math.min(Math.floor(width / 2), hangingIndent ?? (/^ */.exec(text)?.[0].length ?? 0) + 2);
  const out: StyledLine[] = [];
  let start = 0;
  let first = true;
  while (start < text.length) {
    const room = first ? width : width - indent;
    let end = start + room;
    if (end < text.length) {
      const space = text.lastIndexOf(' ', end);
      if (space > start) end = space;
    } else {
      end = text.length;
    }
    const piece: StyledLine = first ? [] : [{ text: ' '.repeat(indent), tone: 'plain' }];
    for (let i = start; i < end; i++) {
      const last = piece[piece.length - 1];
      if (last && last.tone === tones[i]) last.text += text[i];
      else piece.push({ text: text[i], tone: tones[i] });
    }
    out.push(piece);
    start = end;
    while (text[start] === ' ') start++;
    first = false;
  }
  return out;
}

const TAB_WIDTH = 8;

/** Expands tabs to 8-column stops and shows control characters as ^X, so that a line's length is its width. */
export function displayText(raw: string): string {
  if (!/[\x00-\x1f\x7f]/.test(raw)) return raw;
  let out = '';
  for (const char of raw) {
    if (char === '\t') out += ' '.repeat(TAB_WIDTH - (out.length % TAB_WIDTH));
    else if (char < ' ') out += '^' + String.fromCharCode(char.charCodeAt(0) + 64);
    else if (char === '\x7f') out += '^?';
    else out += char;
  }
  return out;
}

function diffLineTone(line: string): Tone {
  if (line.startsWith('diff --git ')) return 'file';
  if (line.startsWith('@@')) return 'hunk';
  if (line.startsWith('+++ ') || line.startsWith('--- ') || line.startsWith('index ')) return 'dim';
  if (/^(new|deleted) file mode |^(old|new) mode |^similarity index |^rename (from|to) /.test(line)) return 'dim';
  if (line.startsWith('+')) return 'added';
  if (line.startsWith('-')) return 'removed';
  if (line.startsWith('\\')) return 'dim';
  return 'plain';
}

const TRAILER = /^(Signed-off-by|Link|Fixes|Cc|Acked-by|Reviewed-by|Suggested-by|Reported-by|Tested-by|From|Date|To):/;

function messageLineTone(line: string, isSubject: boolean): Tone {
  if (isSubject) return 'subject';
  if (TRAILER.test(line) || /^ \d+ files? changed/.test(line)) return 'dim';
  return 'plain';
}

function location(file: string, line: number, fn: string | null): string {
  return `${file}:${line}${fn ? ` ${fn}()` : ''}`;
}

function siteLines(siteId: string, position: number, total: number, context: SiteContext): StyledLine[] {
  const site = context.sitesById.get(siteId);
  const header: StyledLine = [{ text: `  Site ${position}/${total}  `, tone: 'label' }];
  if (!site) return [[...header, { text: `${siteId} (not in the plan)`, tone: 'dim' }]];

  const lines: StyledLine[] = [
    [...header, { text: location(site.file, site.line, site.function), tone: 'site' }],
    [
      { text: '      ', tone: 'plain' },
      { text: displayText(site.call), tone: 'plain' },
      { text: `  ${site.classification}${site.replacement ? ` -> ${site.replacement}()` : ''}`, tone: 'label' },
      { text: `  module ${site.module}`, tone: 'dim' },
    ],
    [{ text: `      why: ${displayText(site.reason)}`, tone: site.needsReview || site.classification === 'review' ? 'caution' : 'plain' }],
  ];
  const listing = context.kbuildListingOf?.(site.file);
  if (listing) lines.push([{ text: '      kbuild: ', tone: 'dim' }, { text: displayText(listing), tone: 'plain' }]);
  for (const evidence of site.evidence) {
    lines.push([
      { text: '      evidence: ', tone: 'dim' },
      { text: `${location(evidence.file, evidence.line, evidence.function)}: ${displayText(evidence.call)}`, tone: 'plain' },
      ...(evidence.note ? [{ text: `  (${displayText(evidence.note)})`, tone: 'dim' as const }] : []),
    ]);
  }
  const declared = context.vocabulary.classifications.find((c) => c.id === site.classification);
  if (site.evidence.length === 0) lines.push([{ text: '      evidence: none recorded (see the reason)', tone: 'dim' }]);
  if (declared && !declared.choice && !declared.needsDecision) {
    // A class a person cannot choose is not left by a decision either (series ignores one too).
    lines.push([{ text: `      alternatives: none (${declared.label}); drop the patch with n to leave it out`, tone: 'dim' }]);
    return lines;
  }

  const decided = decidedClassification(context.decisions, site.id, site.module);
  const current = decided ?? site.classification;
  const alternatives = choosableClasses(context.vocabulary)
    .filter((kind) => kind.id !== current)
    .map((kind) => {
      const replacement = context.replacementByClassification.get(kind.id);
      return `${kind.choice!.key}: module ${kind.label}${replacement ? ` -> ${replacement}()` : ` (${kind.becomes})`}`;
    });
  lines.push([{ text: `      alternatives: ${alternatives.join('   ') || 'none'}`, tone: 'dim' }]);
  if (decided) lines.push([{ text: `      decided: ${context.decisions.sites[site.id]?.classification ? 'site' : 'module'} set to ${decided}`, tone: 'decided' }]);
  if (context.decisions.sites[site.id]?.drop) lines.push([{ text: '      decided: left out of the series (x takes it back)', tone: 'decided' }]);
  return lines;
}

/** Builds the viewer's lines: the patch text, with the cautions and the per-site evidence before the diff. */
export function buildPatchLines(text: string, patch: SeriesPatch, context: SiteContext): PatchLines {
  const rawLines = text.split('\n');
  if (rawLines.length > 1 && rawLines[rawLines.length - 1] === '') rawLines.pop();
  const diffStart = rawLines.findIndex((line) => line.startsWith('diff --git '));
  const messageEnd = diffStart === -1 ? rawLines.length : diffStart;

  // The subject is the "Subject:" header when the text is mail-like, else the first non-empty line.
  let subjectLine = rawLines.slice(0, messageEnd).findIndex((line) => line.startsWith('Subject: '));
  if (subjectLine === -1) subjectLine = rawLines.findIndex((line) => line.trim() !== '');
  const width = context.width ?? Number.POSITIVE_INFINITY;
  const lines: StyledLine[] = [];
  // Prose is wrapped to the screen; the diffstat after "---" and the diff are code, cut and marked.
  const add = (line: StyledLine) => lines.push(...wrapLine(line, width));
  const diffstatAt = rawLines.slice(0, messageEnd).lastIndexOf('---');
  for (let i = 0; i < messageEnd; i++) {
    const line = displayText(rawLines[i]);
    const styled: StyledLine = [{ text: line, tone: messageLineTone(line, i === subjectLine) }];
    if (diffstatAt !== -1 && i > diffstatAt) lines.push(styled);
    else add(styled);
  }

  // One blank line between sections, whether or not the message part ended with one.
  const separate = () => {
    const last = lines[lines.length - 1];
    if (last && last.some((segment) => segment.text.trim() !== '')) lines.push([]);
  };
  if (patch.cautions.length > 0) {
    separate();
    lines.push([{ text: 'Cautions', tone: 'heading' }]);
    for (const caution of patch.cautions) add([{ text: `  ! ${displayText(caution)}`, tone: 'caution' }]);
  }
  const sites: SiteBlock[] = [];
  if (patch.siteIds.length > 0) {
    separate();
    lines.push([{ text: `Sites (${patch.siteIds.length})`, tone: 'heading' }]);
    patch.siteIds.forEach((siteId, index) => {
      const start = lines.length;
      for (const line of siteLines(siteId, index + 1, patch.siteIds.length, context)) add(line);
      sites.push({ siteId, start, end: lines.length });
    });
  }
  const diff: DiffFile[] = [];
  if (diffStart !== -1) {
    separate();
    for (let i = diffStart; i < rawLines.length; i++) {
      const raw = rawLines[i];
      const line = displayText(raw);
      const at = lines.length;
      lines.push([{ text: line, tone: diffLineTone(line) }]);
      const file = /^diff --git a\/.* b\/(.*)$/.exec(raw);
      const hunk = /^@@ -(\d+)(?:,(\d+))? \+\d+(?:,\d+)? @@/.exec(raw);
      if (file) diff.push({ path: file[1], start: at, end: at + 1, hunks: [] });
      else if (hunk && diff.length > 0) diff[diff.length - 1].hunks.push({ oldStart: Number(hunk[1]), oldLines: Number(hunk[2] ?? 1), start: at, end: at + 1 });
      const current = diff[diff.length - 1];
      if (current) {
        current.end = at + 1;
        const last = current.hunks[current.hunks.length - 1];
        if (last) last.end = at + 1;
      }
    }
  }
  return {
    lines,
    sites,
    siteRanges: siteRangesOf(patch, sites, diff, context),
    fileStarts: diff.map((file) => file.start),
    hunkStarts: diff.flatMap((file) => file.hunks.map((hunk) => hunk.start)),
  };
}

interface DiffHunk {
  oldStart: number;
  oldLines: number;
  start: number;
  end: number;
}

interface DiffFile {
  path: string;
  start: number;
  end: number;
  hunks: DiffHunk[];
}

function siteRangesOf(patch: SeriesPatch, blocks: SiteBlock[], diff: DiffFile[], context: SiteContext): SiteRange[] {
  const ranges: SiteRange[] = blocks.map((block, site) => ({ site, start: block.start, end: block.end }));
  patch.siteIds.forEach((id, site) => {
    const planned = context.sitesById.get(id);
    const file = planned && diff.find((candidate) => candidate.path === planned.file);
    if (!planned || !file) return;
    const distance = (hunk: DiffHunk) => (planned.line < hunk.oldStart ? hunk.oldStart - planned.line : Math.max(0, planned.line - (hunk.oldStart + hunk.oldLines - 1)));
    const nearest = file.hunks.reduce<DiffHunk | null>((best, hunk) => (best === null || distance(hunk) < distance(best) ? hunk : best), null);
    // The file's header belongs to its first site; every hunk to the sites it holds.
    const start = nearest && nearest !== file.hunks[0] ? nearest.start : file.start;
    ranges.push({ site, start, end: nearest ? nearest.end : file.end });
  });
  return ranges.sort((a, b) => a.start - b.start || a.site - b.site);
}

/**
 * The site to select for a window of lines: the selected one while it is in view, else the first
 * site in view from the top (the one whose range reaches furthest up), else the selected one.
 */
export function siteInView(patch: PatchLines, selected: number, top: number, height: number): number {
  const bottom = top + height;
  const visible = patch.siteRanges.filter((range) => range.start < bottom && range.end > top);
  if (visible.length === 0 || visible.some((range) => range.site === selected)) return selected;
  return visible[0].site;
}

/**
 * Remembers each patch's lines per series build: opening a patch again, scrolling or moving the
 * site selection costs nothing, and a new build (after any decision) starts afresh.
 */
export class PatchLinesCache {
  private readonly bySeries = new WeakMap<SeriesModel, Map<number, { decisions: Decisions; width: number; lines: PatchLines }>>();

  get(series: SeriesModel, index: number, decisions: Decisions, width: number, build: () => PatchLines): PatchLines {
    let perSeries = this.bySeries.get(series);
    if (!perSeries) {
      perSeries = new Map();
      this.bySeries.set(series, perSeries);
    }
    const cached = perSeries.get(index);
    if (cached && cached.decisions === decisions && cached.width === width) return cached.lines;
    const lines = build();
    perSeries.set(index, { decisions, width, lines });
    return lines;
  }
}
