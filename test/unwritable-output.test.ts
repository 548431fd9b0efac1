// An earlier series that this user cannot remove (its directory, or a directory inside it, is not
// writable) is not swapped away: the run refuses in one line before the exchange, the earlier
// series stays byte for byte, and nothing is left beside it. Root ignores modes: the runs are made
// as the unprivileged user nobody (setpriv), as a user on a shared machine would meet it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { seriesArgs, testEnvironment } from './helpers/cli.js';
import { CLI, EXAMPLES_DIR, REPO_ROOT } from './helpers/paths.js';
import { makeTempDir } from './helpers/temp.js';

const NOBODY = 65534;
const canDropPrivileges = process.getuid?.() === 0 && spawnSync('setpriv', ['--version']).status === 0;
const skip = canDropPrivileges ? false : 'needs root and setpriv (modes are ignored for root)';

function runAsNobody(args: string[], tmp: string) {
  const r = spawnSync('setpriv', [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', process.execPath, CLI, ...args], {
    cwd: REPO_ROOT,
    env: testEnvironment({ TMPDIR: tmp, HOME: tmp }),
    timeout: 300_000,
  });
  if (r.error) throw r.error;
  return { status: r.status, stderr: r.stderr.toString('utf8') };
}

/** Every entry under DIR (directories with their mode) and the bytes of every file. */
function snapshot(dir: string): Record<string, string> {
  const entries: Record<string, string> = {};
  const pending = [''];
  while (pending.length) {
    const rel = pending.pop() as string;
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const name = rel ? `${rel}/${entry.name}` : entry.name;
      const full = path.join(dir, name);
      if (entry.isDirectory()) {
        entries[`${name}/`] = (fs.statSync(full).mode & 0o7777).toString(8);
        pending.push(name);
      } else entries[name] = crypto.createHash('sha1').update(fs.readFileSync(full)).digest('hex');
    }
  }
  return entries;
}

/** A tree, a TMPDIR and an earlier series in `outgoing`, all owned by nobody. */
function setUp(name: string) {
  const base = makeTempDir(`unwritable-${name}`);
  const tree = path.join(base, 'tree');
  fs.cpSync(EXAMPLES_DIR, tree, { recursive: true });
  const tmp = path.join(base, 'tmp');
  const parent = path.join(base, 'out');
  fs.mkdirSync(tmp);
  fs.mkdirSync(parent);
  for (const dir of [base, tmp, parent]) fs.chownSync(dir, NOBODY, NOBODY);
  const out = path.join(parent, 'outgoing');
  const first = runAsNobody(seriesArgs(tree, out, ['--date', '2026-01-01T00:00:00Z']), tmp);
  assert.equal(first.status, 0, first.stderr);
  return { tree, tmp, out };
}

function assertRefusedIntact(run: { status: number | null; stderr: string }, expected: RegExp, out: string, before: Record<string, string>, tmp: string): void {
  assert.equal(run.status, 1, run.stderr);
  const errors = run.stderr.split('\n').filter((line) => line.startsWith('kcodemod: error:'));
  assert.equal(errors.length, 1, run.stderr);
  assert.match(errors[0], expected);
  assert.ok(!/EACCES|EPERM/.test(run.stderr), `a raw errno reached the user: ${run.stderr}`);
  assert.deepEqual(snapshot(out), before, 'the earlier series changed');
  assert.deepEqual(fs.readdirSync(path.dirname(out)), [path.basename(out)], 'a staging directory, .old or lock is left beside the output');
  assert.deepEqual(fs.readdirSync(tmp), [], 'temporary directories are left');
}

test('an output directory that is not writable: refused in one line before anything, the earlier series intact', { skip }, () => {
  const { tree, tmp, out } = setUp('top');
  fs.chmodSync(out, 0o555);
  const before = snapshot(out);
  const run = runAsNobody(seriesArgs(tree, out, ['--date', '2026-02-02T00:00:00Z']), tmp);
  assertRefusedIntact(run, /^kcodemod: error: .*\/outgoing is not writable: the earlier series could not be removed; nothing was changed$/, out, before, tmp);
});

test('a directory inside the earlier series that is not writable (.kcodemod/): refused before the exchange, not after it', { skip }, () => {
  const { tree, tmp, out } = setUp('inner');
  fs.chmodSync(path.join(out, '.kcodemod'), 0o555);
  const before = snapshot(out);
  const run = runAsNobody(seriesArgs(tree, out, ['--date', '2026-02-02T00:00:00Z']), tmp);
  assertRefusedIntact(run, /^kcodemod: error: .*\/outgoing\/\.kcodemod is not writable: the earlier series could not be removed; nothing was changed$/, out, before, tmp);
});

test('--force over a directory whose own subdirectory is not writable: refused, everything in it kept', { skip }, () => {
  const { tree, tmp, out } = setUp('force');
  const notes = path.join(out, 'notes', 'drafts');
  fs.mkdirSync(notes, { recursive: true });
  fs.writeFileSync(path.join(notes, 'draft.txt'), 'mine\n');
  fs.chownSync(path.join(out, 'notes'), NOBODY, NOBODY);
  fs.chownSync(notes, NOBODY, NOBODY);
  fs.chmodSync(notes, 0o555);
  const before = snapshot(out);
  const run = runAsNobody(seriesArgs(tree, out, ['--date', '2026-02-02T00:00:00Z', '--force']), tmp);
  assertRefusedIntact(run, /^kcodemod: error: .*\/outgoing\/notes\/drafts is not writable: the earlier series could not be removed; nothing was changed$/, out, before, tmp);
});
