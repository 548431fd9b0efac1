// Temporary directories of a run (commit store, check clone, apply's patches) and other things a
// stopped run must not leave behind (the output lock): named after the pid that made them, removed
// when SIGINT/SIGTERM/SIGHUP stops the run, and swept by a later run when their process is gone (a
// SIGKILL leaves them behind).
//
// A signal's handler runs only when the event loop turns, not inside synchronous work (a
// `spawnSync` of git, the series write): there the run goes on to its end, then stops. A child that
// the signal killed first (Ctrl-C reaches the whole process group) is noticed at once: the run
// stops with Interrupted (noteStoppedChild) and the output is never replaced after that
// (throwIfStopping).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Interrupted } from '../errors.js';

const registered = new Set<string>();
/** What the stop needs of a running child (util/proc starts them). */
export interface StoppableChild {
  readonly pid?: number;
  readonly exitCode: number | null;
  readonly signalCode: NodeJS.Signals | null;
  kill(signal: NodeJS.Signals): boolean;
  once(event: 'close', listener: () => void): unknown;
}

const liveChildren = new Set<StoppableChild>();
const cleanups = new Set<() => void>();
const STOPPING_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
let handlersInstalled = false;
let stoppedBy: NodeJS.Signals | null = null;

function removeRegistered(): void {
  for (const cleanup of [...cleanups]) {
    try {
      cleanup();
    } catch {
      // stopping anyway: the next run takes over what is left (its process is gone)
    }
  }
  cleanups.clear();
  for (const dir of registered) {
    try {
      fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
    } catch {
      // stopping anyway: a later run sweeps it (this pid is gone by then)
    }
  }
  registered.clear();
}

/** Whether PID has exited (a zombie not yet reaped counts: it writes nothing more). */
function hasExited(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'latin1');
    return /^[ZX]/.test(stat.slice(stat.lastIndexOf(')') + 2));
  } catch {
    return !processRuns(pid);
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Stops the children still running (a git clone filling a directory about to be removed would
 * race the removal, and outlive the run): SIGTERM lets git remove its own lock files, SIGKILL
 * follows after a second. Synchronous, so that nothing else runs before the directories go.
 */
function stopLiveChildren(): void {
  const waitFor = (children: StoppableChild[], ms: number) => {
    const deadline = Date.now() + ms;
    let left = children.filter((c) => c.pid !== undefined && !hasExited(c.pid));
    while (left.length && Date.now() < deadline) {
      sleepSync(10);
      left = left.filter((c) => !hasExited(c.pid!));
    }
    return left;
  };
  const running = [...liveChildren].filter((c) => c.exitCode === null && c.signalCode === null);
  for (const child of running) child.kill('SIGTERM');
  for (const child of waitFor(running, 1000)) child.kill('SIGKILL');
  waitFor(running, 1000);
}

function onStoppingSignal(signal: NodeJS.Signals): void {
  // Alone, this handler stops the run: nothing of it may go on writing. (With another handler, as
  // apply's rollback, the children are that handler's business.)
  const last = process.listenerCount(signal) === 1;
  if (last) stopLiveChildren();
  removeRegistered();
  // Alone, this handler would swallow the signal: stop the process as the signal would have.
  if (last) {
    for (const s of STOPPING_SIGNALS) process.removeListener(s, onStoppingSignal);
    handlersInstalled = false;
    process.kill(process.pid, signal);
  }
}

function installHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  for (const signal of STOPPING_SIGNALS) process.on(signal, onStoppingSignal);
}

/** Counts CHILD among the programs a stopping signal stops before the temporary files go. */
export function trackChild(child: StoppableChild): void {
  liveChildren.add(child);
  child.once('close', () => liveChildren.delete(child));
}

/** `os.tmpdir()/PREFIX<pid>-XXXXXX`, removed on a stopping signal until the returned function forgets it. */
export function makeRunTempDir(prefix: string): { dir: string; forget: () => void } {
  sweepStaleTemporaryDirectories(prefix);
  // The handlers first: a signal right after mkdir waits for the directory to be registered.
  installHandlers();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}${process.pid}-`));
  return { dir, forget: removeOnExit(dir) };
}

/**
 * A signal that came during synchronous work is read by the event loop's next poll; a run whose
 * last work was synchronous would end without one and lose it (exit 0 after a SIGTERM). Two
 * chained immediates keep the loop alive through one more poll, whichever phase this is called in.
 */
function pollForSignalsOnceMore(): void {
  setImmediate(() => setImmediate(() => {}));
}

/**
 * Resolves once the event loop has polled again, so that a signal already received has run its
 * handlers: a child that the same Ctrl-C stopped can be heard of before the signal itself.
 */
export function afterPendingSignals(): Promise<void> {
  return new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
}

/** Removes DIR when SIGINT/SIGTERM/SIGHUP stops the run; the returned function stops watching it. */
export function removeOnExit(dir: string): () => void {
  installHandlers();
  registered.add(dir);
  return () => {
    registered.delete(dir);
    pollForSignalsOnceMore();
  };
}

/**
 * Runs CLEANUP when SIGINT/SIGTERM/SIGHUP stops the run; the returned function stops watching.
 * Call it before making what CLEANUP removes: a signal in between then waits for it.
 */
export function cleanUpOnStop(cleanup: () => void): () => void {
  installHandlers();
  cleanups.add(cleanup);
  return () => {
    cleanups.delete(cleanup);
    pollForSignalsOnceMore();
  };
}

export function isStoppingSignal(signal: string | null | undefined): signal is NodeJS.Signals {
  return STOPPING_SIGNALS.includes(signal as NodeJS.Signals);
}

function interrupted(signal: NodeJS.Signals, what: string): Interrupted {
  return new Interrupted(`stopped by ${signal} (${what}): temporary files removed, the output left as it was`, os.constants.signals[signal]);
}

/**
 * A child program died of a stopping signal (Ctrl-C reaches the whole process group): the run stops,
 * with the returned error. Null when the run has its own handler for that signal (apply rolls back
 * with git after a Ctrl-C, and a second one must not cut that short).
 */
export function noteStoppedChild(signal: NodeJS.Signals, program: string): Interrupted | null {
  const ours = handlersInstalled ? 1 : 0;
  if (process.listenerCount(signal) > ours) return null;
  stoppedBy ??= signal;
  return interrupted(signal, `${program} was interrupted`);
}

/** Throws Interrupted once a stop was noticed, even if the error that said so was caught on the way. */
export function throwIfStopping(): void {
  if (stoppedBy) throw interrupted(stoppedBy, 'noticed earlier in the run');
}

/** Removes `ROOT/PREFIX<pid>-*` directories and files of this user whose process no longer runs. */
export function sweepStaleTemporaryDirectories(prefix: string, root = os.tmpdir()): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = fs.readdirSync(root);
  } catch {
    return removed;
  }
  const pattern = new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\d+)-[^/]+$`);
  const uid = process.getuid?.();
  for (const name of names) {
    const match = pattern.exec(name);
    if (!match || processRuns(Number(match[1]))) continue;
    const dir = path.join(root, name);
    try {
      const stat = fs.lstatSync(dir);
      if (!(stat.isDirectory() || stat.isFile()) || (uid !== undefined && stat.uid !== uid)) continue;
      fs.rmSync(dir, { recursive: true, force: true });
      removed.push(dir);
    } catch {
      // gone meanwhile, or not ours to remove
    }
  }
  return removed;
}

/** Whether a process with this id exists (EPERM: it does, under another user). */
export function processRuns(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
