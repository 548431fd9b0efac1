// `kcodemod plan|series ... TREE -- PATH...`: only the sites under the paths are reported, while the
// modules are still analysed whole (a site is classified as in the full plan).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { analyzeTree, InputError } from '../src/pipeline.js';
import { parseCommandLine, UsageError } from '../src/cli/args.js';
import pciIntx from '../transforms/pci-intx/index.js';
import { EXAMPLES_DIR } from './helpers/paths.js';

test('the command line takes paths after --, and -- without a path is a usage error', () => {
  const cl = parseCommandLine(['plan', 'pci-intx', 'TREE', '--json', '--', 'drivers/ata', 'drivers/misc/tern.c'], pciIntx.vocabulary);
  assert.equal(cl.tree, 'TREE');
  assert.deepEqual(cl.paths, ['drivers/ata', 'drivers/misc/tern.c']);
  assert.equal(cl.flags.json, true);
  assert.deepEqual(parseCommandLine(['plan', 'pci-intx', 'TREE'], pciIntx.vocabulary).paths, []);
  assert.throws(() => parseCommandLine(['plan', 'pci-intx', 'TREE', '--'], pciIntx.vocabulary), UsageError);
});

test('sites under the paths only, classified as in the whole plan; a path outside the tree is refused', async () => {
  const whole = (await analyzeTree(pciIntx, EXAMPLES_DIR, { forceScan: true })).plan;
  const ata = path.join(EXAMPLES_DIR, 'drivers', 'ata');
  const tern = path.join(EXAMPLES_DIR, 'drivers', 'misc', 'tern.c');
  const limited = (await analyzeTree(pciIntx, EXAMPLES_DIR, { forceScan: true, paths: [ata, tern] })).plan;
  const expected = whole.callSites.filter((s) => s.file.startsWith('drivers/ata/') || s.file === 'drivers/misc/tern.c');
  assert.ok(expected.length >= 3, 'examples/ has sites under both paths');
  assert.deepEqual(limited.callSites, expected);
  // A path that only shares a prefix with a directory is not inside it.
  const prefixOnly = (await analyzeTree(pciIntx, EXAMPLES_DIR, { forceScan: true, paths: [path.join(EXAMPLES_DIR, 'drivers', 'at')] })).plan;
  assert.deepEqual(prefixOnly.callSites, []);
  await assert.rejects(analyzeTree(pciIntx, EXAMPLES_DIR, { forceScan: true, paths: ['/etc'] }), InputError);
});
