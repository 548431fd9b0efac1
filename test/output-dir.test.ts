// The output directory: mode and group kept, one writer at a time, --mbox lands with the directory or
// not at all, temporaries of killed runs swept, and a layout `git am` and `git send-email` take as is.
// (Kills at every syscall of a run: test/faults/output-dir-kill.sh, `npm run test:faults`.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { writeSeriesDirectory, SERIES_MARKER } from '../src/render/output-dir.js';
import { lockFileOf } from '../src/util/output-lock.js';
import { sweepStaleTemporaryDirectories } from '../src/util/temp-dirs.js';
import type { RenderedFile } from '../src/render/format-patch.js';
import { makeTempDir } from './helpers/temp.js';
import { testEnvironment } from './helpers/cli.js';
import { CLI, EXAMPLES_DIR } from './helpers/paths.js';

function series(tag: string, count = 2): RenderedFile[] {
  return Array.from({ length: count + 1 }, (_, i) => ({
    name: i === 0 ? '0000-cover-letter.patch' : `000${i}-${tag}-patch-${i}.patch`,
    bytes: Buffer.from(`${tag} ${i}\n`),
  }));
}

/** The pid of a process that has exited (a stale lock's or temporary's owner). */
function deadPid(): number {
  const child = spawnSync('sh', ['-c', 'echo $$']);
  return Number(child.stdout.toString().trim());
}

test('rewriting a series keeps the directory, its mode and its group', { skip: process.getuid?.() !== 0 ? 'needs root to give the directory another group' : false }, () => {
  const dir = path.join(makeTempDir('mode'), 'outgoing');
  writeSeriesDirectory(dir, series('old'), { force: false });
  fs.chmodSync(dir, 0o2775);
  fs.chownSync(dir, 0, 100);
  writeSeriesDirectory(dir, series('new'), { force: false });
  const stat = fs.statSync(dir);
  assert.equal((stat.mode & 0o7777).toString(8), '2775');
  assert.equal(stat.gid, 100);
  assert.equal(fs.readFileSync(path.join(dir, '0001-new-patch-1.patch'), 'utf8'), 'new 1\n');
  // The setgid group reaches the new files too.
  assert.equal(fs.statSync(path.join(dir, '0001-new-patch-1.patch')).gid, 100);
});

test('a second writer is refused in one line while the first holds the lock; a dead holder\'s lock is taken over', () => {
  const dir = path.join(makeTempDir('lock'), 'outgoing');
  writeSeriesDirectory(dir, series('old'), { force: false });
  const lock = lockFileOf(path.resolve(dir));
  const holder = spawnSync('sh', ['-c', 'sleep 30 >/dev/null 2>&1 & echo $!']);
  const livePid = Number(holder.stdout.toString().trim());
  try {
    fs.writeFileSync(lock, `${livePid}\n`);
    assert.throws(() => writeSeriesDirectory(dir, series('new'), { force: false }), (error: Error) => {
      assert.match(error.message, new RegExp(`is being written by another kcodemod \\(pid ${livePid}, lock .*\\): wait for it to finish$`));
      assert.ok(!error.message.includes('\n'));
      return true;
    });
    assert.equal(fs.readFileSync(path.join(dir, '0001-old-patch-1.patch'), 'utf8'), 'old 1\n');
  } finally {
    process.kill(livePid, 'SIGKILL');
  }
  fs.writeFileSync(lock, `${deadPid()}\n`);
  writeSeriesDirectory(dir, series('new'), { force: false });
  assert.equal(fs.readFileSync(path.join(dir, '0001-new-patch-1.patch'), 'utf8'), 'new 1\n');
  assert.equal(fs.existsSync(lock), false, 'the lock is released');
});

test('--mbox lands with the directory or not at all; temporaries of killed runs are swept', () => {
  const parent = makeTempDir('together');
  const dir = path.join(parent, 'outgoing');
  const mbox = path.join(parent, 'series.mbox');
  writeSeriesDirectory(dir, series('old'), { force: false, extraOutputs: [{ path: mbox, bytes: Buffer.from('old mbox\n') }] });
  assert.equal(fs.readFileSync(mbox, 'utf8'), 'old mbox\n');

  // The mbox cannot be written (its directory is gone): nothing changes.
  const unreachable = path.join(parent, 'gone', 'series.mbox');
  assert.throws(
    () => writeSeriesDirectory(dir, series('new'), { force: false, extraOutputs: [{ path: unreachable, bytes: Buffer.from('new mbox\n') }] }),
    /could not write the series to .*outgoing: ENOENT.*; nothing was changed$/,
  );
  assert.equal(fs.readFileSync(path.join(dir, '0001-old-patch-1.patch'), 'utf8'), 'old 1\n');
  // Written, but it cannot land (its directory goes away just before): the directory is exchanged back.
  fs.mkdirSync(path.join(parent, 'going'));
  const goingAway = path.join(parent, 'going', 'series.mbox');
  assert.throws(
    () =>
      writeSeriesDirectory(dir, series('new'), {
        force: false,
        extraOutputs: [{ path: goingAway, bytes: Buffer.from('new mbox\n') }],
        beforeLanding: () => fs.renameSync(path.join(parent, 'going'), path.join(parent, 'gone-now')),
      }),
    /could not replace the series in .*outgoing: ENOENT.*; the earlier files are intact$/,
  );
  assert.equal(fs.readFileSync(path.join(dir, '0001-old-patch-1.patch'), 'utf8'), 'old 1\n');
  assert.equal(fs.readFileSync(mbox, 'utf8'), 'old mbox\n');
  fs.rmSync(path.join(parent, 'gone-now'), { recursive: true });

  // Leftovers of a killed run (its pid is gone) beside the directory and the mbox.
  const stale = deadPid();
  fs.mkdirSync(path.join(parent, `.outgoing.kcodemod-new-${stale}-0a0b0c0d`));
  fs.writeFileSync(path.join(parent, `.series.mbox.kcodemod-new-${stale}-0a0b0c0d`), 'half');
  writeSeriesDirectory(dir, series('new'), { force: false, extraOutputs: [{ path: mbox, bytes: Buffer.from('new mbox\n') }] });
  assert.equal(fs.readFileSync(mbox, 'utf8'), 'new mbox\n');
  assert.equal(fs.readFileSync(path.join(dir, '0001-new-patch-1.patch'), 'utf8'), 'new 1\n');
  assert.deepEqual(fs.readdirSync(parent).sort(), ['outgoing', 'series.mbox']);
});

