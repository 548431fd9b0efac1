// `kcodemod audit pci-intx` on examples/ (hybrid core: nothing broken, the sites the migration will
// touch), on a copy made `unmanaged` by editing only the PCI core (the managed drivers still calling
// pci_intx() lost their INTx restore: exit 1), and on a copy `migrating` after the series' first
// patches (the callers not ported yet). Text output and the --json shape.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { EXAMPLES_DIR } from './helpers/paths.js';
import { runCli, describeRun, seriesArgs } from './helpers/cli.js';
import { expectedSites } from './helpers/expected-md.js';
import { makeTempDir } from './helpers/temp.js';
import { readPatches } from './helpers/series-files.js';

interface AuditJson {
  core: { state: string; summary: string; evidence: unknown[] };
  summary: string;
  found: boolean;
  callSites: { id: string; file: string; line: number; classification: string; replacement: string | null; evidence: unknown[] }[];
}

function audit(tree: string, json = false): { status: number; stdout: string; args: string[]; describe: string } {
  const args = ['audit', 'pci-intx', tree, ...(json ? ['--json'] : [])];
  const r = runCli(args);
  return { status: r.status, stdout: r.stdout, args, describe: describeRun(args, r) };
}

/** "file:line" of every site the text output lists (lines "  file:line function: call  [...]"). */
function listedSites(stdout: string): string[] {
  return [...stdout.matchAll(/^  (\S+:\d+) /gm)].map((m) => m[1]);
}

/** Replaces the one occurrence of `from` in a file of `tree`, bytes around it untouched. */
function replaceOnce(tree: string, rel: string, from: string, to: string): void {
  const file = path.join(tree, rel);
  const text = fs.readFileSync(file).toString('latin1');
  const at = text.indexOf(from);
  assert.ok(at !== -1 && text.indexOf(from, at + 1) === -1, `${rel} must contain ${JSON.stringify(from)} exactly once (examples/ changed?)`);
  fs.writeFileSync(file, Buffer.from(text.slice(0, at) + to + text.slice(at + from.length), 'latin1'));
}

function copyOfExamples(prefix: string): string {
  const tree = path.join(makeTempDir(prefix), 'tree');
  fs.cpSync(EXAMPLES_DIR, tree, { recursive: true });
  return tree;
}

/** examples/ with the core as Debian's 6.12.117 has it: no hybrid branch, pcim_intx() public. */
function unmanagedExamples(): string {
  const tree = copyOfExamples('audit-unmanaged');
  replaceOnce(
    tree,
    'drivers/pci/pci.c',
    '\tif (new != pci_command) {\n\t\t/* Keep the "hybrid" behavior for existing managed users */\n\t\tif (pci_is_managed(pdev)) {\n\t\t\tWARN_ON_ONCE(pcim_intx(pdev, enable) != 0);\n\t\t\treturn;\n\t\t}\n\n\t\tpci_write_config_word(pdev, PCI_COMMAND, new);\n\t}\n',
    '\tif (new != pci_command)\n\t\tpci_write_config_word(pdev, PCI_COMMAND, new);\n',
  );
  replaceOnce(tree, 'drivers/pci/devres.c', '\t__pcim_intx(pdev, enable);\n\n\treturn 0;\n}\n', '\t__pcim_intx(pdev, enable);\n\n\treturn 0;\n}\nEXPORT_SYMBOL_GPL(pcim_intx);\n');
  replaceOnce(tree, 'drivers/pci/pci.h', 'int pcim_intx(struct pci_dev *dev, int enable);\n', '');
  replaceOnce(tree, 'include/linux/pci.h', 'void pci_intx(struct pci_dev *dev, int enable);\n', 'void pci_intx(struct pci_dev *dev, int enable);\nint pcim_intx(struct pci_dev *dev, int enable);\n');
  return tree;
}

const sites = expectedSites();
const where = (s: { file: string; line: number }) => `${s.file}:${s.line}`;
const toPort = sites.filter((s) => s.replacement !== null);
const managed = sites.filter((s) => s.classification === 'managed');

test('hybrid core (examples/): exit 0, nothing broken, the sites the migration will touch', () => {
  const r = audit(EXAMPLES_DIR);
  assert.equal(r.status, 0, r.describe);
  assert.match(r.stdout, /^core state: hybrid$/m);
  assert.match(r.stdout, /nothing is broken yet/);
  assert.deepEqual(listedSites(r.stdout).sort(), toPort.map(where).sort());
  for (const s of sites.filter((x) => x.replacement === null)) assert.ok(!r.stdout.includes(where(s)), `${where(s)} (${s.classification}) is not touched by the migration`);
  assert.match(r.stdout, /drivers\/misc\/tern\.c:75 tern_probe: pci_intx\(pdev, 1\) {2}\[unmanaged\] -> pci_intx_unmanaged\(\)/);
  assert.match(r.stdout, /evidence: drivers\/misc\/tern\.c:61 tern_probe: pci_enable_device_mem\(pdev\)/);
});

