// Deleting a release that was the last use of a local variable: the declaration goes with it (an
// unused variable breaks a -Werror build, as vmwgfx_drv.c showed), byte-exactly, CR LF and a file
// without final newline included; a declaration that cannot go refuses the deletion.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits } from '../../../src/sdk.js';
import { deletionEdits, deletionRefusals } from '../release-deletion.js';

function releasesIn(text: string): { callStart: number; callEnd: number }[] {
  return [...text.matchAll(/pci_release_regions\(pdev\)/g)].map((m) => ({ callStart: m.index!, callEnd: m.index! + m[0].length }));
}

function deleted(text: string): string {
  const bytes = Buffer.from(text, 'latin1');
  return applyEdits(bytes, deletionEdits('drivers/x/x.c', bytes, releasesIn(text))).toString('latin1');
}

function refusals(text: string): (string | null)[] {
  return deletionRefusals('drivers/x/x.c', Buffer.from(text, 'latin1'), releasesIn(text));
}

const UNLOAD = [
  'static void x_unload(struct drm_device *dev)',
  '{',
  '\tstruct x_private *priv = x_priv(dev);',
  '\tstruct pci_dev *pdev = to_pci_dev(dev->dev);',
  '',
  '\tx_stop(priv);',
  '',
  '\tpci_release_regions(pdev);',
  '}',
  '',
].join('\n');

test('the declaration a deleted release leaves unused goes, as a whole line', () => {
  assert.deepEqual(refusals(UNLOAD), [null]);
  assert.equal(deleted(UNLOAD), ['static void x_unload(struct drm_device *dev)', '{', '\tstruct x_private *priv = x_priv(dev);', '', '\tx_stop(priv);', '}', ''].join('\n'));
});

test('CR LF and no final newline: only the declaration line and the statement go', () => {
  const crlf = UNLOAD.replace(/\n/g, '\r\n').replace(/\r\n$/, '');
  assert.equal(deleted(crlf), ['static void x_unload(struct drm_device *dev)', '{', '\tstruct x_private *priv = x_priv(dev);', '', '\tx_stop(priv);', '}'].join('\r\n'));
});

test('the only declaration after `{` takes its blank line with it', () => {
  const text = ['static void x_remove(struct device *dev)', '{', '\tstruct pci_dev *pdev = to_pci_dev(dev);', '', '\tx_stop(dev);', '\tpci_release_regions(pdev);', '}', ''].join('\n');
  assert.equal(deleted(text), ['static void x_remove(struct device *dev)', '{', '\tx_stop(dev);', '}', ''].join('\n'));
});

test('a variable still used elsewhere, or a parameter, keeps its declaration', () => {
  const used = UNLOAD.replace('\tx_stop(priv);', '\tx_stop(priv, pdev);');
  assert.match(deleted(used), /struct pci_dev \*pdev = to_pci_dev\(dev->dev\);/);
  const param = ['static void x_remove(struct pci_dev *pdev)', '{', '\tx_stop(pdev);', '\tpci_release_regions(pdev);', '}', ''].join('\n');
  assert.equal(deleted(param), ['static void x_remove(struct pci_dev *pdev)', '{', '\tx_stop(pdev);', '}', ''].join('\n'));
});

test('a declaration with a side effect, or with other variables, refuses the deletion', () => {
  const call = UNLOAD.replace('to_pci_dev(dev->dev)', 'x_get_pdev(dev)');
  assert.match(refusals(call)[0]!, /leaves `pdev` unused, and its declaration `struct pci_dev \*pdev = x_get_pdev\(dev\);` has a call/);
  assert.throws(() => deleted(call), /cannot be deleted/);
  const two = UNLOAD.replace('\tstruct pci_dev *pdev = to_pci_dev(dev->dev);', '\tstruct pci_dev *pdev = to_pci_dev(dev->dev), *peer = NULL;');
  assert.match(refusals(two)[0]!, /declares other variables too/);
});
