// `kcodemod plan pci-regions hybrid-core --json` against the plan decided by reading the drivers
// (test/kernel/expected/pci-regions-hybrid-core.json, with its rules and tricky cases in the .md):
// every site by id, with its classification, action, replacement and deciding driver. Each
// disagreement is printed as a row of a table, so that the reader can tell which side is wrong.
// Run with `npm run test:kernel`; a missing tree fails with the command that builds it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { kernelTree } from './trees.js';
import { git } from '../helpers/git-repo.js';
import { FIXED_AUTHOR, FIXED_DATE, describeRun, runCli } from '../helpers/cli.js';
import { makeTempDir } from '../helpers/temp.js';

const EXPECTED = path.join(path.dirname(fileURLToPath(import.meta.url)), 'expected', 'pci-regions-hybrid-core.json');

const COMPARED = ['classification', 'action', 'replacement', 'driver'] as const;
type Compared = (typeof COMPARED)[number];

interface ExpectedSite {
  classification: string;
  action: string;
  replacement: string | null;
  driver: string | null;
  file: string;
  line: number;
  why: string;
}

interface Expectation {
  head: string;
  sites: Record<string, ExpectedSite>;
  notSites: Record<string, { file: string; line: number; why: string }>;
}

interface PlanSite extends Record<Compared, string | null> {
  id: string;
  file: string;
  line: number;
  reason: string;
}

const expected = JSON.parse(fs.readFileSync(EXPECTED, 'utf8')) as Expectation;
const tree = kernelTree('hybrid-core');

function plan(): { core: { state: string }; callSites: PlanSite[] } {
  const args = ['plan', 'pci-regions', tree, '--json'];
  const r = runCli(args);
  assert.equal(r.status, 0, describeRun(args, r));
  return JSON.parse(r.stdout);
}

/** One row per disagreeing site: id, then expected -> plan for each field that differs. */
function disagreements(sites: PlanSite[]): string[] {
  const byId = new Map(sites.map((s) => [s.id, s]));
  const rows: string[] = [];
  for (const [id, want] of Object.entries(expected.sites)) {
    const got = byId.get(id);
    if (!got) {
      rows.push(`| ${id} | missing from the plan | ${want.classification}/${want.action} |`);
      continue;
    }
    const fields = COMPARED.filter((f) => (got[f] ?? null) !== (want[f] ?? null));
    if (fields.length) rows.push(`| ${id} | ${fields.map((f) => `${f}: ${want[f]} -> ${got[f]}`).join('; ')} | ${got.reason.slice(0, 160)} |`);
  }
  for (const s of sites) if (!(s.id in expected.sites)) rows.push(`| ${s.id} | not expected${s.id in expected.notSites ? ' (listed as not a site)' : ''} | ${s.reason.slice(0, 160)} |`);
  return rows;
}

test('hybrid-core is the tree the expectations were read from', () => {
  assert.equal(git(tree, ['rev-parse', 'HEAD']).stdout.trim(), expected.head);
});

test('plan pci-regions on hybrid-core agrees with the expected plan, site by site', () => {
  const p = plan();
  assert.equal(p.core.state, 'hybrid');
  const rows = disagreements(p.callSites);
  const equal = Object.keys(expected.sites).length - rows.filter((r) => !r.includes('| not expected')).length;
  const table = ['| site | expected -> plan | plan reason |', '|---|---|---|', ...rows].join('\n');
  if (rows.length) console.log(`${equal}/${Object.keys(expected.sites).length} sites agree\n${table}`);
  assert.deepEqual(rows, [], `${rows.length} disagreement(s):\n${table}`);
});

test('series pci-regions on hybrid-core ports exactly the expected renames and deletions, and keeps the core patch back', () => {
  const out = path.join(makeTempDir('regions-kernel-series'), 'out');
  const args = ['series', 'pci-regions', tree, '-o', out, '--no-maintainers', '--from', FIXED_AUTHOR, '--date', FIXED_DATE];
  const r = runCli(args);
  assert.equal(r.status, 0, describeRun(args, r));
  const manifest = JSON.parse(fs.readFileSync(path.join(out, '.kcodemod', 'kcodemod-series.json'), 'utf8')) as { patches: { phase: string; siteIds: string[] }[] };
  const ported = manifest.patches.flatMap((p) => p.siteIds).sort();
  const expectedPorts = Object.entries(expected.sites).filter(([, s]) => s.action !== 'none').map(([id]) => id).sort();
  assert.deepEqual(ported, expectedPorts);
  assert.ok(manifest.patches.every((p) => p.phase === 'port'), 'no prepare patch (6.12 offers both counterparts) and no core patch (review sites are left)');
  assert.match(r.stderr, /The final step \(removing the pci_is_managed\(\) branches/);

  // Every patch applies, is checkpatch-clean (an Obsolete driver's status aside, reported as inherited)
  // and keeps the exports whole; the plan on the result has nothing left to rename or delete.
  const checkArgs = ['check', 'pci-regions', tree, '--series', out, '--json'];
  const checked = runCli(checkArgs);
  assert.equal(checked.status, 0, describeRun(checkArgs, checked));
  const report = JSON.parse(checked.stdout) as { ok: boolean; patches: { file: string; ok: boolean; checkpatch: { errors: number; warnings: number; findings: { type: string; inherited: boolean }[] } }[]; planAfter: { left: string[] } };
  assert.equal(report.ok, true);
  assert.equal(report.patches.length, manifest.patches.length);
  for (const p of report.patches) assert.ok(p.ok && p.checkpatch.errors === 0 && p.checkpatch.warnings === 0, `${p.file}: ${JSON.stringify(p.checkpatch.findings)}`);
  const inherited = report.patches.flatMap((p) => p.checkpatch.findings.filter((f) => f.inherited).map((f) => `${p.file} ${f.type}`));
  assert.ok(inherited.every((f) => / OBSOLETE$/.test(f)), inherited.join('\n'));
  assert.deepEqual(report.planAfter.left, []);
});
