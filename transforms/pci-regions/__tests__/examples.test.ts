// `plan pci-regions examples --json` and `series pci-regions examples` against their golden files
// (__testfixtures__/examples.plan.json and examples.series/), the plan against the pci-regions
// table of examples/EXPECTED.md, and the series through a real `git am`. After an intended change:
// UPDATE_GOLDEN=1, review the diff, commit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { EXAMPLES_DIR, sourceDirOf } from '../../../test/helpers/paths.js';
import { describeRun, runCli, seriesArgs } from '../../../test/helpers/cli.js';
import { assertGoldenDir, assertGoldenFile } from '../../../test/helpers/golden.js';
import { cloneRepo, git, gitAm, gitRepoFrom } from '../../../test/helpers/git-repo.js';
import { makeTempDir } from '../../../test/helpers/temp.js';
import { readCoverLetter, readPatches, readSeriesDir } from '../../../test/helpers/series-files.js';
import { planOf } from './regions-tree.js';

const FIXTURES = path.resolve(sourceDirOf(import.meta.url), '..', '__testfixtures__');
/** The heading of the pci-regions part of examples/EXPECTED.md: its table follows it. */
const REGIONS_SECTION = '# What `kcodemod plan pci-regions examples` must find';

/** The rows of the pci-regions table: "file:line call" -> [classification, action, replacement, driver]. */
function expectedRows(): Record<string, [string, string, string | null, string | null]> {
  const text = fs.readFileSync(path.join(EXAMPLES_DIR, 'EXPECTED.md'), 'utf8');
  const section = text.indexOf(REGIONS_SECTION);
  assert.notEqual(section, -1, `examples/EXPECTED.md has no section "${REGIONS_SECTION}"`);
  const rows: Record<string, [string, string, string | null, string | null]> = {};
  for (const line of text.slice(section).split('\n').filter((l) => /^\| [a-z].*\| \d+ \|/.test(l))) {
    const [file, lineNo, , call, classification, action, replacement, driver] = line.split(' | ').map((c) => c.replace(/^\| /, ''));
    rows[`${file}:${lineNo} ${call}`] = [classification, action, replacement === 'null' ? null : replacement, driver];
  }
  return rows;
}

const { repo, head } = gitRepoFrom(EXAMPLES_DIR, 'examples');
const plan = await planOf(EXAMPLES_DIR);

function writeSeries(): string {
  const out = path.join(makeTempDir('regions-examples-series'), 'out');
  const args = seriesArgs(repo, out, [], 'pci-regions');
  const r = runCli(args);
  assert.equal(r.status, 0, describeRun(args, r));
  return out;
}

const seriesDir = writeSeries();

test('plan pci-regions --json for examples/ matches __testfixtures__/examples.plan.json', () => {
  const args = ['plan', 'pci-regions', EXAMPLES_DIR, '--json'];
  const r = runCli(args);
  assert.equal(r.status, 0, describeRun(args, r));
  const portable = { ...JSON.parse(r.stdout), tree: '<tree>' };
  assertGoldenFile(path.join(FIXTURES, 'examples.plan.json'), JSON.stringify(portable, null, 2) + '\n');
});

test('plan pci-regions agrees with the pci-regions table of examples/EXPECTED.md, driver site by driver site', () => {
  assert.equal(plan.core.state, 'hybrid');
  const drivers = plan.callSites.filter((s) => s.classification !== 'core');
  assert.deepEqual(Object.fromEntries(drivers.map((s) => [`${s.file}:${s.line} ${s.call}`, [s.classification, s.action, s.replacement, s.driver]])), expectedRows());
  assert.equal(Object.keys(expectedRows()).length, 12);
  const core = plan.callSites.filter((s) => s.classification === 'core');
  assert.deepEqual([...new Set(core.map((s) => s.file))], ['drivers/pci/pci.c']);
  assert.ok(core.every((s) => s.action === 'none'));
});

test('series pci-regions for examples/ matches __testfixtures__/examples.series/ byte for byte', () => {
  assertGoldenDir(path.join(FIXTURES, 'examples.series'), readSeriesDir(seriesDir));
  assert.deepEqual(readPatches(seriesDir).map((p) => p.files), [['drivers/misc/avocet.c', 'drivers/misc/gull.c'], ['drivers/scsi/curlew.c']]);
  assert.match(readCoverLetter(seriesDir).text, new RegExp(`\\nbase-commit: ${head}\\n`));
});

test('git am applies the series; the plan after it has nothing left to rename or delete', async () => {
  const clone = cloneRepo(repo, 'regions-examples-am');
  const patches = readSeriesDir(seriesDir).filter((f) => !f.name.startsWith('0000-'));
  gitAm(clone, patches.map((p) => p.path));
  assert.equal(git(clone, ['rev-list', '--count', `${head}..HEAD`]).stdout.trim(), String(patches.length));
  // Only the ported files changed; the unmanaged driver and the unmanaged half of avocet are as they were.
  assert.deepEqual(git(clone, ['diff', '--name-only', head, 'HEAD']).stdout.trim().split('\n'), ['drivers/misc/avocet.c', 'drivers/misc/gull.c', 'drivers/scsi/curlew.c']);
  const avocet = fs.readFileSync(path.join(clone, 'drivers/misc/avocet.c'), 'latin1');
  assert.match(avocet, /\tpci_release_regions\(pdev\);\n\tpci_disable_device\(pdev\);\n/, 'avocet_io_remove keeps its release');
  assert.doesNotMatch(avocet, /pci_release_region\(pdev, 0\)/, 'avocet_ctl_remove lost its release');
  const gull = fs.readFileSync(path.join(clone, 'drivers/misc/gull.c'), 'latin1');
  assert.match(gull, /\nerr_release:\n\treturn ret;\n\}\n/, 'the label keeps a statement after the deletion');
  assert.doesNotMatch(gull, /pci_release_regions/);

  const after = await planOf(clone);
  assert.deepEqual(after.callSites.filter((s) => s.action !== 'none').map((s) => s.id), []);
  assert.deepEqual(after.callSites.filter((s) => s.classification === 'review').map((s) => `${s.file}:${s.line}`), ['drivers/scsi/curlew.c:24']);
});
