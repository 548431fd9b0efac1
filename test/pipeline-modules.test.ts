// The analysis contract's per-module loop (ctx.forEachModule): the transform sees every module once,
// in ctx.modules' order and with the same facts; what it parses inside a module's call is not kept
// for the next module, what it parsed before the loop is; files parsed again count once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { analyzeTree } from '../src/pipeline.js';
import type { AnalysisContext, ModuleFacts, ParsedFile } from '../src/sdk.js';
import { REPO_ROOT } from './helpers/paths.js';
import template from '../templates/rename-when-called/index.ts';

const TREE = path.join(REPO_ROOT, 'templates', 'rename-when-called', '__testfixtures__', 'modules', 'tree');
const EVERY_MODULE_PARSES = 'drivers/foo/foo_main.c';
const PARSED_BEFORE = 'drivers/baz/baz.c';

interface Seen {
  facts: ModuleFacts;
  first: ParsedFile | null;
  again: ParsedFile | null;
  before: ParsedFile | null;
}

/** The template transform whose analysis records what forEachModule gives it, then analyses as the template does. */
function recording(seen: Seen[], modulesRead: ModuleFacts[][]) {
  return {
    ...template,
    async analyze(ctx: AnalysisContext) {
      const before = ctx.parseFile(PARSED_BEFORE);
      await ctx.forEachModule((facts) => {
        seen.push({ facts, first: ctx.parseFile(EVERY_MODULE_PARSES), again: ctx.parseFile(EVERY_MODULE_PARSES), before: ctx.parseFile(PARSED_BEFORE) });
        assert.equal(seen.at(-1)!.before, before);
      });
      modulesRead.push(ctx.modules);
      return template.analyze(ctx);
    },
  };
}

test('forEachModule: every module once, in order, with its facts; a parse inside a module is that module\'s only', async () => {
  const seen: Seen[] = [];
  const modulesRead: ModuleFacts[][] = [];
  const { plan, modules } = await analyzeTree(recording(seen, modulesRead), TREE, { forceScan: true });

  assert.deepEqual(seen.map((s) => s.facts.module.id), ['drivers/bar/bar', 'drivers/bar/qux', 'drivers/baz/baz', 'drivers/foo/foo']);
  assert.deepEqual(modulesRead[0], seen.map((s) => s.facts));
  assert.deepEqual(modules, modulesRead[0]);
  for (const s of seen) {
    assert.ok(s.first, 'the file parses');
    assert.equal(s.again, s.first, 'within one module a file is parsed once');
  }
  const distinct = new Set(seen.map((s) => s.first));
  assert.equal(distinct.size, seen.length, 'each module parses the file anew: the earlier parse was let go');

  // The plan is the template's own; the file parsed in every module counts once.
  const { plan: templatePlan } = await analyzeTree(template, TREE, { forceScan: true });
  assert.deepEqual(plan.callSites, templatePlan.callSites);
  const factFiles = new Set(seen.flatMap((s) => s.facts.files.map((f) => f.file)));
  assert.equal(plan.coverage.filesParsed, new Set([...factFiles, EVERY_MODULE_PARSES, PARSED_BEFORE]).size);
});

test('ctx.modules read inside forEachModule gives the facts already collected', async () => {
  const ids: string[][] = [];
  const transform = {
    ...template,
    async analyze(ctx: AnalysisContext) {
      await ctx.forEachModule((facts) => {
        const all = ctx.modules;
        assert.equal(all.find((m) => m.module.id === facts.module.id), facts);
        ids.push(all.map((m) => m.module.id));
      });
      return template.analyze(ctx);
    },
  };
  const { plan } = await analyzeTree(transform, TREE, { forceScan: true });
  assert.equal(ids.length, 4);
  assert.ok(ids.every((list) => list.length === 4));
  assert.ok(plan.callSites.length > 0);
});