test('audit --json: { core, callSites } with the plan\'s own site objects', () => {
  const r = audit(EXAMPLES_DIR, true);
  assert.equal(r.status, 0, r.describe);
  const result = JSON.parse(r.stdout) as AuditJson;
  assert.equal(result.core.state, 'hybrid');
  assert.equal(result.found, false);
  assert.ok(Array.isArray(result.core.evidence) && result.core.evidence.length > 0, 'the core state comes with its evidence');
  assert.deepEqual(result.callSites.map(where).sort(), toPort.map(where).sort());
  const planArgs = ['plan', 'pci-intx', EXAMPLES_DIR, '--json'];
  const plan = runCli(planArgs);
  assert.equal(plan.status, 0, describeRun(planArgs, plan));
  const planSites = new Map((JSON.parse(plan.stdout).callSites as AuditJson['callSites']).map((s) => [s.id, s]));
  // Same engine, same evidence: every field the audit prints is the plan's (plan --json adds the
  // subsystem and subject prefix, which the series needs and the audit does not).
  for (const s of result.callSites) {
    const planned = planSites.get(s.id) as Record<string, unknown> | undefined;
    assert.ok(planned, `${s.id} is a site of the plan`);
    for (const field of ['file', 'line', 'function', 'call', 'module', 'classification', 'replacement', 'needsReview', 'reason', 'evidence']) {
      assert.ok(field in s, `the audit's site ${s.id} has "${field}"`);
    }
    assert.deepEqual(s, Object.fromEntries(Object.keys(s).map((k) => [k, planned[k]])), `audit and plan agree on ${s.id}`);
  }
});

test('unmanaged core: exit 1 and exactly the managed drivers still calling pci_intx()', () => {
  const tree = unmanagedExamples();
  const r = audit(tree);
  assert.equal(r.status, 1, r.describe);
  assert.match(r.stdout, /^core state: unmanaged$/m);
  assert.match(r.stdout, new RegExp(`${managed.length} call\\(s\\) in drivers that enable their device with pcim_enable_device\\(\\) still call pci_intx\\(\\)`));
  assert.match(r.stdout, /lost its INTx restore on detach/);
  assert.deepEqual(listedSites(r.stdout).sort(), managed.map(where).sort());

  const json = audit(tree, true);
  assert.equal(json.status, 1, json.describe);
  const result = JSON.parse(json.stdout) as AuditJson;
  assert.equal(result.core.state, 'unmanaged');
  assert.equal(result.found, true);
  assert.deepEqual(result.callSites.map(where).sort(), managed.map(where).sort());
  for (const s of result.callSites) {
    assert.equal(s.classification, 'managed');
    assert.equal(s.replacement, 'pcim_intx');
    assert.ok(s.evidence.length > 0, `${where(s)} carries the enable call that makes it managed`);
  }
});

test('migrating core: exit 1 and the callers the series has not ported yet', () => {
  const tree = copyOfExamples('audit-migrating');
  const out = path.join(makeTempDir('audit-series'), 'out');
  const args = seriesArgs(tree, out);
  const series = runCli(args);
  assert.equal(series.status, 0, describeRun(args, series));
  // The prepare patch and the first port (sata_dunlin), applied with git apply as a plain patch tool.
  const [prepare, dunlin] = readPatches(out);
  assert.match(dunlin.title, /^ata: sata_dunlin: /);
  for (const patch of [prepare, dunlin]) {
    const applied = spawnSync('git', ['apply', '--whitespace=nowarn', path.join(out, patch.name)], { cwd: tree, encoding: 'utf8' });
    assert.equal(applied.status, 0, `git apply ${patch.name}: ${applied.stderr}`);
  }
  const r = audit(tree);
  assert.equal(r.status, 1, r.describe);
  assert.match(r.stdout, /^core state: migrating$/m);
  assert.match(r.stdout, new RegExp(`the migration is half done: ${toPort.length - 1} caller\\(s\\) are not ported yet`));
  assert.deepEqual(listedSites(r.stdout).sort(), toPort.filter((s) => where(s) !== 'drivers/ata/sata_dunlin.c:45').map(where).sort());
});
