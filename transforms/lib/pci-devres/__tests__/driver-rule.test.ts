import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ModuleCallGraph } from '../../../../src/sdk.js';
import { ModuleDevices } from '../index.js';
import { moduleOf, sitesOf } from './module-source.js';

// Two PCI drivers in one module, each enabling its device (named pdev in both) its own way.
const PAIR = {
  'drivers/misc/pair_hw.h': [
    'static inline void pair_irq_on(struct pci_dev *pdev)',
    '{',
    '\tpci_intx(pdev, 1);',
    '}',
  ].join('\n'),
  'drivers/misc/pair_new.c': [
    '#include "pair_hw.h"',
    'static int new_setup(struct pci_dev *pdev)',
    '{',
    '\treturn pcim_enable_device(pdev);',
    '}',
    'static int new_probe(struct pci_dev *pdev, const struct pci_device_id *id)',
    '{',
    '\tint ret = new_setup(pdev);',
    '\tpair_irq_on(pdev);',
    '\treturn ret;',
    '}',
    'static void new_remove(struct pci_dev *pdev)',
    '{',
    '\tpci_intx(pdev, 0);',
    '\tshared_quiesce(pdev);',
    '}',
    'static struct pci_driver new_driver = {',
    '\t.probe = new_probe,',
    '\t.remove = new_remove,',
    '};',
  ].join('\n'),
  'drivers/misc/pair_old.c': [
    'static void old_work(struct work_struct *work)',
    '{',
    '\tpci_intx(old_dev, 1);',
    '}',
    'static int old_probe(struct pci_dev *pdev, const struct pci_device_id *id)',
    '{',
    '\tint ret = pci_enable_device(pdev);',
    '\tINIT_WORK(&old_w, old_work);',
    '\treturn ret;',
    '}',
    'static void old_remove(struct pci_dev *pdev)',
    '{',
    '\tpci_intx(pdev, 0);',
    '\tshared_quiesce(pdev);',
    '}',
    'static SIMPLE_DEV_PM_OPS(old_pm, old_suspend, NULL);',
    'static int old_suspend(struct device *dev)',
    '{',
    '\tpair_irq_on(to_pci_dev(dev));',
    '\treturn 0;',
    '}',
    'static struct pci_driver old_driver = {',
    '\t.probe = old_probe,',
    '\t.remove = old_remove,',
    '\t.driver.pm = &old_pm,',
    '};',
  ].join('\n'),
  'drivers/misc/pair_shared.c': [
    'void shared_quiesce(struct pci_dev *pdev)',
    '{',
    '\tpci_intx(pdev, 0);',
    '}',
  ].join('\n'),
};

function decisions(sources: Record<string, string>, id = 'drivers/misc/pair') {
  const m = moduleOf(id, sources);
  const devices = new ModuleDevices(m.facts, m.files, m.parseFile);
  return { devices, bySite: new Map(sitesOf(m).map((s) => [`${s.file}:${s.line}`, devices.decide(s)])) };
}

test('each driver decides the sites only it reaches, through its own .probe enable calls', () => {
  const { devices, bySite } = decisions(PAIR);
  assert.deepEqual(devices.drivers.map((d) => d.id), ['drivers/misc/pair_new.c::new_driver', 'drivers/misc/pair_old.c::old_driver']);
  const newRemove = bySite.get('drivers/misc/pair_new.c:14')!;
  assert.equal(newRemove.kind, 'managed');
  assert.equal(newRemove.driver, 'drivers/misc/pair_new.c::new_driver');
  assert.deepEqual(newRemove.enableCalls.managed.map((u) => u.text), ['pcim_enable_device(pdev)']);
  assert.deepEqual(newRemove.enableCalls.unmanaged, []);
  assert.deepEqual(newRemove.evidence, [{ file: 'drivers/misc/pair_new.c', line: 4, function: 'new_setup', call: 'pcim_enable_device(pdev)', note: 'sets is_managed' }]);
  assert.equal(
    newRemove.reason,
    'driver drivers/misc/pair_new.c::new_driver reaches new_remove() as its .remove; its .probe new_probe() enables the device with pcim_enable_device() (drivers/misc/pair_new.c:4 in new_setup()), so the device is managed',
  );

  const oldRemove = bySite.get('drivers/misc/pair_old.c:13')!;
  assert.equal(oldRemove.kind, 'unmanaged');
  assert.equal(oldRemove.driver, 'drivers/misc/pair_old.c::old_driver');
  assert.deepEqual(oldRemove.evidence.map((e) => [e.line, e.call, e.note]), [[7, 'pci_enable_device(pdev)', undefined]]);
});

