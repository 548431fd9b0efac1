// Idempotency: `series` on a tree where its own series was applied produces no patch. After the
// thread's series, what is left are the review sites the first series left out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { runCli, describeRun, seriesArgs } from './helpers/cli.js';
import { EXAMPLES_DIR } from './helpers/paths.js';
import { gitRepoFrom, gitAm, git } from './helpers/git-repo.js';
import { makeTempDir } from './helpers/temp.js';
import { seriesInProcess } from './helpers/in-process.js';
import { analyzeTree } from '../src/pipeline.js';
import pciIntx from '../transforms/pci-intx/index.js';
import type { Plan } from '../src/types.js';

/** The plan as `plan --json` prints it, analysed in-process (the second series below runs the CLI). */
async function planOf(tree: string): Promise<Plan> {
  return JSON.parse(JSON.stringify((await analyzeTree(pciIntx, tree)).plan)) as Plan;
}

for (const strategy of ['thread', 'direct']) {
  test(`series --strategy ${strategy}, applied with git am, then series again: no patch, exit 0`, async () => {
    const { repo } = gitRepoFrom(EXAMPLES_DIR, `idem-${strategy}`);
    const reviewBefore = (await planOf(repo)).callSites
      .filter((s) => s.classification === 'review')
      .map((s) => s.id)
      .sort();

    const first = path.join(makeTempDir(`idem-${strategy}-1`), 'series');
    await seriesInProcess(seriesArgs(repo, first, ['--strategy', strategy]));
    const patches = fs.readdirSync(first).filter((f) => /^\d{4}-.*\.patch$/.test(f) && !f.startsWith('0000-')).sort();
    assert.ok(patches.length > 0);
    gitAm(repo, patches.map((f) => path.join(first, f)));
    assert.equal(git(repo, ['status', '--porcelain']).stdout, '', 'the series applied cleanly');

    const second = path.join(makeTempDir(`idem-${strategy}-2`), 'series');
    const secondArgs = seriesArgs(repo, second, ['--strategy', strategy]);
    const secondRun = runCli(secondArgs);
    assert.equal(secondRun.status, 0, describeRun(secondArgs, secondRun));
    assert.match(secondRun.stderr, /^kcodemod: nothing to do on this tree \(core state: \w+\); no series written$/m);
    assert.equal(fs.existsSync(second), false, 'no output directory, no patch');

    // The direct order leaves never-managed drivers on pci_intx() until the final step, which the plan
    // still lists; the thread's order ports everything, so only the left-out review sites remain.
    if (strategy !== 'thread') return;
    const after = await planOf(repo);
    assert.deepEqual(after.callSites.filter((s) => s.replacement && s.replacement !== s.callee), []);
    assert.deepEqual(
      after.callSites.filter((s) => s.classification === 'review').map((s) => s.id).sort(),
      reviewBefore.filter((id) => after.callSites.some((s) => s.id === id)),
    );
    assert.ok(after.callSites.every((s) => s.classification === 'review'), after.callSites.map((s) => `${s.file}:${s.line} ${s.classification}`).join('\n'));
  });
}
