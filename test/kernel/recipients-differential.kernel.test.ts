// The in-process To:/Cc: (src/series/get-maintainer.ts) against the tree's real scripts/get_maintainer.pl,
// run the way b4 runs it: every patch of the pci-intx series on both real trees, and 1,000 files of
// hybrid-core picked with a seeded generator, each as a one-line patch. Same addresses, same To/Cc split,
// same order. Sections that match a file at the same depth come in perl's hash order, which changes from
// run to run (and between the To: and the Cc: run): there, perl's output must be ours for one order of
// those sections.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { kernelTree } from './trees.js';
import { runCli, describeRun, seriesArgs } from '../helpers/cli.js';
import { makeTempDir } from '../helpers/temp.js';
import { parseMaintainers } from '../../src/series/maintainers.js';
import { builtinRecipients, type BuiltinRecipientsSource, type PatchRecipients } from '../../src/series/get-maintainer.js';
import { runAsync } from '../../src/util/proc.js';
import { runText } from '../../src/util/proc.js';

const COMMON = ['--nogit', '--nogit-fallback', '--nogit-chief-penguins', '--norolestats'];
const RANDOM_FILES = 1000;

async function perlRecipients(tree: string, patchFile: string): Promise<{ to: string[]; cc: string[] }> {
  const script = path.join(tree, 'scripts', 'get_maintainer.pl');
  const lines = async (extra: string): Promise<string[]> => {
    const r = await runAsync('perl', [script, ...COMMON, extra, patchFile], { cwd: tree });
    assert.equal(r.status, 0, `get_maintainer.pl ${extra} ${patchFile}: ${r.stderr}`);
    return r.stdout.toString('utf8').split('\n').map((l) => l.trim()).filter((l) => l !== '');
  };
  const [to, cc] = await Promise.all([lines('--nol'), lines('--nom')]);
  const key = (e: string) => (/<([^>]+)>/.exec(e)?.[1] ?? e).trim().toLowerCase();
  const inTo = new Set(to.map(key));
  return { to, cc: cc.filter((e) => !inTo.has(key(e))) };
}

/** Every order of the sections in each group (the groups' orders combined), as rank maps. */
function tieOrders(groups: string[][]): Array<Map<string, number>> {
  const permutations = (items: string[]): string[][] =>
    items.length <= 1 ? [items] : items.flatMap((x, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [x, ...rest]));
  let orders: string[][] = [[]];
  for (const group of groups) orders = orders.flatMap((prefix) => permutations(group).map((p) => [...prefix, ...p]));
  return orders.map((order) => new Map(order.map((title, i) => [title, i])));
}

/**
 * Equal when perl's run equals ours for some order of the sections perl orders at random. To: and Cc:
 * come from two perl runs, each with its own hash order: each may match its own order.
 */
async function assertSameAsPerl(tree: string, patchFile: string, patch: string, builtin: BuiltinRecipientsSource): Promise<void> {
  const perl = await perlRecipients(tree, patchFile);
  const ours = builtin.recipientsFor(patch);
  const sameTo = (r: PatchRecipients) => JSON.stringify(r.to) === JSON.stringify(perl.to);
  const sameCc = (r: PatchRecipients) => JSON.stringify(r.cc) === JSON.stringify(perl.cc);
  if (sameTo(ours) && sameCc(ours)) return;
  const detail = `${patchFile}\nperl:    ${JSON.stringify(perl)}\nbuiltin: ${JSON.stringify({ to: ours.to, cc: ours.cc })}\nties: ${JSON.stringify(ours.ties)}`;
  assert.ok(ours.ties.length > 0, `differs with no tie of section depth: ${detail}`);
  const orders = tieOrders(ours.ties).map((rank) => builtin.recipientsFor(patch, rank));
  assert.ok(orders.some(sameTo), `no order of the tied sections gives perl's To: ${detail}`);
  // Cc: leaves out what To: has; perl's To: run may have had another order, but the set it removes is the same.
  assert.ok(orders.some(sameCc), `no order of the tied sections gives perl's Cc: ${detail}`);
}

