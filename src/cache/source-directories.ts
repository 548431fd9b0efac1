// Every .c/.h name in a work tree (regular files and symlinks, tracked or not), kept between runs with
// the stat data of each directory, as git's untracked cache does but in the fact cache's directory,
// never in the tree's index. A warm run stats the directories and lists again only those that changed:
// adding, removing or renaming an entry changes its directory's mtime. A directory changed within a few
// seconds of its listing (the racy case: a later change may keep the same mtime) is listed again.
// Names are kept as latin1 strings of their raw bytes: one character a byte, so JavaScript's string
// order is git's byte order.
import fs from 'node:fs';
import type { EntryStore } from './entry-store.js';

const KIND = 'dirs';
const FORMAT = 'source-directories 2';
/** A directory whose mtime is this close to its listing's time is listed again next run. */
export const RACY_MILLISECONDS = 3000;

interface DirectoryRecord {
  /** mtime, ctime (ms), inode: any change to the directory's entries changes the first. */
  signature: string;
  /** When it was listed (ms since the epoch, the machine's clock). */
  listedAt: number;
  /** Subdirectory names (latin1 of their bytes), .git excluded. */
  subdirectories: string[];
  /** Its .c/.h regular files and symlinks (latin1 names), joined by '/' (no name holds one). */
  sources: string;
  /** It holds a `.git` (in any case): a repository of its own, which git does not list into. */
  nested: boolean;
}

export interface SourceNames {
  /** Tree-relative paths (latin1 of their bytes) of every .c/.h file and symlink, in byte order (made when asked). */
  paths(): string[];
  /** Directories below the top that hold a `.git` (nested repositories), tree-relative latin1. */
  nested: string[];
  /** How many directories were listed (not taken from the record): 0 on an unchanged tree. */
  listed: number;
  /** No directory holds other names than its record said, none went away: the names are the record's. */
  unchanged: boolean;
}

export class SourceDirectories {
  private changed = false;
  /** A directory listed this run holds other names than its record said (or had none). */
  private namesChanged = false;
  listedCount = 0;

  private constructor(
    private readonly store: EntryStore,
    private readonly key: string,
    private readonly records: Map<string, DirectoryRecord>,
    /** The untracked names of the recorded directories, and the index (its identity) they were told apart by. */
    private untracked: { index: string; paths: string[] } | null,
  ) {}

  /** The untracked paths the record holds for INDEX (an index identity), or null. */
  untrackedFor(index: string): string[] | null {
    return this.untracked?.index === index ? this.untracked.paths : null;
  }

  /** Keeps PATHS as the untracked ones of the names just listed, told apart by INDEX. */
  rememberUntracked(index: string | null, paths: string[]): void {
    const untracked = index ? { index, paths } : null;
    if (JSON.stringify(untracked) === JSON.stringify(this.untracked)) return;
    this.untracked = untracked;
    this.changed = true;
  }

  static load(store: EntryStore, tree: string): SourceDirectories {
    const key = `${FORMAT}\0${tree}`;
    const records = new Map<string, DirectoryRecord>();
    let untracked: { index: string; paths: string[] } | null = null;
    const payload = store.get(KIND, key);
    if (payload) {
      try {
        const parsed = JSON.parse(payload.toString('latin1')) as { rows: [string, string, number, string, string, number][]; untracked: { index: string; paths: string[] } | null };
        for (const [dir, signature, listedAt, subdirectories, sources, nested] of parsed.rows) {
          records.set(dir, { signature, listedAt, subdirectories: split(subdirectories), sources, nested: nested === 1 });
        }
        const kept = parsed.untracked;
        untracked = kept && typeof kept.index === 'string' && Array.isArray(kept.paths) && kept.paths.every((p) => typeof p === 'string') ? kept : null;
        for (const record of records.values()) if (typeof record.signature !== 'string' || typeof record.sources !== 'string' || typeof record.listedAt !== 'number') throw new Error('malformed record');
      } catch {
        records.clear(); // an unreadable entry is no entry
        untracked = null;
      }
    }
    return new SourceDirectories(store, key, records, untracked);
  }

