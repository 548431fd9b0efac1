// A private working copy of a real kernel tree, for commands that write into the repository
// (series makes its commits in the object store): the shared trees are never touched.
// The copy shares objects with the original (git clone --shared) and hard-links its work-tree
// files: seconds instead of a 1.4 GB copy. Only read the copy's files: anything that rewrites one
// in place would change the original too (git am / make need a real checkout: cloneWithCheckout).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { git } from './git-repo.js';
import { makeTempDir } from './temp.js';

export function readOnlyKernelCopy(tree: string, prefix: string): string {
  const copy = path.join(makeTempDir(prefix), 'tree');
  git(path.dirname(copy), ['clone', '--quiet', '--shared', '--no-checkout', tree, copy]);
  const entries = fs.readdirSync(tree).filter((e) => e !== '.git').map((e) => path.join(tree, e));
  // cp -al: directories recreated, files hard-linked, symlinks copied as links.
  const cp = spawnSync('cp', ['-al', '--', ...entries, copy], { encoding: 'utf8', timeout: 600_000 });
  if (cp.status !== 0) throw new Error(`cp -al ${tree} failed: ${cp.stderr || cp.error?.message}`);
  git(copy, ['reset', '--quiet']); // index from HEAD; the linked files are the work tree
  git(copy, ['update-index', '-q', '--refresh'], { allowFailure: true });
  const dirty = git(copy, ['status', '--porcelain', '--untracked-files=no']).stdout;
  if (dirty) throw new Error(`the copy of ${tree} is not clean:\n${dirty.slice(0, 500)}`);
  return copy;
}

/**
 * A clone with its own checked-out files (slow: ~1.4 GB for Linux) and its own copy of the objects
 * (~270 MB), for git am and make. Not --shared, and no hard links: a commit in a clone that borrows
 * the tree's objects "freshens" (sets the mtime of) the tree's pack for every object it finds there.
 */
export function cloneWithCheckout(tree: string, prefix: string): string {
  const copy = path.join(makeTempDir(prefix), 'tree');
  git(path.dirname(copy), ['clone', '--quiet', '--no-hardlinks', tree, copy], { timeoutMs: 1_800_000 });
  return copy;
}
