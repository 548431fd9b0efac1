import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decideByEnableCalls, moduleEnableCalls } from '../index.js';
import { moduleOf, sitesOf } from './module-source.js';

function decide(body: string) {
  const m = moduleOf('drivers/misc/dev', { 'drivers/misc/dev.c': `static int dev_probe(struct pci_dev *pdev)\n{\n${body}\n}\n` });
  const calls = moduleEnableCalls(m.facts);
  return sitesOf(m).map((site) => decideByEnableCalls(site, calls, 'module drivers/misc/dev'));
}

test('one kind of enable decides alone; #if 0 enables nothing', () => {
  assert.deepEqual(decide('\tpcim_enable_device(pdev);\n\tpci_intx(pdev, 1);').map((d) => d.kind), ['managed']);
  assert.deepEqual(decide('\tpci_enable_device_io(pdev);\n#if 0\n\tpcim_enable_device(pdev);\n#endif\n\tpci_intx(pdev, 1);').map((d) => d.kind), ['unmanaged']);
  const [none] = decide('\tpci_intx(pdev, 1);');
  assert.equal(none.kind, 'none');
  assert.deepEqual(none.evidence, []);
  assert.match(none.reason, /^module drivers\/misc\/dev enables no PCI device/);
});

test('both kinds: the same device is managed; different devices are decided by the site\'s device', () => {
  const [same] = decide('\tpcim_enable_device(pdev);\n\tpci_enable_device( pdev );\n\tpci_intx(pdev, 1);');
  assert.equal(same.kind, 'managed');
  assert.deepEqual(same.evidence.map((e) => e.note), ['sets is_managed', undefined]);
  const [managed, unmanaged, neither] = decide('\tpcim_enable_device(pdev);\n\tpci_enable_device(bridge);\n\tpci_intx((pdev), 1);\n\tpci_intx(bridge, 1);\n\tpci_intx(other, 1);');
  assert.equal(managed.kind, 'managed');
  assert.deepEqual(managed.evidence.map((e) => e.note), ['same device as the call', 'another device']);
  assert.equal(unmanaged.kind, 'unmanaged');
  assert.equal(neither.kind, 'mixed-device');
  assert.match(neither.reason, /the call's device other matches neither$/);
});
