// A run stopped by SIGINT or SIGTERM leaves no temporary directory (commit store, check clone), no
// output lock and no half-replaced output; what a killed run (SIGKILL) leaves is swept by the next.
// Real runs of the CLI, real signals, sent at exact system calls by strace's fault injection.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { seriesArgs, testEnvironment } from '../helpers/cli.js';
import { gitRepoFrom } from '../helpers/git-repo.js';
import { CLI, EXAMPLES_DIR, REPO_ROOT } from '../helpers/paths.js';
import { makeTempDir } from '../helpers/temp.js';

const hasStrace = spawnSync('strace', ['-V']).status === 0;
const skip = hasStrace ? false : 'strace is not installed';

interface StoppedRun {
  status: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/** The CLI under strace (STRACE: its options), with a TMPDIR of its own so that leftovers can be seen. */
function runStraced(strace: string[], args: string[], tmp: string): StoppedRun {
  const r = spawnSync('strace', ['-qq', '-o', '/dev/null', ...strace, process.execPath, CLI, ...args], {
    cwd: REPO_ROOT,
    env: testEnvironment({ TMPDIR: tmp }),
    timeout: 300_000,
  });
  if (r.error) throw r.error;
  return { status: r.status, signal: r.signal, stderr: r.stderr.toString('utf8') };
}

function runPlain(args: string[], tmp: string): StoppedRun {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: REPO_ROOT, env: testEnvironment({ TMPDIR: tmp }), timeout: 300_000 });
  if (r.error) throw r.error;
  return { status: r.status, signal: r.signal, stderr: r.stderr.toString('utf8') };
}

/** Every file under DIR with a digest of its bytes (iterative walk). */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const pending = [''];
  while (pending.length) {
    const rel = pending.pop() as string;
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const name = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) pending.push(name);
      else files[name] = crypto.createHash('sha1').update(fs.readFileSync(path.join(dir, name))).digest('hex');
    }
  }
  return files;
}

function describe(run: StoppedRun): string {
  return `status ${run.status}, signal ${run.signal}\n--- stderr ---\n${run.stderr}`;
}

/** A git tree, an earlier series written from it (date 1) and the series a new run writes (date 2). */
function setUp(name: string, source = 'git') {
  const base = makeTempDir(`signal-${name}`);
  const tree = source === 'git' ? gitRepoFrom(EXAMPLES_DIR, `signal-${name}-tree`).repo : path.join(base, 'tree');
  if (source !== 'git') fs.cpSync(EXAMPLES_DIR, tree, { recursive: true });
  const tmp = path.join(base, 'tmp');
  fs.mkdirSync(tmp);
  const out = path.join(base, 'out', 'outgoing');
  const oldArgs = seriesArgs(tree, out, ['--date', '2026-01-01T00:00:00Z']);
  const newArgs = seriesArgs(tree, out, ['--date', '2026-02-02T00:00:00Z']);
  const probe = path.join(base, 'probe');
  const written = runPlain(seriesArgs(tree, probe, ['--date', '2026-02-02T00:00:00Z']), tmp);
  assert.equal(written.status, 0, describe(written));
  const newSeries = snapshot(probe);
  const first = runPlain(oldArgs, tmp);
  assert.equal(first.status, 0, describe(first));
  const oldSeries = snapshot(out);
  assert.notDeepEqual(oldSeries, newSeries);
  return { tree, tmp, out, newArgs, oldSeries, newSeries };
}

/** Nothing of the stopped run is left: its TMPDIR is empty, and beside the output only the output. */
function assertNothingLeft(tmp: string, out: string): void {
  assert.deepEqual(fs.readdirSync(tmp), [], 'temporary directories left behind');
  assert.deepEqual(fs.readdirSync(path.dirname(out)), [path.basename(out)], 'lock or staging left beside the output');
}

