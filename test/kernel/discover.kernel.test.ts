// Discover on the real Linux 6.12 hybrid-core tree (../shared/kernel/make-trees.sh): git grep and the
// directory scan must find the same files, and agree with a plain `git grep -l -w` run as the oracle.
// A tree that is absent registers no test. Run with `npm run test:kernel`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { discoverCandidates } from '../../src/discover/discover.js';
import { git } from '../../src/util/git.js';
import { kernelTree, kernelTreesDir } from './trees.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const treesDir = kernelTreesDir;
const tree = path.join(treesDir, 'hybrid-core');
const WORDS = ['pci_intx', 'pcim_enable_device'];

{
  kernelTree('hybrid-core'); // fails loudly when the tree is missing
  test('hybrid-core: git grep and the scan find the same files for pci_intx / pcim_enable_device', async () => {
    const viaGit = await discoverCandidates(tree, WORDS);
    const viaScan = await discoverCandidates(tree, WORDS, { forceScan: true });
    assert.equal(viaGit.method, 'git-grep');
    assert.equal(viaScan.method, 'scan');
    assert.deepEqual(viaScan.files, viaGit.files);
    // Tracked symlinks named *.c/*.h (tools/testing/selftests) are counted by neither method.
    assert.equal(viaScan.filesScanned, viaGit.filesScanned);
    assert.ok(viaGit.filesScanned > 59_000, `only ${viaGit.filesScanned} .c/.h files seen`);
    assert.deepEqual(viaGit.skipped, []);
    assert.deepEqual(viaScan.skipped, []);

    const oracle = git(tree, ['grep', '-l', '-z', '-w', '-F', ...WORDS.flatMap((w) => ['-e', w]), '--', '*.c', '*.h']);
    assert.equal(oracle.status, 0);
    const expected = oracle.stdout.toString('utf8').split('\0').filter(Boolean).sort();
    assert.deepEqual(viaGit.files, expected);
    for (const file of ['drivers/pci/pci.c', 'drivers/pci/devres.c', 'drivers/ata/ahci.c', 'drivers/vfio/pci/vfio_pci_intrs.c', 'drivers/hid/amd-sfh-hid/sfh1_1/amd_sfh_init.c', 'include/linux/pci.h']) {
      assert.ok(viaGit.files.includes(file), `${file} mentions pci_intx or pcim_enable_device`);
    }
    // These hold the text only inside longer names (pci_intx_mask_supported, ...): not whole words.
    for (const file of ['drivers/pci/probe.c', 'drivers/pci/quirks.c', 'drivers/vfio/pci/vfio_pci_config.c']) {
      assert.ok(!viaScan.files.includes(file), `${file} mentions the words only inside longer identifiers`);
    }
  });
}
