// Port of git's xdl_change_compact() (xdiff/xdiffi.c) with the indent heuristic git enables by
// default: slides each group of added/removed lines to the position git would print it at, so an
// edit script from jsdiff yields the same hunks as `git diff` whenever both found the same changes.

const MAX_INDENT = 200;
const MAX_BLANKS = 20;
const START_OF_FILE_PENALTY = 1;
const END_OF_FILE_PENALTY = 21;
const TOTAL_BLANK_WEIGHT = -30;
const POST_BLANK_WEIGHT = 6;
const RELATIVE_INDENT_PENALTY = -4;
const RELATIVE_INDENT_WITH_BLANK_PENALTY = 10;
const RELATIVE_OUTDENT_PENALTY = 24;
const RELATIVE_OUTDENT_WITH_BLANK_PENALTY = 17;
const RELATIVE_DEDENT_PENALTY = 23;
const RELATIVE_DEDENT_WITH_BLANK_PENALTY = 17;
const INDENT_WEIGHT = 60;
const INDENT_HEURISTIC_MAX_SLIDING = 100;

/** One side of a diff: its lines (with terminators), interned ids, and which lines changed. */
export interface DiffSide {
  lines: string[];
  ids: number[];
  /** changed[i] for 0 <= i < lines.length; reads outside the range are "unchanged" like xdiff's sentinels. */
  changed: Uint8Array;
}

function isChanged(side: DiffSide, index: number): boolean {
  return index >= 0 && index < side.lines.length && side.changed[index] === 1;
}

/** xdiff's get_indent(): columns of leading whitespace, -1 for a whitespace-only line. */
function indentOf(line: string): number {
  let ret = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c !== ' ' && c !== '\t' && c !== '\n' && c !== '\r') return ret;
    if (c === ' ') ret += 1;
    else if (c === '\t') ret += 8 - (ret % 8);
    if (ret >= MAX_INDENT) return MAX_INDENT;
  }
  return -1;
}

interface SplitMeasurement {
  endOfFile: boolean;
  indent: number;
  preBlank: number;
  preIndent: number;
  postBlank: number;
  postIndent: number;
}

function measureSplit(side: DiffSide, split: number): SplitMeasurement {
  const count = side.lines.length;
  const m: SplitMeasurement = { endOfFile: false, indent: -1, preBlank: 0, preIndent: -1, postBlank: 0, postIndent: -1 };
  if (split >= count) m.endOfFile = true;
  else m.indent = indentOf(side.lines[split]);
  for (let i = split - 1; i >= 0; i--) {
    m.preIndent = indentOf(side.lines[i]);
    if (m.preIndent !== -1) break;
    m.preBlank += 1;
    if (m.preBlank === MAX_BLANKS) {
      m.preIndent = 0;
      break;
    }
  }
  for (let i = split + 1; i < count; i++) {
    m.postIndent = indentOf(side.lines[i]);
    if (m.postIndent !== -1) break;
    m.postBlank += 1;
    if (m.postBlank === MAX_BLANKS) {
      m.postIndent = 0;
      break;
    }
  }
  return m;
}

interface SplitScore {
  effectiveIndent: number;
  penalty: number;
}

function scoreAddSplit(m: SplitMeasurement, s: SplitScore): void {
  if (m.preIndent === -1 && m.preBlank === 0) s.penalty += START_OF_FILE_PENALTY;
  if (m.endOfFile) s.penalty += END_OF_FILE_PENALTY;
  const postBlank = m.indent === -1 ? 1 + m.postBlank : 0;
  const totalBlank = m.preBlank + postBlank;
  s.penalty += TOTAL_BLANK_WEIGHT * totalBlank;
  s.penalty += POST_BLANK_WEIGHT * postBlank;
  const indent = m.indent !== -1 ? m.indent : m.postIndent;
  const anyBlanks = totalBlank !== 0;
  s.effectiveIndent += indent;
  if (indent === -1 || m.preIndent === -1) {
    // no adjustment
  } else if (indent > m.preIndent) {
    s.penalty += anyBlanks ? RELATIVE_INDENT_WITH_BLANK_PENALTY : RELATIVE_INDENT_PENALTY;
  } else if (indent === m.preIndent) {
    // no adjustment
  } else if (m.postIndent !== -1 && m.postIndent > indent) {
    s.penalty += anyBlanks ? RELATIVE_OUTDENT_WITH_BLANK_PENALTY : RELATIVE_OUTDENT_PENALTY;
  } else {
    s.penalty += anyBlanks ? RELATIVE_DEDENT_WITH_BLANK_PENALTY : RELATIVE_DEDENT_PENALTY;
  }
}

