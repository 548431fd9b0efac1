// Lists a directory's .c/.h files without git: lstat semantics (readdir's file types), symlinks never
// followed, .git skipped. A symlink is reported when it leaves the tree or loops; one that stays inside
// is silently left alone (its target is listed under its own name, as git grep does).
import fs from 'node:fs';
import path from 'node:path';
import { BAD_NAME_REASON, CONTROL_NAME_REASON, escapedName, hasControlCharacter, MISSING_TARGET_REASON, NOT_REGULAR_REASON, symlinkProblem, unreadableReason, type SkippedFile } from './skips.js';

export interface WalkResult {
  /** .c/.h regular files, relative to the root with '/' separators, sorted. */
  files: string[];
  skipped: SkippedFile[];
}

export function isSourceName(name: string): boolean {
  return name.endsWith('.c') || name.endsWith('.h');
}

/** ROOT must be a realpath. Throws a one-line Error only when ROOT itself cannot be listed. */
export function walkSources(root: string): WalkResult {
  const result: WalkResult = { files: [], skipped: [] };
  // Directories already listed, by device and inode: a bind mount of an ancestor cannot loop the walk.
  const listed = new Set<string>();
  const pending: string[] = [''];
  while (pending.length > 0) {
    const dir = pending.pop() as string;
    const abs = dir ? path.join(root, dir) : root;
    let entries: fs.Dirent[];
    try {
      const stat = fs.statSync(abs);
      const identity = `${stat.dev}:${stat.ino}`;
      if (listed.has(identity)) {
        result.skipped.push({ file: `${dir}/`, reason: 'directory loop (already listed under another name)' });
        continue;
      }
      listed.add(identity);
      entries = fs.readdirSync(abs, { withFileTypes: true });
    } catch (error) {
      if (!dir) throw new Error(`cannot list ${root}: ${(error as Error).message}`);
      result.skipped.push({ file: `${dir}/`, reason: unreadableReason(error) });
      continue;
    }
    for (const entry of entries) {
      if (entry.name === '.git') continue;
      const rel = dir ? `${dir}/${entry.name}` : entry.name;
      const wanted = entry.isDirectory() || isSourceName(entry.name);
      // readdir decodes names as UTF-8; an invalid one comes back with U+FFFD and cannot be opened by it.
      if (entry.name.includes('\uFFFD')) {
        if (wanted) result.skipped.push({ file: rel, reason: BAD_NAME_REASON });
        continue;
      }
      if (hasControlCharacter(entry.name)) {
        if (wanted) result.skipped.push({ file: escapedName(rel), reason: CONTROL_NAME_REASON });
        continue;
      }
      if (entry.isDirectory()) pending.push(rel);
      else if (entry.isFile()) {
        if (isSourceName(entry.name)) result.files.push(rel);
      } else if (entry.isSymbolicLink()) {
        const problem = symlinkProblem(root, path.join(root, rel));
        // A dangling link matters only where a source file was expected.
        if (problem && (problem !== MISSING_TARGET_REASON || isSourceName(entry.name))) result.skipped.push({ file: rel, reason: problem });
      } else if (isSourceName(entry.name)) {
        result.skipped.push({ file: rel, reason: NOT_REGULAR_REASON });
      }
    }
  }
  result.files.sort();
  return result;
}

/** The .c/.h files below DIR of TREE, tree-relative; none when DIR is missing or outside the tree. */
export function sourcesBelow(tree: string, dir: string): string[] {
  let root: string;
  try {
    root = fs.realpathSync(path.join(tree, dir));
    if (path.relative(fs.realpathSync(tree), root).startsWith('..')) return [];
    const prefix = dir === '.' || dir === '' ? '' : `${dir.replace(/\/$/, '')}/`;
    return walkSources(root).files.map((f) => prefix + f);
  } catch {
    return [];
  }
}
