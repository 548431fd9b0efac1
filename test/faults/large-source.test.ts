// A 5 MB generated C file: the plan and the series stay within bounds on a source far larger than
// the kernel's own and rewrite every call in it. A robustness check that costs ~9 s of CPU, so it
// runs with the other slow cases in `npm run test:faults`, not in `npm test`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describeRun, runCli, seriesArgs } from '../helpers/cli.js';
import { EXAMPLES_DIR } from '../helpers/paths.js';
import { makeTempDir } from '../helpers/temp.js';
import { copyTree } from '../helpers/git-repo.js';
import { assertUnchanged, diffsOf, snapshot } from '../helpers/tree-snapshot.js';
import { analyzeTree } from '../../src/pipeline.js';
import pciIntx from '../../transforms/pci-intx/index.js';

test('a 5 MB generated C file with calls: planned and ported within bounds, every call rewritten', async () => {
  const tree = copyTree(EXAMPLES_DIR, 'big');
  // A generated register table, with an INTx helper every 1000 entries.
  const parts = ['#include <linux/pci.h>\n\nstatic int gen_probe(struct pci_dev *pdev)\n{\n\treturn pci_enable_device(pdev);\n}\n\n'];
  let size = parts[0].length;
  let calls = 0;
  for (let i = 0; size < 5 * 1024 * 1024; i++) {
    let chunk = '';
    if (i % 1000 === 0) {
      chunk += `${i ? '};\n\n' : ''}static void gen_irq_${i}(struct pci_dev *pdev)\n{\n\tpci_intx(pdev, ${i % 2});\n}\n\nstatic const struct gen_reg gen_regs_${i}[] = {\n`;
      calls++;
    }
    chunk += `\t{ .reg = 0x${((i * 2654435761) >>> 0).toString(16)}, .mask = 0x${((i * 40503) >>> 0).toString(16)}, .name = "gen_reg_${i}" },\n`;
    parts.push(chunk);
    size += chunk.length;
  }
  parts.push('};\n');
  fs.writeFileSync(path.join(tree, 'drivers/misc/gen_regs.c'), parts.join(''));
  fs.appendFileSync(path.join(tree, 'drivers/misc/Makefile'), 'obj-$(CONFIG_GEN_REGS) += gen_regs.o\n');
  const before = snapshot(tree);

  const started = Date.now();
  const { plan } = await analyzeTree(pciIntx, tree);
  const sites = plan.callSites.filter((s) => s.file === 'drivers/misc/gen_regs.c');
  assert.equal(sites.length, calls);
  assert.ok(sites.every((s) => s.classification === 'unmanaged' && s.replacement === 'pci_intx_unmanaged'));
  const out = path.join(makeTempDir('big-out'), 'series');
  const args = seriesArgs(tree, out);
  const r = runCli(args, { timeoutMs: 120_000 });
  assert.equal(r.status, 0, describeRun(args, r));
  assert.doesNotMatch(r.stderr, /^\s+at .+:\d+/m, describeRun(args, r));
  const elapsed = Date.now() - started;
  assert.ok(elapsed < 90_000, `plan + series took ${elapsed} ms`);
  const [patch, ...more] = diffsOf(out, 'drivers/misc/gen_regs.c');
  assert.ok(patch && more.length === 0, 'one patch ports the generated file');
  assert.equal(patch.match(/^\+\tpci_intx_unmanaged\(pdev, [01]\);$/gm)?.length, calls);
  assertUnchanged(tree, before, 'plan and series of a 5 MB file');
});

