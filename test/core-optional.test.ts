// A transform that has no core state to read leaves `core` out of its analysis: the plan still carries
// the contract's `core` field (state "none"), the plan view prints no core-state line, a series builds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { analyzeTree } from '../src/pipeline.js';
import { buildSeries } from '../src/series/build.js';
import type { SeriesOptions } from '../src/transform.js';
import { formatPlan } from '../src/cli/plan-view.js';
import { styleFor } from '../src/cli/output.js';
import type { AnalysisContext } from '../src/sdk.js';
import { REPO_ROOT } from './helpers/paths.js';
import template from '../templates/rename-when-called/index.ts';

const TREE = path.join(REPO_ROOT, 'templates', 'rename-when-called', '__testfixtures__', 'modules', 'tree');

const withoutCore = {
  ...template,
  async analyze(ctx: AnalysisContext) {
    const { core: _core, ...rest } = await template.analyze(ctx);
    return rest;
  },
};

test('a transform without core states: the plan says "none", the view shows no core line, the sites are the same', async () => {
  const { plan, files } = await analyzeTree(withoutCore, TREE, { forceScan: true });
  const { plan: withCore } = await analyzeTree(template, TREE, { forceScan: true });
  assert.deepEqual(plan.core, { state: 'none', summary: 'the transform reads no core state', evidence: [] });
  assert.deepEqual(plan.callSites, withCore.callSites);
  assert.ok(plan.callSites.length > 0, 'the fixture has sites to port');

  const view = (p: typeof plan) => formatPlan(p, styleFor(process.stdout, true), { vocabulary: template.vocabulary, subsystemOf: () => 'x', verbose: false });
  assert.doesNotMatch(view(plan), /core state/);
  assert.match(view(withCore), /^core state: ready: /m, 'a transform that reports a state still shows it');

  const options: SeriesOptions = { split: 'subsystem', author: 'A <a@example.org>', links: [], decisions: null, options: {} };
  const model = buildSeries({ transform: withoutCore, plan, files, options, prefixOverrides: {} });
  assert.equal(model.coreState, 'none');
  assert.ok(model.patches.some((p) => p.siteIds.length > 0), 'the series builds from a plan without a core state');
});
