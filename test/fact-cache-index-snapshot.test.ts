// A warm run that finds the index of an earlier run (named by the checksum git keeps at its end) takes
// discovery's answers for that index at once and asks git only `git diff-files`: no listing of the
// index, no search. Whatever changed since (a file edited, reverted, the index refreshed or switched),
// the plan is the one a run without the cache makes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tracedCommands } from './helpers/trace.js';
import fs from 'node:fs';
import path from 'node:path';
import pciIntx from '../transforms/pci-intx/index.js';
import { analyzeTree } from '../src/pipeline.js';
import { Timings } from '../src/util/timings.js';
import { indexIdentity } from '../src/cache/tree-content.js';
import type { FactCacheSettings } from '../src/cache/fact-cache.js';
import { EXAMPLES_DIR, REPO_ROOT } from './helpers/paths.js';
import { commitAll, git, gitRepoFrom } from './helpers/git-repo.js';
import { makeTempDir } from './helpers/temp.js';

const TRANSFORM_ENTRY = path.join(REPO_ROOT, 'transforms', 'pci-intx', 'index.ts');

/** The plans with and without the cache, asserted equal; the git commands of the cached run; whether it reused the analysis. */
async function cachedRun(tree: string, cache: FactCacheSettings): Promise<{ plan: string; commands: string[]; reused: boolean }> {
  const timings = new Timings();
  let cachedPlan = '';
  const commands = await tracedCommands(async () => {
    cachedPlan = JSON.stringify((await analyzeTree(pciIntx, tree, { cache, timings })).plan);
  });
  const fresh = JSON.stringify((await analyzeTree(pciIntx, tree, {})).plan);
  assert.equal(cachedPlan, fresh, 'the cached plan is the fresh plan');
  return { plan: fresh, commands, reused: !timings.stages.has('parse') };
}

test('the same index again: discovery and the analysis come from the cache with one git diff-files; any change is seen', async () => {
  const { repo } = gitRepoFrom(EXAMPLES_DIR, 'cache-snapshot');
  const cache: FactCacheSettings = { transformEntry: TRANSFORM_ENTRY, directory: path.join(makeTempDir('cache-snapshot-facts'), 'facts') };
  assert.match(indexIdentity(repo) ?? '', /^\d+:[0-9a-f]{64}$/, 'the index names itself');

  const first = await cachedRun(repo, cache);
  assert.ok(first.commands.some((c) => / ls-files /.test(c)), 'the first run lists the index');
  const warm = await cachedRun(repo, cache);
  assert.equal(warm.reused, true);
  assert.deepEqual(warm.commands.filter((c) => / (ls-files|grep|diff-files) /.test(c)).map((c) => c.split(' ').find((w) => /^(ls-files|grep|diff-files)$/.test(w))), ['diff-files'], 'only git diff-files');

  // Edited without staging: the index is the same, the file is modified.
  const tern = path.join(repo, 'drivers/misc/tern.c');
  const original = fs.readFileSync(tern);
  fs.writeFileSync(tern, original.toString('latin1').replace('pci_enable_device_mem(pdev)', 'pcim_enable_device(pdev)'), 'latin1');
  const edited = await cachedRun(repo, cache);
  assert.notEqual(edited.plan, first.plan);
  assert.equal((await cachedRun(repo, cache)).reused, true, 'a modified file is named by its bytes');
  // A file that does not mention the words starts to: found on the same index.
  fs.appendFileSync(path.join(repo, 'drivers/scsi/plover_debugfs.c'), '\nstatic void plover_quiet(struct pci_dev *pdev) { pci_intx(pdev, 0); }\n');
  assert.match((await cachedRun(repo, cache)).plan, /plover_quiet/);

  // Back to the staged bytes: git still reports the files modified (their stat data changed) until a refresh.
  fs.writeFileSync(tern, original);
  git(repo, ['checkout', '--quiet', '--', 'drivers/scsi/plover_debugfs.c']);
  assert.equal((await cachedRun(repo, cache)).plan, first.plan);
  const before = indexIdentity(repo);
  git(repo, ['update-index', '-q', '--refresh']);
  assert.notEqual(indexIdentity(repo), before, 'a refresh writes another index');
  assert.equal((await cachedRun(repo, cache)).plan, first.plan);

  // Staged, committed, and a branch switched back: other indexes, each its own answer.
  fs.writeFileSync(tern, original.toString('latin1').replace('pci_enable_device_mem(pdev)', 'pcim_enable_device(pdev)'), 'latin1');
  git(repo, ['add', 'drivers/misc/tern.c']);
  assert.equal((await cachedRun(repo, cache)).plan, edited.plan);
  commitAll(repo, 'tern: managed');
  assert.equal((await cachedRun(repo, cache)).plan, edited.plan);
  git(repo, ['checkout', '--quiet', 'HEAD~1']);
  assert.equal((await cachedRun(repo, cache)).plan, first.plan);
  assert.equal((await cachedRun(repo, cache)).reused, true);
});
