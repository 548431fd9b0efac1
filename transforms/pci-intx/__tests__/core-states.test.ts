// The series on every core state the plan knows: unmanaged (only the managed ports, which restore
// what the drivers lost), migrating (what is left), legacy (refused), fully ported (nothing to do).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { runCli, describeRun, seriesArgs } from '../../../test/helpers/cli.js';
import { git } from '../../../test/helpers/git-repo.js';
import { makeTempDir } from '../../../test/helpers/temp.js';
import { readPatches, readCoverLetter } from '../../../test/helpers/series-files.js';
import { examplesRepo, noReviewRepo, unmanagedCoreRepo, legacyCoreRepo, fullyPortedRepo, writeSeries, defaultSeries, applyFirstPatches } from './fixture-trees.js';
import { seriesShape, phasesOf } from './series-shape.js';
import { analyzeTree } from '../../../src/pipeline.js';
import pciIntx from '../index.js';

/** The core state the plan finds, analysed in-process. */
async function planState(repo: string): Promise<string> {
  return (await analyzeTree(pciIntx, repo)).plan.core.state;
}

test('unmanaged core: only the always-managed ports, whose messages say the restore was lost', async () => {
  const { repo } = await unmanagedCoreRepo();
  assert.equal(await planState(repo), 'unmanaged');
  const dir = await defaultSeries(repo);
  const shape = seriesShape(dir);
  const hybridShape = seriesShape(await defaultSeries(examplesRepo().repo));
  assert.deepEqual(phasesOf(shape), Array(6).fill('always-managed'));
  // The same drivers as the hybrid series' managed ports, nothing else.
  assert.deepEqual(shape.map((p) => p.files), hybridShape.filter((p) => p.phase === 'always-managed').map((p) => p.files));
  for (const p of readPatches(dir)) {
    assert.match(p.title, /: Restore the INTx state on detach with pcim_intx\(\)$/);
    assert.match(p.message.replace(/\s+/g, ' '), /lost that restore/, `${p.name} says the driver lost its INTx restore`);
  }
  const cover = readCoverLetter(dir).text.replace(/\s+/g, ' ');
  assert.match(cover, /core state: unmanaged/);
});

test('migrating core: after the first patches are applied, series emits exactly what is left', async () => {
  const { repo } = noReviewRepo();
  const fullDir = await defaultSeries(repo);
  const full = seriesShape(fullDir);
  const applied = 5; // prepare and four never-managed ports
  const migrating = applyFirstPatches(repo, fullDir, applied, 'migrating');
  assert.equal(await planState(migrating), 'migrating');
  const restDir = await writeSeries(migrating);
  assert.deepEqual(seriesShape(restDir), full.slice(applied));
  // And the rest brings the tree where the whole series does: its final patch also returns the
  // callers ported before (they call pci_intx_unmanaged(), which it removes) to pci_intx().
  const fromFull = applyFirstPatches(repo, fullDir, full.length, 'migrating-full');
  const fromRest = applyFirstPatches(migrating, restDir, full.length - applied, 'migrating-rest');
  assert.equal(git(fromRest, ['rev-parse', 'HEAD^{tree}']).stdout.trim(), git(fromFull, ['rev-parse', 'HEAD^{tree}']).stdout.trim());
});

test('migrating core with review sites left: the remaining ports, no final step', async () => {
  const { repo } = examplesRepo();
  const fullDir = await defaultSeries(repo);
  const full = seriesShape(fullDir);
  const migrating = applyFirstPatches(repo, fullDir, 3, 'migrating-review');
  const rest = seriesShape(await writeSeries(migrating));
  assert.deepEqual(rest, full.slice(3));
  assert.ok(!phasesOf(rest).includes('remove'));
});

test('legacy core: series exits 1 with a clear one-line refusal and writes nothing', async () => {
  const { repo } = legacyCoreRepo();
  assert.equal(await planState(repo), 'legacy');
  const out = path.join(makeTempDir('legacy'), 'out');
  const args = seriesArgs(repo, out);
  const r = runCli(args);
  assert.equal(r.status, 1, describeRun(args, r));
  assert.match(r.stderr, /^kcodemod: error: legacy PCI core \(no pcim_intx\(\)\).*does not apply/m);
  assert.doesNotMatch(r.stderr, /^\s+at /m, 'no stack trace');
  assert.ok(!fs.existsSync(out), 'no output directory');
});

test('nothing to do (fully ported tree): exit 0, says so, writes nothing', async () => {
  const { repo } = await fullyPortedRepo();
  assert.equal(await planState(repo), 'unmanaged');
  const out = path.join(makeTempDir('nothing'), 'out');
  const args = seriesArgs(repo, out);
  const r = runCli(args);
  assert.equal(r.status, 0, describeRun(args, r));
  assert.match(r.stderr, /nothing to do/);
  assert.ok(!fs.existsSync(out), 'no output directory');
});
