// Line-level edit script between two byte buffers, as git's xdiff would report it: lines are the
// bytes up to and including '\n' (a CR stays part of its line), jsdiff finds the changed lines and
// git's compaction then places each changed group where git places it.

import { diffArrays } from 'diff';
import { compactChanges, type DiffSide } from './xdiff-compact.js';

/** One change: `oldCount` lines at `oldStart` replaced by `newCount` lines at `newStart` (0-based). */
export interface LineEdit {
  oldStart: number;
  oldCount: number;
  newStart: number;
  newCount: number;
}

export interface LineDiff {
  /** Lines decoded as Latin-1 (one char per byte), each with its '\n' except perhaps the last. */
  oldLines: string[];
  newLines: string[];
  edits: LineEdit[];
  added: number;
  deleted: number;
}

/** Splits Latin-1 text into lines that keep their '\n' (and any CR before it). */
export function splitLines(text: string): string[] {
  const lines: string[] = [];
  let start = 0;
  while (start < text.length) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline + 1;
    lines.push(text.slice(start, end));
    start = end;
  }
  return lines;
}

function makeSide(lines: string[], intern: Map<string, number>): DiffSide {
  const ids = lines.map((line) => {
    let id = intern.get(line);
    if (id === undefined) {
      id = intern.size;
      intern.set(line, id);
    }
    return id;
  });
  return { lines, ids, changed: new Uint8Array(lines.length) };
}

/** Marks the changed lines of both sides from jsdiff's edit script. */
function markChanges(oldSide: DiffSide, newSide: DiffSide): void {
  let oldIndex = 0;
  let newIndex = 0;
  for (const part of diffArrays(oldSide.ids, newSide.ids)) {
    const count = part.value.length;
    if (part.removed) for (let i = 0; i < count; i++) oldSide.changed[oldIndex++] = 1;
    else if (part.added) for (let i = 0; i < count; i++) newSide.changed[newIndex++] = 1;
    else {
      oldIndex += count;
      newIndex += count;
    }
  }
}

/** Groups the changed lines into edits (xdl_build_script): unchanged lines pair up in order. */
function buildEdits(oldSide: DiffSide, newSide: DiffSide): LineEdit[] {
  const edits: LineEdit[] = [];
  let i1 = 0;
  let i2 = 0;
  const n1 = oldSide.lines.length;
  const n2 = newSide.lines.length;
  while (i1 < n1 || i2 < n2) {
    if ((i1 < n1 && oldSide.changed[i1]) || (i2 < n2 && newSide.changed[i2])) {
      const edit: LineEdit = { oldStart: i1, oldCount: 0, newStart: i2, newCount: 0 };
      while (i1 < n1 && oldSide.changed[i1]) {
        i1++;
        edit.oldCount++;
      }
      while (i2 < n2 && newSide.changed[i2]) {
        i2++;
        edit.newCount++;
      }
      edits.push(edit);
    } else {
      i1++;
      i2++;
    }
  }
  return edits;
}

/** The edit script git would print between `before` and `after` (each may be empty). */
export function diffLineBuffers(before: Buffer, after: Buffer): LineDiff {
  const intern = new Map<string, number>();
  const oldSide = makeSide(splitLines(before.toString('latin1')), intern);
  const newSide = makeSide(splitLines(after.toString('latin1')), intern);
  markChanges(oldSide, newSide);
  compactChanges(oldSide, newSide);
  compactChanges(newSide, oldSide);
  const edits = buildEdits(oldSide, newSide);
  let added = 0;
  let deleted = 0;
  for (const edit of edits) {
    added += edit.newCount;
    deleted += edit.oldCount;
  }
  return { oldLines: oldSide.lines, newLines: newSide.lines, edits, added, deleted };
}
