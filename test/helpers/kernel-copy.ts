// A private clone of a real kernel tree with its own checkout and objects, for what writes (git am,
// make): the shared trees are never touched. Commands that only read a tree (plan, series, check) run
// on the shared trees themselves; test/kernel/series.kernel.test.ts checks they leave them as they were.
import path from 'node:path';
import { git } from './git-repo.js';
import { makeTempDir } from './temp.js';

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
