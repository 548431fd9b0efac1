// `audit pci-regions`: on a hybrid core nothing is broken yet; on a core whose branches are gone,
// the managed drivers that still call the region functions are what the migration left behind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describeRun, runCli } from '../../../test/helpers/cli.js';
import { copyTree } from '../../../test/helpers/git-repo.js';
import { removeRegionBranches } from '../core-edits.js';
import { REGIONS_TREE } from './regions-tree.js';

function audit(tree: string): { status: number; json: { summary: string; found: boolean; callSites: { id: string; action: string }[] } } {
  const args = ['audit', 'pci-regions', tree, '--scan', '--json'];
  const r = runCli(args);
  assert.ok(r.status === 0 || r.status === 1, describeRun(args, r));
  return { status: r.status, json: JSON.parse(r.stdout) };
}

test('hybrid core: the sites the migration will touch, and no finding', () => {
  const { status, json } = audit(REGIONS_TREE);
  assert.equal(status, 0);
  assert.equal(json.found, false);
  assert.equal(json.callSites.length, 9, "5 renames and 4 deletions");
  assert.ok(json.callSites.every((s) => s.action !== 'none'));
});

test('migrated core: managed drivers still on the region functions are a finding (exit 1)', () => {
  const tree = copyTree(REGIONS_TREE, 'migrated-core');
  const pci = path.join(tree, 'drivers/pci/pci.c');
  fs.writeFileSync(pci, removeRegionBranches(fs.readFileSync(pci)));
  const { status, json } = audit(tree);
  assert.equal(status, 1);
  assert.equal(json.found, true);
  assert.match(json.summary, /never-managed on this core.*5 request\(s\).*4 release\(s\)/);
});