function scoreCompare(a: SplitScore, b: SplitScore): number {
  const cmpIndents = Number(a.effectiveIndent > b.effectiveIndent) - Number(a.effectiveIndent < b.effectiveIndent);
  return INDENT_WEIGHT * cmpIndents + (a.penalty - b.penalty);
}

interface Group {
  start: number;
  end: number;
}

function groupInit(side: DiffSide): Group {
  const g = { start: 0, end: 0 };
  while (isChanged(side, g.end)) g.end++;
  return g;
}

function groupNext(side: DiffSide, g: Group): boolean {
  if (g.end === side.lines.length) return false;
  g.start = g.end + 1;
  for (g.end = g.start; isChanged(side, g.end); g.end++);
  return true;
}

function groupPrevious(side: DiffSide, g: Group): boolean {
  if (g.start === 0) return false;
  g.end = g.start - 1;
  for (g.start = g.end; isChanged(side, g.start - 1); g.start--);
  return true;
}

function groupSlideDown(side: DiffSide, g: Group): boolean {
  if (g.end < side.lines.length && side.ids[g.start] === side.ids[g.end]) {
    side.changed[g.start++] = 0;
    side.changed[g.end++] = 1;
    while (isChanged(side, g.end)) g.end++;
    return true;
  }
  return false;
}

function groupSlideUp(side: DiffSide, g: Group): boolean {
  if (g.start > 0 && side.ids[g.start - 1] === side.ids[g.end - 1]) {
    side.changed[--g.start] = 1;
    side.changed[--g.end] = 0;
    while (isChanged(side, g.start - 1)) g.start--;
    return true;
  }
  return false;
}

function syncBroken(where: string): never {
  throw new Error(`internal error: diff group sync broken ${where}`);
}

/** Slides the changed groups of `side` (against `other`) the way git does; mutates `side.changed`. */
export function compactChanges(side: DiffSide, other: DiffSide): void {
  const g = groupInit(side);
  const go = groupInit(other);
  for (;;) {
    if (g.end !== g.start) {
      let groupSize: number;
      let earliestEnd: number;
      let endMatchingOther: number;
      do {
        groupSize = g.end - g.start;
        endMatchingOther = -1;
        while (groupSlideUp(side, g)) if (!groupPrevious(other, go)) syncBroken('sliding up');
        earliestEnd = g.end;
        if (go.end > go.start) endMatchingOther = g.end;
        for (;;) {
          if (!groupSlideDown(side, g)) break;
          if (!groupNext(other, go)) syncBroken('sliding down');
          if (go.end > go.start) endMatchingOther = g.end;
        }
      } while (groupSize !== g.end - g.start);

      if (g.end === earliestEnd) {
        // no shifting was possible
      } else if (endMatchingOther !== -1) {
        while (go.end === go.start) {
          if (!groupSlideUp(side, g)) syncBroken('match disappeared');
          if (!groupPrevious(other, go)) syncBroken('sliding to match');
        }
      } else {
        let shift = earliestEnd;
        if (g.end - groupSize - 1 > shift) shift = g.end - groupSize - 1;
        if (g.end - INDENT_HEURISTIC_MAX_SLIDING > shift) shift = g.end - INDENT_HEURISTIC_MAX_SLIDING;
        let bestShift = -1;
        let bestScore: SplitScore = { effectiveIndent: 0, penalty: 0 };
        for (; shift <= g.end; shift++) {
          const score: SplitScore = { effectiveIndent: 0, penalty: 0 };
          scoreAddSplit(measureSplit(side, shift), score);
          scoreAddSplit(measureSplit(side, shift - groupSize), score);
          if (bestShift === -1 || scoreCompare(score, bestScore) <= 0) {
            bestScore = score;
            bestShift = shift;
          }
        }
        while (g.end > bestShift) {
          if (!groupSlideUp(side, g)) syncBroken('best shift unreached');
          if (!groupPrevious(other, go)) syncBroken('sliding to blank line');
        }
      }
    }
    if (!groupNext(side, g)) break;
    if (!groupNext(other, go)) syncBroken('moving to next group');
  }
}
