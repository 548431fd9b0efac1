// Every git command of kcodemod runs here: argument arrays through util/proc (never a shell), with a
// timeout, an environment that cannot redirect git to another repository or inject configuration,
// and (unless the caller commits on the user's behalf, as apply does) a configuration that keeps the
// tree's own .git/config from running programs: no fsmonitor, hooks, filters, diff or merge drivers,
// pager or signature verification; nor from weakening the stat check by which git reports a file
// unmodified (the fact cache trusts it). Every function throws ToolMissingError when git is not installed.
import fs from 'node:fs';
import path from 'node:path';
import { run, runAsync, ToolMissingError, type RunOptions, type RunResult } from './proc.js';
import { Interrupted } from '../errors.js';

export interface GitOptions {
  /** Milliseconds; default 60 s. */
  timeout?: number;
  input?: Buffer | string;
  /** Extra variables, applied over the cleaned environment (e.g. GIT_AUTHOR_NAME in tests). */
  env?: NodeJS.ProcessEnv;
  /** gitAsync only: called with the started child. */
  onSpawn?: RunOptions['onSpawn'];
  /**
   * true only where kcodemod acts as the user's own git would (apply's git am, checkout): the
   * repository's hooks and configured programs run, as they would for the user.
   */
  runsRepositoryPrograms?: boolean;
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
  'GIT_CEILING_DIRECTORIES',
  'GIT_DISCOVERY_ACROSS_FILESYSTEM',
  'GIT_SHALLOW_FILE',
  'GIT_QUARANTINE_PATH',
  'GIT_REPLACE_REF_BASE',
  'GIT_NO_REPLACE_OBJECTS',
  'GIT_GRAFT_FILE',
  // Configuration and programs injected through the environment.
  'GIT_CONFIG',
  'GIT_CONFIG_PARAMETERS',
  'GIT_CONFIG_COUNT',
  'GIT_EXTERNAL_DIFF',
  'GIT_DIFF_OPTS',
  'GIT_PAGER',
  'GIT_EDITOR',
  'GIT_SEQUENCE_EDITOR',
  'GIT_SSH',
  'GIT_SSH_COMMAND',
  'GIT_ASKPASS',
];

/** The environment every git command gets: GIT_AUTHOR_* / GIT_COMMITTER_* and the user's config files stay. */
export function gitEnvironment(extra?: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of REPOSITORY_LOCATION_VARIABLES) delete env[name];
  for (const name of Object.keys(env)) if (/^GIT_CONFIG_(KEY|VALUE)_\d+$/.test(name)) delete env[name];
  // Read-only commands (status) must not refresh and rewrite the index of the user's tree.
  env.GIT_OPTIONAL_LOCKS = '0';
  env.GIT_TERMINAL_PROMPT = '0';
  // Messages are parsed (e.g. "failed to stat"): keep them in English.
  env.LC_ALL = 'C';
  return { ...env, ...extra };
}

// Settings that would otherwise let the repository's config start a program during a read.
const NO_REPOSITORY_PROGRAMS = [
  'core.fsmonitor=false',
  'core.hooksPath=/dev/null',
  'core.pager=cat',
  'core.sshCommand=false',
  'diff.external=',
  'log.showSignature=false',
  'protocol.allow=never',
  'protocol.file.allow=always',
];

// Settings that would let a file changed behind git's back (same size, mtime restored) pass for the
// index's blob: the fact cache names such a file by that blob, so git must compare every stat field.
const FULL_STAT_CHECK = ['core.trustctime=true', 'core.checkStat=default'];

// Named drivers (`filter.NAME.clean`, `diff.NAME.textconv`, ...) run when .gitattributes selects
// them: each one the config defines is blanked, which git treats as no program.
const DRIVER_PROGRAM_KEYS = /^(filter\.[^\n]*\.(clean|smudge|process)|diff\.[^\n]*\.(textconv|command)|merge\.[^\n]*\.driver)$/i;

// The driver keys of each tree's config, with the files they were read from: kept while none of those
// files changed (the config can change between two commands of one run; a file created since, such
// as a first ~/.gitconfig, counts as a change).
const driverKeysByTree = new Map<string, { overrides: string[]; files: string[]; signature: string }>();

function driverOverrides(tree: string, env: NodeJS.ProcessEnv): string[] {
  const known = driverKeysByTree.get(tree);
  if (known && known.signature === statSignature(known.files)) return known.overrides;
  // Every key with its origin: the origins are the files to watch, included ones among them.
  const started = Date.now();
  const listed = run('git', ['-C', tree, ...NO_REPOSITORY_PROGRAMS.flatMap((c) => ['-c', c]), 'config', '--null', '--name-only', '--show-origin', '--list'], { env, timeout: 30_000 });
  const fields = listed.status === 0 ? listed.stdout.toString('utf8').split('\0') : [];
  const origins = new Set<string>();
  const keys = new Set<string>();
  let conditional = false;
  for (let i = 0; i + 1 < fields.length; i += 2) {
    if (fields[i].startsWith('file:')) origins.add(path.resolve(tree, fields[i].slice('file:'.length)));
    if (DRIVER_PROGRAM_KEYS.test(fields[i + 1])) keys.add(fields[i + 1]);
    // A conditional include may start to apply without any file listed here changing.
    if (/^includeif\./i.test(fields[i + 1])) conditional = true;
  }
  const overrides = [...keys].flatMap((key) => ['-c', `${key}=`]);
  const files = [...origins, ...configCandidates(tree, env)];
  // A file changed while git read it, or just before (a later change may keep its times): not kept.
  const settled = files.every((file) => changedAt(file) < started - 1000);
  if (listed.status === 0 && !conditional && settled) driverKeysByTree.set(tree, { overrides, files, signature: statSignature(files) });
  else driverKeysByTree.delete(tree);
  return overrides;
}

