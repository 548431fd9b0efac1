// A rewrite changes exactly the callee bytes (issue 7): the series is applied with `git am` in a clone,
// then every file is compared byte for byte with the original. A driver file must equal the original
// with each planned site's callee range [calleeStart, calleeEnd) replaced and nothing else; a file the
// series does not port must not change at all; only the PCI core files get the core patches' edits.
// The tree is examples/ (Latin-1, UTF-8 with BOM, CRLF, no final newline) plus drivers written here
// for the layouts examples/ lacks: space indentation, a space before "(", a call split over lines,
// mixed CRLF/LF, trailing blanks, and a file that ends right after a call with no newline.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { runCli, describeRun, seriesArgs } from './helpers/cli.js';
import { EXAMPLES_DIR } from './helpers/paths.js';
import { copyTree, gitRepoFrom, cloneRepo, gitAm } from './helpers/git-repo.js';
import { makeTempDir } from './helpers/temp.js';
import type { Plan } from '../src/types.js';

const latin1 = (text: string) => Buffer.from(text, 'latin1');

/** Drivers with the layouts examples/ does not have, as raw bytes. */
const EXTRA_DRIVERS: Record<string, Buffer> = {
  // Four-space indentation, a space before "(", a call split over three lines, trailing blanks.
  'drivers/misc/spaced.c': latin1(
    [
      '// SPDX-License-Identifier: GPL-2.0',
      '#include <linux/pci.h>',
      '',
      'static void spaced_irq(struct pci_dev *pdev, int on)',
      '{',
      '    pci_intx (pdev, on);   ',
      '    if (on)',
      '        pci_intx(',
      '            pdev,',
      '\t    1);',
      '}',
      '',
      'static int spaced_probe(struct pci_dev *pdev, const struct pci_device_id *id)',
      '{',
      '    int ret = pci_enable_device(pdev);',
      ' \t',
      '    if (ret)',
      '        return ret;',
      '    spaced_irq(pdev, 1);',
      '    return 0;',
      '}',
      '',
    ].join('\n'),
  ),
  // Mostly CRLF with one LF line, Latin-1 bytes next to the call, and no final newline right after a call.
  'drivers/misc/mixed_eol.c': Buffer.concat([
    latin1('// SPDX-License-Identifier: GPL-2.0\r\n#include <linux/pci.h>\r\n\r\n'),
    latin1('static int mixed_probe(struct pci_dev *pdev, const struct pci_device_id *id)\r\n{\r\n'),
    latin1('\treturn pci_enable_device(pdev);\r\n}\n\r\n'),
    latin1('/* Ré-activation de l\xe9tat INTx (\xa9 Ma\xf1ana) */\r\n'),
    latin1('static void mixed_irq(struct pci_dev *pdev) { pci_intx(pdev, 1); /* \xe9 */ pci_intx(pdev, 0); }'),
  ]),
  // UTF-8 with a byte order mark and CRLF, the call on the first code line after the BOM's line.
  'drivers/misc/bom_crlf.c': Buffer.concat([
    Buffer.from([0xef, 0xbb, 0xbf]),
    Buffer.from('// SPDX-License-Identifier: GPL-2.0 — Zoë\r\n#include <linux/pci.h>\r\n', 'utf8'),
    latin1('static int bom_probe(struct pci_dev *pdev, const struct pci_device_id *id)\r\n{\r\n\tint ret = pci_enable_device(pdev);\r\n\r\n'),
    latin1('\tif (!ret)\r\n\t\tpci_intx(pdev,\t1);\r\n\treturn ret;\r\n}\r\n'),
  ]),
};

function makeTree(): string {
  const tree = copyTree(EXAMPLES_DIR, 'bytes');
  for (const [rel, bytes] of Object.entries(EXTRA_DRIVERS)) fs.writeFileSync(path.join(tree, rel), bytes);
  fs.appendFileSync(path.join(tree, 'drivers/misc/Makefile'), 'obj-$(CONFIG_SPACED) += spaced.o\nobj-$(CONFIG_MIXED_EOL) += mixed_eol.o\nobj-$(CONFIG_BOM_CRLF) += bom_crlf.o\n');
  return tree;
}

