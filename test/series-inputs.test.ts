// Series directories read back (check/apply --series, series --previous): only regular files are read,
// so a FIFO or a directory under a patch's name is refused by name instead of hanging or failing raw.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { listSeriesPatches } from '../src/check/series-files.js';
import { readPreviousSeries } from '../src/series/versions.js';
import { makeTempDir } from './helpers/temp.js';

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
  assert.throws(() => readPreviousSeries(dir, 'pci-intx'), /cannot read patch .*0001-a\.patch: not a regular file$/);
});