/** Config files git reads when they exist, and the tree's .git (a config written there renames a lock file in it). */
function configCandidates(tree: string, env: NodeJS.ProcessEnv): string[] {
  const home = env.HOME ?? '';
  const xdg = env.XDG_CONFIG_HOME || path.join(home, '.config');
  return [env.GIT_CONFIG_GLOBAL ?? path.join(home, '.gitconfig'), path.join(xdg, 'git', 'config'), env.GIT_CONFIG_SYSTEM ?? '/etc/gitconfig', path.join(tree, '.git')];
}

function statSignature(files: readonly string[]): string {
  return files
    .map((file) => {
      try {
        const stat = fs.statSync(file);
        // A device (GIT_CONFIG_GLOBAL=/dev/null) reads the same whatever its times say.
        if (!stat.isFile() && !stat.isDirectory()) return 'device';
        return `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeMs}:${stat.ctimeMs}`;
      } catch {
        return 'absent';
      }
    })
    .join('\n');
}

/** When FILE's content (a directory's entries) last changed; 0 for a device or no file. */
function changedAt(file: string): number {
  try {
    const stat = fs.statSync(file);
    return stat.isFile() || stat.isDirectory() ? stat.mtimeMs : 0;
  } catch {
    return 0;
  }
}

/** `-C tree` and, unless the caller acts for the user, the settings that keep the tree's config from running programs. */
function gitArguments(tree: string, args: string[], options: GitOptions, env: NodeJS.ProcessEnv): string[] {
  if (options.runsRepositoryPrograms) return ['-C', tree, ...args];
  return ['-C', tree, ...[...NO_REPOSITORY_PROGRAMS, ...FULL_STAT_CHECK].flatMap((c) => ['-c', c]), ...driverOverrides(tree, env), ...args];
}

/** `git --version`'s output, or null when git is not installed. */
export function gitVersion(): string | null {
  // Asked once a run per PATH (plan notes a missing git, a series signs with the version).
  const key = process.env.PATH ?? '';
  if (versions.has(key)) return versions.get(key)!;
  try {
    const result = run('git', ['--version'], { env: gitEnvironment(), timeout: 10_000 });
    const version = result.status === 0 ? result.stdout.toString('utf8').trim() : null;
    versions.set(key, version);
    return version;
  } catch (error) {
    if (error instanceof ToolMissingError) return null;
    throw error;
  }
}

const versions = new Map<string, string | null>();

/** Runs `git -C tree args...` (see the top of this file for what the tree's config cannot do). */
export function git(tree: string, args: string[], options: GitOptions = {}): RunResult {
  const timeout = options.timeout ?? 60_000;
  try {
    const env = gitEnvironment(options.env);
    return run('git', gitArguments(tree, args, options, env), { env, timeout, input: options.input });
  } catch (error) {
    if (error instanceof ToolMissingError || error instanceof Interrupted) throw error;
    // util/proc names the first argument ("-C"): name the git command instead.
    const reason = /took longer than/.test((error as Error).message) ? `took longer than ${timeout / 1000} s and was stopped` : (error as Error).message;
    throw new Error(`git ${args[0] ?? ''} in ${tree}: ${reason}`, { cause: error });
  }
}

/** git() without blocking the event loop, so independent git commands can run at the same time. */
export async function gitAsync(tree: string, args: string[], options: GitOptions = {}): Promise<RunResult> {
  const timeout = options.timeout ?? 60_000;
  try {
    const env = gitEnvironment(options.env);
    return await runAsync('git', gitArguments(tree, args, options, env), { env, timeout, onSpawn: options.onSpawn });
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
  // A run asks about its tree several times: the answer for a work tree's top level is kept while its
  // .git is unchanged (git init, a new worktree, a moved .git all change it).
  const dotGit = [path.join(dir, '.git')];
  const known = topLevels.get(dir);
  if (known !== undefined && known === statSignature(dotGit)) return { kind: 'top-level' };
  const started = Date.now();
  const status = treeStatusFromGit(dir);
  if (status.kind === 'top-level' && changedAt(dotGit[0]) !== 0 && changedAt(dotGit[0]) < started - 1000) topLevels.set(dir, statSignature(dotGit));
  else topLevels.delete(dir);
  return status;
}

const topLevels = new Map<string, string>();

function treeStatusFromGit(dir: string): GitTreeStatus {
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
 * "Name <email>" as git would commit: GIT_COMMITTER_NAME / GIT_COMMITTER_EMAIL, else git config user.name /
 * user.email (the repository's config, then the global one), else $EMAIL for the address;
 * or null when either is unset or holds characters that cannot appear in an identity (newline, < or >).
 */
export function gitIdentity(tree: string): string | null {
  // As git takes the committer (whose Signed-off-by this is): the environment first, then the config.
  const name = process.env.GIT_COMMITTER_NAME?.trim() || configValue(tree, 'user.name');
  const email = process.env.GIT_COMMITTER_EMAIL?.trim() || configValue(tree, 'user.email') || process.env.EMAIL?.trim() || null;
  if (!name || !email) return null;
  if (/[\n\r<>]/.test(name) || /[\n\r<>\s]/.test(email)) return null;
  return `${name} <${email}>`;
}

function configValue(tree: string, key: string): string | null {
  const result = git(tree, ['config', '--get', key]);
  if (result.status !== 0) return null;
  return result.stdout.toString('utf8').replace(/\n$/, '').trim() || null;
}

/** Whether git's reason for "no work tree" is a refusal (dubious ownership, unreadable .git), not plain absence. */
export function gitRefusesRepository(reason: string): boolean {
  return !/not a git repository/i.test(reason);
}
