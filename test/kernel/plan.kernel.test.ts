// `kcodemod plan pci-intx TREE --json` on the two real Linux 6.12 trees (../shared/kernel/make-trees.sh),
// asserted against expectations decided by reading the drivers: test/kernel/expected/<tree>.json, with
// the reason per module next to its sites (how they were decided: test/kernel/expected/README.md).
// A missing tree fails the test with the command that builds it: nothing is skipped.
// Run with `npm run test:kernel`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { kernelTree } from './trees.js';
import { git } from '../helpers/git-repo.js';
import { describeRun, runCli } from '../helpers/cli.js';

const EXPECTED_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'expected');

type TreeName = 'hybrid-core' | 'unmanaged-core';

interface ExpectedEvidence {
  file: string;
  line: number;
  function: string | null;
  call: string;
}

interface ExpectedSite {
  file: string;
  line: number;
  function: string | null;
  call: string;
  classification: 'managed' | 'unmanaged' | 'core' | 'review';
  replacement: 'pcim_intx' | 'pci_intx_unmanaged' | 'pci_intx' | null;
  needsReview: boolean;
  /** Set on the sites found to run in atomic context (issue 8), with what shows it. */
  atomicContext?: string;
}

interface ExpectedModule {
  reason: string;
  /** Every enable call of the module (pcim_enable_device / pci_enable_device*), read from its sources. */
  enableCalls: ExpectedEvidence[];
  sites: ExpectedSite[];
}

interface Expectation {
  tree: TreeName;
  /** The tree's HEAD the expectations were read from (make-trees.sh commits are reproducible). */
  head: string;
  core: string;
  coreNote: string;
  coreEvidence: ExpectedEvidence[];
  modules: Record<string, ExpectedModule>;
}

/** The part of `plan --json` this test reads (the contract of issue 3). */
interface PlanSite {
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
  atomicContext?: unknown;
}

interface PlanDocument {
  transform: string;
  tree: string;
  core: { state: string; evidence: { file: string; line: number }[] };
  callSites: PlanSite[];
}

function loadExpectation(name: TreeName): Expectation {
  return JSON.parse(fs.readFileSync(path.join(EXPECTED_DIR, `${name}.json`), 'utf8')) as Expectation;
}

/** The site's identity in the plan: where it is and what it says. */
function siteKey(site: { file: string; line: number; function: string | null; call: string }): string {
  return `${site.file}:${site.line} ${site.function ?? '<file scope>'}: ${site.call}`;
}

function byFileThenLine(a: { file: string; line: number }, b: { file: string; line: number }): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.line - b.line;
}

function isPcimEnable(call: string): boolean {
  return call.startsWith('pcim_enable_device');
}

function runPlan(tree: string): PlanDocument {
  const args = ['plan', 'pci-intx', tree, '--json'];
  const run = runCli(args);
  assert.equal(run.status, 0, describeRun(args, run));
  try {
    return JSON.parse(run.stdout) as PlanDocument;
  } catch (error) {
    assert.fail(`plan --json did not print one JSON document (${(error as Error).message})\n${describeRun(args, run)}`);
  }
}

for (const name of ['hybrid-core', 'unmanaged-core'] as const) {
  test(`plan pci-intx on the real ${name} tree matches the expectations read from the drivers`, () => {
    const tree = kernelTree(name); // throws "build it with make-trees.sh ..." when the tree is missing
    const expected = loadExpectation(name);
    const head = git(tree, ['rev-parse', 'HEAD']).stdout.trim();
    assert.equal(head, expected.head,
      `${tree} is at ${head}, but the expectations were read from ${expected.head}: ` +
      'make-trees.sh built another linux-source-6.12 version; line numbers would not match');

    const plan = runPlan(tree);
    assert.equal(plan.transform, 'pci-intx');
    assert.ok([path.resolve(tree), fs.realpathSync(tree)].includes(plan.tree), `plan.tree is ${plan.tree}`);

    // Core state, decided from pci_intx() in drivers/pci/pci.c (see coreNote in the expectation).
    assert.equal(plan.core.state, expected.core, expected.coreNote);
    assert.ok(plan.core.evidence.some((e) => e.file === 'drivers/pci/pci.c'),
      `the core evidence should cite pci_intx() in drivers/pci/pci.c: ${JSON.stringify(plan.core.evidence)}`);

    // Exactly the expected sites: none missing, none extra, sorted by file then line.
    const expectedSites = new Map<string, { module: string; moduleReason: string; enableCalls: ExpectedEvidence[]; site: ExpectedSite }>();
    for (const [module, m] of Object.entries(expected.modules)) {
      for (const site of m.sites) expectedSites.set(siteKey(site), { module, moduleReason: m.reason, enableCalls: m.enableCalls, site });
    }
    const planKeys = plan.callSites.map(siteKey);
    const missing = [...expectedSites.keys()].filter((k) => !planKeys.includes(k));
    const extra = planKeys.filter((k) => !expectedSites.has(k));
    assert.deepEqual({ missing, extra }, { missing: [], extra: [] }, 'the plan\'s call sites differ from the expected ones');
    assert.equal(planKeys.length, new Set(planKeys).size, 'a call site is listed twice');
    assert.deepEqual(planKeys, [...plan.callSites].sort(byFileThenLine).map(siteKey), 'call sites are not sorted by file, then line');

    const reportsAtomicContext = plan.callSites.some((s) => 'atomicContext' in s);
    for (const site of plan.callSites) {
      const key = siteKey(site);
      const want = expectedSites.get(key)!;
      const context = `${key}\n  expected because: ${want.moduleReason}\n  the plan says: ${site.reason}`;
      assert.equal(site.module, want.module, `module of ${context}`);
      assert.equal(site.classification, want.site.classification, `classification of ${context}`);
      assert.equal(site.replacement, want.site.replacement, `replacement of ${context}`);
      assert.equal(site.needsReview, want.site.needsReview, `needsReview of ${context}`);
      assert.ok(typeof site.reason === 'string' && site.reason.trim() !== '', `${key} has no reason`);

      if (site.classification === 'managed' || site.classification === 'unmanaged') {
        // The deciding enable call must be cited: one of the module's own, of the kind that decided.
        const deciding = want.enableCalls.filter((e) => isPcimEnable(e.call) === (site.classification === 'managed'));
        assert.ok(
          site.evidence.some((e) => deciding.some((d) => d.file === e.file && d.line === e.line)),
          `${key}: the evidence ${JSON.stringify(site.evidence)} cites none of the module's deciding enable calls ` +
            deciding.map((d) => `${d.file}:${d.line} ${d.function}(): ${d.call}`).join(', '),
        );
      }
      if (expected.core === 'unmanaged' && site.classification === 'managed') {
        assert.match(site.reason, /restor/i, `${key}: a managed driver on an unmanaged core lost its INTx restore on detach; the reason must say so`);
      }
      if (reportsAtomicContext) {
        // Issue 8: once the plan reports atomic context, it must agree with what reading the code found.
        assert.equal(Boolean((site.atomicContext as { atomic?: boolean } | null | undefined)?.atomic), Boolean(want.site.atomicContext),
          `atomicContext of ${key}${want.site.atomicContext ? ` (${want.site.atomicContext})` : ''}`);
      }
    }
  });
}
