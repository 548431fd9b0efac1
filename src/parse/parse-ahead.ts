// Parsing while discovery still runs. `git grep` takes most of a cold run's first second and leaves
// the main thread waiting and a core mostly idle; the files it names are the ones the analysis parses
// first. So each name is parsed as it streams in, and the parse waits in TreeFiles for the first
// `parse` of that file: the same bytes, the same parse, counted the same, kept in the same scope, only
// made earlier. Parses wait in memory (a tree costs ~24 bytes per source byte), so only a bounded
// amount of source is parsed ahead; the rest is parsed when needed, as without it.
import type { TreeFiles } from '../pipeline.js';

/** Source bytes parsed ahead at most: ~12 MB of trees, so that series stays under 200 MB (1.5 MB cost ~18 MB more for no measurable time). */
export const PARSE_AHEAD_BYTES = 512 * 1024;

const SOURCE_NAME = /\.[ch]$/;

export class ParseAhead {
  private readonly offered = new Set<string>();
  private bytes = 0;
  private closed = false;

  constructor(
    private readonly files: TreeFiles,
    private readonly budget: number,
  ) {}

  /** A name discovery found (not yet checked): parsed now while the budget lasts. */
  offer(rel: string): void {
    if (this.closed || this.bytes >= this.budget || this.offered.has(rel) || !SOURCE_NAME.test(rel)) return;
    this.offered.add(rel);
    try {
      const ahead = this.files.parseAhead(rel);
      this.bytes += ahead.bytes?.length ?? 0;
      this.files.keepAhead(ahead);
    } catch {
      // Only a head start is lost: the file is parsed when needed, where a failure is reported.
    }
  }

  /** Stops taking names: discovery is over. */
  close(): void {
    this.closed = true;
  }
}
