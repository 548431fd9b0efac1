// Discovery through git in a tree that is the top level of a work tree. Sources are what git tracks
// plus every untracked file, ignored or not (Debian's kernel tree ignores "/*"): .gitignore never hides
// a source. Tracked files are searched by `git grep`; untracked ones by hand (usually none; listing them
// costs what `git grep --untracked --no-exclude-standard` adds, ~0.12 s on Linux, and also counts them
// for coverage). Tracked symlinks and submodules are not searched (git grep reads regular files only);
// nor are repositories nested inside the tree (git lists them as directories). Every hit is read once
// more by the scan's own matcher, which also turns away binary files: both methods agree by construction.
import { gitAsync, firstLine } from '../util/git.js';
import type { RunOptions, RunResult } from '../util/proc.js';
import { searchFiles } from './parallel-scan.js';
import { nulSeparatedNames } from './name-stream.js';
import { BAD_NAME_REASON, CONTROL_NAME_REASON, escapedName, hasControlCharacter, type SkippedFile } from './skips.js';

/** git could not do the search (corrupt index, refused repository, ...): the caller falls back to a scan. */
export class GitDiscoverError extends Error {}

export interface GitDiscovery {
  files: string[];
  filesScanned: number;
  skipped: SkippedFile[];
  notes: string[];
}

const SOURCE_PATHSPECS = ['*.c', '*.h'];
/** What `*.c` and `*.h` select ('*' crosses '/' in a pathspec). */
const SOURCE_PATH = /\.[ch]$/;
/** Past this many files of unknown content, one search of the whole tree is cheaper than naming them. */
const MAX_NAMED_PATHS = 2000;

/**
 * Earlier runs' answers, per blob, to "does git grep find a word in it": a warm run greps only the files
 * whose blob it has not seen and those git does not vouch for, then records what it learnt.
 */
export interface KnownMatches {
  /** The index blob id of a tracked file git reports unmodified. */
  cleanBlob(file: string): string | undefined;
  /** [path, blob id] of every tracked .c/.h file git reports unmodified. */
  cleanSources(): Iterable<[string, string]>;
  /** Tracked paths whose work-tree copy git does not vouch for: always searched. */
  readonly untrustedPaths: readonly string[];
  matches(blob: string): boolean | undefined;
  record(blob: string, matched: boolean): void;
  /** Paths git reports modified after the search (null: unknown): what the search read there was not their blob. */
  modifiedNow(): Promise<ReadonlySet<string> | null>;
  /** The search an earlier run's answer for this very index gives at once (the methods above are then not asked). */
  readonly planned?: { paths: string[]; knownHits: string[] };
  /** What `git ls-files -t -s --cached --others -- '*.c' '*.h'` would list, or null: ask git. */
  sourceListing(): Promise<SourceListing | null>;
}

/** Earlier runs' matches, once the tree's index is read; `empty`: none yet, so the whole tree is searched at once. */
export interface KnownSearch {
  matches: Promise<KnownMatches | undefined>;
  empty: boolean;
}

/** ON_NAME hears each name git grep prints as it prints it (before any check: a hint for work ahead). */
export async function discoverWithGit(root: string, words: readonly string[], parallel?: boolean, knownSearch?: KnownSearch, onName?: (name: string) => void): Promise<GitDiscovery> {
  const onSpawn: RunOptions['onSpawn'] = onName ? (child) => child.stdout?.on('data', nulSeparatedNames(onName)) : undefined;
  const grepOptions = { onSpawn };
  const grepArgs = ['grep', '-l', '-z', '-w', '-F', '--no-color', ...words.flatMap((word) => ['-e', word]), '--'];
  // The listing (for the untracked files and the count) and the search overlap on two cores; the
  // search waits for what is known (the tree's index, read meanwhile) to know what to search.
  let known: KnownMatches | undefined;
  let search: { paths: string[] | null; knownHits: string[] } = { paths: null, knownHits: [] };
  const [listing, grep] = await Promise.all([
    (async () => {
      // The fact cache lists the sources from the index it read and its record of the directories.
      const listed = await (await knownSearch?.matches)?.sourceListing();
      return listed ?? classifiedListing(recordsOf(await gitAsync(root, ['ls-files', '-z', '-t', '-s', '--cached', '--others', '--', ...SOURCE_PATHSPECS])));
    })(),
    (async () => {
      if (knownSearch?.empty) {
        // Nothing to take from the index yet: the search starts now, what it finds is recorded after.
        const [index, all] = await Promise.all([knownSearch.matches, gitAsync(root, [...grepArgs, ...SOURCE_PATHSPECS], grepOptions)]);
        known = index;
        return all;
      }
      known = await knownSearch?.matches;
      if (known) search = known.planned ? namedSearch(known.planned) : plannedSearch(known);
      if (search.paths?.length === 0) return null;
      return gitAsync(root, [...grepArgs, ...(search.paths ? search.paths.map((p) => `:(literal)${p}`) : SOURCE_PATHSPECS)], grepOptions);
    })(),
  ]);
  // 0: some file matched, 1: none did; anything else is a failure of git itself.
  if (grep && grep.status !== 0 && grep.status !== 1) throw new GitDiscoverError(`git grep failed: ${firstLine(grep.stderr, grep.status)}`);
  const grepHits = grep ? namesIn(grep.stdout) : [];
  // A planned search names no clean file: nothing new to learn about blobs.
  // A file edited while git grep read it (even if restored since) answered for bytes that are not its blob.
  if (known && !known.planned) {
    const modified = await known.modifiedNow();
    if (modified) recordMatches(known, search.paths, grepHits, modified);
  }

  const verified = await searchFiles(root, [...search.knownHits, ...grepHits, ...listing.untracked], words, parallel);
  return {
    files: verified.hits.sort(),
    filesScanned: listing.trackedCount + listing.untracked.length,
    skipped: [...listing.badNames, ...unreadableFromGitErrors(grep?.stderr ?? ''), ...verified.skipped],
    notes: verified.notes,
  };
}

