// Git repositories for tests: a tree copied into a fresh repository and committed with a fixed
// identity and date, so its commit id (and every id a series derives from it) is the same on
// every machine. Git runs with argument arrays, never through a shell.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { testEnvironment } from './cli.js';
import { makeTempDir } from './temp.js';

export const FIXED_COMMIT_ENV = {
  GIT_AUTHOR_NAME: 'Fixture Author',
  GIT_AUTHOR_EMAIL: 'fixture@example.org',
  GIT_AUTHOR_DATE: '2025-06-01T12:00:00Z',
  GIT_COMMITTER_NAME: 'Fixture Author',
  GIT_COMMITTER_EMAIL: 'fixture@example.org',
  GIT_COMMITTER_DATE: '2025-06-01T12:00:00Z',
};

export interface GitResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** `git -C repo args...` with the fixed identity; throws with git's stderr when it fails (unless allowFailure). */
export function git(repo: string, args: string[], options: { allowFailure?: boolean; timeoutMs?: number; env?: Record<string, string> } = {}): GitResult {
  const r = spawnSync('git', ['-C', repo, '-c', 'core.autocrlf=false', '-c', 'core.safecrlf=false', ...args], {
    env: testEnvironment({ ...FIXED_COMMIT_ENV, ...(options.env ?? {}) }),
    timeout: options.timeoutMs ?? 600_000,
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.error) throw r.error;
  const result = { status: r.status ?? -1, stdout: r.stdout.toString('utf8'), stderr: r.stderr.toString('utf8') };
  if (result.status !== 0 && !options.allowFailure) throw new Error(`git ${args.join(' ')} in ${repo} failed (${result.status}): ${result.stderr.trim()}`);
  return result;
}

/** Copies `source` byte for byte (modes kept) into a new directory. */
export function copyTree(source: string, prefix: string): string {
  const dir = path.join(makeTempDir(prefix), 'tree');
  fs.cpSync(source, dir, { recursive: true, preserveTimestamps: true });
  return dir;
}

/** Commits everything in `repo` (ignored files too: kernel trees ignore "/*"). */
export function commitAll(repo: string, message: string): string {
  git(repo, ['add', '-f', '-A']);
  git(repo, ['commit', '--quiet', '--allow-empty', '-m', message]);
  return git(repo, ['rev-parse', 'HEAD']).stdout.trim();
}

/** A new git repository holding a byte-exact copy of `source`, committed once with the fixed identity. */
export function gitRepoFrom(source: string, prefix: string, message = 'base'): { repo: string; head: string } {
  const repo = copyTree(source, prefix);
  git(repo, ['init', '--quiet', '--initial-branch=main']);
  return { repo, head: commitAll(repo, message) };
}

/** A fresh clone of `repo` in its own temporary directory. */
export function cloneRepo(repo: string, prefix: string): string {
  const dir = path.join(makeTempDir(prefix), 'clone');
  git(path.dirname(dir), ['clone', '--quiet', repo, dir]);
  return dir;
}

/** `git am --keep-cr` each patch in order; throws naming the patch that did not apply. */
/**
 * `git am` as the series' own author commits it (committer = author, committer date = author date):
 * the commits it makes are the ones the series' From lines name, since series builds its commits
 * the same way in a repository of its own (the tree's object store is never written).
 */
export function gitAmAsAuthor(repo: string, patchFiles: string[], author: { name: string; email: string }): string[] {
  const ids: string[] = [];
  for (const file of patchFiles) {
    git(repo, ['am', '--keep-cr', '--quiet', '--committer-date-is-author-date', file], { env: { GIT_COMMITTER_NAME: author.name, GIT_COMMITTER_EMAIL: author.email } });
    ids.push(git(repo, ['rev-parse', 'HEAD']).stdout.trim());
  }
  return ids;
}

export function gitAm(repo: string, patchFiles: string[]): void {
  for (const file of patchFiles) {
    const r = git(repo, ['am', '--keep-cr', '--quiet', file], { allowFailure: true });
    if (r.status !== 0) {
      git(repo, ['am', '--abort'], { allowFailure: true });
      throw new Error(`git am ${path.basename(file)} failed in ${repo}: ${r.stderr.trim()}`);
    }
  }
}
