// One file's `diff --git` section, byte for byte as `git format-patch` prints it: header, index
// line with real blob ids, hunks with 3 lines of context and git's function-name text. File bytes
// are carried through Latin-1 (one char per byte), so every byte of the file survives unchanged.

import type { FileChange } from '../series/model.js';
import { gitBlobId, NULL_OBJECT_ID } from './blob.js';
import { funcnameMatcher } from './funcname.js';
import { quotePathBytes } from './git-text.js';
import { diffLineBuffers, type LineDiff, type LineEdit } from './line-diff.js';

export const FILE_MODE = '100644';
/** Abbreviated blob id length: what linux.git's own size makes git choose (its core.abbrev is auto). */
export const DEFAULT_ABBREV = 12;
const CONTEXT_LINES = 3;
const NO_NEWLINE_MARKER = '\n\\ No newline at end of file\n';

export interface DiffOptions {
  /** Hex digits of the blob ids on the `index` line, 7..40 (default 12; 40 is `--full-index`). */
  abbrev?: number;
  /** The file's git diff driver (`git check-attr diff`), e.g. "cpp" for kernel C; null: git's default. */
  diffDriver?: string | null;
}

/** A change after checks: both sides as buffers (empty for a missing side) and its line diff. */
export interface AnalyzedChange {
  change: FileChange;
  before: Buffer;
  after: Buffer;
  lineDiff: LineDiff;
}

/** A path git can carry in a patch and apply inside the tree: relative, no '.', '..', '.git' or empty parts. */
export function checkPatchPath(path: string): void {
  const parts = path.split('/');
  const bad = path.includes('\0') || path.startsWith('/') ||
    parts.some((part) => part === '' || part === '.' || part === '..' || part.toLowerCase() === '.git');
  if (bad) throw new Error(`not a path inside the tree: ${JSON.stringify(path)}`);
}

/** Rejects what this renderer cannot express as a text patch, with a message naming the file. */
export function analyzeChange(change: FileChange): AnalyzedChange {
  const { before, after } = checkChange(change);
  return { change, before, after, lineDiff: diffLineBuffers(before, after) };
}

/** analyzeChange's checks alone, without the line diff: both sides as buffers (empty for a missing side). */
export function checkChange(change: FileChange): { before: Buffer; after: Buffer } {
  checkPatchPath(change.path);
  if (change.before === null && change.after === null) {
    throw new Error(`${change.path}: a change needs old or new content (both are missing)`);
  }
  const before = change.before ?? Buffer.alloc(0);
  const after = change.after ?? Buffer.alloc(0);
  for (const [side, bytes] of [['old', before], ['new', after]] as const) {
    // git's binary check: a NUL in the first 8000 bytes; format-patch would then emit a binary patch.
    if (bytes.subarray(0, 8000).includes(0)) {
      throw new Error(`${change.path}: the ${side} content is binary (contains NUL bytes); binary patches are not supported`);
    }
  }
  return { before, after };
}

/** True when the change alters nothing git would show (same bytes, same existence). */
export function isNoOp(change: FileChange): boolean {
  if ((change.before === null) !== (change.after === null)) return false;
  return change.before !== null && change.after !== null && change.before.equals(change.after);
}

function abbreviate(id: string, abbrev: number): string {
  return id.slice(0, abbrev);
}

function checkAbbrev(abbrev: number): number {
  if (!Number.isInteger(abbrev) || abbrev < 4 || abbrev > 40) {
    throw new Error(`abbrev must be an integer from 4 to 40 (got ${abbrev})`);
  }
  return abbrev;
}

/** Groups edits into hunks the way xdl_get_hunk does: gaps of up to 2*context lines merge. */
function groupHunks(edits: LineEdit[]): LineEdit[][] {
  const hunks: LineEdit[][] = [];
  for (const edit of edits) {
    const current = hunks[hunks.length - 1];
    const previous = current?.[current.length - 1];
    if (previous && edit.oldStart - (previous.oldStart + previous.oldCount) <= 2 * CONTEXT_LINES) current.push(edit);
    else hunks.push([edit]);
  }
  return hunks;
}

/** xdl_emit_hunk_hdr's range: "start,count", ",1" omitted, start-1 for an empty range. */
function hunkRange(start: number, count: number): string {
  const shown = count === 0 ? start - 1 : start;
  return count === 1 ? `${shown}` : `${shown},${count}`;
}

