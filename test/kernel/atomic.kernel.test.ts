// The atomic-context analysis on every pci_intx() call of the real Linux 6.12 hybrid-core tree.
// The known case from the seed thread: vfio-pci calls pci_intx() under
// spin_lock_irqsave(&vdev->irqlock) in __vfio_pci_intx_mask() and vfio_pci_intx_unmask_handler().
// Every other call runs in probe/remove/resume/setup paths, reached through function pointers
// (driver ops), exports, or callers that hold no lock. The tree is only read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kernelTree } from './trees.js';
import { analyzeTree } from '../../src/pipeline.js';
import { pciIntxTransform } from '../../transforms/pci-intx/index.js';
import { ModuleAtomicity, type AtomicContext } from '../../transforms/pci-intx/atomic.js';

async function contextsOfHybridCore(): Promise<Map<string, AtomicContext | null>> {
  const { files, modules } = await analyzeTree(pciIntxTransform, kernelTree('hybrid-core'));
  const contexts = new Map<string, AtomicContext | null>();
  for (const moduleFacts of modules) {
    const moduleFiles = [...moduleFacts.module.sources, ...moduleFacts.files.map((f) => f.file)];
    const atomicity = new ModuleAtomicity(moduleFiles, (rel) => files.parse(rel), (rel) => files.read(rel));
    for (const use of moduleFacts.files.flatMap((f) => f.uses)) {
      if (use.callee === 'pci_intx') contexts.set(`${use.file}:${use.line}`, atomicity.contextOf(use));
    }
  }
  return contexts;
}

test('hybrid-core: only the three vfio-pci calls under vdev->irqlock run in atomic context', async () => {
  const contexts = await contextsOfHybridCore();
  assert.equal(contexts.size, 31, [...contexts.keys()].join('\n'));
  const atomic = [...contexts].filter(([, c]) => c?.atomic).map(([site, c]) => ({ site, rule: c!.rule, evidence: c!.evidence.map((e) => `${e.line}: ${e.call}`) }));
  assert.deepEqual(atomic, [
    { site: 'drivers/vfio/pci/vfio_pci_intrs.c:121', rule: 'lock-held', evidence: ['111: spin_lock_irqsave(&vdev->irqlock, flags)'] },
    { site: 'drivers/vfio/pci/vfio_pci_intrs.c:135', rule: 'lock-held', evidence: ['111: spin_lock_irqsave(&vdev->irqlock, flags)'] },
    { site: 'drivers/vfio/pci/vfio_pci_intrs.c:181', rule: 'lock-held', evidence: ['173: spin_lock_irqsave(&vdev->irqlock, flags)'] },
  ]);
  for (const [site, c] of contexts) {
    assert.ok(c, `${site} is analysed`);
    assert.ok(c.reason.length > 0, site);
  }

  // Not atomic, each for its stated reason.
  const reason = (site: string) => contexts.get(site)!.reason;
  assert.match(reason('drivers/ata/ahci.c:2127'), /ahci_init_one\(\) is used as a function pointer \(\.probe = ahci_init_one, drivers\/ata\/ahci\.c:673\)/);
  assert.match(reason('drivers/vfio/pci/vfio_pci_intrs.c:299'), /vfio_pci_set_intx_trigger\(\) calls vfio_intx_enable\(\) without a lock/);
  assert.match(reason('drivers/vfio/pci/vfio_pci_core.c:538'), /vfio_pci_core_enable\(\) is exported/);
  assert.match(reason('drivers/net/ethernet/broadcom/bnx2x/bnx2x_main.c:1672'), /bnx2x_netif_start\(\) calls bnx2x_int_enable\(\) without a lock held \(drivers\/net\/ethernet\/broadcom\/bnx2x\/bnx2x_cmn\.c:\d+\)/);
  // amd_sfh has a static amd_mp2_pci_remove() in two files: each is judged by its own file's uses.
  assert.match(reason('drivers/hid/amd-sfh-hid/sfh1_1/amd_sfh_init.c:294'), /mp2_ops->remove = amd_mp2_pci_remove;, drivers\/hid\/amd-sfh-hid\/sfh1_1\/amd_sfh_init\.c:308/);
  assert.match(reason('drivers/hid/amd-sfh-hid/amd_sfh_pcie.c:251'), /\.remove = amd_mp2_pci_remove, drivers\/hid\/amd-sfh-hid\/amd_sfh_pcie\.c:263/);
});
