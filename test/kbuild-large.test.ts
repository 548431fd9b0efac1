// A huge Makefile is read line by line and analysed, not skipped: the module it declares at its very
// end is found. What is kept of it (its assignments) is bounded, with a note naming where it stopped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createKbuildIndex } from '../src/kbuild/kbuild.js';
import { describeRun, runCli } from './helpers/cli.js';
import { EXAMPLES_DIR } from './helpers/paths.js';
import { makeTempDir } from './helpers/temp.js';

const MB = 1024 * 1024;

/** Appends about `bytes` of what a generated Makefile holds (comments, rules and recipes, flags), in chunks. */
function appendFiller(fd: number, bytes: number): void {
  let written = 0;
  for (let block = 0; written < bytes; block++) {
    const lines: string[] = [];
    for (let i = 0; i < 2000; i++) {
      const n = block * 2000 + i;
      if (i % 50 === 0) lines.push(`gen_${n}.h: gen_${n}.in\n\t$(Q)sed -e 's/x/y/' $< > $@ \\\n\t\t|| rm -f $@\n`);
      else if (i % 500 === 1) lines.push(`ccflags-y += -DGENERATED_${n}=1\n`);
      else lines.push(`# generated table entry ${n}: 0x${n.toString(16).padStart(8, '0')} nothing to build here\n`);
    }
    const chunk = Buffer.from(lines.join(''), 'latin1');
    fs.writeSync(fd, chunk);
    written += chunk.length;
  }
}

test('a 50 MB Makefile is analysed: the composite module declared on its last lines is found', () => {
  const tree = path.join(makeTempDir('large-makefile'), 'tree');
  fs.cpSync(EXAMPLES_DIR, tree, { recursive: true });
  const makefile = path.join(tree, 'drivers', 'misc', 'Makefile');
  const original = fs.readFileSync(makefile, 'latin1').replace(/^obj-\$\(CONFIG_TERN_DAQ\).*\n/m, '');
  const fd = fs.openSync(makefile, 'w');
  try {
    fs.writeSync(fd, original);
    appendFiller(fd, 50 * MB);
    // Only here, after 50 MB: tern.c is a member of the composite tern-daq, not a module of its own.
    fs.writeSync(fd, 'obj-$(CONFIG_TERN_DAQ) += tern-daq.o\ntern-daq-y := tern.o\n');
  } finally {
    fs.closeSync(fd);
  }
  assert.ok(fs.statSync(makefile).size > 50 * MB);
  const args = ['plan', 'pci-intx', tree, '--json'];
  const plan = runCli(args, { timeoutMs: 120_000 });
  assert.equal(plan.status, 0, describeRun(args, plan));
  const result = JSON.parse(plan.stdout);
  const tern = result.callSites.filter((site: { file: string }) => site.file === 'drivers/misc/tern.c');
  assert.ok(tern.length > 0);
  for (const site of tern) assert.equal(site.module, 'drivers/misc/tern-daq');
  const notes: Array<{ file: string; message: string }> = result.coverage.kbuildNotes;
  assert.ok(!notes.some((n) => n.file === 'drivers/misc/Makefile'), JSON.stringify(notes.slice(0, 5)));
});

test('a Makefile of more assignments than any Kbuild file: read up to the bound, a note says where, fast', () => {
  const lines = ['obj-$(CONFIG_EARLY) += early.o', 'early-y := early_main.o early_util.o'];
  for (let n = 0; n < 60_000; n++) lines.push(`obj-$(CONFIG_GEN_${n}) += gen${n}.o`);
  lines.push('obj-$(CONFIG_LATE) += late.o', 'late-y := late_main.o');
  const bytes = Buffer.from(lines.join('\n') + '\n', 'latin1');
  const started = Date.now();
  const index = createKbuildIndex((rel) => (rel === 'drivers/misc/Makefile' ? bytes : null), { fileExists: () => true });
  const early = index.moduleOf('drivers/misc/early_util.c');
  assert.equal(early.id, 'drivers/misc/early');
  assert.deepEqual(early.sources, ['drivers/misc/early_main.c', 'drivers/misc/early_util.c']);
  // Past the bound: not read, so late_main.c is taken for a module of its own.
  assert.equal(index.moduleOf('drivers/misc/late_main.c').implicit, true);
  const bound = index.notes.filter((n) => /^more than \d+ assignments in drivers\/misc\/Makefile and its includes: not read from here on$/.test(n.message));
  assert.equal(bound.length, 1, JSON.stringify(index.notes.slice(0, 3)));
  assert.equal(bound[0].file, 'drivers/misc/Makefile');
  assert.ok(Date.now() - started < 20_000, `took ${Date.now() - started} ms`);
});