function emitLine(prefix: string, line: string): string {
  return prefix + line + (line.endsWith('\n') ? '' : NO_NEWLINE_MARKER);
}

/** The hunks (xdl_emit_diff), as Latin-1 text. */
function formatHunks(lineDiff: LineDiff, diffDriver: string | null | undefined): string {
  const { oldLines, newLines } = lineDiff;
  const matcher = funcnameMatcher(diffDriver);
  let funcLine = '';
  let funcSearchLimit = -1;
  let out = '';
  for (const hunk of groupHunks(lineDiff.edits)) {
    const first = hunk[0];
    const last = hunk[hunk.length - 1];
    const s1 = Math.max(first.oldStart - CONTEXT_LINES, 0);
    const s2 = Math.max(first.newStart - CONTEXT_LINES, 0);
    const postContext = Math.min(
      CONTEXT_LINES,
      oldLines.length - (last.oldStart + last.oldCount),
      newLines.length - (last.newStart + last.newCount),
    );
    const e1 = last.oldStart + last.oldCount + postContext;
    const e2 = last.newStart + last.newCount + postContext;

    // get_func_line: search back from the line before the hunk, stopping where the last search began;
    // when nothing is found the previous hunk's text stays (as in git).
    for (let line = s1 - 1; line !== funcSearchLimit && line >= 0 && line < oldLines.length; line--) {
      const found = matcher(oldLines[line]);
      if (found !== null) {
        funcLine = found;
        break;
      }
    }
    funcSearchLimit = s1 - 1;

    out += `@@ -${hunkRange(s1 + 1, e1 - s1)} +${hunkRange(s2 + 1, e2 - s2)} @@${funcLine ? ' ' + funcLine : ''}\n`;
    let newIndex = s2;
    for (const edit of hunk) {
      for (; newIndex < edit.newStart; newIndex++) out += emitLine(' ', newLines[newIndex]);
      for (let i = edit.oldStart; i < edit.oldStart + edit.oldCount; i++) out += emitLine('-', oldLines[i]);
      for (let i = edit.newStart; i < edit.newStart + edit.newCount; i++) out += emitLine('+', newLines[i]);
      newIndex = edit.newStart + edit.newCount;
    }
    for (; newIndex < e2; newIndex++) out += emitLine(' ', newLines[newIndex]);
  }
  return out;
}

/** The `diff --git` section for an analyzed change (empty for a no-op change). */
export function formatFileDiff(analyzed: AnalyzedChange, options: DiffOptions = {}): Buffer {
  const { change, before, after, lineDiff } = analyzed;
  if (isNoOp(change)) return Buffer.alloc(0);
  const abbrev = checkAbbrev(options.abbrev ?? DEFAULT_ABBREV);
  const pathBytes = Buffer.from(change.path, 'utf8');
  const oldName = quotePathBytes(pathBytes, 'a/');
  const newName = quotePathBytes(pathBytes, 'b/');
  const oldId = change.before === null ? NULL_OBJECT_ID : gitBlobId(before);
  const newId = change.after === null ? NULL_OBJECT_ID : gitBlobId(after);

  let header = `diff --git ${oldName} ${newName}\n`;
  if (change.before === null) header += `new file mode ${FILE_MODE}\n`;
  if (change.after === null) header += `deleted file mode ${FILE_MODE}\n`;
  header += `index ${abbreviate(oldId, abbrev)}..${abbreviate(newId, abbrev)}`;
  header += change.before !== null && change.after !== null ? ` ${FILE_MODE}\n` : '\n';
  if (lineDiff.edits.length === 0) return Buffer.from(header, 'latin1'); // created or deleted empty file

  const oldLabel = change.before === null ? '/dev/null' : oldName;
  const newLabel = change.after === null ? '/dev/null' : newName;
  header += `--- ${oldLabel}${oldLabel.includes(' ') ? '\t' : ''}\n`;
  header += `+++ ${newLabel}${newLabel.includes(' ') ? '\t' : ''}\n`;
  return Buffer.from(header + formatHunks(lineDiff, options.diffDriver), 'latin1');
}

/** The `diff --git` section of one file change, as git format-patch prints it. */
export function fileDiff(change: FileChange, options: DiffOptions = {}): Buffer {
  return formatFileDiff(analyzeChange(change), options);
}