/** Files below DIR (not .git), relative, sorted. */
function listFiles(dir: string, rel = ''): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const child = rel ? `${rel}/${entry.name}` : entry.name;
    if (child === '.git') continue;
    if (entry.isDirectory()) out.push(...listFiles(dir, child));
    else out.push(child);
  }
  return out.sort();
}

/** ORIGINAL with every [start, end) replaced, applied from the end so offsets stay valid. */
function withReplacements(original: Buffer, edits: { start: number; end: number; text: string }[]): Buffer {
  let result = original;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) {
    result = Buffer.concat([result.subarray(0, e.start), Buffer.from(e.text, 'latin1'), result.subarray(e.end)]);
  }
  return result;
}

function firstDifference(a: Buffer, b: Buffer): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return `first difference at byte ${i}: expected ${JSON.stringify(a.subarray(i, i + 40).toString('latin1'))}, got ${JSON.stringify(b.subarray(i, i + 40).toString('latin1'))}`;
}

test('after git am of the series, every file equals the original with only the planned callee bytes replaced', () => {
  const { repo } = gitRepoFrom(makeTree(), 'bytes-repo');
  const planArgs = ['plan', 'pci-intx', repo, '--json'];
  const planRun = runCli(planArgs);
  assert.equal(planRun.status, 0, describeRun(planArgs, planRun));
  const plan = JSON.parse(planRun.stdout) as Plan;

  const edits = new Map<string, { start: number; end: number; text: string }[]>();
  for (const site of plan.callSites) {
    if (!site.replacement || site.replacement === site.callee) continue;
    const list = edits.get(site.file) ?? [];
    list.push({ start: site.calleeStart, end: site.calleeEnd, text: site.replacement });
    edits.set(site.file, list);
  }
  // The layouts this test is about are all planned for a rewrite.
  for (const file of [...Object.keys(EXTRA_DRIVERS), 'drivers/parport/parport_lark.c', 'drivers/misc/plume.c', 'drivers/misc/swift_pci.c', 'drivers/misc/tern.c']) {
    assert.ok(edits.has(file), `${file} has sites to rewrite (plan: ${plan.callSites.filter((s) => s.file === file).map((s) => `${s.line} ${s.classification}`).join(', ')})`);
  }
  assert.equal(edits.get('drivers/misc/spaced.c')?.length, 2);
  assert.equal(edits.get('drivers/misc/mixed_eol.c')?.length, 2);

  const out = path.join(makeTempDir('bytes-out'), 'series');
  const seriesRun = runCli(seriesArgs(repo, out));
  assert.equal(seriesRun.status, 0, describeRun(seriesArgs(repo, out), seriesRun));
  const patches = fs.readdirSync(out).filter((f) => /^\d{4}-.*\.patch$/.test(f) && !f.startsWith('0000-')).sort();
  const clone = cloneRepo(repo, 'bytes-clone');
  gitAm(clone, patches.map((f) => path.join(out, f)));

  // The files the series' core patches edit (not driver sites).
  const coreFiles = new Set(['drivers/pci/pci.c', 'drivers/pci/devres.c', 'drivers/pci/pci.h', 'include/linux/pci.h']);
  const before = listFiles(repo);
  assert.deepEqual(listFiles(clone), before, 'the series adds and removes no file');
  let compared = 0;
  for (const file of before) {
    const original = fs.readFileSync(path.join(repo, file));
    const after = fs.readFileSync(path.join(clone, file));
    if (coreFiles.has(file)) {
      assert.ok(!edits.has(file), `${file}: a core file holds no driver site`);
      continue;
    }
    const expected = withReplacements(original, edits.get(file) ?? []);
    assert.ok(expected.equals(after), `${file}: ${firstDifference(expected, after)}`);
    if (edits.has(file)) compared++;
  }
  assert.equal(compared, edits.size, 'every planned file was ported by the series');
});
