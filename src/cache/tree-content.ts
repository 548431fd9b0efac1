// What each file of a tree holds, named by content: in a git work tree, the index's blob id for a file
// git reports unmodified (one `git ls-files -s` and one `git diff-files`, which compares the index's
// stat data with the work tree); otherwise a hash of the bytes the analysis would read. Two runs that
// see the same name for a path saw the same bytes.
import crypto from 'node:crypto';
import { gitAsync, isGitTopLevel } from '../util/git.js';
import { Interrupted } from '../errors.js';
import { readTreeFile } from '../util/fs.js';
import { IndexListing } from './index-listing.js';

export class TreeContent {
  private readonly keys = new Map<string, string | null>();

  private constructor(
    readonly tree: string,
    /** The index as git listed it (null: no index). */
    private readonly index: IndexListing | null,
    /** Paths git reports modified (deleted, or their stat data differ from the index's). */
    private readonly modified: Set<string>,
    /** false when git gave no index (not a work tree's top level, git missing or failing): everything is hashed. */
    readonly indexed: boolean,
    private readonly overlay?: Map<string, Buffer | null>,
  ) {}

  /** The content of TREE (a realpath). `overlay`: files whose content replaces the tree's. */
  static async of(tree: string, overlay?: Map<string, Buffer | null>): Promise<TreeContent> {
    const index = await indexOf(tree);
    return new TreeContent(tree, index.listing, index.modified, index.listing !== null, overlay);
  }

  /** How many records the index has. */
  get trackedCount(): number {
    return this.index?.count ?? 0;
  }

  /** Tracked paths git does not vouch for: modified, deleted, unmerged, skip-worktree, links. */
  get untrustedPaths(): string[] {
    const paths = new Set(this.modified);
    for (let i = 0; i < (this.index?.count ?? 0); i++) if (this.index!.plainBlob(i) === undefined) paths.add(this.index!.path(i));
    return [...paths].sort();
  }

  /** [path, blob id] of the tracked files ending in one of SUFFIXES whose work-tree copy git reports unmodified. */
  *cleanFiles(suffixes: readonly string[]): Iterable<[string, string]> {
    const index = this.index;
    for (let i = 0; i < (index?.count ?? 0); i++) {
      if (!suffixes.some((suffix) => index!.pathEndsWith(i, suffix))) continue;
      const blob = index!.plainBlob(i);
      if (blob === undefined) continue;
      const path = index!.path(i);
      if (!this.modified.has(path)) yield [path, blob];
    }
  }

  /** The index's records of paths ending in one of SUFFIXES, as `git ls-files -v -s` prints them (UTF-8). */
  *recordsOf(suffixes: readonly string[]): Iterable<string> {
    const index = this.index;
    for (let i = 0; i < (index?.count ?? 0); i++) if (suffixes.some((suffix) => index!.pathEndsWith(i, suffix))) yield index!.record(i);
  }

  /** The paths of PATHS (latin1 of their bytes, byte order) that git would list as untracked. */
  untrackedAmong(paths: readonly string[]): string[] {
    return this.index ? this.index.untrackedAmong(paths) : [...paths];
  }

  /** Whether the index holds DIR (latin1 of its bytes) as a submodule (a gitlink). */
  isGitlink(dir: string): boolean {
    const i = this.index ? this.index.find(Buffer.from(dir, 'latin1')) : -1;
    return i !== -1 && this.index!.record(i).slice(2, 9) === '160000 ';
  }

  /** The index blob id of REL when git vouches that the work tree holds it unchanged (the overlay aside), else undefined. */
  cleanBlob(rel: string): string | undefined {
    const i = this.index && !this.modified.has(rel) ? this.index.find(rel) : -1;
    return i === -1 ? undefined : this.index!.plainBlob(i);
  }

  /** A name for REL's content as the analysis reads it now (null: it reads nothing there). */
  keyOf(rel: string): string | null {
    if (!this.keys.has(rel)) this.keys.set(rel, this.keyOfBytes(rel, () => (this.overlay?.has(rel) ? this.overlay.get(rel)! : readTreeFile(this.tree, rel))));
    return this.keys.get(rel)!;
  }

  /** The name of BYTES read at REL: the blob id when git vouches for the file, else their hash. */
  keyOfBytes(rel: string, bytes: Buffer | null | (() => Buffer | null)): string | null {
    const blob = this.overlay?.has(rel) ? undefined : this.cleanBlob(rel);
    if (blob) return `g:${blob}`;
    const read = typeof bytes === 'function' ? bytes() : bytes;
    return read ? `w:${crypto.createHash('sha256').update(read).digest('hex')}` : null;
  }
}

async function indexOf(tree: string): Promise<{ listing: IndexListing | null; modified: Set<string> }> {
  const none = { listing: null, modified: new Set<string>() };
  try {
    if (!isGitTopLevel(tree)) return none;
    const [listed, modified] = await Promise.all([gitAsync(tree, ['ls-files', '-z', '-v', '-s', '--cached']), gitAsync(tree, ['diff-files', '--name-only', '-z'])]);
    if (listed.status !== 0 || modified.status !== 0) return none;
    return { listing: new IndexListing(listed.stdout), modified: new Set(modified.stdout.toString('utf8').split('\0').filter(Boolean)) };
  } catch (error) {
    // Without an index everything is hashed: slower, never wrong. A Ctrl-C still stops the run.
    if (error instanceof Interrupted) throw error;
    return none;
  }
}
