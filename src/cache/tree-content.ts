// What each file of a tree holds, named by content: in a git work tree, the index's blob id for a file
// git reports unmodified (one `git ls-files -s` and one `git diff-files`, which compares the index's
// stat data with the work tree); otherwise a hash of the bytes the analysis would read. Two runs that
// see the same name for a path saw the same bytes. The index's own checksum names the whole index: a
// warm run that finds the index of an earlier run needs only `git diff-files`.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { gitAsync, isGitTopLevel } from '../util/git.js';
import { Interrupted } from '../errors.js';
import { readTreeFile } from '../util/fs.js';
import { IndexListing } from './index-listing.js';

/** What is kept of bytes read before the index was listed: enough to name them either way. */
export interface ReadDigests {
  sha256: string;
  blobSha1: string;
  blobSha256: string;
}

/** git's object id of BYTES as a blob. */
export function gitBlobId(bytes: Buffer, algorithm: 'sha1' | 'sha256'): string {
  return crypto.createHash(algorithm).update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

/** The digests keyOfDigest needs of BYTES. */
export function readDigests(bytes: Buffer): ReadDigests {
  return { sha256: crypto.createHash('sha256').update(bytes).digest('hex'), blobSha1: gitBlobId(bytes, 'sha1'), blobSha256: gitBlobId(bytes, 'sha256') };
}

export class TreeContent {
  private readonly keys = new Map<string, string | null>();
  /** The index as git listed it: read when first needed (null: not yet, or git gave none). */
  private index: IndexListing | null = null;
  private listing: Promise<void> | null = null;

  private constructor(
    readonly tree: string,
    /** What the index holds, as its own checksum names it (null: unknown, or it changed while being read). */
    public identity: string | null,
    /** Paths git reports modified (deleted, or their stat data differ from the index's). */
    readonly modified: Set<string>,
    /** false when git gave no index (not a work tree's top level, git missing or failing): everything is hashed. */
    public indexed: boolean,
    private readonly overlay?: Map<string, Buffer | null>,
  ) {}

  /**
   * The content of TREE (a realpath). `overlay`: files whose content replaces the tree's. `listing`
   * false: the index is listed only once `loadListing` is called (a warm run may never need it).
   */
  static async of(tree: string, overlay?: Map<string, Buffer | null>, options: { listing?: boolean } = {}): Promise<TreeContent> {
    try {
      if (!isGitTopLevel(tree)) return new TreeContent(tree, null, new Set(), false, overlay);
      const before = indexIdentity(tree);
      const content = new TreeContent(tree, before, new Set(), true, overlay);
      const listed = options.listing === false ? null : content.loadListing();
      const modified = await gitAsync(tree, ['diff-files', '--name-only', '-z']);
      if (modified.status !== 0) return new TreeContent(tree, null, new Set(), false, overlay);
      for (const rel of modified.stdout.toString('utf8').split('\0')) if (rel) content.modified.add(rel);
      if (indexIdentity(tree) !== before) content.identity = null;
      await listed;
      return content;
    } catch (error) {
      // Without an index everything is hashed: slower, never wrong. A Ctrl-C still stops the run.
      if (error instanceof Interrupted) throw error;
      return new TreeContent(tree, null, new Set(), false, overlay);
    }
  }

  /** The paths git reports modified now (null: git failed): asked again after a search that read the work tree. */
  async modifiedNow(): Promise<Set<string> | null> {
    try {
      const result = await gitAsync(this.tree, ['diff-files', '--name-only', '-z']);
      return result.status === 0 ? new Set(result.stdout.toString('utf8').split('\0').filter(Boolean)) : null;
    } catch (error) {
      if (error instanceof Interrupted) throw error;
      return null;
    }
  }

  /** Whether the index listing is read (the methods below that name blobs need it). */
  get listed(): boolean {
    return this.index !== null || !this.indexed;
  }

  /** Reads the index listing (`git ls-files -s`), once. */
  loadListing(): Promise<void> {
    this.listing ??= (async () => {
      if (!this.indexed) return;
      const before = indexIdentity(this.tree);
      try {
        const listed = await gitAsync(this.tree, ['ls-files', '-z', '-v', '-s', '--cached']);
        if (listed.status === 0) this.index = new IndexListing(listed.stdout);
      } catch (error) {
        if (error instanceof Interrupted) throw error;
      }
      if (!this.index) this.indexed = false;
      if (before !== this.identity || indexIdentity(this.tree) !== before) this.identity = null;
    })();
    return this.listing;
  }

  /** How many records the index has. */
  get trackedCount(): number {
    return this.index?.count ?? 0;
  }

  /** Tracked paths git does not vouch for: modified, deleted, unmerged, skip-worktree (links git grep never reads aside). */
  get untrustedPaths(): string[] {
    const paths = new Set(this.modified);
    for (let i = 0; i < (this.index?.count ?? 0); i++) if (this.index!.plainBlob(i) === undefined && !this.index!.isLink(i)) paths.add(this.index!.path(i));
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

  /** [path, blob id of a plain record or undefined, whether it is a link] of the index's records of paths ending in one of SUFFIXES. */
  *indexedFiles(suffixes: readonly string[]): Iterable<[string, string | undefined, boolean]> {
    const index = this.index;
    for (let i = 0; i < (index?.count ?? 0); i++) if (suffixes.some((suffix) => index!.pathEndsWith(i, suffix))) yield [index!.path(i), index!.plainBlob(i), index!.isLink(i)];
  }

  /** The name of content read at REL, known by its digests (null: nothing read): as keyOfBytes names it. */
  keyOfDigest(rel: string, read: ReadDigests | null): string | null {
    const blob = this.overlay?.has(rel) ? undefined : this.cleanBlob(rel);
    if (blob && read && (blob.length === 64 ? read.blobSha256 : read.blobSha1) === blob) return `g:${blob}`;
    return read ? `w:${read.sha256}` : null;
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

  /**
   * The name of BYTES read at REL: the blob id when git vouches for the file (and, for bytes the
   * analysis read, when they are that blob: a file edited after git diff-files looked at it must not
   * be remembered under the blob the index names), else their hash.
   */
  keyOfBytes(rel: string, bytes: Buffer | null | (() => Buffer | null)): string | null {
    const blob = this.overlay?.has(rel) ? undefined : this.cleanBlob(rel);
    if (blob && typeof bytes === 'function') return `g:${blob}`;
    const read = typeof bytes === 'function' ? bytes() : bytes;
    if (blob && read && gitBlobId(read, blob.length === 64 ? 'sha256' : 'sha1') === blob) return `g:${blob}`;
    return read ? `w:${crypto.createHash('sha256').update(read).digest('hex')}` : null;
  }
}

/**
 * The checksum git keeps at the end of TREE's index (with its size): any change to the index (a file
 * staged, a branch switched, stat data refreshed) changes it. null when there is none to read: no
 * index, a .git that is a file (a linked work tree), or an index written without its checksum.
 */
export function indexIdentity(tree: string): string | null {
  let fd: number | undefined;
  try {
    fd = fs.openSync(path.join(tree, '.git', 'index'), 'r');
    const { size } = fs.fstatSync(fd);
    if (size < 64) return null;
    const tail = Buffer.alloc(32);
    fs.readSync(fd, tail, 0, 32, size - 32);
    if (tail.subarray(12).every((byte) => byte === 0)) return null;
    return `${size}:${tail.toString('hex')}`;
  } catch {
    return null;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