test('a site both drivers reach, and they disagree: drivers-disagree naming both', () => {
  const { bySite } = decisions(PAIR);
  const shared = bySite.get('drivers/misc/pair_shared.c:3')!;
  assert.equal(shared.kind, 'drivers-disagree');
  assert.equal(shared.driver, null);
  assert.deepEqual(shared.drivers, ['drivers/misc/pair_new.c::new_driver', 'drivers/misc/pair_old.c::old_driver']);
  assert.match(shared.reason, /^shared_quiesce\(\) is reached from PCI drivers that disagree: \(1\) driver drivers\/misc\/pair_new\.c::new_driver reaches .*, so the device is managed; \(2\) driver drivers\/misc\/pair_old\.c::old_driver reaches .*, so the device is never managed$/);
  assert.match(shared.reason, /drivers\/misc\/pair_new\.c::new_driver reaches shared_quiesce\(\) through \.remove = new_remove\(\) → shared_quiesce\(\)/);
  assert.deepEqual(shared.evidence.map((e) => e.call), ['pcim_enable_device(pdev)', 'pci_enable_device(pdev)']);
});

test('a static inline helper of a header, reached from one driver\'s probe and the other\'s PM macro', () => {
  const { bySite } = decisions(PAIR);
  const helper = bySite.get('drivers/misc/pair_hw.h:3')!;
  assert.equal(helper.kind, 'drivers-disagree');
  assert.match(helper.reason, /through \.probe = new_probe\(\) → pair_irq_on\(\)/);
  assert.match(helper.reason, /through \.driver\.pm SIMPLE_DEV_PM_OPS\(\) = old_suspend\(\) → pair_irq_on\(\)/);
});

test('a site no driver reaches (a work item) falls back to the module rule, which says so', () => {
  const { bySite } = decisions(PAIR);
  const work = bySite.get('drivers/misc/pair_old.c:3')!;
  // Both enables act on `pdev`: by the module rule, the device is managed.
  assert.equal(work.kind, 'managed');
  assert.equal(work.driver, null);
  assert.deepEqual(work.drivers, []);
  assert.match(work.reason, /^no PCI driver of the module \(new_driver, old_driver\) reaches old_work\(\) through direct calls, so every enable call of the module counts: module drivers\/misc\/pair enables the same device with pcim_enable_device\(\)/);
  assert.equal(work.enableCalls.managed.length + work.enableCalls.unmanaged.length, 2);
});

test('one driver: the module rule, wording unchanged, and the driver named when it reaches the site', () => {
  const { bySite } = decisions({
    'drivers/misc/solo.c': [
      'static void solo_irq(struct pci_dev *pdev) { pci_intx(pdev, 1); }',
      'static void solo_timer(struct timer_list *t) { pci_intx(solo_dev, 0); }',
      'static int solo_probe(struct pci_dev *pdev, const struct pci_device_id *id)',
      '{',
      '\tint ret = pci_enable_device_mem(pdev);',
      '\tsolo_irq(pdev);',
      '\treturn ret;',
      '}',
      'static struct pci_driver solo_driver = { .probe = solo_probe };',
    ].join('\n'),
  }, 'drivers/misc/solo');
  const reached = bySite.get('drivers/misc/solo.c:1')!;
  assert.equal(reached.kind, 'unmanaged');
  assert.equal(reached.driver, 'drivers/misc/solo.c::solo_driver');
  assert.equal(reached.reason, 'module drivers/misc/solo enables the device only with pci_enable_device_mem() (drivers/misc/solo.c:5 in solo_probe()), never pcim_enable_device(), so the device is never managed');
  const timer = bySite.get('drivers/misc/solo.c:2')!;
  assert.equal(timer.kind, 'unmanaged');
  assert.equal(timer.driver, null);
  assert.equal(timer.reason, reached.reason);
});

