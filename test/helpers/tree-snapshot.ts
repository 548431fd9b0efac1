// What a run must leave as it was: every entry of a tree by its bytes (a repository's .git by what the
// user sees of it), and the patches of a series directory read back per file.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { git } from './git-repo.js';

export type Snapshot = Map<string, string>;

/**
 * Every entry below DIR as "kind:content": files by bytes, symlinks by target. A repository's .git is
 * summed up by what the user sees of it (gitState): series adds unreferenced objects there by design.
 */
export function snapshot(dir: string, rel = '', into: Snapshot = new Map()): Snapshot {
  if (!rel && fs.existsSync(path.join(dir, '.git'))) into.set('.git', gitState(dir));
  for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const child = rel ? `${rel}/${entry.name}` : entry.name;
    if (child === '.git') continue;
    const abs = path.join(dir, child);
    if (entry.isSymbolicLink()) into.set(child, `link:${fs.readlinkSync(abs)}`);
    else if (entry.isDirectory()) {
      into.set(child, 'dir');
      snapshot(dir, child, into);
    } else if (entry.isFile()) into.set(child, `file:${fs.readFileSync(abs).toString('base64')}`);
    else into.set(child, 'other');
  }
  return into;
}

/** HEAD, every ref, the index and the stash: what a command must not change in the user's repository. */
function gitState(repo: string): string {
  const refs = git(repo, ['for-each-ref', '--format=%(refname) %(objectname)']).stdout;
  const head = git(repo, ['symbolic-ref', '--quiet', 'HEAD'], { allowFailure: true }).stdout + git(repo, ['rev-parse', 'HEAD']).stdout;
  const index = fs.readFileSync(path.join(repo, '.git', 'index')).toString('base64');
  return `git:${head}\n${refs}\n${index}`;
}

export function assertUnchanged(tree: string, before: Snapshot, what: string): void {
  const after = snapshot(tree);
  const changed = [...new Set([...before.keys(), ...after.keys()])].filter((k) => before.get(k) !== after.get(k));
  assert.deepEqual(changed, [], `${what} changed the user's tree`);
}

/** The numbered patches of a series directory, cover letter included. */
export function patchFiles(dir: string): string[] {
  return fs.readdirSync(dir).filter((f) => /^\d{4}-.*\.patch$/.test(f)).sort();
}

/** The diffs of FILE in the patches of a series directory, one per patch that changes it. */
export function diffsOf(dir: string, file: string): string[] {
  const diffs: string[] = [];
  for (const name of patchFiles(dir).filter((f) => !f.startsWith('0000-'))) {
    const text = fs.readFileSync(path.join(dir, name), 'latin1');
    const start = text.indexOf(`diff --git a/${file} b/${file}\n`);
    if (start === -1) continue;
    const next = text.slice(start + 1).search(/^(diff --git |-- $)/m);
    diffs.push(next === -1 ? text.slice(start) : text.slice(start, start + 1 + next));
  }
  return diffs;
}
