// Git queries on a tree: always argument arrays through util/proc (never a shell), with a timeout,
// an environment that cannot redirect git to another repository, and no writes to the user's tree.
// Every function throws ToolMissingError (from util/proc) when git is not installed.
import fs from 'node:fs';
import { run, runAsync, ToolMissingError, type RunOptions, type RunResult } from './proc.js';

export interface GitOptions {
  /** Milliseconds; default 60 s. */
  timeout?: number;
  input?: Buffer | string;
  /** Extra variables, applied over the cleaned environment (e.g. GIT_AUTHOR_NAME in tests). */
  env?: NodeJS.ProcessEnv;
  /** gitAsync only: called with the started child. */
  onSpawn?: RunOptions['onSpawn'];
}

// Variables that would make `git -C TREE` act on some other repository or index than TREE's own.
const REPOSITORY_LOCATION_VARIABLES = [
  'GIT_DIR',
  'GIT_WORK_TREE',
  'GIT_INDEX_FILE',
  'GIT_OBJECT_DIRECTORY',
  'GIT_ALTERNATE_OBJECT_DIRECTORIES',
  'GIT_COMMON_DIR',
  'GIT_NAMESPACE',
  'GIT_PREFIX',
];

function gitEnvironment(extra: NodeJS.ProcessEnv | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of REPOSITORY_LOCATION_VARIABLES) delete env[name];
  // Read-only commands (status) must not refresh and rewrite the index of the user's tree.
  env.GIT_OPTIONAL_LOCKS = '0';
  env.GIT_TERMINAL_PROMPT = '0';
  // Messages are parsed (e.g. "failed to stat"): keep them in English.
  env.LC_ALL = 'C';
  return { ...env, ...extra };
}

/** Runs `git -C tree args...`. A repository's config cannot make it run a filesystem monitor program. */
export function git(tree: string, args: string[], options: GitOptions = {}): RunResult {
  const timeout = options.timeout ?? 60_000;
  try {
    return run('git', ['-C', tree, '-c', 'core.fsmonitor=false', ...args], { env: gitEnvironment(options.env), timeout, input: options.input });
  } catch (error) {
    if (error instanceof ToolMissingError) throw error;
    // util/proc names the first argument ("-C"): name the git command instead.
    const reason = /took longer than/.test((error as Error).message) ? `took longer than ${timeout / 1000} s and was stopped` : (error as Error).message;
    throw new Error(`git ${args[0] ?? ''} in ${tree}: ${reason}`, { cause: error });
  }
}

/** git() without blocking the event loop, so independent git commands can run at the same time. */
export async function gitAsync(tree: string, args: string[], options: GitOptions = {}): Promise<RunResult> {
  const timeout = options.timeout ?? 60_000;
  try {
    return await runAsync('git', ['-C', tree, '-c', 'core.fsmonitor=false', ...args], { env: gitEnvironment(options.env), timeout, onSpawn: options.onSpawn });
  } catch (error) {
    if (error instanceof ToolMissingError) throw error;
    throw new Error(`git ${args[0] ?? ''} in ${tree}: ${(error as Error).message}`, { cause: error });
  }
}

/** Like git(), but returns stdout as text and throws a one-line Error when git fails. */
export function gitText(tree: string, args: string[], options: GitOptions = {}): string {
  const result = git(tree, args, options);
  if (result.status !== 0) throw new Error(`git ${args[0] ?? ''} failed in ${tree}: ${firstLine(result.stderr, result.status)}`);
  return result.stdout.toString('utf8');
}

/** First non-empty line of git's stderr, for one-line messages. */
export function firstLine(stderr: string, status: number): string {
  return (stderr.split('\n').find((line) => line.trim()) ?? `exit status ${status}`).trim();
}

export type GitTreeStatus =
  | { kind: 'top-level' }
  | { kind: 'inside'; topLevel: string }
  | { kind: 'none'; reason: string };

/** Whether DIR is the top level of a git work tree, a directory inside one, or not in one (and why). */
export function gitTreeStatus(dir: string): GitTreeStatus {
  const result = git(dir, ['rev-parse', '--show-toplevel']);
  if (result.status !== 0) return { kind: 'none', reason: firstLine(result.stderr, result.status) };
  const topLevel = result.stdout.toString('utf8').replace(/\n$/, '');
  if (!topLevel) return { kind: 'none', reason: 'git reports no work tree' };
  return sameDirectory(topLevel, dir) ? { kind: 'top-level' } : { kind: 'inside', topLevel };
}

/** The top level of the work tree that holds DIR, or null when DIR is not in a work tree. */
export function gitTopLevel(dir: string): string | null {
  const status = gitTreeStatus(dir);
  if (status.kind === 'none') return null;
  return status.kind === 'top-level' ? fs.realpathSync(dir) : status.topLevel;
}

/** true when TREE itself is the top level of a git work tree (not a subdirectory of one). */
export function isGitTopLevel(tree: string): boolean {
  return gitTreeStatus(tree).kind === 'top-level';
}

function sameDirectory(a: string, b: string): boolean {
  try {
    return fs.realpathSync(a) === fs.realpathSync(b);
  } catch {
    return false;
  }
}

/** The full id of HEAD's commit, or null when the tree is not a repository or has no commit yet. */
export function headCommit(tree: string): string | null {
  const result = git(tree, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']);
  if (result.status !== 0) return null;
  return result.stdout.toString('utf8').trim() || null;
}

/**
 * Files that make the work tree differ from HEAD, as `git status` lists them: tracked files that are
 * modified, added, deleted or unmerged (staged or not), plus untracked files that are NOT ignored.
 * Ignored files are not dirt: in Debian's kernel tree (.gitignore "/*") every untracked file is
 * ignored, and build products are ignored in any kernel tree. Renames are listed as their two paths.
 * Paths are relative to the top level, sorted. Throws when git cannot read the tree.
 */
export function dirtyFiles(tree: string, paths?: string[]): string[] {
  // Limited to `paths` (the files a run read), git stats only those: a stale index of a whole
  // kernel otherwise costs seconds of re-hashing.
  const limit = paths && paths.length ? ['--', ...paths.map((p) => `:(literal)${p}`)] : [];
  const out = gitText(tree, ['status', '--porcelain=v1', '-z', '--no-renames', '--untracked-files=all', '--ignored=no', ...limit]);
  const files = new Set<string>();
  // Each record is "XY path" (X: index, Y: work tree), NUL-terminated.
  for (const record of out.split('\0')) {
    if (record.length > 3) files.add(record.slice(3));
  }
  return [...files].sort();
}

/**
 * "Name <email>" from git config user.name / user.email (the repository's config, then the global one),
 * or null when either is unset or holds characters that cannot appear in an identity (newline, < or >).
 */
export function gitIdentity(tree: string): string | null {
  const name = configValue(tree, 'user.name');
  const email = configValue(tree, 'user.email');
  if (!name || !email) return null;
  if (/[\n\r<>]/.test(name) || /[\n\r<>\s]/.test(email)) return null;
  return `${name} <${email}>`;
}

function configValue(tree: string, key: string): string | null {
  const result = git(tree, ['config', '--get', key]);
  if (result.status !== 0) return null;
  return result.stdout.toString('utf8').replace(/\n$/, '').trim() || null;
}
