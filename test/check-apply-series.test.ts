// check applies a series in its clone with one `git am` when every patch applies, and reads each
// step's files from the commits; when one does not apply it goes patch by patch. Both must give
// the bytes a patch-by-patch `git am` leaves in the work tree (CRLF, no final newline, a deletion,
// a new file) and stop at the same patch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { applySeries, type SeriesStep } from '../src/check/apply-series.js';
import { touchedPaths } from '../src/check/series-files.js';
import { makeTempDir } from './helpers/temp.js';
import { cloneRepo, git } from './helpers/git-repo.js';

const CRLF_NO_FINAL_NEWLINE = Buffer.from('int a;\r\nint b;\r\nint c;', 'latin1');

/** A repository at its base commit and the three patches that follow it. */
function seriesRepo(): { repo: string; patches: string[] } {
  const repo = path.join(makeTempDir('apply-series'), 'repo');
  fs.mkdirSync(repo);
  git(repo, ['init', '--quiet', '--initial-branch=main']);
  fs.writeFileSync(path.join(repo, 'crlf.c'), CRLF_NO_FINAL_NEWLINE);
  fs.writeFileSync(path.join(repo, 'gone.c'), 'int gone;\n');
  fs.writeFileSync(path.join(repo, 'latin1.c'), Buffer.from('/* caf\xe9 */\nint x;\n', 'latin1'));
  git(repo, ['add', '-A']);
  git(repo, ['commit', '--quiet', '-m', 'base']);
  const base = git(repo, ['rev-parse', 'HEAD']).stdout.trim();
  const edits: [string, (dir: string) => void][] = [
    ['edit a CRLF file without a final newline', (dir) => fs.writeFileSync(path.join(dir, 'crlf.c'), Buffer.from('int a;\r\nint bb;\r\nint c;', 'latin1'))],
    ['delete one file, add another, edit Latin-1 bytes', (dir) => {
      fs.rmSync(path.join(dir, 'gone.c'));
      fs.writeFileSync(path.join(dir, 'new.c'), 'int added;\n');
      fs.writeFileSync(path.join(dir, 'latin1.c'), Buffer.from('/* caf\xe9 */\nint y;\n', 'latin1'));
    }],
    ['edit the CRLF file again', (dir) => fs.writeFileSync(path.join(dir, 'crlf.c'), Buffer.from('int a;\r\nint bb;\r\nint cc;', 'latin1'))],
  ];
  for (const [message, edit] of edits) {
    edit(repo);
    git(repo, ['add', '-A']);
    git(repo, ['commit', '--quiet', '-m', message]);
  }
  const out = makeTempDir('apply-series-patches');
  git(repo, ['format-patch', '--quiet', '-o', out, `${base}..HEAD`]);
  const patches = fs.readdirSync(out).sort().map((n) => path.join(out, n));
  git(repo, ['reset', '--quiet', '--hard', base]);
  return { repo, patches };
}

function stepsOf(clone: string, patches: string[]): Promise<SeriesStep[]> {
  return applySeries(clone, patches.map((p) => ({ path: p, touched: touchedPaths([fs.readFileSync(p)], clone) })));
}

/** What `git am` of one patch at a time leaves in a work tree: each step's touched files. */
function patchByPatch(repo: string, patches: string[]): Map<string, Buffer | null>[] {
  const clone = cloneRepo(repo, 'apply-series-reference');
  const files: Map<string, Buffer | null>[] = [];
  for (const p of patches) {
    git(clone, ['am', '--keep-cr', '--quiet', p]);
    const touched = touchedPaths([fs.readFileSync(p)], clone);
    files.push(new Map(touched.map((f) => [f, fs.existsSync(path.join(clone, f)) ? fs.readFileSync(path.join(clone, f)) : null])));
  }
  return files;
}

test('a series that applies: one step a patch, with the bytes a patch-by-patch git am leaves (CRLF, no final newline, deleted, added)', async () => {
  const { repo, patches } = seriesRepo();
  const expected = patchByPatch(repo, patches);
  const steps = await stepsOf(cloneRepo(repo, 'apply-series-clone'), patches);
  assert.deepEqual(steps.map((s) => s.index), [0, 1, 2]);
  assert.deepEqual(steps.map((s) => s.failure), [null, null, null]);
  assert.deepEqual(steps.map((s) => s.files), expected);
  assert.deepEqual(steps[0].files.get('crlf.c'), Buffer.from('int a;\r\nint bb;\r\nint c;', 'latin1'));
  assert.equal(steps[1].files.get('gone.c'), null);
  assert.deepEqual(steps[2].files.get('crlf.c'), Buffer.from('int a;\r\nint bb;\r\nint cc;', 'latin1'));
});

test('a series whose second patch does not apply: the first step as before, then the failure, and no step after it', async () => {
  const { repo, patches } = seriesRepo();
  const expected = patchByPatch(repo, patches.slice(0, 1));
  const clone = cloneRepo(repo, 'apply-series-failing');
  // The file the second patch deletes is changed first: its deletion no longer applies.
  fs.writeFileSync(path.join(clone, 'gone.c'), 'int changed;\n');
  git(clone, ['commit', '--quiet', '-am', 'change gone.c']);
  const steps = await stepsOf(clone, patches);
  assert.deepEqual(steps.map((s) => s.index), [0, 1]);
  assert.equal(steps[0].failure, null);
  assert.deepEqual(steps[0].files, expected[0]);
  assert.match(steps[1].failure ?? '', /^git am failed: error: /);
  assert.equal(steps[1].files.size, 0);
  // Nothing is left half-applied: the clone is not in the middle of a git am.
  assert.equal(fs.existsSync(path.join(clone, '.git', 'rebase-apply')), false);
});
