// The per-driver rule as pci-intx applies it: a module with two PCI drivers that enable their
// devices differently. The golden tests cover examples/ (petrel.c); these cover the review case.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ModuleFacts } from '../../../src/sdk.js';
import { collectFacts, parseBytes } from '../../../src/sdk.js';
import { classifyModule } from '../classify.js';
import { FN, MANAGED_ENABLE, UNMANAGED_ENABLE } from '../names.js';

const SOURCE = [
  'static void duo_quiesce(struct pci_dev *pdev)',
  '{',
  '\tpci_intx(pdev, 0);',
  '}',
  'static int duo_new_probe(struct pci_dev *pdev, const struct pci_device_id *id)',
  '{',
  '\tint ret = pcim_enable_device(pdev);',
  '\tpci_intx(pdev, 1);',
  '\treturn ret;',
  '}',
  'static int duo_old_probe(struct pci_dev *pdev, const struct pci_device_id *id)',
  '{',
  '\treturn pci_enable_device(pdev);',
  '}',
  'static void duo_old_remove(struct pci_dev *pdev)',
  '{',
  '\tduo_quiesce(pdev);',
  '}',
  'static void duo_new_shutdown(struct pci_dev *pdev)',
  '{',
  '\tduo_quiesce(pdev);',
  '}',
  'static struct pci_driver duo_new = { .probe = duo_new_probe, .shutdown = duo_new_shutdown };',
  'static struct pci_driver duo_old = { .probe = duo_old_probe, .remove = duo_old_remove };',
].join('\r\n');

function classify() {
  const parsed = parseBytes('drivers/misc/duo.c', Buffer.from(SOURCE, 'latin1'));
  const facts: ModuleFacts = {
    module: { id: 'drivers/misc/duo', sources: ['drivers/misc/duo.c'], configs: [], implicit: false },
    files: [collectFacts(parsed, [FN.intx, ...MANAGED_ENABLE, ...UNMANAGED_ENABLE])],
  };
  return classifyModule(facts, (rel) => (rel === parsed.file ? parsed : null));
}

test('a site only one driver reaches is decided by that driver', () => {
  const [, inProbe] = classify();
  assert.equal(inProbe.site.line, 8);
  assert.equal(inProbe.decision.classification, 'managed');
  assert.equal(inProbe.decision.driver, 'drivers/misc/duo.c::duo_new');
  assert.equal(inProbe.decision.decidedBy, 'driver');
});

test('a site both drivers reach, and they disagree, is a review naming both', () => {
  const [shared] = classify();
  assert.equal(shared.site.line, 3);
  assert.equal(shared.decision.classification, 'review');
  assert.equal(shared.decision.needsReview, true);
  assert.equal(shared.decision.driver, null);
  assert.match(shared.decision.reason, /^duo_quiesce\(\) is reached from PCI drivers that disagree: /);
  assert.match(shared.decision.reason, /drivers\/misc\/duo\.c::duo_new reaches duo_quiesce\(\) through \.shutdown = duo_new_shutdown\(\) → duo_quiesce\(\)/);
  assert.match(shared.decision.reason, /drivers\/misc\/duo\.c::duo_old reaches duo_quiesce\(\) through \.remove = duo_old_remove\(\) → duo_quiesce\(\)/);
  assert.deepEqual(shared.decision.evidence.map((e) => [e.line, e.call]), [[7, 'pcim_enable_device(pdev)'], [13, 'pci_enable_device(pdev)']]);
});
