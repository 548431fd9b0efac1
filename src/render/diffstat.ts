// git's `--stat --summary` block as format-patch prints it (diff.c show_stats, width 72):
// " path | 4 ++--" lines, the "N files changed" line, then " create mode"/" delete mode" lines.

import type { FileChange } from '../series/model.js';
import { analyzeChange, FILE_MODE, isNoOp, type AnalyzedChange } from './diff.js';
import { charWidth, quotePathBytes, stringWidth } from './git-text.js';

/** format-patch's stat width (MAIL_DEFAULT_WRAP). */
const STAT_WIDTH = 72;

/** git's diff queue order: paths compared as bytes (equal to its tree order for full paths). */
export function comparePaths(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

function scaleLinear(it: number, width: number, maxChange: number): number {
  if (!it) return 0;
  // at least one '+' or '-' for any change: scale to width-1, then add 1
  return 1 + Math.floor((it * (width - 1)) / maxChange);
}

/** Drops leading display columns from `name` until it is at most `width` wide (utf8_width steps). */
function dropLeadingColumns(name: string, width: number): string {
  const chars = Array.from(name);
  let nameWidth = stringWidth(name);
  let index = 0;
  while (nameWidth > width && index < chars.length) nameWidth -= charWidth(chars[index++].codePointAt(0)!);
  return chars.slice(index).join('');
}

function summaryLine(files: number, insertions: number, deletions: number): string {
  if (files === 0) return ' 0 files changed\n';
  let line = files === 1 ? ` ${files} file changed` : ` ${files} files changed`;
  if (insertions || deletions === 0) line += insertions === 1 ? `, ${insertions} insertion(+)` : `, ${insertions} insertions(+)`;
  if (deletions || insertions === 0) line += deletions === 1 ? `, ${deletions} deletion(-)` : `, ${deletions} deletions(-)`;
  return line + '\n';
}

/** The stat block for analyzed, path-sorted changes (no-op changes are left out, like git). */
export function formatDiffstat(analyzedChanges: AnalyzedChange[]): string {
  const shown = analyzedChanges.filter((a) => !isNoOp(a.change));
  if (shown.length === 0) return '';
  const rows = shown.map((a) => ({
    name: quotePathBytes(Buffer.from(a.change.path, 'utf8')),
    added: a.lineDiff.added,
    deleted: a.lineDiff.deleted,
  }));
  let maxLen = 0;
  let maxChange = 0;
  for (const row of rows) {
    maxLen = Math.max(maxLen, stringWidth(row.name));
    maxChange = Math.max(maxChange, row.added + row.deleted);
  }
  let width = STAT_WIDTH;
  const numberWidth = String(maxChange).length;
  if (width < 16 + 6 + numberWidth) width = 16 + 6 + numberWidth;
  let graphWidth = maxChange;
  let nameWidth = maxLen;
  if (nameWidth + numberWidth + 6 + graphWidth > width) {
    if (graphWidth > Math.trunc((width * 3) / 8) - numberWidth - 6) {
      graphWidth = Math.trunc((width * 3) / 8) - numberWidth - 6;
      if (graphWidth < 6) graphWidth = 6;
    }
    if (nameWidth > width - numberWidth - 6 - graphWidth) nameWidth = width - numberWidth - 6 - graphWidth;
    else graphWidth = width - numberWidth - 6 - nameWidth;
  }

  let out = '';
  let insertions = 0;
  let deletions = 0;
  for (const row of rows) {
    let prefix = '';
    let name = row.name;
    let len = nameWidth;
    if (nameWidth < stringWidth(name)) {
      prefix = '...';
      len = Math.max(len - 3, 0);
      name = dropLeadingColumns(name, len);
      const slash = name.indexOf('/');
      if (slash !== -1) name = name.slice(slash);
    }
    const padding = Math.max(len - stringWidth(name), 0);
    let add = row.added;
    let del = row.deleted;
    if (graphWidth <= maxChange) {
      let total = scaleLinear(add + del, graphWidth, maxChange);
      if (total < 2 && add && del) total = 2;
      if (add < del) {
        add = scaleLinear(add, graphWidth, maxChange);
        del = total - add;
      } else {
        del = scaleLinear(del, graphWidth, maxChange);
        add = total - del;
      }
    }
    const changes = row.added + row.deleted;
    out += ` ${prefix}${name}${' '.repeat(padding)} | ${String(changes).padStart(numberWidth)}${changes ? ' ' : ''}`;
    out += '+'.repeat(add) + '-'.repeat(del) + '\n';
    insertions += row.added;
    deletions += row.deleted;
  }
  out += summaryLine(rows.length, insertions, deletions);
  for (const a of shown) {
    const mode = a.change.before === null ? 'create' : a.change.after === null ? 'delete' : null;
    if (mode) out += ` ${mode} mode ${FILE_MODE} ${quotePathBytes(Buffer.from(a.change.path, 'utf8'))}\n`;
  }
  return out;
}

/** Sorts changes into git's diff order. */
export function sortChanges<T extends { path: string }>(changes: T[]): T[] {
  return [...changes].sort((a, b) => comparePaths(a.path, b.path));
}

/** git's ` path | 4 ++--` block, the " N files changed, ..." line and the create/delete mode lines. */
export function diffstat(changes: FileChange[]): string {
  return formatDiffstat(sortChanges(changes).map(analyzeChange));
}
