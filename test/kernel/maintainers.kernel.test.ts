// MAINTAINERS sections and get_maintainer.pl recipients on the real Linux 6.12 hybrid-core tree
// (../shared/kernel/make-trees.sh). Each expected title was read in that tree's MAINTAINERS. A tree
// that is absent registers no test. Run with `npm run test:kernel`.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseMaintainers, subsystemOf } from '../../src/series/maintainers.js';
import { getMaintainerRecipients } from '../../src/series/recipients.js';
import { kernelTree, kernelTreesDir } from './trees.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const treesDir = kernelTreesDir;
const tree = path.join(treesDir, 'hybrid-core');

const EXPECTED_SECTIONS: Array<{ file: string; title: string; why: string }> = [
  { file: 'drivers/ata/ahci.c', title: 'LIBATA SUBSYSTEM (Serial and Parallel ATA drivers)', why: 'F: drivers/ata/' },
  { file: 'sound/pci/hda/hda_intel.c', title: 'SOUND', why: 'F: sound/ (the hda sections name other files)' },
  { file: 'drivers/pci/msi/msi.c', title: 'PCI SUBSYSTEM', why: 'F: drivers/pci/ (no section names drivers/pci/msi/)' },
  { file: 'drivers/vfio/pci/vfio_pci_intrs.c', title: 'VFIO DRIVER', why: 'F: drivers/vfio/ (drivers/vfio/pci/*/ is one level deeper)' },
  { file: 'drivers/hid/amd-sfh-hid/sfh1_1/amd_sfh_init.c', title: 'AMD SENSOR FUSION HUB DRIVER', why: 'F: drivers/hid/amd-sfh-hid/ beats HID CORE LAYER' },
  {
    file: 'drivers/net/wireless/quantenna/qtnfmac/pcie/pcie.c',
    title: 'QUANTENNA QTNFMAC WIRELESS DRIVER',
    why: 'F: drivers/net/wireless/quantenna (a directory without "/") beats NETWORKING DRIVERS (WIRELESS)',
  },
];

{
  kernelTree('hybrid-core'); // fails loudly when the tree is missing
  const bytes = fs.readFileSync(path.join(tree, 'MAINTAINERS'));

  test('hybrid-core MAINTAINERS: the most specific section of each pci_intx user', () => {
    const index = parseMaintainers(bytes);
    for (const { file, title, why } of EXPECTED_SECTIONS) {
      assert.equal(index.sectionFor(file)?.title, title, `${file}: ${why}`);
    }
    const ata = subsystemOf('drivers/ata/ahci.c', index);
    assert.deepEqual(ata.section?.maintainers, ['Damien Le Moal <dlemoal@kernel.org>', 'Niklas Cassel <cassel@kernel.org>']);
    assert.deepEqual(ata.section?.lists, ['linux-ide@vger.kernel.org']);
    assert.equal(index.sectionFor('Kbuild'), null, 'only THE REST matches a top-level Kbuild: none is chosen');
  });

  test('hybrid-core MAINTAINERS: every section parses and 40 lookups answer (time reported, not asserted)', (t) => {
    parseMaintainers(bytes); // warm up the JIT, as a second run in one process would be
    const start = performance.now();
    const index = parseMaintainers(bytes);
    for (let i = 0; i < 40; i++) index.sectionFor(EXPECTED_SECTIONS[i % EXPECTED_SECTIONS.length].file);
    const elapsed = performance.now() - start;
    t.diagnostic(`${index.sections.length} sections parsed and 40 files looked up in ${elapsed.toFixed(1)} ms`);
    // Speed is the bench's job (npm run bench); here only the result counts.
    assert.ok(index.sections.length > 2000, `only ${index.sections.length} sections`);
  });

  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'kcodemod-maintainers-'));
  after(() => fs.rmSync(scratch, { recursive: true, force: true }));

  function tinyPatch(file: string): string {
    const patch = path.join(scratch, `${path.basename(file)}.patch`);
    fs.writeFileSync(
      patch,
      [
        'From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001',
        'From: Test <test@example.org>',
        'Subject: [PATCH] test',
        '',
        '---',
        `diff --git a/${file} b/${file}`,
        `--- a/${file}`,
        `+++ b/${file}`,
        '@@ -1 +1 @@',
        '-a',
        '+b',
        '',
      ].join('\n'),
    );
    return patch;
  }

  test('hybrid-core get_maintainer.pl (real perl): To: the maintainers, Cc: reviewers and lists', (t) => {
    const start = performance.now();
    const ata = getMaintainerRecipients(tree, tinyPatch('drivers/ata/ahci.c'));
    t.diagnostic(`get_maintainer.pl To: + Cc: runs for one patch: ${(performance.now() - start).toFixed(0)} ms`);
    assert.deepEqual(ata, {
      status: 'found',
      to: ['Damien Le Moal <dlemoal@kernel.org>', 'Niklas Cassel <cassel@kernel.org>'],
      cc: ['linux-ide@vger.kernel.org', 'linux-kernel@vger.kernel.org'],
    });

    // Reviewers (R:) are in To: like b4 gets them, and not repeated in Cc:.
    const wireless = getMaintainerRecipients(tree, tinyPatch('drivers/net/wireless/quantenna/qtnfmac/pcie/pcie.c'));
    assert.deepEqual(wireless, {
      status: 'found',
      to: ['Igor Mitsyanko <imitsyanko@quantenna.com>', 'Sergey Matyukevich <geomatsi@gmail.com>', 'Kalle Valo <kvalo@kernel.org>'],
      cc: ['linux-wireless@vger.kernel.org', 'linux-kernel@vger.kernel.org'],
    });
  });
}
