// What a series run needs besides the tree and the transform: identity, date, version, recipients,
// threading, the earlier version. `series`, `review` and `apply` read them from the command line.
import type { SeriesOptions } from '../transform.js';
import type { PreviousSeries } from './versions/previous-series.js';

export interface SeriesRunOptions {
  series: SeriesOptions;
  outputDir: string;
  date: Date;
  subjectPrefix: string;
  version: number | null;
  maintainers: boolean;
  /** Where To/Cc come from when `maintainers` is on. */
  recipients: 'builtin' | 'perl';
  toAll: boolean;
  /** --thread / --in-reply-to; null without them. */
  thread: { inReplyTo: string | null } | null;
  /** The transform's merging tree (MAINTAINERS section title). */
  mergingSection?: string;
  scriptsFrom?: string;
  prefixOverrides: Record<string, string>;
  /** The earlier version this one follows (--previous DIR). */
  previous: PreviousSeries | null;
}
