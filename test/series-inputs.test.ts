// Series directories read back (check/apply --series, series --previous): only regular files are read,
// so a FIFO or a directory under a patch's name is refused by name instead of hanging or failing raw.
import pciIntx from '../transforms/pci-intx/index.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { listSeriesPatches, touchedPaths } from '../src/check/series-files.js';
import { readPreviousSeries } from '../src/series/versions/previous-series.js';
import { makeTempDir } from './helpers/temp.js';
import { git, gitRepoFrom } from './helpers/git-repo.js';
import { describeRun, runCli, seriesArgs } from './helpers/cli.js';
import { seriesInProcess } from './helpers/in-process.js';
import { EXAMPLES_DIR } from './helpers/paths.js';

function mkfifo(file: string): void {
  const r = spawnSync('mkfifo', [file]);
  assert.equal(r.status, 0, r.stderr?.toString());
}

test('a FIFO or a directory named like a patch in --series is refused by name, without hanging', () => {
  const dir = makeTempDir('fifo-series');
  fs.writeFileSync(path.join(dir, '0000-cover-letter.patch'), 'Subject: [PATCH 0/2] c\n\n');
  fs.writeFileSync(path.join(dir, '0001-a.patch'), 'Subject: [PATCH 1/2] a\n\n');
  mkfifo(path.join(dir, '0002-b.patch'));
  assert.throws(() => listSeriesPatches(dir), /^Error: cannot read the patch .*0002-b\.patch: not a regular file$/);
  fs.rmSync(path.join(dir, '0002-b.patch'));
  fs.mkdirSync(path.join(dir, '0002-b.patch'));
  assert.throws(() => listSeriesPatches(dir), /^Error: cannot read the patch .*0002-b\.patch: not a regular file$/);
});

test('a FIFO in --previous (listed in the series file) is refused by name, without hanging', () => {
  const dir = makeTempDir('fifo-previous');
  fs.mkdirSync(path.join(dir, '.kcodemod'));
  fs.writeFileSync(path.join(dir, '.kcodemod', 'series'), '0000-cover-letter.patch\n0001-a.patch\n');
  fs.writeFileSync(path.join(dir, '0000-cover-letter.patch'), 'Subject: [PATCH 0/1] c\n\n');
  mkfifo(path.join(dir, '0001-a.patch'));
  assert.throws(() => readPreviousSeries(dir, pciIntx), /cannot read patch .*0001-a\.patch: not a regular file$/);
});

test('check stops running checkpatch.pl after the first patch that does not apply, and says so', async () => {
  const { repo } = gitRepoFrom(EXAMPLES_DIR, 'check-stop');
  // A checkpatch.pl that only logs which patch it was given.
  const log = path.join(makeTempDir('check-log'), 'ran');
  const scripts = path.join(makeTempDir('check-scripts'), 'kernel');
  fs.mkdirSync(path.join(scripts, 'scripts'), { recursive: true });
  fs.writeFileSync(path.join(scripts, 'scripts', 'checkpatch.pl'), `open(my $f, '>>', '${log}'); print $f "$ARGV[-1]\\n"; exit 0;\n`);
  const out = path.join(makeTempDir('check-out'), 'series');
  await seriesInProcess(seriesArgs(repo, out));
  const patches = fs.readdirSync(out).filter((n) => /^\d{4}-/.test(n) && !n.startsWith('0000-')).sort();
  assert.ok(patches.length > 3);
  // The first patch no longer applies: the tree lost a file it changes.
  const touched = /^diff --git a\/(\S+) /m.exec(fs.readFileSync(path.join(out, patches[0]), 'utf8'))![1];
  git(repo, ['rm', '--quiet', touched]);
  git(repo, ['commit', '--quiet', '-m', 'drop a file']);
  const args = ['check', 'pci-intx', repo, '--series', out, '--scripts-from', scripts];
  const r = runCli(args);
  assert.equal(r.status, 1, describeRun(args, r));
  assert.deepEqual(fs.readFileSync(log, 'utf8').trim().split('\n').map((f) => path.basename(f)), [patches[0]]);
  assert.match(r.stdout, new RegExp(`^note: checkpatch\\.pl was not run on the ${patches.length - 1} patches after the one that did not apply$`, 'm'));
});

test('touchedPaths reads paths as git does: spaces, quotes, backslashes, newlines, renames; ".." is refused', () => {
  const { repo } = gitRepoFrom(path.join(EXAMPLES_DIR, 'drivers', 'misc'), 'touched');
  const names = ['a b.c', 'q"x.c', 'back\\slash.c', 'nl\nname.c'];
  for (const name of names) fs.writeFileSync(path.join(repo, name), 'int x;\n');
  git(repo, ['add', '--', ...names]);
  git(repo, ['commit', '--quiet', '-m', 'odd names']);
  for (const name of names) fs.appendFileSync(path.join(repo, name), 'int y;\n');
  git(repo, ['mv', 'tern.c', 'renamed tern.c']);
  git(repo, ['commit', '--quiet', '-am', 'touch them']);
  const patch = Buffer.from(git(repo, ['format-patch', '-M', '--stdout', '-1']).stdout, 'utf8');
  assert.deepEqual(touchedPaths([patch], repo), [...names, 'renamed tern.c', 'tern.c'].sort());
  const climbing = Buffer.from('diff --git a/../evil.c b/../evil.c\n--- a/../evil.c\n+++ b/../evil.c\n@@ -1 +1 @@\n-a\n+b\n');
  assert.throws(() => touchedPaths([climbing], repo), /a patch names a path outside the tree|git cannot read a patch/);
});

test('series on a repository git refuses (dubious ownership) warns that it has no commit ids and no base-commit', { skip: process.getuid?.() !== 0 ? 'needs root to hand the tree to another owner' : false }, () => {
  const { repo } = gitRepoFrom(EXAMPLES_DIR, 'dubious');
  spawnSync('chown', ['-R', '65534:65534', repo]);
  const out = path.join(makeTempDir('dubious-out'), 'series');
  const r = runCli(seriesArgs(repo, out));
  assert.equal(r.status, 0, describeRun(seriesArgs(repo, out), r));
  assert.match(r.stderr, /^kcodemod: warning: git refuses the tree \(.*dubious ownership.*\): no commit ids and no base-commit$/m);
});
