// Parsing while discovery still runs. `git grep` takes most of a cold run's first second and leaves
// the main thread waiting and a core mostly idle; the files it names are the ones the analysis will
// parse first. So each name is parsed as it streams in, and the parse is handed over when the module
// that needs it asks (TreeFiles.adoptParse): the same bytes, the same parse, the same counts, only
// earlier. Parses wait in memory (a tree costs ~45 bytes per source byte), so only a bounded amount
// of source is parsed ahead; the rest is parsed when needed, as without it.
import type { AheadParse, TreeFiles } from '../pipeline.js';

/** Source bytes parsed ahead at most: ~70 MB of trees, what a pci_intx-sized plan parses in all. */
export const PARSE_AHEAD_BYTES = 1.5 * 1024 * 1024;

const SOURCE_NAME = /\.[ch]$/;

export class ParseAhead {
  private readonly waiting = new Map<string, AheadParse>();
  private bytes = 0;
  private closed = false;

  constructor(
    private readonly files: TreeFiles,
    private readonly budget: number,
  ) {}

  /** A name discovery found (not yet verified): parsed now while the budget lasts. */
  offer(rel: string): void {
    if (this.closed || this.bytes >= this.budget || this.waiting.has(rel) || !SOURCE_NAME.test(rel)) return;
    try {
      const ahead = this.files.parseAhead(rel);
      this.bytes += ahead.bytes?.length ?? 0;
      this.waiting.set(rel, ahead);
    } catch {
      // Only a head start is lost: the file is parsed when needed, where a failure is reported.
    }
  }

  /** Stops taking names: discovery is over. */
  close(): void {
    this.closed = true;
  }

  /** Hands REL's parse, if made ahead, to FILES' current scope; the next `parse(rel)` returns it. */
  adopt(rel: string): void {
    const ahead = this.waiting.get(rel);
    if (!ahead) return;
    this.waiting.delete(rel);
    this.files.adoptParse(ahead);
  }

  /** Lets go of every parse nobody adopted (a name discovery did not keep). */
  drop(): void {
    this.closed = true;
    this.waiting.clear();
  }
}
