// Runs one command and measures it. Wall time is taken here (high resolution, around a blocking spawn,
// so this process does nothing meanwhile). CPU time (user + sys) and peak RSS come from GNU time, i.e.
// from wait4()'s rusage: it counts the command and every child it waited for (git under kcodemod,
// spatch's worker processes), and the peak RSS is that of the largest single process, not a sum.
// Node cannot give a child's rusage itself, and polling /proc/PID/status misses short peaks and children.
// The command's stdout/stderr go to files (no pipe for this process to drain while it is timed).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { BenchError } from './errors.js';

const GNU_TIME = '/usr/bin/time';
const USAGE_FORMAT = '%U %S %M';

/** Throws BenchError unless GNU time is installed where measure() expects it. */
export function requireGnuTime() {
  const probe = spawnSync(GNU_TIME, ['--version'], { encoding: 'utf8' });
  if (probe.error || !/GNU/.test(`${probe.stdout}${probe.stderr}`)) {
    throw new BenchError(`GNU time is needed at ${GNU_TIME} (CPU time and peak RSS of each command): install it (apt-get install time)`);
  }
}

/**
 * Runs `cmd args` in `cwd` and returns { status, wallMs, cpuMs, peakRssKb, stdout, stderr }.
 * `scratch` is a directory for the captured output. Throws BenchError when the command cannot start.
 */
export function measure({ cmd, args, cwd, env = process.env, scratch, timeoutMs = 600_000 }) {
  const stdoutFile = path.join(scratch, 'stdout');
  const stderrFile = path.join(scratch, 'stderr');
  const usageFile = path.join(scratch, 'usage');
  const stdoutFd = fs.openSync(stdoutFile, 'w');
  const stderrFd = fs.openSync(stderrFile, 'w');
  let result;
  let wallMs;
  try {
    const start = performance.now();
    result = spawnSync(GNU_TIME, ['-o', usageFile, '-f', USAGE_FORMAT, cmd, ...args], {
      cwd,
      env,
      stdio: ['ignore', stdoutFd, stderrFd],
      timeout: timeoutMs,
    });
    wallMs = performance.now() - start;
  } finally {
    fs.closeSync(stdoutFd);
    fs.closeSync(stderrFd);
  }
  if (result.error) throw new BenchError(`${cmd} could not be run: ${result.error.message}`);
  const stderr = fs.readFileSync(stderrFile, 'utf8');
  // GNU time reports a command it could not start with status 127 (not found) or 126 (not executable).
  if (result.status === 127 || result.status === 126) throw new BenchError(`${cmd} could not be started: ${firstLine(stderr)}`);
  return {
    status: result.status ?? 1,
    wallMs,
    ...parseUsage(fs.readFileSync(usageFile, 'utf8')),
    stdout: fs.readFileSync(stdoutFile, 'utf8'),
    stderr,
  };
}

/** The last line is ours ("Command exited with non-zero status N" may come before it). */
function parseUsage(text) {
  const lines = text.trim().split('\n');
  const [user, sys, peakRssKb] = lines[lines.length - 1].trim().split(/\s+/).map(Number);
  if (![user, sys, peakRssKb].every(Number.isFinite)) throw new BenchError(`unexpected GNU time output: ${text.trim()}`);
  return { cpuMs: (user + sys) * 1000, peakRssKb };
}

export function firstLine(text) {
  return text.split('\n').find((line) => line.trim())?.trim() ?? '(no message)';
}
