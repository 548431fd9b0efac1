// Which blobs of a tree mention the transform's words, as `git grep -w` found them: a warm run asks git
// grep only about the files whose blob it has not seen, and takes the rest from here. Kept per tree (the
// work tree's bytes of a blob depend on the tree's checkout settings) and per set of words.
import type { EntryStore } from './entry-store.js';

const KIND = 'words';

export class WordIndex {
  private changed = false;

  private constructor(
    private readonly store: EntryStore,
    private readonly key: string,
    private readonly matching: Set<string>,
    private readonly other: Set<string>,
  ) {}

  static load(store: EntryStore, scope: string): WordIndex {
    let matching: string[] = [];
    let other: string[] = [];
    const payload = store.get(KIND, scope);
    if (payload) {
      try {
        const parsed = JSON.parse(payload.toString('latin1')) as { matching: string; other: string };
        matching = parsed.matching ? parsed.matching.split(',') : [];
        other = parsed.other ? parsed.other.split(',') : [];
      } catch {
        /* an unreadable entry is no entry */
      }
    }
    return new WordIndex(store, scope, new Set(matching), new Set(other));
  }

  get empty(): boolean {
    return this.matching.size === 0 && this.other.size === 0;
  }

  /** true / false when BLOB's match is known, undefined when git must be asked. */
  matches(blob: string): boolean | undefined {
    if (this.matching.has(blob)) return true;
    if (this.other.has(blob)) return false;
    return undefined;
  }

  record(blob: string, matched: boolean): void {
    if (this.matches(blob) === matched) return;
    (matched ? this.matching : this.other).add(blob);
    (matched ? this.other : this.matching).delete(blob);
    this.changed = true;
  }

  /** Writes what changed; past LIMIT blobs, forgets those the tree no longer holds (CURRENT). */
  save(limit: number, current: () => Set<string>): void {
    if (!this.changed) return;
    if (this.matching.size + this.other.size > limit) {
      const blobs = current();
      for (const set of [this.matching, this.other]) for (const blob of set) if (!blobs.has(blob)) set.delete(blob);
    }
    const payload = JSON.stringify({ matching: [...this.matching].join(','), other: [...this.other].join(',') });
    this.store.put(KIND, this.key, Buffer.from(payload, 'latin1'));
    this.changed = false;
  }
}
