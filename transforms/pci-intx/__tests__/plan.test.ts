// `kcodemod plan pci-intx examples --json` against its golden file, and against the table in
// examples/EXPECTED.md (the specification), row by row.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { EXAMPLES_DIR, sourceDirOf } from '../../../test/helpers/paths.js';
import { runCli, describeRun } from '../../../test/helpers/cli.js';
import { assertGoldenFile } from '../../../test/helpers/golden.js';
import { expectedSites, expectedCoreState } from '../../../test/helpers/expected-md.js';

const FIXTURES = path.resolve(sourceDirOf(import.meta.url), '..', '__testfixtures__');

interface PlanSite {
  id: string;
  file: string;
  line: number;
  function: string | null;
  call: string;
  module: string;
  classification: string;
  replacement: string | null;
  needsReview: boolean;
  reason: string;
  evidence: { file: string; line: number; function: string | null; call: string }[];
}

interface PlanJson {
  transform: string;
  tree: string;
  core: { state: string; evidence: unknown[] };
  callSites: PlanSite[];
  coverage: unknown;
  timings?: unknown;
}

function planOfExamples(): PlanJson {
  const args = ['plan', 'pci-intx', EXAMPLES_DIR, '--json'];
  const r = runCli(args);
  assert.equal(r.status, 0, describeRun(args, r));
  return JSON.parse(r.stdout) as PlanJson;
}

const plan = planOfExamples();

test('plan --json for examples/ matches __testfixtures__/examples.plan.json', () => {
  assert.equal(plan.tree, EXAMPLES_DIR, 'the plan names the tree by its absolute path');
  assert.equal(plan.timings, undefined, 'timings appear only with --timings');
  const portable = { ...plan, tree: '<tree>' };
  assertGoldenFile(path.join(FIXTURES, 'examples.plan.json'), JSON.stringify(portable, null, 2) + '\n');
});

test('plan agrees with examples/EXPECTED.md: core state and the same sites in the same order', () => {
  assert.equal(plan.core.state, expectedCoreState());
  const expected = expectedSites();
  assert.deepEqual(
    plan.callSites.map((s) => `${s.file}:${s.line}`),
    expected.map((e) => `${e.file}:${e.line}`),
  );
});

for (const row of expectedSites()) {
  test(`EXPECTED.md row ${row.file}:${row.line} (${row.classification})`, () => {
    const site = plan.callSites.find((s) => s.file === row.file && s.line === row.line);
    assert.ok(site, `the plan has no site at ${row.file}:${row.line}`);
    assert.deepEqual(
      {
        function: site.function,
        call: site.call,
        module: site.module,
        classification: site.classification,
        replacement: site.replacement,
        needsReview: site.needsReview,
      },
      {
        function: row.function,
        call: row.call,
        module: row.module,
        classification: row.classification,
        replacement: row.replacement,
        needsReview: row.needsReview,
      },
    );
    assert.ok(site.reason.trim().length > 0, 'every decision has a reason');
    // Every enable call the specification cites is evidence of the decision, at that place.
    for (const cited of row.citedEnableCalls) {
      assert.ok(
        site.evidence.some((e) => e.file === cited.file && e.line === cited.line && e.call === cited.call),
        `evidence should cite ${cited.call} at ${cited.file}:${cited.line}; it has ${JSON.stringify(site.evidence.map((e) => `${e.call} ${e.file}:${e.line}`))}`,
      );
    }
    if (row.classification === 'managed' || row.classification === 'unmanaged') {
      assert.ok(row.citedEnableCalls.length > 0, 'EXPECTED.md cites the enable call that decides a managed/unmanaged row');
    }
  });
}
