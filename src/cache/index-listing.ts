// `git ls-files -z -v -s --cached` kept as git printed it, with the offsets of its records: the index of
// a kernel tree is 86k records, and a Map of that many path strings costs ~40 MB of heap for a run that
// asks about a few hundred paths. git lists the index in its own order (the paths' bytes compared as
// memcmp does), so a path is found by binary search.

const TAB = 0x09;
const SPACE = 0x20;

export class IndexListing {
  private readonly starts: Int32Array;
  private readonly tabs: Int32Array;
  private readonly ends: Int32Array;
  readonly count: number;

  constructor(private readonly output: Buffer) {
    const starts: number[] = [];
    const tabs: number[] = [];
    const ends: number[] = [];
    for (let start = 0; start < output.length; ) {
      let end = output.indexOf(0, start);
      if (end === -1) end = output.length;
      const tab = output.indexOf(TAB, start);
      if (tab !== -1 && tab < end) {
        starts.push(start);
        tabs.push(tab);
        ends.push(end);
      }
      start = end + 1;
    }
    this.starts = Int32Array.from(starts);
    this.tabs = Int32Array.from(tabs);
    this.ends = Int32Array.from(ends);
    this.count = starts.length;
  }

  path(i: number): string {
    return this.output.toString('utf8', this.tabs[i] + 1, this.ends[i]);
  }

  /** Whether record I's path ends with SUFFIX (ASCII), without decoding it. */
  pathEndsWith(i: number, suffix: string): boolean {
    const end = this.ends[i];
    if (end - (this.tabs[i] + 1) < suffix.length) return false;
    for (let k = 0; k < suffix.length; k++) if (this.output[end - suffix.length + k] !== suffix.charCodeAt(k)) return false;
    return true;
  }

  /**
   * The blob id of record I when it is a plain cached regular file ("H 100644 ID 0" or "H 100755 ID 0";
   * lowercase h is assume-unchanged, S skip-worktree, other stages a merge in progress) and the only record
   * of its path; else undefined.
   */
  plainBlob(i: number): string | undefined {
    const out = this.output;
    const start = this.starts[i];
    const tab = this.tabs[i];
    const idLength = tab - start - 11;
    if (idLength !== 40 && idLength !== 64) return undefined;
    if (out[start] !== 0x48 || out[start + 1] !== SPACE || out[start + 8] !== SPACE || out[tab - 2] !== SPACE || out[tab - 1] !== 0x30) return undefined;
    // Mode 100644 or 100755.
    if (out[start + 2] !== 0x31 || out[start + 3] !== 0x30 || out[start + 4] !== 0x30) return undefined;
    const [a, b, c] = [out[start + 5], out[start + 6], out[start + 7]];
    if (!((a === 0x36 && b === 0x34 && c === 0x34) || (a === 0x37 && b === 0x35 && c === 0x35))) return undefined;
    if ((i > 0 && this.samePath(i, i - 1)) || (i + 1 < this.count && this.samePath(i, i + 1))) return undefined;
    return out.toString('latin1', start + 9, start + 9 + idLength);
  }

  /** Record I as git printed it ("TAG MODE ID STAGE<TAB>PATH"), decoded as UTF-8. */
  record(i: number): string {
    return this.output.toString('utf8', this.starts[i], this.ends[i]);
  }

  /**
   * The paths of PATHS (latin1 strings of their bytes, in byte order) that are not in the index and not
   * below a submodule (a gitlink: git lists nothing inside one), in the same order: a merge of two
   * sorted lists.
   */
  untrackedAmong(paths: readonly string[]): string[] {
    const gitlinks: string[] = [];
    for (let i = 0; i < this.count; i++) if (this.modeIs(i, '160000')) gitlinks.push(`${this.output.toString('latin1', this.tabs[i] + 1, this.ends[i])}/`);
    const untracked: string[] = [];
    // Only the index's .c/.h paths can equal one of PATHS: the others are passed over undecoded.
    const sourceAtOrAfter = (from: number): number => {
      let i = from;
      while (i < this.count && !this.pathEndsWith(i, '.c') && !this.pathEndsWith(i, '.h')) i++;
      return i;
    };
    let i = sourceAtOrAfter(0);
    let current = i < this.count ? this.output.toString('latin1', this.tabs[i] + 1, this.ends[i]) : null;
    for (const path of paths) {
      while (current !== null && current < path) {
        i = sourceAtOrAfter(i + 1);
        current = i < this.count ? this.output.toString('latin1', this.tabs[i] + 1, this.ends[i]) : null;
      }
      if (current === path) continue;
      if (gitlinks.length && gitlinks.some((link) => path.startsWith(link))) continue;
      untracked.push(path);
    }
    return untracked;
  }

  /** Whether record I is a symlink or a submodule: git grep never reads one. */
  isLink(i: number): boolean {
    return this.modeIs(i, '120000') || this.modeIs(i, '160000');
  }

  private modeIs(i: number, mode: string): boolean {
    const start = this.starts[i] + 2;
    for (let k = 0; k < mode.length; k++) if (this.output[start + k] !== mode.charCodeAt(k)) return false;
    return this.output[start + mode.length] === SPACE;
  }

  /** The record of PATH, or -1. */
  find(path: string | Buffer): number {
    const wanted = typeof path === 'string' ? Buffer.from(path, 'utf8') : path;
    let lo = 0;
    let hi = this.count - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const order = this.output.compare(wanted, 0, wanted.length, this.tabs[mid] + 1, this.ends[mid]);
      if (order === 0) return mid;
      if (order < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  private samePath(i: number, j: number): boolean {
    if (this.ends[i] - this.tabs[i] !== this.ends[j] - this.tabs[j]) return false;
    return this.output.compare(this.output, this.tabs[j] + 1, this.ends[j], this.tabs[i] + 1, this.ends[i]) === 0;
  }
}
