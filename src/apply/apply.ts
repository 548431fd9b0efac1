// `kcodemod apply`: commit a series on a new branch of the user's tree with git am. Refuses a dirty
// tree, a missing identity and a tree in the middle of another git operation; if anything fails, or
// SIGINT/SIGTERM arrives, the user's branch and work tree are put back and only the branch this run
// created is deleted, and only while it still points where this run left it.
import fs from 'node:fs';
import path from 'node:path';
import type { ChildProcess } from '../util/proc.js';
import { Interrupted } from '../errors.js';
import { git, gitAsync, gitText, firstLine, dirtyFiles, gitIdentity, isGitTopLevel } from '../util/git.js';
import { afterPendingSignals } from '../util/temp-dirs.js';

export interface AppliedCommit {
  id: string;
  subject: string;
}

export interface ApplyResult {
  branch: string;
  /** The commit the branch starts from (HEAD when apply ran). */
  base: string;
  /** One commit per patch, oldest first. */
  commits: AppliedCommit[];
}

// State files that git leaves under the git dir while an operation waits for the user.
const OPERATIONS_IN_PROGRESS: Array<[string, string]> = [
  ['rebase-apply', 'a git am or git rebase'],
  ['rebase-merge', 'a git rebase (interactive or merge)'],
  ['MERGE_HEAD', 'a git merge'],
  ['CHERRY_PICK_HEAD', 'a git cherry-pick'],
  ['REVERT_HEAD', 'a git revert'],
  ['sequencer', 'a git cherry-pick or revert sequence'],
  ['BISECT_LOG', 'a git bisect'],
];

/** The operation the tree is in the middle of (am, rebase, merge, ...), or null. */
export function operationInProgress(tree: string): string | null {
  for (const [name, what] of OPERATIONS_IN_PROGRESS) {
    const where = gitText(tree, ['rev-parse', '--git-path', name]).replace(/\n$/, '');
    if (fs.existsSync(path.resolve(tree, where))) return what;
  }
  return null;
}

/** `refs/heads/NAME` for a new branch NAME as git would name it (`@{-1}` expanded once, here). */
export function resolveNewBranch(tree: string, branch: string): string {
  const checked = git(tree, ['check-ref-format', '--branch', branch]);
  if (checked.status !== 0 || branch.startsWith('-')) throw new Error(`"${branch}" is not a valid branch name`);
  const name = checked.stdout.toString('utf8').replace(/\n$/, '');
  if (git(tree, ['rev-parse', '--verify', '--quiet', `refs/heads/${name}`]).status === 0) throw new Error(`branch ${name} already exists`);
  return `refs/heads/${name}`;
}

/** Signals that stop an apply: the rollback runs, then the process exits with 128 + the number. */
const STOPPING_SIGNALS: Array<[NodeJS.Signals, number]> = [
  ['SIGINT', 2],
  ['SIGTERM', 15],
  ['SIGHUP', 1],
];

export class ApplyInterrupted extends Interrupted {}

