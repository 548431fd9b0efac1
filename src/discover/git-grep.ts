// Discovery through git in a tree that is the top level of a work tree. Sources are what git tracks
// plus every untracked file, ignored or not (Debian's kernel tree ignores "/*"): .gitignore never hides
// a source. Tracked files are searched by `git grep`; untracked ones by hand (usually none; listing them
// costs what `git grep --untracked --no-exclude-standard` adds, ~0.12 s on Linux, and also counts them
// for coverage). Tracked symlinks and submodules are not searched (git grep reads regular files only);
// nor are repositories nested inside the tree (git lists them as directories). Every hit is read once
// more by the scan's own matcher, which also turns away binary files: both methods agree by construction.
import { gitAsync, firstLine } from '../util/git.js';
import type { RunResult } from '../util/proc.js';
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

/** ON_NAME hears each name git grep prints as it prints it (before any check: a hint for work ahead). */
export async function discoverWithGit(root: string, words: readonly string[], parallel?: boolean, onName?: (name: string) => void): Promise<GitDiscovery> {
  // The listing (for the untracked files and the count) and the search overlap on two cores.
  const [listed, grep] = await Promise.all([
    gitAsync(root, ['ls-files', '-z', '-t', '-s', '--cached', '--others', '--', ...SOURCE_PATHSPECS]),
    gitAsync(root, ['grep', '-l', '-z', '-w', '-F', '--no-color', ...words.flatMap((word) => ['-e', word]), '--', ...SOURCE_PATHSPECS], {
      onSpawn: onName ? (child) => child.stdout?.on('data', nulSeparatedNames(onName)) : undefined,
    }),
  ]);
  const listing = listSources(listed);
  // 0: some file matched, 1: none did; anything else is a failure of git itself.
  if (grep.status !== 0 && grep.status !== 1) throw new GitDiscoverError(`git grep failed: ${firstLine(grep.stderr, grep.status)}`);

  const verified = await searchFiles(root, [...namesIn(grep.stdout), ...listing.untracked], words, parallel);
  return {
    files: verified.hits.sort(),
    filesScanned: listing.trackedCount + listing.untracked.length,
    skipped: [...listing.badNames, ...unreadableFromGitErrors(grep.stderr), ...verified.skipped],
    notes: verified.notes,
  };
}

interface SourceListing {
  trackedCount: number;
  untracked: string[];
  badNames: SkippedFile[];
}

/**
 * One `git ls-files -t -s` call: tracked regular files (counted; symlinks and submodules are not files
 * git grep reads) and untracked files, ignored included (listed). Records: "? PATH" for untracked,
 * "TAG MODE OBJECT STAGE<TAB>PATH" for tracked, TAG 'S' meaning skip-worktree (not checked out).
 */
function listSources(result: RunResult): SourceListing {
  if (result.status !== 0) throw new GitDiscoverError(`git ls-files failed: ${firstLine(result.stderr, result.status)}`);
  const tracked = new Set<string>();
  const listing: SourceListing = { trackedCount: 0, untracked: [], badNames: [] };
  for (const record of result.stdout.toString('utf8').split('\0')) {
    if (!record) continue;
    const untracked = record.startsWith('? ');
    const tab = record.indexOf('\t');
    const file = untracked ? record.slice(2) : record.slice(tab + 1);
    if (file.includes('\uFFFD')) listing.badNames.push({ file, reason: BAD_NAME_REASON });
    else if (hasControlCharacter(file)) listing.badNames.push({ file: escapedName(file), reason: CONTROL_NAME_REASON });
    else if (untracked) listing.untracked.push(file);
    else if (record[0] !== 'S' && /^10\d{4}$/.test(record.slice(2, 8))) tracked.add(file);
  }
  listing.trackedCount = tracked.size;
  return listing;
}

/** NUL-terminated names; those that are not valid UTF-8 were reported by listSources already. */
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