test('Ctrl-C reaching every process while the commits are made: exit 130, one line, the earlier series intact, nothing left', { skip }, () => {
  const { tmp, out, newArgs, oldSeries } = setUp('group');
  // Every process of the run (kcodemod and each git it starts) gets SIGINT at its first mkdir:
  // kcodemod right after it made its commit store, git while it fills it.
  const run = runStraced(['-f', '-e', 'trace=mkdir', '-e', 'inject=mkdir:signal=INT:when=1'], newArgs, tmp);
  // 130 either way to a shell: the exit status, or the signal itself once the handler re-raises it.
  assert.ok(run.status === 130 || run.signal === 'SIGINT', describe(run));
  const lines = run.stderr.trimEnd().split('\n');
  assert.match(lines[lines.length - 1], /^kcodemod: stopped by SIGINT \(git was interrupted\): temporary files removed, the output left as it was$/);
  assert.ok(!run.stderr.includes('no commit ids'), 'the interrupted commit step is not taken for a failure to work around');
  assert.deepEqual(snapshot(out), oldSeries);
  assertNothingLeft(tmp, out);
});

test('SIGTERM to kcodemod alone, right after it made its commit store: stopped, no commit store, no lock', { skip }, () => {
  const { tmp, out, newArgs, oldSeries, newSeries } = setUp('term');
  // Without -f only kcodemod's main thread is traced: its first mkdir is the commit store's.
  const run = runStraced(['-e', 'trace=mkdir', '-e', 'inject=mkdir:signal=TERM:when=1'], newArgs, tmp);
  assert.equal(run.signal, 'SIGTERM', describe(run));
  // The signal is handled once the synchronous writing is done: the output is one whole series.
  const now = snapshot(out);
  assert.ok(JSON.stringify(now) === JSON.stringify(oldSeries) || JSON.stringify(now) === JSON.stringify(newSeries), 'neither the earlier nor the new series');
  assertNothingLeft(tmp, out);
});

test('SIGTERM as the output lock is taken (no git, so nothing else watched signals yet): the lock goes with the run', { skip }, () => {
  const { tmp, out, newArgs, oldSeries, newSeries } = setUp('lock', 'plain');
  const lock = path.join(path.dirname(out), `.${path.basename(out)}.kcodemod-lock`);
  const run = runStraced(['-P', lock, '-e', 'trace=openat', '-e', 'inject=openat:signal=TERM:when=1'], newArgs, tmp);
  assert.equal(run.signal, 'SIGTERM', describe(run));
  const now = snapshot(out);
  assert.ok(JSON.stringify(now) === JSON.stringify(oldSeries) || JSON.stringify(now) === JSON.stringify(newSeries), 'neither the earlier nor the new series');
  assertNothingLeft(tmp, out);
});

test('SIGTERM to check right after it made its clone directory: exit by SIGTERM, no clone left', { skip }, () => {
  const { tree, tmp, out } = setUp('check');
  const run = runStraced(['-e', 'trace=mkdir', '-e', 'inject=mkdir:signal=TERM:when=1'], ['check', 'pci-intx', tree, '--series', out], tmp);
  assert.equal(run.signal, 'SIGTERM', describe(run));
  assert.deepEqual(fs.readdirSync(tmp), [], 'the check clone is left behind');
});

test('what SIGKILLed runs leave (commit store, staging directory, lock) is swept by the next run', { skip }, () => {
  const { tmp, out, newArgs, newSeries } = setUp('sweep');
  const parent = path.dirname(out);
  const lock = path.join(parent, `.${path.basename(out)}.kcodemod-lock`);
  // Killed between the lock's creation and its content, then as it starts removing its commit store
  // (its first rmdir; in this order, as each run sweeps what the one before left).
  for (const strace of [
    ['-P', lock, '-e', 'trace=write', '-e', 'inject=write:signal=KILL:when=1'],
    ['-e', 'trace=rmdir', '-e', 'inject=rmdir:signal=KILL:when=1'],
  ]) {
    const killed = runStraced(strace, newArgs, tmp);
    assert.equal(killed.signal, 'SIGKILL', describe(killed));
  }
  assert.ok(fs.readdirSync(tmp).some((name) => name.startsWith('kcodemod-commits-')), `the kill left no commit store: ${fs.readdirSync(tmp)}`);
  assert.ok(fs.existsSync(lock), 'the kill left no lock');
  const next = runPlain(newArgs, tmp);
  assert.equal(next.status, 0, describe(next));
  assert.deepEqual(snapshot(out), newSeries);
  assertNothingLeft(tmp, out);
});
