// The region core's state is read from its code, and the final core patch removes exactly the
// pci_is_managed() branches (and the hybrid notes) from it, byte for byte.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectRegionCore } from '../core-state.js';
import { removeRegionBranches, regionsStillHybrid } from '../core-edits.js';
import { hybridCore, legacyCore, parser, replaceOnce, toCrlf, withoutFinalNewline } from './core-tree.js';

const PCI = 'drivers/pci/pci.c';

test('hybrid: both region functions branch on pci_is_managed(), with their lines as evidence', () => {
  const core = detectRegionCore(parser(hybridCore()));
  assert.equal(core.state, 'hybrid');
  const hybrid = core.evidence.filter((e) => e.note?.startsWith('hybrid'));
  assert.deepEqual(hybrid.map((e) => [e.function, e.line]), [['__pci_request_region', 70], ['pci_release_region', 27]]);
});

test('migrated: the same tree after the final core patch', () => {
  const files = hybridCore();
  files.set(PCI, removeRegionBranches(files.get(PCI)!));
  const core = detectRegionCore(parser(files));
  assert.equal(core.state, 'migrated');
  assert.equal(regionsStillHybrid(files.get(PCI)!), false);
});

test('legacy: an older devres core that records regions in find_pci_dr() is refused with its reason', () => {
  const core = detectRegionCore(parser(legacyCore()));
  assert.equal(core.state, 'legacy');
  assert.match(core.summary, /find_pci_dr\(\).*does not apply/);
});

test('a core where only one function branches fits no state', () => {
  const files = hybridCore();
  files.set(PCI, replaceOnce(files.get(PCI)!, '\tif (pci_is_managed(pdev)) {\n\t\tpcim_release_region(pdev, bar);\n\t\treturn;\n\t}\n', ''));
  const core = detectRegionCore(parser(files));
  assert.equal(core.state, null);
  assert.match(core.summary, /fits no known state/);
});

test('no region functions at all: not a tree to migrate', () => {
  const files = hybridCore();
  files.set(PCI, Buffer.from('int x;\n'));
  assert.equal(detectRegionCore(parser(files)).state, null);
});

const RELEASE_AFTER = `void pci_release_region(struct pci_dev *pdev, int bar)
{
	if (!pci_bar_index_is_valid(bar))
		return;

	if (pci_resource_len(pdev, bar) == 0)
		return;
`;

const REQUEST_AFTER = `{
	if (!pci_bar_index_is_valid(bar))
		return -EINVAL;

	if (pci_resource_len(pdev, bar) == 0)
		return 0;
`;

const NOTE_BEFORE = ` * Returns 0 on success, or %EBUSY on error.  A warning
 * message is also printed on failure.
 *
 * NOTE:
 * This is a "hybrid" function: It's normally unmanaged, but becomes managed
 * when pcim_enable_device() has been called in advance. This hybrid feature is
 * DEPRECATED! If you want managed cleanup, use the pcim_* functions instead.
 */
int pci_request_region(`;

const NOTE_AFTER = ` * Returns 0 on success, or %EBUSY on error.  A warning
 * message is also printed on failure.
 */
int pci_request_region(`;

test('the final core patch removes the branches with their comment, and the hybrid notes', () => {
  const before = hybridCore().get(PCI)!;
  const after = removeRegionBranches(before).toString('latin1');
  assert.ok(after.includes(RELEASE_AFTER), after);
  assert.ok(after.includes(REQUEST_AFTER), after);
  assert.ok(before.toString('latin1').includes(NOTE_BEFORE));
  assert.ok(after.includes(NOTE_AFTER));
  assert.doesNotMatch(after, /pci_is_managed|backwards compatibility|"hybrid"/);
  // Only removals: every remaining byte is in the original, in order.
  const lines = before.toString('latin1').split('\n');
  const removed = lines.length - after.split('\n').length;
  assert.equal(removed, 10 + 7 + 5 * 5, 'comment, branch and blank line; branch and blank line; five notes');
  assert.equal(removeRegionBranches(Buffer.from(after, 'latin1')).toString('latin1'), after, 'a second run changes nothing');
});

test('the final core patch keeps CRLF line ends and a missing final newline', () => {
  const lf = hybridCore().get(PCI)!;
  const expected = removeRegionBranches(lf);
  assert.equal(removeRegionBranches(toCrlf(lf)).toString('latin1'), toCrlf(expected).toString('latin1'));
  assert.equal(removeRegionBranches(withoutFinalNewline(lf)).toString('latin1'), withoutFinalNewline(expected).toString('latin1'));
});
