// plan -v shows why each site's file is in its module: the Makefile line that lists it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import pciIntx from '../transforms/pci-intx/index.js';
import { analyzeTree } from '../src/pipeline.js';
import { formatPlan } from '../src/cli/plan-view.js';
import { kbuildListings } from '../src/cli/commands/plan.js';
import { styleFor } from '../src/cli/output.js';
import { EXAMPLES_DIR } from './helpers/paths.js';

test('plan -v: each site of a composite module names the Makefile line that puts its file there', async () => {
  const { plan, files } = await analyzeTree(pciIntx, EXAMPLES_DIR, { forceScan: true });
  const text = formatPlan(plan, styleFor(process.stdout, true), {
    vocabulary: pciIntx.vocabulary,
    subsystemOf: () => '',
    verbose: true,
    kbuildListingOf: kbuildListings((rel) => files.read(rel)),
  });
  const lines = text.split('\n');
  const debugfs = lines.findIndex((line) => line.includes('drivers/scsi/plover_debugfs.c:19'));
  assert.notEqual(debugfs, -1, text);
  assert.equal(lines[debugfs + 2], '      kbuild: drivers/scsi/Makefile:15 plover-$(CONFIG_SCSI_PLOVER_DEBUGFS) += plover_debugfs.o');
  const tern = lines.findIndex((line) => line.includes('drivers/misc/tern.c:75'));
  assert.equal(lines[tern + 2], '      kbuild: drivers/misc/Makefile:11 obj-$(CONFIG_TERN_DAQ) += tern.o');
  // A header has no Makefile line of its own: no kbuild line.
  const header = lines.findIndex((line) => line.includes('drivers/block/shrike/shrike.h:28'));
  assert.doesNotMatch(lines[header + 2], /kbuild:/);
});
