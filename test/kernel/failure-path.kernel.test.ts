// failurePathOf() on release calls of the real Linux 6.12 hybrid-core tree, each verdict decided by
// reading the driver: unwind ladders after `return 0;` reached by gotos only, an error branch that
// returns -ENOMEM, a ladder that ends in `goto out;` to a shared `return ret;`, and success-path
// releases (a suspend whose success path falls through its label, a close, a straight-line unmap).
// Skipped when the tree is missing (this check is about the analysis, not the tree set-up).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { kernelTree } from './trees.js';
import { parseBytes } from '../../src/parse/parser.js';
import { LineIndex, failurePathOf, type FailurePath } from '../../src/sdk.js';

// Kernel tests never skip: a missing tree fails loudly.
const TREE = kernelTree('hybrid-core');

interface Case {
  file: string;
  line: number;
  call: string;
  kind: FailurePath['kind'];
  /** For also-success: the line of the success return. */
  successLine?: number;
  why: string;
}

const CASES: Case[] = [
  { file: 'drivers/net/ethernet/dec/tulip/dmfe.c', line: 503, call: 'pci_release_regions(pdev)', kind: 'failure-only', why: 'dmfe_init_one() ladder after `return 0;`, every goto sets err or tests it' },
  { file: 'drivers/net/ethernet/dec/tulip/dmfe.c', line: 505, call: 'pci_disable_device(pdev)', kind: 'failure-only', why: 'the same ladder, reached from err_out_disable gotos after `err = -ENODEV;`' },
  { file: 'drivers/net/ethernet/smsc/epic100.c', line: 510, call: 'pci_release_regions(pdev)', kind: 'failure-only', why: 'epic_init_one(): ladder after `out: return ret;`, ending in `goto out;` with ret an error' },
  { file: 'drivers/net/ethernet/realtek/8139too.c', line: 1336, call: 'free_irq(irq, dev)', kind: 'failure-only', why: 'rtl8139_open(): inside `if (!tx_bufs || !rx_ring) { ...; return -ENOMEM; }`' },
  { file: 'drivers/net/ethernet/dec/tulip/de2104x.c', line: 1418, call: 'free_irq(irq, dev)', kind: 'failure-only', why: 'de_open(): err_out_free_irq after `return 0;`, reached by `if (rc) goto`' },
  { file: 'sound/pci/mixart/mixart.c', line: 1258, call: 'pci_disable_device(pci)', kind: 'failure-only', why: 'snd_mixart_create(): dma_set_mask failed, `return -ENXIO;`' },
  { file: 'drivers/net/ethernet/atheros/atlx/atl2.c', line: 1610, call: 'pci_disable_device(pdev)', kind: 'also-success', successLine: 1614, why: 'atl2_suspend(): the success path falls through suspend_exit: into the release, then `return 0;`' },
  { file: 'drivers/net/ethernet/realtek/8139too.c', line: 2282, call: 'free_irq(tp->pci_dev->irq, dev)', kind: 'also-success', successLine: 2299, why: 'rtl8139_close(): straight-line release, then `return 0;`' },
  { file: 'drivers/ata/pata_marvell.c', line: 47, call: 'pci_iounmap(pdev, barp)', kind: 'also-success', successLine: 51, why: 'marvell_pata_active(): straight-line unmap, one path returns 0' },
  { file: 'drivers/net/ethernet/dec/tulip/dmfe.c', line: 530, call: 'pci_release_regions(pdev)', kind: 'unknown', why: 'dmfe_remove_one() returns void: no failure path to tell' },
];

test('failure path of release calls in real drivers, as read by hand', () => {
  for (const c of CASES) {
    const parsed = parseBytes(c.file, fs.readFileSync(path.join(TREE, c.file)));
    const lines = new LineIndex(parsed.text);
    const lineStart = lines.lineStart(c.line);
    const at = parsed.text.indexOf(c.call, lineStart);
    assert.ok(at !== -1 && lines.lineOf(at) === c.line, `${c.file}:${c.line} holds ${c.call}`);
    const verdict = failurePathOf(parsed, at);
    assert.equal(verdict.kind, c.kind, `${c.file}:${c.line} ${c.call}: ${c.why}; got: ${verdict.reason}`);
    if (c.successLine !== undefined) assert.equal(verdict.kind === 'also-success' && verdict.line, c.successLine, `${c.file}:${c.line}: ${verdict.reason}`);
  }
});