export async function applySeries(tree: string, branch: string, patchFiles: string[]): Promise<ApplyResult> {
  if (!isGitTopLevel(tree)) throw new Error(`${tree} is not the top level of a git work tree`);
  const busy = operationInProgress(tree);
  if (busy) throw new Error(`the tree is in the middle of ${busy}: finish or abort it first (apply would disturb it)`);
  const ref = resolveNewBranch(tree, branch);
  const shortName = ref.slice('refs/heads/'.length);
  const dirty = dirtyFiles(tree);
  if (dirty.length) throw new Error(`the tree has uncommitted changes (${dirty.slice(0, 3).join(', ')}${dirty.length > 3 ? ', ...' : ''}): apply needs a clean tree`);
  if (!gitIdentity(tree)) throw new Error('git has no identity here (user.name / user.email): git am needs one to commit');
  if (patchFiles.length === 0) throw new Error('no patches to apply');

  const symbolic = git(tree, ['symbolic-ref', '--quiet', 'HEAD']);
  const originalRef = symbolic.status === 0 ? symbolic.stdout.toString('utf8').trim() : null;
  const base = gitText(tree, ['rev-parse', '--verify', 'HEAD^{commit}']).trim();
  const original = originalRef ? originalRef.replace(/^refs\/heads\//, '') : base;

  let stoppedBy: NodeJS.Signals | null = null;
  let running: ChildProcess | null = null;
  // Installed for the whole run, rollback included: a second Ctrl-C must not cut the rollback short.
  const handlers = STOPPING_SIGNALS.map(([signal]) => {
    const handler = () => {
      stoppedBy ??= signal;
      running?.kill('SIGTERM');
    };
    process.on(signal, handler);
    return [signal, handler] as const;
  });
  try {
    // Created only if absent (empty old value), at HEAD, so that HEAD can move onto it without touching files.
    gitText(tree, ['update-ref', '-m', 'kcodemod apply: new branch', ref, base, ''], { runsRepositoryPrograms: true });
    gitText(tree, ['symbolic-ref', '-m', `kcodemod apply: moving to ${shortName}`, 'HEAD', ref], { runsRepositoryPrograms: true });
    let why: string | null = null;
    if (stoppedBy === null) {
      const am = await gitAsync(tree, ['am', '--keep-cr', '--quiet', ...patchFiles], {
        timeout: 600_000,
        runsRepositoryPrograms: true,
        onSpawn: (child) => {
          running = child;
        },
      });
      running = null;
      if (am.status !== 0) {
        // A Ctrl-C reaches git am too, which may exit before the signal's handler here has run.
        await afterPendingSignals();
        why = firstLine(am.stderr, am.status);
      }
    }
    if (why === null && stoppedBy === null) return { branch: shortName, base, commits: commitsSince(tree, base, ref) };
    const rolledBack = rollBack(tree, ref, base, originalRef, original);
    if (stoppedBy !== null) {
      const signal: NodeJS.Signals = stoppedBy;
      const number = STOPPING_SIGNALS.find(([s]) => s === signal)![1];
      throw new ApplyInterrupted(`interrupted by ${signal}: ${rolledBack}`, number);
    }
    throw new Error(`git am failed (${why}): ${rolledBack}`);
  } finally {
    for (const [signal, handler] of handlers) process.off(signal, handler);
  }
}

/**
 * Puts the user back where they were: git am's state aborted, the original branch checked out, and the
 * new branch deleted only while it points at the base or at the last commit this run made. Returns what
 * was done, for the message.
 */
function rollBack(tree: string, ref: string, base: string, originalRef: string | null, original: string): string {
  const shortName = ref.slice('refs/heads/'.length);
  const madeHead = git(tree, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]).stdout.toString('utf8').trim();
  const amState = gitText(tree, ['rev-parse', '--git-path', 'rebase-apply']).replace(/\n$/, '');
  if (fs.existsSync(path.resolve(tree, amState))) git(tree, ['am', '--abort'], { runsRepositoryPrograms: true });
  // git am --abort resets to where it started; a kill before it wrote its state leaves the work tree as is.
  const head = git(tree, ['symbolic-ref', '--quiet', 'HEAD']).stdout.toString('utf8').trim();
  if (head === ref) git(tree, ['reset', '--quiet', '--hard', base], { runsRepositoryPrograms: true });
  const back = originalRef
    ? git(tree, ['checkout', '--quiet', shortNameOf(originalRef), '--'], { runsRepositoryPrograms: true })
    : git(tree, ['checkout', '--quiet', '--detach', original], { runsRepositoryPrograms: true });
  const now = git(tree, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]).stdout.toString('utf8').trim();
  let deleted = false;
  if (now === base || (madeHead && now === madeHead)) deleted = git(tree, ['update-ref', '-d', ref, now], { runsRepositoryPrograms: true }).status === 0;
  const branchPart = deleted ? `${shortName} was removed` : `${shortName} was kept (it no longer points where this run left it)`;
  const checkoutPart = back.status === 0 ? `${original} is checked out as before` : `checking out ${original} failed (${firstLine(back.stderr, back.status)})`;
  return `${branchPart} and ${checkoutPart}`;
}

function commitsSince(tree: string, base: string, ref: string): AppliedCommit[] {
  const log = gitText(tree, ['log', '--reverse', '--format=%H%x00%s', `${base}..${ref}`]);
  return log.split('\n').filter(Boolean).map((line) => {
    const [id, subject] = line.split('\0');
    return { id, subject };
  });
}

function shortNameOf(ref: string): string {
  return ref.replace(/^refs\/heads\//, '');
}