test('the directory holds the mails only at its top: git am OUTDIR/*.patch and git send-email OUTDIR take it', () => {
  const dir = path.join(makeTempDir('send'), 'outgoing');
  const mail = (i: number, subject: string) =>
    Buffer.from(`From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001\nFrom: A <a@example.org>\nDate: Thu, 1 Jan 2026 00:00:00 +0000\nSubject: [PATCH ${i}/1] ${subject}\n\nBody.\n-- \n2.39.5\n\n`);
  writeSeriesDirectory(dir, [{ name: '0000-cover-letter.patch', bytes: mail(0, 'cover') }, { name: '0001-x.patch', bytes: mail(1, 'x') }], { force: false, manifest: Buffer.from('{}\n') });
  assert.deepEqual(fs.readdirSync(dir).sort(), ['.kcodemod', '0000-cover-letter.patch', '0001-x.patch']);
  assert.ok(fs.existsSync(path.join(dir, SERIES_MARKER)));
  const sent = spawnSync('git', ['send-email', '--dry-run', '--confirm=never', '--from', 'a@b.c', '--to', 'x@example.org', dir], {
    env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', GIT_COMMITTER_NAME: 'A', GIT_COMMITTER_EMAIL: 'a@b.c', GIT_AUTHOR_NAME: 'A', GIT_AUTHOR_EMAIL: 'a@b.c' },
  });
  if (sent.error || /is not a git command/.test(sent.stderr.toString())) return assert.fail('git send-email is not installed (apt-get install git-email)');
  assert.equal(sent.status, 0, sent.stderr.toString());
  assert.match(sent.stdout.toString(), /Dry-OK\. Log says:[\s\S]*Subject: \[PATCH 1\/1\] x/);
});

/** `kcodemod ARGS` in a pseudo-terminal (script(1)), as review needs one; returns its exit and output. */
function inTerminal(args: string[], cwd: string): { status: number | null; output: string } {
  const command = [process.execPath, CLI, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const r = spawnSync('script', ['-qec', command, '/dev/null'], { cwd, env: testEnvironment(), timeout: 120_000, input: '' });
  return { status: r.status, output: r.stdout.toString('utf8') };
}

test('review refuses, before its first key, the default ./outgoing inside TREE and a directory of other files without --force', () => {
  const tree = path.join(makeTempDir('review-tree'), 'tree');
  fs.cpSync(EXAMPLES_DIR, tree, { recursive: true });
  const inside = inTerminal(['review', 'pci-intx', '.', '--no-maintainers', '--from', 'A <a@example.org>'], tree);
  assert.equal(inside.status, 1, inside.output);
  assert.match(inside.output, /kcodemod: error: the default output directory .*outgoing is inside the kernel tree: pass -o DIR/);
  assert.equal(fs.existsSync(path.join(tree, 'outgoing')), false);

  const other = path.join(makeTempDir('review-other'), 'mine');
  fs.mkdirSync(other);
  fs.writeFileSync(path.join(other, 'notes.txt'), 'mine\n');
  const refused = inTerminal(['review', 'pci-intx', tree, '-o', other, '--no-maintainers', '--from', 'A <a@example.org>'], tree);
  assert.equal(refused.status, 1, refused.output);
  assert.match(refused.output, /holds files that are not a kcodemod series \(notes\.txt\); use --force/);
  assert.deepEqual(fs.readdirSync(other), ['notes.txt']);
});

test('temporary directories of runs whose process is gone are swept; a running one\'s stay', () => {
  const root = makeTempDir('sweep');
  const dead = path.join(root, `kcodemod-commits-${deadPid()}-abc123`);
  const alive = path.join(root, `kcodemod-commits-${process.pid}-def456`);
  const other = path.join(root, 'kcodemod-commits-notapid');
  for (const dir of [dead, alive, other]) fs.mkdirSync(path.join(dir, 'repo.git', 'objects'), { recursive: true });
  assert.deepEqual(sweepStaleTemporaryDirectories('kcodemod-commits-', root), [dead]);
  assert.deepEqual(fs.readdirSync(root).sort(), [path.basename(alive), path.basename(other)].sort());
});
