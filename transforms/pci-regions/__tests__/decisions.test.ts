// A person's decision against the evidence: the port and the final patch say what was decided, the
// evidence it overrides and what changes for the driver; the cover letter lists every such decision.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { FIXED_AUTHOR, FIXED_DATE, describeRun, runCli } from '../../../test/helpers/cli.js';
import { gitRepoFrom } from '../../../test/helpers/git-repo.js';
import { readCoverLetter, readPatches } from '../../../test/helpers/series-files.js';
import { makeTempDir } from '../../../test/helpers/temp.js';
import { SETTLED_TREE } from './regions-tree.js';

test('kite (pci_enable_device()) made managed and plover (pcim_enable_device()) kept unmanaged by decisions: no message claims the evidence\'s opposite', () => {
  const repo = gitRepoFrom(SETTLED_TREE, 'regions-decided').repo;
  const tmp = makeTempDir('regions-decided');
  const decisions = path.join(tmp, 'decisions.json');
  fs.writeFileSync(decisions, JSON.stringify({ schemaVersion: 1, transform: 'pci-regions', modules: { 'drivers/misc/kite': { classification: 'managed' }, 'drivers/net/plover': { classification: 'unmanaged' } } }));
  const out = path.join(tmp, 'out');
  const args = ['series', 'pci-regions', repo, '-o', out, '--no-maintainers', '--from', FIXED_AUTHOR, '--date', FIXED_DATE, '--decisions', decisions];
  const r = runCli(args);
  assert.equal(r.status, 0, describeRun(args, r));
  const patches = readPatches(out);
  const flowed = (p: { message: string }) => p.message.replace(/\s+/g, ' ');
  const misc = flowed(patches.find((p) => p.files.includes('drivers/misc/kite.c'))!);
  assert.match(misc, /heron_pci \(heron_driver\) and twin \(twin_main_driver\) enable their devices with pcim_enable_device\(\)/);
  assert.match(misc, /kite enables its device with pci_enable_device\(\), never with pcim_enable_device\(\), so its region requests are not managed today\. A person decided against that evidence/);
  assert.match(misc, /after this patch devres releases the regions on driver detach/);
  assert.doesNotMatch(misc, /kite[^.]*enables? (its|their) devices? with pcim_enable_device/);
  assert.ok(!patches.some((p) => p.files.includes('drivers/net/plover.c')), 'plover is not ported');
  const remove = flowed(patches.find((p) => p.files.includes('drivers/pci/pci.c') && /hybrid behavior/.test(p.title))!);
  assert.match(remove, /except plover, which a person decided to keep on the plain functions against that evidence: after this patch devres no longer releases its regions on driver detach/);
  const cover = readCoverLetter(out).message.replace(/\s+/g, ' ');
  assert.match(cover, /Decided by a person, not by the evidence: - drivers\/misc\/kite\.c:20 kite_probe\(\): managed by module decision, against the evidence for unmanaged/);
  assert.match(cover, /- drivers\/net\/plover\.c:26 plover_probe\(\): unmanaged by module decision, against the evidence for managed evidence: /);
});
