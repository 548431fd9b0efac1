// Temporary directories of a run (commit store, check clone, apply's patches): named after the pid
// that made them, removed when SIGINT/SIGTERM/SIGHUP stops the run, and swept by a later run when
// their process is gone (a SIGKILL leaves them behind).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const registered = new Set<string>();
const STOPPING_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
let handlersInstalled = false;

function removeRegistered(): void {
  for (const dir of registered) fs.rmSync(dir, { recursive: true, force: true });
  registered.clear();
}

function onStoppingSignal(signal: NodeJS.Signals): void {
  removeRegistered();
  // Alone, this handler would swallow the signal: stop the process as the signal would have.
  if (process.listenerCount(signal) === 1) {
    for (const s of STOPPING_SIGNALS) process.removeListener(s, onStoppingSignal);
    handlersInstalled = false;
    process.kill(process.pid, signal);
  }
}

/** `os.tmpdir()/PREFIX<pid>-XXXXXX`, removed on a stopping signal until the returned function forgets it. */
export function makeRunTempDir(prefix: string): { dir: string; forget: () => void } {
  sweepStaleTemporaryDirectories(prefix);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}${process.pid}-`));
  return { dir, forget: removeOnExit(dir) };
}

/** Removes DIR when SIGINT/SIGTERM/SIGHUP stops the run; the returned function stops watching it. */
export function removeOnExit(dir: string): () => void {
  registered.add(dir);
  if (!handlersInstalled) {
    handlersInstalled = true;
    for (const signal of STOPPING_SIGNALS) process.on(signal, onStoppingSignal);
  }
  return () => {
    registered.delete(dir);
  };
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