test('a driver whose .probe reaches no enable call uses the module\'s enable calls, and says so', () => {
  const { bySite } = decisions({
    'drivers/misc/duo.c': [
      'static int duo_a_probe(struct pci_dev *pdev, const struct pci_device_id *id)',
      '{',
      '\tpci_intx(pdev, 1);',
      '\treturn ops->enable(pdev);',
      '}',
      'static int duo_b_probe(struct pci_dev *pdev, const struct pci_device_id *id)',
      '{',
      '\treturn pci_enable_device(pdev);',
      '}',
      'static struct pci_driver duo_a = { .probe = duo_a_probe };',
      'static struct pci_driver duo_b = { .probe = duo_b_probe };',
    ].join('\n'),
  }, 'drivers/misc/duo');
  const site = bySite.get('drivers/misc/duo.c:3')!;
  assert.equal(site.kind, 'unmanaged');
  assert.equal(site.driver, 'drivers/misc/duo.c::duo_a');
  assert.match(site.reason, /^driver drivers\/misc\/duo\.c::duo_a reaches duo_a_probe\(\) as its \.probe, but its \.probe duo_a_probe\(\) reaches no enable call, so every enable call of the module counts: module drivers\/misc\/duo enables the device only with pci_enable_device\(\)/);
});

test('two drivers that agree: the kind, no single driver, both named', () => {
  const { bySite } = decisions({
    'drivers/misc/twin.c': [
      'static void twin_common(struct pci_dev *pdev) { pci_intx(pdev, 1); }',
      'static int twin_a_probe(struct pci_dev *pdev, const struct pci_device_id *id)',
      '{',
      '\tint ret = pcim_enable_device(pdev);',
      '\ttwin_common(pdev);',
      '\treturn ret;',
      '}',
      'static int twin_b_probe(struct pci_dev *pdev, const struct pci_device_id *id)',
      '{',
      '\tint ret = pcim_enable_device(pdev);',
      '\ttwin_common(pdev);',
      '\treturn ret;',
      '}',
      'static struct pci_driver twin_a = { .probe = twin_a_probe };',
      'static struct pci_driver twin_b = { .probe = twin_b_probe };',
    ].join('\n'),
  }, 'drivers/misc/twin');
  const site = bySite.get('drivers/misc/twin.c:1')!;
  assert.equal(site.kind, 'managed');
  assert.equal(site.driver, null);
  assert.deepEqual(site.drivers, ['drivers/misc/twin.c::twin_a', 'drivers/misc/twin.c::twin_b']);
  assert.match(site.reason, /; drivers\/misc\/twin\.c::twin_b reaches it too and agrees$/);
  assert.deepEqual(site.evidence.map((e) => e.line), [4, 10]);
  assert.deepEqual(site.enableCalls.managed.map((u) => u.line), [4, 10]);
});

test('a call graph shared with another analysis gives the same decisions, and the drivers through readFile too', () => {
  const m = moduleOf('drivers/misc/pair', PAIR);
  const readFile = (rel: string) => (rel in PAIR ? Buffer.from(PAIR[rel as keyof typeof PAIR], 'latin1') : null);
  const graph = ModuleCallGraph.build(m.files, m.parseFile, readFile);
  const shared = new ModuleDevices(m.facts, m.files, m.parseFile, readFile, graph);
  const own = new ModuleDevices(m.facts, m.files, m.parseFile);
  assert.deepEqual(shared.drivers, own.drivers);
  assert.deepEqual(sitesOf(m).map((s) => shared.decide(s)), sitesOf(m).map((s) => own.decide(s)));
  assert.ok(sitesOf(m).length > 1);
});
