// Runs external programs (git, perl) with argument arrays and a timeout: never through a shell.
import { spawn, spawnSync, type ChildProcess, type SpawnSyncOptions } from 'node:child_process';

export type { ChildProcess };

import { ToolMissingError } from '../errors.js';
import { isStoppingSignal, noteStoppedChild, trackChild } from './temp-dirs.js';

export { ToolMissingError };

export interface RunResult {
  status: number;
  stdout: Buffer;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  input?: Buffer | string;
  env?: NodeJS.ProcessEnv;
  /** Milliseconds; default 120 s. */
  timeout?: number;
  maxBuffer?: number;
  /** Called with the child once started (runAsync only), e.g. to pass a signal on to it. */
  onSpawn?: (child: ChildProcess) => void;
}

/** The arguments a trace line shows: git's `-c NAME=VALUE` settings left out, so the command itself shows. */
function traced(args: string[]): string {
  return args.filter((arg, i) => arg !== '-c' && args[i - 1] !== '-c').slice(0, 6).join(' ');
}

/** Runs `cmd args...`; throws ToolMissingError when cmd is not installed, Error on timeout. */
export function run(cmd: string, args: string[], options: RunOptions = {}): RunResult {
  const spawnOptions: SpawnSyncOptions = {
    cwd: options.cwd,
    input: options.input,
    env: options.env ?? process.env,
    timeout: options.timeout ?? 120_000,
    maxBuffer: options.maxBuffer ?? 512 * 1024 * 1024,
    shell: false,
    windowsHide: true,
  };
  const started = process.env.KCODEMOD_TRACE ? performance.now() : 0;
  const result = spawnSync(cmd, args, spawnOptions);
  if (process.env.KCODEMOD_TRACE) process.stderr.write(`trace: ${(performance.now() - started).toFixed(1)} ms ${cmd} ${traced(args)}\n`);
  if (result.error) {
    const code = (result.error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ToolMissingError(`${cmd} is not installed (not found on PATH)`);
    if (code === 'ETIMEDOUT') throw new Error(`${cmd} ${args[0] ?? ''} took longer than ${Math.round((options.timeout ?? 120_000) / 1000)} s and was stopped`);
    throw new Error(`${cmd} could not be started: ${result.error.message}`);
  }
  if (isStoppingSignal(result.signal)) {
    const stop = noteStoppedChild(result.signal, cmd);
    if (stop) throw stop;
  }
  return {
    status: result.status ?? 1,
    stdout: result.stdout as Buffer,
    stderr: (result.stderr as Buffer).toString('utf8'),
  };
}

/** Runs and returns stdout as text; throws Error with git's own first stderr line on failure. */
export function runText(cmd: string, args: string[], options: RunOptions = {}): string {
  const r = run(cmd, args, options);
  if (r.status !== 0) {
    const first = r.stderr.split('\n').find((l) => l.trim()) ?? `exit status ${r.status}`;
    throw new Error(`${cmd} ${args[0] ?? ''}: ${first.trim()}`);
  }
  return r.stdout.toString('utf8');
}

/** Like run(), without blocking: two searches (git ls-files, git grep) can overlap on two cores. */
export function runAsync(cmd: string, args: string[], options: RunOptions = {}): Promise<RunResult> {
  const timeout = options.timeout ?? 120_000;
  const started = process.env.KCODEMOD_TRACE ? performance.now() : 0;
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: options.cwd, env: options.env ?? process.env, shell: false, windowsHide: true, stdio: ['ignore', 'pipe', 'pipe'] });
    trackChild(child);
    options.onSpawn?.(child);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeout);
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(e.code === 'ENOENT' ? new ToolMissingError(`${cmd} is not installed (not found on PATH)`) : new Error(`${cmd} could not be started: ${e.message}`));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (process.env.KCODEMOD_TRACE) process.stderr.write(`trace: ${(performance.now() - started).toFixed(1)} ms ${cmd} ${traced(args)} (async)\n`);
      if (timedOut) reject(new Error(`${cmd} ${args[0] ?? ''} took longer than ${Math.round(timeout / 1000)} s and was stopped`));
      else resolve({ status: code ?? 1, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8') });
    });
  });
}
