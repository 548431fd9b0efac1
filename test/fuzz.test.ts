// Fuzz (issue 7): random mutations of the example C files, run through plan and series in process. No
// crash and no exception escaping other than a one-line Error (InputError, TransformRefusal, or an
// Error naming what the transform cannot do); every other result is a plan and a rendered series.
// Reproducible: a fixed seed (FUZZ_SEED overrides it), a fixed count (FUZZ_COUNT), a time bound.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { EXAMPLES_DIR } from './helpers/paths.js';
import { copyTree } from './helpers/git-repo.js';
import { analyzeTree } from '../src/pipeline.js';
import { buildSeries, seriesContext, patchesToWrite } from '../src/series/build.js';
import { renderSeries } from '../src/render/format-patch.js';
import pciIntx from '../transforms/pci-intx/index.js';
import type { SeriesOptions } from '../src/transform.js';

const SEED = Number(process.env.FUZZ_SEED ?? 0x7c0de);
const COUNT = Number(process.env.FUZZ_COUNT ?? 30);
const TIME_BOUND_MS = 120_000;

/** mulberry32: a small seeded generator, the same sequence on every machine. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let x = Math.imul(state ^ (state >>> 15), 1 | state);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** Bytes a human or a broken editor could leave in C: unbalanced braces, directives, quotes, NUL. */
const INSERTIONS = ['{', '}', '(', ')', ';', ',', '"', "'", '/*', '*/', '//', '#if 0\n', '#endif\n', '#ifdef CONFIG_X\n', '#else\n', '\\\n', '#define W(x) ', 'pci_intx(', 'pcim_enable_device(pdev);', 'pci_enable_device(pdev);', '\0', '\xff', '\r', '\n', '\ufeff'];

type Mutation = (text: string, at: number, length: number, other: number) => string;

const MUTATIONS: Record<string, Mutation> = {
  delete: (t, at, len) => t.slice(0, at) + t.slice(at + len),
  duplicate: (t, at, len) => t.slice(0, at) + t.slice(at, at + len) + t.slice(at),
  swap: (t, at, len, other) => {
    const [a, b] = at < other ? [at, other] : [other, at];
    const n = Math.min(len, b - a);
    return t.slice(0, a) + t.slice(b, b + n) + t.slice(a + n, b) + t.slice(a, a + n) + t.slice(b + n);
  },
  truncate: (t, at) => t.slice(0, at),
};

function cFiles(dir: string, rel = ''): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const child = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...cFiles(dir, child));
    else if (/\.[ch]$/.test(entry.name)) out.push(child);
  }
  return out.sort();
}

/** JavaScript's own failure classes mean a bug, not a refusal. */
const BUG_CLASSES = [TypeError, RangeError, ReferenceError, SyntaxError, EvalError, URIError];

const SERIES_OPTIONS: SeriesOptions = { split: 'subsystem', author: 'Fuzz Er <fuzz@example.org>', links: [], decisions: null, options: { strategy: 'thread', 'split-final': false, fixes: null, stable: false } };

test(`fuzz: ${COUNT} mutants of examples/ (seed ${SEED}) give a plan and a series or a one-line error`, async (t) => {
  const random = generator(SEED);
  const pick = (n: number) => Math.floor(random() * n);
  const tree = copyTree(EXAMPLES_DIR, 'fuzz');
  const files = cFiles(tree);
  const pristine = new Map(files.map((f) => [f, fs.readFileSync(path.join(tree, f))]));
  const started = Date.now();
  const outcomes = { plans: 0, series: 0, patches: 0, refusals: 0 };
  const refusals = new Set<string>();
  let run = 0;
  for (; run < COUNT && Date.now() - started < TIME_BOUND_MS; run++) {
    const mutated: string[] = [];
    for (let k = 1 + pick(3); k > 0; k--) {
      const file = files[pick(files.length)];
      let text = fs.readFileSync(path.join(tree, file)).toString('latin1');
      for (let m = 1 + pick(4); m > 0; m--) {
        // Most mutations land near a function of interest, where the analysis has the most to lose.
        const near = [...text.matchAll(/pci[a-z_]*\(/g)].map((x) => x.index ?? 0);
        const at = near.length && random() < 0.7 ? Math.max(0, near[pick(near.length)] + pick(40) - 20) : pick(text.length + 1);
        if (random() < 0.35) {
          text = text.slice(0, at) + INSERTIONS[pick(INSERTIONS.length)] + text.slice(at);
        } else {
          const names = Object.keys(MUTATIONS);
          const name = names[pick(names.length)];
          text = MUTATIONS[name](text, at, 1 + pick(120), pick(text.length + 1));
        }
      }
      fs.writeFileSync(path.join(tree, file), Buffer.from(text, 'latin1'));
      mutated.push(file);
    }
    const label = `mutant ${run} (seed ${SEED}; ${[...new Set(mutated)].join(', ')})`;
    try {
      const { plan, files: treeFiles } = await analyzeTree(pciIntx, tree, { forceScan: true });
      assert.ok(Array.isArray(plan.callSites) && typeof plan.core.state === 'string', label);
      for (const s of plan.callSites) assert.ok(s.calleeEnd > s.calleeStart && s.line > 0, `${label}: ${s.file}:${s.line}`);
      outcomes.plans++;
      const model = buildSeries({ transform: pciIntx, plan, files: treeFiles, options: SERIES_OPTIONS, prefixOverrides: {} }, seriesContext(pciIntx, plan, treeFiles, {}));
      const toWrite = patchesToWrite(model, null);
      if (toWrite.patches.length) {
        const rendered = renderSeries(toWrite, { author: SERIES_OPTIONS.author, date: new Date(0), subjectPrefix: 'PATCH', version: null, baseCommit: null, commitIds: null, to: null, cc: null, numbered: true, signature: 'fuzz' });
        assert.equal(rendered.length, toWrite.patches.length + 1, label);
        outcomes.patches += toWrite.patches.length;
      }
      outcomes.series++;
    } catch (error) {
      if (error instanceof assert.AssertionError) throw error;
      assert.ok(error instanceof Error, `${label}: threw a non-Error ${String(error)}`);
      assert.ok(!BUG_CLASSES.some((c) => error.constructor === c), `${label}: ${error.stack}`);
      assert.ok(error.message.trim().length > 0 && !error.message.includes('\n'), `${label}: message is not one line: ${JSON.stringify(error.message)}`);
      outcomes.refusals++;
      refusals.add(`${error.constructor.name}: ${error.message.slice(0, 100)}`);
    }
    for (const file of new Set(mutated)) fs.writeFileSync(path.join(tree, file), pristine.get(file)!);
  }
  t.diagnostic(`${run} mutants in ${Date.now() - started} ms: ${outcomes.plans} plans, ${outcomes.series} series (${outcomes.patches} patches rendered), ${outcomes.refusals} one-line refusals`);
  for (const r of refusals) t.diagnostic(`refusal: ${r}`);
  assert.ok(run >= Math.min(COUNT, 20), `at least 20 mutants ran within the time bound (ran ${run})`);
  assert.ok(outcomes.plans > 0, 'most mutants still give a plan');
});
