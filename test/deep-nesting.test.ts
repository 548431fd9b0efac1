// A source nested deeper than code is written (parentheses, blocks, an operator chain, an else-if
// chain) is skipped with its reason; the run goes on for every other file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describeRun, runCli, seriesArgs } from './helpers/cli.js';
import { EXAMPLES_DIR } from './helpers/paths.js';
import { makeTempDir } from './helpers/temp.js';

const HEAD = '#include <linux/pci.h>\nstatic int f(struct pci_dev *pdev, int a)\n{\n';
const DEEP_FILES: Record<string, string> = {
  'parens.c': `${HEAD}\tint x = ${'('.repeat(5000)}a${')'.repeat(5000)};\n\tpci_intx(pdev, 1);\n\treturn x;\n}\n`,
  'blocks.c': `${HEAD}${'{\n'.repeat(3000)}\tpci_intx(pdev, 1);\n${'}\n'.repeat(3000)}\treturn a;\n}\n`,
  'chain.c': `${HEAD}\tint x = ${Array(6000).fill('a').join(' + ')};\n\tpci_intx(pdev, 1);\n\treturn x;\n}\n`,
  'elses.c': `${HEAD}\tif (a == 0) a = 1;\n${Array.from({ length: 5000 }, (_, i) => `\telse if (a == ${i + 1}) a = 2;\n`).join('')}\tpci_intx(pdev, 1);\n\treturn a;\n}\n`,
};

test('files nested thousands of levels deep are skipped with their reason; plan and series finish', () => {
  const tree = path.join(makeTempDir('deep'), 'tree');
  fs.cpSync(EXAMPLES_DIR, tree, { recursive: true });
  for (const [name, text] of Object.entries(DEEP_FILES)) fs.writeFileSync(path.join(tree, 'drivers', 'misc', name), text);
  const plan = runCli(['plan', 'pci-intx', tree]);
  assert.equal(plan.status, 0, describeRun(['plan'], plan));
  for (const name of Object.keys(DEEP_FILES)) {
    assert.match(plan.stdout, new RegExp(`^  skipped drivers/misc/${name.replace('.', '\\.')}: nested more than \\d+ levels deep: not analysed$`, 'm'));
  }
  const out = path.join(makeTempDir('deep-out'), 'series');
  const series = runCli(seriesArgs(tree, out));
  assert.equal(series.status, 0, describeRun(seriesArgs(tree, out), series));
  assert.ok(fs.readdirSync(out).some((n) => /tern/.test(n)), 'the other drivers are still ported');
});

test('a Makefile include bomb is bounded: the run finishes fast and a note names where it stopped following', () => {
  const tree = path.join(makeTempDir('bomb'), 'tree');
  fs.cpSync(EXAMPLES_DIR, tree, { recursive: true });
  const misc = path.join(tree, 'drivers', 'misc');
  // Each level includes the next 8 times, 8 levels deep: 8^8 reads unbounded.
  for (let level = 0; level < 8; level++) {
    fs.writeFileSync(path.join(misc, `bomb${level}.mk`), `BOMB_${level} += x\n${`include drivers/misc/bomb${level + 1}.mk\n`.repeat(8)}`);
  }
  fs.writeFileSync(path.join(misc, 'bomb8.mk'), 'BOMB_END := y\n');
  fs.appendFileSync(path.join(misc, 'Makefile'), 'include drivers/misc/bomb0.mk\n');
  const started = Date.now();
  const plan = runCli(['plan', 'pci-intx', tree, '--json'], { timeoutMs: 60_000 });
  assert.equal(plan.status, 0, describeRun(['plan'], plan));
  assert.ok(Date.now() - started < 20_000, `took ${Date.now() - started} ms`);
  const notes: Array<{ file: string; message: string }> = JSON.parse(plan.stdout).coverage.kbuildNotes;
  assert.ok(notes.some((n) => /not followed: drivers\/misc\/Makefile already read 256 included files/.test(n.message)), JSON.stringify(notes.slice(0, 5)));
});
