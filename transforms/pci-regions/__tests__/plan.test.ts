// `plan pci-regions` on the fixture tree: every site's classification, action, replacement and
// deciding driver, and the paths that make a release go or stay.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describeRun, runCli } from '../../../test/helpers/cli.js';
import { copyTree } from '../../../test/helpers/git-repo.js';
import { legacyCore } from './core-tree.js';
import { EXPECTED_MD, REGIONS_TREE, planOf, regionsRepo } from './regions-tree.js';

/** The rows of the fixture tree's EXPECTED.md: id-like key -> what the plan must say. */
function expectedRows(): Record<string, [string, string, string | null, string | null]> {
  const text = fs.readFileSync(EXPECTED_MD, 'utf8');
  const rows: Record<string, [string, string, string | null, string | null]> = {};
  for (const line of text.split('\n').filter((l) => /^\| [a-z].*\| \d+ \|/.test(l))) {
    const [file, lineNo, , call, classification, action, replacement, driver] = line.split(' | ').map((c) => c.replace(/^\| /, ''));
    rows[`${file}:${lineNo} ${call}`] = [classification, action, replacement === 'null' ? null : replacement, driver];
  }
  return rows;
}

const plan = await planOf(regionsRepo());
const drivers = plan.callSites.filter((s) => s.classification !== 'core');

test('every driver site gets its classification, action, replacement and driver', () => {
  assert.equal(plan.core.state, 'hybrid');
  assert.deepEqual(Object.fromEntries(drivers.map((s) => [`${s.file}:${s.line} ${s.call}`, [s.classification, s.action, s.replacement, s.driver]])), expectedRows());
  assert.equal(Object.keys(expectedRows()).length, 16);
});

test('the core calls inside pci.c and the pci.h wrappers are core sites, not ports', () => {
  const core = plan.callSites.filter((s) => s.classification === 'core');
  assert.deepEqual([...new Set(core.map((s) => s.file))], ['drivers/pci/pci.c', 'include/linux/pci.h']);
  assert.ok(core.every((s) => s.action === 'none' && s.replacement === null));
});

test('a release says which path lets it go, or which keeps it', () => {
  const at = (id: string) => drivers.find((s) => s.id === id)!;
  assert.match(at('drivers/misc/heron_pci.c::heron_probe::pci_release_regions(pdev)#0').releasePath!, /only on the failure path of heron_probe\(\), the \.probe of heron_driver/);
  assert.match(at('drivers/misc/heron_pci.c::heron_remove::pci_release_regions(pdev)#0').releasePath!, /runs in heron_remove\(\), the \.remove of heron_driver/);
  assert.match(at('drivers/net/gannet.c::gannet_reset_work::pci_release_region(gn->pdev, 2)#0').reason, /gannet_reset_work used as a value \(drivers\/net\/gannet\.c:\d+\)/);
  assert.match(at('drivers/net/skua.c::skua_remove::pci_release_selected_regions(pdev, 0x3)#0').reason, /request pci_request_selected_regions\(pdev, 0x3, "skua"\) \(drivers\/net\/skua\.c:\d+\) goes to review/);
  assert.match(at('drivers/net/skua.c::skua_probe::pci_request_selected_regions(pdev, 0x3, "skua")#0').reason, /no always-managed counterpart/);
});

test('an older devres core is refused with its reason, exit 1', () => {
  const tree = copyTree(REGIONS_TREE, 'legacy-core');
  for (const [rel, bytes] of legacyCore()) fs.writeFileSync(path.join(tree, rel), bytes);
  const args = ['plan', 'pci-regions', tree, '--scan'];
  const r = runCli(args);
  assert.equal(r.status, 1, describeRun(args, r));
  assert.match(r.stderr, /older devres core.*find_pci_dr\(\).*does not apply/);
});
