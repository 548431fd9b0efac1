// One writer per output directory: a lock file beside it (`.NAME.kcodemod-lock`, outside what is
// swapped) that names its holder's pid. A second writer is refused in one line; the lock of a
// process that no longer runs (killed) is taken over.
import fs from 'node:fs';
import path from 'node:path';
import { cleanUpOnStop, processRuns } from './temp-dirs.js';

export class OutputLocked extends Error {}

export interface OutputLock {
  release(): void;
}

export function lockFileOf(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.kcodemod-lock`);
}

/** Takes the lock of the output path TARGET (absolute) for this process, or throws OutputLocked. */
export function lockOutput(target: string, what: string): OutputLock {
  const file = lockFileOf(target);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const content = `${process.pid}\n`;
  // Watched before it exists: a SIGINT/SIGTERM right after the write still removes it.
  const forgetOnStop = cleanUpOnStop(() => removeIfOurs(file, content));
  try {
    return take(file, content, target, what, forgetOnStop);
  } catch (error) {
    forgetOnStop();
    throw error;
  }
}

function take(file: string, content: string, target: string, what: string, forgetOnStop: () => void): OutputLock {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(file, content, { flag: 'wx' });
      return held(file, content, forgetOnStop);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new Error(`cannot lock ${what} ${target}: ${(error as Error).message}`);
    }
    const holder = readHolder(file);
    // Re-entrant: review holds the lock for its session and writes the series through the same call.
    if (holder === process.pid) {
      forgetOnStop();
      return { release: () => {} };
    }
    if (holder !== null && processRuns(holder)) {
      throw new OutputLocked(`${what} ${target} is being written by another kcodemod (pid ${holder}, lock ${file}): wait for it to finish`);
    }
    // Stale (its process is gone, or empty from a kill before the write): moved aside, which only
    // one of two takers can do; the winner checks it moved the stale lock, not a fresh one.
    const aside = `${file}.stale-${process.pid}`;
    try {
      fs.renameSync(file, aside);
    } catch {
      continue;
    }
    const moved = readHolder(aside);
    if (moved !== null && moved !== holder && processRuns(moved)) {
      fs.renameSync(aside, file);
      throw new OutputLocked(`${what} ${target} is being written by another kcodemod (pid ${moved}, lock ${file}): wait for it to finish`);
    }
    fs.rmSync(aside, { force: true });
  }
  throw new OutputLocked(`${what} ${target} is locked (${file}): another kcodemod took it`);
}

function removeIfOurs(file: string, content: string): void {
  if (safeRead(file) === content) fs.rmSync(file, { force: true });
}

function held(file: string, content: string, forgetOnStop: () => void): OutputLock {
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.removeListener('exit', release);
    forgetOnStop();
    removeIfOurs(file, content);
  };
  process.on('exit', release);
  return { release };
}

function safeRead(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

function readHolder(file: string): number | null {
  const text = safeRead(file);
  if (text === null) return null;
  const pid = Number(text.trim());
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}
