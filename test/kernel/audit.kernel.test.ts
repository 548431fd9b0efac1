// `kcodemod audit pci-intx` on the real unmanaged-core tree (Debian 6.12.117: the core change was
// backported without the driver ports). The expected list was decided by reading the drivers: every
// pci_intx() caller outside drivers/pci/ whose Kbuild module calls pcim_enable_device() on that
// device. Audit only reads the tree, so it runs on the shared tree itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { kernelTree } from './trees.js';
import { runCli, describeRun } from '../helpers/cli.js';

const tree = kernelTree('unmanaged-core'); // fails with a pointer to make-trees.sh when missing

/** Site -> the pcim_enable_device() call of its module that makes it managed. */
const LOST_RESTORE: Record<string, string> = {
  'drivers/ata/ahci.c:2127': 'drivers/ata/ahci.c:1980',
  'drivers/ata/ata_piix.c:1729': 'drivers/ata/ata_piix.c:1674',
  'drivers/ata/pata_rdc.c:343': 'drivers/ata/pata_rdc.c:325',
  'drivers/ata/sata_sil24.c:1324': 'drivers/ata/sata_sil24.c:1280',
  'drivers/ata/sata_sis.c:293': 'drivers/ata/sata_sis.c:193',
  'drivers/ata/sata_uli.c:224': 'drivers/ata/sata_uli.c:141',
  'drivers/ata/sata_vsc.c:387': 'drivers/ata/sata_vsc.c:343',
  // amd_sfh is one module (amd_sfh-objs): amd_sfh_pcie.o and sfh1_1/amd_sfh_init.o share the probe.
  'drivers/hid/amd-sfh-hid/amd_sfh_pcie.c:125': 'drivers/hid/amd-sfh-hid/amd_sfh_pcie.c:389',
  'drivers/hid/amd-sfh-hid/amd_sfh_pcie.c:251': 'drivers/hid/amd-sfh-hid/amd_sfh_pcie.c:389',
  'drivers/hid/amd-sfh-hid/sfh1_1/amd_sfh_init.c:294': 'drivers/hid/amd-sfh-hid/amd_sfh_pcie.c:389',
  'drivers/net/wireless/quantenna/qtnfmac/pcie/pcie.c:207': 'drivers/net/wireless/quantenna/qtnfmac/pcie/pcie.c:291',
  'drivers/staging/rts5208/rtsx.c:249': 'drivers/staging/rts5208/rtsx.c:788',
  'sound/pci/hda/hda_intel.c:790': 'sound/pci/hda/hda_intel.c:1785',
};

interface AuditSite {
  file: string;
  line: number;
  classification: string;
  replacement: string | null;
  evidence: { file: string; line: number; call: string }[];
}

const where = (s: { file: string; line: number }) => `${s.file}:${s.line}`;

test('unmanaged-core: exit 1 and the managed drivers that lost their INTx restore', () => {
  const args = ['audit', 'pci-intx', tree];
  const r = runCli(args);
  assert.equal(r.status, 1, describeRun(args, r));
  assert.match(r.stdout, /^core state: unmanaged$/m);
  assert.match(r.stdout, /^13 call\(s\) in drivers that enable their device with pcim_enable_device\(\) still call pci_intx\(\)/m);
  const listed = [...r.stdout.matchAll(/^  (\S+:\d+) /gm)].map((m) => m[1]);
  assert.deepEqual(listed.sort(), Object.keys(LOST_RESTORE).sort());
});

test('unmanaged-core --json: each site with the enable call that makes it managed', () => {
  const args = ['audit', 'pci-intx', tree, '--json'];
  const r = runCli(args);
  assert.equal(r.status, 1, describeRun(args, r));
  const result = JSON.parse(r.stdout) as { core: { state: string }; found: boolean; callSites: AuditSite[] };
  assert.equal(result.core.state, 'unmanaged');
  assert.equal(result.found, true);
  assert.deepEqual(result.callSites.map(where).sort(), Object.keys(LOST_RESTORE).sort());
  for (const s of result.callSites) {
    assert.equal(s.classification, 'managed', where(s));
    assert.equal(s.replacement, 'pcim_intx', where(s));
    const enable = s.evidence.find((e) => /^pcim_enable_device\(/.test(e.call));
    assert.ok(enable, `${where(s)} cites a pcim_enable_device() call`);
    assert.equal(where(enable), LOST_RESTORE[where(s)], `${where(s)}: the enable call of its module`);
  }
});

test('the list agrees with the expected plan of unmanaged-core (test/kernel/expected/)', () => {
  const expectedFile = path.join(path.dirname(fileURLToPath(import.meta.url)), 'expected', 'unmanaged-core.json');
  const expected = JSON.parse(fs.readFileSync(expectedFile, 'utf8')) as { core: string; modules: Record<string, { sites: AuditSite[] }> };
  assert.equal(expected.core, 'unmanaged');
  const managedThere = Object.values(expected.modules).flatMap((m) => m.sites).filter((s) => s.classification === 'managed');
  assert.deepEqual(managedThere.map(where).sort(), Object.keys(LOST_RESTORE).sort());
});