/** Runs `work` on every item, two at a time (perl is the slow side, and the machine is shared). */
async function eachPaired<T>(items: T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all([worker(), worker()]);
}

/** A small seeded generator (mulberry32): the same 1,000 files on every run. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A one-line change of `file`'s first line, as git format-patch would write it. */
function oneLinePatch(tree: string, file: string): string {
  let first = '';
  try {
    const bytes = fs.readFileSync(path.join(tree, file));
    const end = bytes.indexOf(10);
    const line = bytes.subarray(0, end < 0 ? Math.min(bytes.length, 200) : Math.min(end, 200));
    const text = line.toString('utf8');
    // Keep real text (K: keywords match it); binary or non-UTF-8 first lines become a fixed one.
    first = !text.includes('\ufffd') && !/[\x00-\x08]/.test(text) ? text.replace(/\r$/, '') : 'binary';
  } catch {
    first = 'unreadable';
  }
  return [
    'From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001',
    'From: Ada Example <ada@example.org>',
    'Date: Thu, 1 Jan 2026 00:00:00 +0000',
    `Subject: [PATCH] ${file}: touch the first line`,
    '',
    'A change to test recipients.',
    '',
    '---',
    ` ${file} | 2 +-`,
    ' 1 file changed, 1 insertion(+), 1 deletion(-)',
    '',
    `diff --git a/${file} b/${file}`,
    'index 0000000..1111111 100644',
    `--- a/${file}`,
    `+++ b/${file}`,
    '@@ -1 +1 @@',
    `-${first}`,
    `+${first} `,
    '-- ',
    '2.39.5',
    '',
  ].join('\n');
}

for (const name of ['hybrid-core', 'unmanaged-core'] as const) {
  test(`get_maintainer.pl and the builtin agree on every patch of the pci-intx series on ${name}`, async () => {
    const tree = kernelTree(name);
    const out = makeTempDir(`recipients-${name}-`);
    const args = seriesArgs(tree, out);
    const r = runCli(args);
    assert.equal(r.status, 0, describeRun(args, r));
    const patches = fs.readdirSync(out).filter((f) => /^\d{4}-/.test(f) && !f.startsWith('0000-')).map((f) => path.join(out, f));
    assert.ok(patches.length >= 5, `series wrote ${patches.length} patches`);
    const builtin = builtinRecipients(tree, parseMaintainers(fs.readFileSync(path.join(tree, 'MAINTAINERS'))));
    await eachPaired(patches, async (file) => {
      const patch = fs.readFileSync(file, 'utf8');
      const ours = builtin.recipientsFor(patch);
      assert.ok(ours.to.length > 0 && ours.cc.length > 0, `${file}: nobody to send to`);
      await assertSameAsPerl(tree, file, patch, builtin);
    });
  });
}

test(`get_maintainer.pl and the builtin agree on ${RANDOM_FILES} seeded random files of hybrid-core`, async () => {
  const tree = kernelTree('hybrid-core');
  const all = runText('git', ['ls-files', '-z'], { cwd: tree }).split('\0').filter((f) => f !== '' && !/\s/.test(f));
  const random = seededRandom(14);
  const picked = new Set<string>();
  while (picked.size < RANDOM_FILES) picked.add(all[Math.floor(random() * all.length)]);
  const builtin = builtinRecipients(tree, parseMaintainers(fs.readFileSync(path.join(tree, 'MAINTAINERS'))));
  const dir = makeTempDir('recipients-random-');
  let index = 0;
  await eachPaired([...picked], async (file) => {
    const patchFile = path.join(dir, `${String(index++).padStart(4, '0')}.patch`);
    const patch = oneLinePatch(tree, file);
    fs.writeFileSync(patchFile, patch);
    await assertSameAsPerl(tree, patchFile, patch, builtin);
  });
});