/** A search planned from an earlier run's answer, past MAX_NAMED_PATHS one of the whole tree as plannedSearch makes it. */
function namedSearch(planned: { paths: string[]; knownHits: string[] }): { paths: string[] | null; knownHits: string[] } {
  return planned.paths.length > MAX_NAMED_PATHS ? { paths: null, knownHits: [] } : planned;
}

/** The files git must search (null: the whole tree) and the known hits among the rest. */
function plannedSearch(known: KnownMatches): { paths: string[] | null; knownHits: string[] } {
  const paths = known.untrustedPaths.filter((p) => SOURCE_PATH.test(p));
  // An index whose stat data no longer matches the files (a hard-linked tree) vouches for nothing.
  if (paths.length > MAX_NAMED_PATHS) return { paths: null, knownHits: [] };
  const knownHits: string[] = [];
  for (const [file, blob] of known.cleanSources()) {
    const matched = known.matches(blob);
    if (matched === undefined) paths.push(file);
    else if (matched) knownHits.push(file);
    if (paths.length > MAX_NAMED_PATHS) return { paths: null, knownHits: [] };
  }
  return { paths, knownHits };
}

/** What this search learnt about the blobs of clean files it covered (SEARCHED null: all of them). */
function recordMatches(known: KnownMatches, searched: string[] | null, hits: string[], modified: ReadonlySet<string>): void {
  const hit = new Set(hits);
  const covered: Iterable<[string, string | undefined]> = searched ? searched.map((file) => [file, known.cleanBlob(file)]) : known.cleanSources();
  for (const [file, blob] of covered) if (blob && !modified.has(file)) known.record(blob, hit.has(file));
}

export interface SourceListing {
  trackedCount: number;
  untracked: string[];
  badNames: SkippedFile[];
}

/** The records of `git ls-files -z -t -s --cached --others`. */
function recordsOf(result: RunResult): string[] {
  if (result.status !== 0) throw new GitDiscoverError(`git ls-files failed: ${firstLine(result.stderr, result.status)}`);
  return result.stdout.toString('utf8').split('\0');
}

/**
 * Tracked regular files (counted; symlinks and submodules are not files git grep reads) and untracked
 * files, ignored included (listed). Records: "? PATH" for untracked, "TAG MODE OBJECT STAGE<TAB>PATH"
 * for tracked, TAG 'S' meaning skip-worktree (not checked out; 's' when also assume-unchanged).
 */
export function classifiedListing(records: Iterable<string>): SourceListing {
  const tracked = new Set<string>();
  const listing: SourceListing = { trackedCount: 0, untracked: [], badNames: [] };
  for (const record of records) {
    if (!record) continue;
    const untracked = record.startsWith('? ');
    const tab = record.indexOf('\t');
    const file = untracked ? record.slice(2) : record.slice(tab + 1);
    if (file.includes('\uFFFD')) listing.badNames.push({ file, reason: BAD_NAME_REASON });
    else if (hasControlCharacter(file)) listing.badNames.push({ file: escapedName(file), reason: CONTROL_NAME_REASON });
    else if (untracked) listing.untracked.push(file);
    else if (record[0] !== 'S' && record[0] !== 's' && /^10\d{4}$/.test(record.slice(2, 8))) tracked.add(file);
  }
  listing.trackedCount = tracked.size;
  return listing;
}

/** NUL-terminated names; those that are not valid UTF-8 were reported by classifiedListing already. */
function namesIn(output: Buffer): string[] {
  return output.toString('utf8').split('\0').filter((name) => name && !name.includes('\uFFFD') && !hasControlCharacter(name));
}

/** git grep reports a file it cannot open as "error: failed to stat 'PATH': REASON" and goes on. */
function unreadableFromGitErrors(stderr: string): SkippedFile[] {
  const skipped: SkippedFile[] = [];
  for (const line of stderr.split('\n')) {
    const match = /^error: failed to stat '(.*)': (.*)$/.exec(line);
    if (match) skipped.push({ file: match[1], reason: `could not be read (${match[2]})` });
  }
  return skipped;
}
