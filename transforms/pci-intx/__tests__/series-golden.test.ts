// The series for examples/ (a git repository with a fixed commit, so every commit id is fixed too)
// byte for byte against __testfixtures__/examples.series/, and what `git am` makes of it: every
// byte outside the renamed callees stays, in the Latin-1, CRLF, BOM and no-final-newline files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { sourceDirOf } from '../../../test/helpers/paths.js';
import { runCli, describeRun } from '../../../test/helpers/cli.js';
import { assertGoldenDir } from '../../../test/helpers/golden.js';
import { cloneRepo, git, gitAm, gitAmAsAuthor } from '../../../test/helpers/git-repo.js';
import { readSeriesDir, readPatches, readCoverLetter } from '../../../test/helpers/series-files.js';
import { examplesRepo, writeSeries } from './fixture-trees.js';

const FIXTURES = path.resolve(sourceDirOf(import.meta.url), '..', '__testfixtures__');

const { repo, head } = examplesRepo();
const seriesDir = await writeSeries(repo);

interface SiteOffsets {
  file: string;
  calleeStart: number;
  calleeEnd: number;
  replacement: string | null;
  callee: string;
}

function planSites(tree: string): SiteOffsets[] {
  const args = ['plan', 'pci-intx', tree, '--json'];
  const r = runCli(args);
  assert.equal(r.status, 0, describeRun(args, r));
  return (JSON.parse(r.stdout) as { callSites: SiteOffsets[] }).callSites;
}

test('series for examples/ matches __testfixtures__/examples.series/ byte for byte', () => {
  assertGoldenDir(path.join(FIXTURES, 'examples.series'), readSeriesDir(seriesDir));
});

test('the same input gives byte-identical files', async () => {
  const again = await writeSeries(repo, [], 'series-again');
  const first = readSeriesDir(seriesDir);
  const second = readSeriesDir(again);
  assert.deepEqual(second.map((f) => f.name), first.map((f) => f.name));
  for (let i = 0; i < first.length; i++) assert.ok(second[i].bytes.equals(first[i].bytes), `${first[i].name} differs between two runs`);
});

test('From lines name the commits git am makes of the series on top of the base commit; base-commit is HEAD; the tree gets no object', () => {
  const cover = readCoverLetter(seriesDir);
  assert.match(cover.text, new RegExp(`\\nbase-commit: ${head}\\n`));
  const patches = readPatches(seriesDir);
  const author = /^From: (.*) <([^>]+)>$/m.exec(patches[0].text)!;
  const clone = cloneRepo(repo, 'am-ids');
  const made = gitAmAsAuthor(clone, readSeriesDir(seriesDir).filter((f) => !f.name.startsWith('0000-')).map((f) => f.path), { name: author[1], email: author[2] });
  patches.forEach((p, i) => {
    const sha = /^From ([0-9a-f]{40}) Mon Sep 17 00:00:00 2001\n/.exec(p.text)?.[1];
    assert.ok(sha && !/^0+$/.test(sha), `${p.name} has a real commit id`);
    assert.equal(sha, made[i], `${p.name}: the commit git am makes of it`);
    assert.equal(git(clone, ['log', '-1', '--format=%s', sha]).stdout.trim(), p.title.replace(/\s+/g, ' '));
    // Nothing but apply writes in the tree: the commit exists only where git am made it.
    assert.notEqual(git(repo, ['cat-file', '-e', sha], { allowFailure: true }).status, 0, `${p.name}: no object in the tree`);
  });
  assert.equal(git(clone, ['rev-list', '--count', `${head}..HEAD`]).stdout.trim(), String(patches.length));
  // The user's branch is not moved by series.
  assert.equal(git(repo, ['rev-parse', 'HEAD']).stdout.trim(), head);
  assert.equal(git(repo, ['status', '--porcelain']).stdout, '');
});

test('git am --keep-cr applies the series; only the callee names change in the special files', () => {
  const clone = cloneRepo(repo, 'am-examples');
  const patches = readSeriesDir(seriesDir).filter((f) => !f.name.startsWith('0000-'));
  gitAm(clone, patches.map((p) => p.path));
  assert.equal(git(clone, ['rev-list', '--count', `${head}..HEAD`]).stdout.trim(), String(patches.length));

  const sites = planSites(repo);
  const special = {
    'drivers/parport/parport_lark.c': (b: Buffer) => assert.ok([0xe9, 0xf1, 0xf3, 0xa9, 0xc9].every((byte) => b.includes(byte)), 'Latin-1 bytes kept'),
    'drivers/misc/swift_pci.c': (b: Buffer) => {
      const text = b.toString('latin1');
      assert.equal(text.split('\n').length - 1, text.split('\r\n').length - 1, 'every line still ends in CR LF');
    },
    'drivers/misc/plume.c': (b: Buffer) => assert.deepEqual([...b.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'the byte order mark is kept'),
    'drivers/misc/tern.c': (b: Buffer) => assert.notEqual(b[b.length - 1], 0x0a, 'still no final newline'),
  };
  for (const [file, property] of Object.entries(special)) {
    const before = fs.readFileSync(path.join(repo, file));
    const after = fs.readFileSync(path.join(clone, file));
    // The expected result: the original bytes with each ported callee name replaced, nothing else.
    const renames = sites.filter((s) => s.file === file && s.replacement && s.replacement !== s.callee).sort((a, b) => b.calleeStart - a.calleeStart);
    assert.ok(renames.length > 0, `${file} has a site the series ports`);
    let expected = before;
    for (const s of renames) {
      assert.equal(before.subarray(s.calleeStart, s.calleeEnd).toString('latin1'), 'pci_intx');
      expected = Buffer.concat([expected.subarray(0, s.calleeStart), Buffer.from(s.replacement!, 'latin1'), expected.subarray(s.calleeEnd)]);
    }
    assert.ok(after.equals(expected), `${file}: after git am, only the callee names differ from the original`);
    property(after);
  }
});