  /** The .c/.h names now below ROOT (a realpath), listing only the directories that changed. */
  names(root: string): SourceNames {
    const nested: string[] = [];
    const seen = new Map<string, DirectoryRecord>();
    const pending = [''];
    const listedBefore = this.listedCount;
    this.namesChanged = false;
    while (pending.length > 0) {
      const dir = pending.pop()!;
      const record = this.current(root, dir);
      if (!record) continue;
      seen.set(dir, record);
      const prefix = dir ? `${dir}/` : '';
      if (record.nested && dir) nested.push(dir);
      for (const name of record.subdirectories) pending.push(prefix + name);
    }
    const listed = this.listedCount - listedBefore;
    const unchanged = !this.namesChanged && seen.size === this.records.size;
    if (!unchanged) {
      this.changed = true;
      this.untracked = null;
    }
    this.records.clear();
    for (const [dir, record] of seen) this.records.set(dir, record);
    const paths = (): string[] => {
      const all: string[] = [];
      for (const [dir, record] of seen) for (const name of split(record.sources)) all.push(dir ? `${dir}/${name}` : name);
      return all.sort();
    };
    return { paths, nested, listed, unchanged };
  }

  /** DIR's record, listed again when its stat data changed or its listing was racy; null when it is gone. */
  private current(root: string, dir: string): DirectoryRecord | null {
    const full = dir ? Buffer.concat([Buffer.from(root), Buffer.from('/'), Buffer.from(dir, 'latin1')]) : Buffer.from(root);
    let stat: fs.Stats;
    try {
      stat = fs.lstatSync(full);
    } catch {
      return null;
    }
    if (!stat.isDirectory()) return null;
    const signature = `${stat.mtimeMs} ${stat.ctimeMs} ${stat.ino}`;
    const known = this.records.get(dir);
    if (known && known.signature === signature && stat.mtimeMs < known.listedAt - RACY_MILLISECONDS) return known;
    const listedAt = Date.now();
    let entries: fs.Dirent<Buffer>[];
    try {
      entries = fs.readdirSync(full, { withFileTypes: true, encoding: 'buffer' });
    } catch (error) {
      if (!dir) throw error;
      throw new UnlistableDirectory(dir, error as Error);
    }
    const record: DirectoryRecord = { signature, listedAt, subdirectories: [], sources: '', nested: false };
    const sources: string[] = [];
    for (const entry of entries) {
      const name = entry.name.toString('latin1');
      // git never lists into a `.git`, compared case-blind under core.ignoreCase: git decides about any.
      if (name.toLowerCase() === '.git') record.nested = true;
      else if (entry.isDirectory()) record.subdirectories.push(name);
      else if ((entry.isFile() || entry.isSymbolicLink()) && (name.endsWith('.c') || name.endsWith('.h'))) sources.push(name);
    }
    record.subdirectories.sort();
    record.sources = sources.sort().join('/');
    this.listedCount++;
    this.changed = true;
    if (!known || known.nested !== record.nested || known.sources !== record.sources || known.subdirectories.join('/') !== record.subdirectories.join('/')) this.namesChanged = true;
    return record;
  }

  /** Writes the records when a directory was listed (or went away) this run. */
  save(): void {
    if (!this.changed) return;
    const rows = [...this.records].map(([dir, r]) => [dir, r.signature, r.listedAt, r.subdirectories.join('/'), r.sources, r.nested ? 1 : 0]);
    this.store.put(KIND, this.key, Buffer.from(JSON.stringify({ rows, untracked: this.untracked }), 'latin1'));
    this.changed = false;
  }
}

/** A directory below the top could not be listed: git decides what it holds (the caller falls back). */
export class UnlistableDirectory extends Error {
  constructor(
    readonly dir: string,
    cause: Error,
  ) {
    super(`cannot list ${dir}: ${cause.message}`, { cause });
  }
}

/** Names are joined with '/' (no name holds one). */
function split(joined: string): string[] {
  return joined ? joined.split('/') : [];
}
