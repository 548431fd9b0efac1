// What each file of a tree holds, named by content: in a git work tree, the index's blob id for a file
// git reports unmodified (one `git ls-files -s` and one `git diff-files`, which compares the index's
// stat data with the work tree); otherwise a hash of the bytes the analysis would read. Two runs that
// see the same name for a path saw the same bytes.
import crypto from 'node:crypto';
import { gitAsync, isGitTopLevel } from '../util/git.js';
import { Interrupted } from '../errors.js';
import { readTreeFile } from '../util/fs.js';

/** Index records: "TAG MODE OBJECT STAGE<TAB>PATH"; TAG 'H' is a plain cached file (lowercase: assume-unchanged). */
const INDEX_RECORD = /^H (10(?:0644|0755)) ([0-9a-f]{40,64}) 0\t([\s\S]*)$/;

export class TreeContent {
  private readonly keys = new Map<string, string | null>();

  private constructor(
    readonly tree: string,
    /** Blob ids of tracked regular files whose work-tree copy git reports unmodified. */
    private readonly cleanBlobs: Map<string, string>,
    /** Tracked paths git does not vouch for: modified, deleted, unmerged, skip-worktree, links. */
    readonly untrustedPaths: readonly string[],
    /** false when git gave no index (not a work tree's top level, git missing or failing): everything is hashed. */
    readonly indexed: boolean,
    private readonly overlay?: Map<string, Buffer | null>,
  ) {}

  /** The content of TREE (a realpath). `overlay`: files whose content replaces the tree's. */
  static async of(tree: string, overlay?: Map<string, Buffer | null>): Promise<TreeContent> {
    const index = await indexOf(tree);
    return new TreeContent(tree, index.clean, index.untrusted, index.indexed, overlay);
  }

  /** Tracked paths whose work-tree copy git reports unmodified. */
  cleanPaths(): Iterable<string> {
    return this.cleanBlobs.keys();
  }

  /** The index blob id of REL when git vouches that the work tree holds it unchanged (the overlay aside), else undefined. */
  cleanBlob(rel: string): string | undefined {
    return this.cleanBlobs.get(rel);
  }

  /** A name for REL's content as the analysis reads it now (null: it reads nothing there). */
  keyOf(rel: string): string | null {
    if (!this.keys.has(rel)) this.keys.set(rel, this.keyOfBytes(rel, () => (this.overlay?.has(rel) ? this.overlay.get(rel)! : readTreeFile(this.tree, rel))));
    return this.keys.get(rel)!;
  }

  /** The name of BYTES read at REL: the blob id when git vouches for the file, else their hash. */
  keyOfBytes(rel: string, bytes: Buffer | null | (() => Buffer | null)): string | null {
    const blob = this.overlay?.has(rel) ? undefined : this.cleanBlobs.get(rel);
    if (blob) return `g:${blob}`;
    const read = typeof bytes === 'function' ? bytes() : bytes;
    return read ? `w:${crypto.createHash('sha256').update(read).digest('hex')}` : null;
  }
}

async function indexOf(tree: string): Promise<{ clean: Map<string, string>; untrusted: string[]; indexed: boolean }> {
  const blobs = new Map<string, string>();
  const untrusted = new Set<string>();
  const none = { clean: new Map<string, string>(), untrusted: [], indexed: false };
  try {
    if (!isGitTopLevel(tree)) return none;
    const [listed, modified] = await Promise.all([gitAsync(tree, ['ls-files', '-z', '-v', '-s', '--cached']), gitAsync(tree, ['diff-files', '--name-only', '-z'])]);
    if (listed.status !== 0 || modified.status !== 0) return none;
    for (const record of listed.stdout.toString('utf8').split('\0')) {
      if (!record) continue;
      const match = INDEX_RECORD.exec(record);
      if (match) blobs.set(match[3], match[2]);
      else untrusted.add(record.slice(record.indexOf('\t') + 1));
    }
    for (const path of modified.stdout.toString('utf8').split('\0')) if (path) untrusted.add(path);
    // A path with several entries (a merge in progress) or any other tag is hashed, never trusted.
    for (const path of untrusted) blobs.delete(path);
  } catch (error) {
    // Without an index everything is hashed: slower, never wrong. A Ctrl-C still stops the run.
    if (error instanceof Interrupted) throw error;
    return none;
  }
  return { clean: blobs, untrusted: [...untrusted].sort(), indexed: true };
}
