// Discover: which .c/.h files of a tree mention any of the transform's words (a text prefilter: only
// these are read further and parsed). `git grep` when the tree is the top level of a git work tree, a
// directory scan otherwise (examples/ sits inside this repository and is a plain directory).
import fs from 'node:fs';
import path from 'node:path';
import { ToolMissingError } from '../util/proc.js';
import { gitTreeStatus, type GitTreeStatus } from '../util/git.js';
import { discoverWithGit, GitDiscoverError, type KnownSearch } from './git-grep.js';
import { searchFiles } from './parallel-scan.js';
import { walkSources } from './walk.js';
import { bySkippedFile, type SkippedFile } from './skips.js';
import { createWordMatcher } from './word-matcher.js';

export interface DiscoverResult {
  /** Candidate .c/.h files (relative, '/' separators, sorted) that mention any word as a whole word. */
  files: string[];
  /** Number of .c/.h files considered. */
  filesScanned: number;
  method: 'git-grep' | 'scan';
  /** Unreadable files, binary files (NUL byte), symlinks leaving the tree, loops, undecodable names. */
  skipped: SkippedFile[];
  /** Why the method is not the expected one (git missing or refusing the tree), worker trouble. */
  notes: string[];
}

export interface DiscoverOptions {
  /** Scan the directory even in a git work tree. */
  forceScan?: boolean;
  /** Search on two threads: true/false forces it, unset decides by file count and cores. */
  parallel?: boolean;
  /** Hears candidate names while the search still runs (git grep only), before they are checked. */
  onCandidate?: (file: string) => void;
  /** Earlier runs' word matches per blob (the fact cache): git then searches only what it has not seen. */
  known?: KnownSearch;
}

export async function discoverCandidates(tree: string, words: string[], options: DiscoverOptions = {}): Promise<DiscoverResult> {
  const root = treeRoot(tree);
  createWordMatcher(words); // refuses bad words before any work
  const notes: string[] = [];
  if (!options.forceScan) {
    const status = gitStatusOrNote(root, notes);
    if (status?.kind === 'top-level') {
      try {
        const found = await discoverWithGit(root, words, options.parallel, options.known, options.onCandidate);
        return { files: found.files, filesScanned: found.filesScanned, method: 'git-grep', skipped: found.skipped.sort(bySkippedFile), notes: [...notes, ...found.notes] };
      } catch (error) {
        if (!(error instanceof GitDiscoverError)) throw error;
        notes.push(`${error.message}: searched the directory instead`);
      }
    } else if (status?.kind === 'none' && fs.existsSync(path.join(root, '.git'))) {
      notes.push(`git does not accept ${root} as a work tree (${status.reason}): searched the directory instead`);
    }
  }
  const walked = walkSources(root);
  const found = await searchFiles(root, walked.files, words, options.parallel);
  return {
    files: found.hits.sort(),
    filesScanned: walked.files.length,
    method: 'scan',
    skipped: [...walked.skipped, ...found.skipped].sort(bySkippedFile),
    notes: [...notes, ...found.notes],
  };
}

function treeRoot(tree: string): string {
  let root: string;
  try {
    root = fs.realpathSync.native(tree);
  } catch {
    throw new Error(`tree ${tree} does not exist`);
  }
  if (!fs.statSync(root).isDirectory()) throw new Error(`tree ${tree} is not a directory`);
  return root;
}

function gitStatusOrNote(root: string, notes: string[]): GitTreeStatus | null {
  try {
    return gitTreeStatus(root);
  } catch (error) {
    if (!(error instanceof ToolMissingError)) throw error;
    notes.push('git is not installed: searched the directory instead of using git grep');
    return null;
  }
}
