// The bytes that go when a statement (or any byte range of code) is removed from a C file, in the
// way a kernel developer removes it: its whole line(s) with the line break when it stands alone,
// a comment closing its last line with it, and only the statement and the space before it when
// other code shares the line. Blank lines that the removal would leave doubled, right after a `{`
// or right before a `}` go too (checkpatch --strict flags each).

export interface RemovedRange {
  start: number;
  end: number;
  /** The range was whole lines (the statement stood alone on them). */
  wholeLines: boolean;
  /** A comment heading the statement went with it. */
  withComment?: boolean;
}

const BLANK = /^[ \t\f\v\r]*$/;
/** What may follow a statement on its last line and go with it: spaces, comments, a CR. */
const COMMENT_TAIL = /^[ \t]*(?:\/\*(?:[^*]|\*(?!\/))*\*\/[ \t]*)*(?:\/\/.*)?\r?$/;

export function statementRemoval(text: string, start: number, end: number): RemovedRange {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const newline = text.indexOf('\n', end);
  const contentEnd = newline === -1 ? text.length : newline;
  const before = text.slice(lineStart, start);
  const after = text.slice(end, contentEnd);
  const standsAlone = /^[ \t\f\v]*$/.test(before);
  const tailGoes = COMMENT_TAIL.test(after);

  if (standsAlone && tailGoes) {
    if (newline === -1) {
      // Last line without a final newline: the line break before it goes instead.
      let from = lineStart;
      if (from > 0) from--;
      if (from > 0 && text[from - 1] === '\r') from--;
      return { start: from, end: text.length, wholeLines: true };
    }
    const from = commentParagraphStart(text, lineStart, newline + 1);
    return { ...tidyBlankLines(text, from, newline + 1), withComment: from < lineStart };
  }
  if (standsAlone) {
    // Code follows on the same line: the statement and the spaces after it go, the indent stays.
    let to = end;
    while (to < contentEnd && (text[to] === ' ' || text[to] === '\t')) to++;
    return { start, end: to, wholeLines: false };
  }
  // Code before it on the line: the statement and the space before it go (and a trailing comment).
  let from = start;
  while (from > lineStart && (text[from - 1] === ' ' || text[from - 1] === '\t')) from--;
  const to = tailGoes ? contentEnd - (text[contentEnd - 1] === '\r' && contentEnd > end ? 1 : 0) : end;
  return { start: from, end: to, wholeLines: false };
}

const LABEL_LINE = /^[ \t]*[A-Za-z_]\w*:[ \t]*\r?$/;

/**
 * A comment on the lines right above the statement goes with it when the two stand as a paragraph
 * of their own (a blank line, a brace or a label around them): then the comment speaks of the
 * statement. Returns where the removal starts.
 */
function commentParagraphStart(text: string, lineStart: number, lineEnd: number): number {
  const below = lineAt(text, lineEnd);
  if (below !== null && !BLANK.test(below) && !/^[ \t]*\}/.test(below) && !LABEL_LINE.test(below)) return lineStart;
  let start = lineStart;
  for (;;) {
    if (start === 0) break;
    const above = text.slice(text.lastIndexOf('\n', start - 2) + 1, start - 1);
    if (/^[ \t]*\/\//.test(above)) {
      start = text.lastIndexOf('\n', start - 2) + 1;
      continue;
    }
    if (!/\*\/[ \t]*\r?$/.test(above)) break;
    const open = text.lastIndexOf('/*', start - 1);
    const openLine = text.lastIndexOf('\n', open - 1) + 1;
    if (open === -1 || !/^[ \t]*$/.test(text.slice(openLine, open))) break;
    start = openLine;
  }
  if (start === lineStart) return lineStart;
  const before = start === 0 ? null : text.slice(text.lastIndexOf('\n', start - 2) + 1, start - 1);
  const paragraphStarts = before === null || BLANK.test(before) || /\{[ \t]*\r?$/.test(before) || LABEL_LINE.test(before);
  return paragraphStarts ? start : lineStart;
}

/** The line starting at `offset` (without its line break), or null at the end of the text. */
function lineAt(text: string, offset: number): string | null {
  if (offset >= text.length) return null;
  const newline = text.indexOf('\n', offset);
  return text.slice(offset, newline === -1 ? text.length : newline);
}

/** Lines [start, end) go: also take the blank lines that would become doubled or hug a brace. */
export function tidyBlankLines(text: string, start: number, end: number): RemovedRange {
  const above = linesAbove(text, start);
  const below = linesBelow(text, end);
  const opens = above.code !== null && /\{[ \t]*\r?$/.test(above.code);
  const closes = below.code !== null && /^[ \t]*\}/.test(below.code);
  const total = above.blanks.length + below.blanks.length;
  let keep = total;
  if (total > 1) keep = Math.max(1, above.blanks.length, below.blanks.length);
  const hadBraceBlank = (opens && above.blanks.length > 0) || (closes && below.blanks.length > 0);
  if ((opens || closes) && !hadBraceBlank) keep = 0;
  let drop = total - keep;
  let from = start;
  let to = end;
  for (const line of below.blanks) {
    if (drop === 0) break;
    to = line.end;
    drop--;
  }
  for (const line of above.blanks) {
    if (drop === 0) break;
    from = line.start;
    drop--;
  }
  return { start: from, end: to, wholeLines: true };
}

interface Line {
  start: number;
  /** After its line break. */
  end: number;
}

/** Blank lines right above `offset` (a line start), nearest first, and the code line above them. */
function linesAbove(text: string, offset: number): { blanks: Line[]; code: string | null } {
  const blanks: Line[] = [];
  let end = offset;
  while (end > 0) {
    const start = text.lastIndexOf('\n', end - 2) + 1;
    const content = text.slice(start, end - 1);
    if (!BLANK.test(content)) return { blanks, code: content };
    blanks.push({ start, end });
    end = start;
  }
  return { blanks, code: null };
}

/** Blank lines right below `offset` (a line start), nearest first, and the code line below them. */
function linesBelow(text: string, offset: number): { blanks: Line[]; code: string | null } {
  const blanks: Line[] = [];
  let start = offset;
  while (start < text.length) {
    const newline = text.indexOf('\n', start);
    if (newline === -1) {
      const content = text.slice(start);
      return { blanks, code: BLANK.test(content) ? null : content };
    }
    const content = text.slice(start, newline);
    if (!BLANK.test(content)) return { blanks, code: content };
    blanks.push({ start, end: newline + 1 });
    start = newline + 1;
  }
  return { blanks, code: null };
}
