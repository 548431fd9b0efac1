// Decisions files (--decisions): a module forced to managed moves its review site into a managed
// port patch; dropping the prepare patch is refused with the reason; a subject edit is used.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { runCli, describeRun, seriesArgs } from '../../../test/helpers/cli.js';
import { makeTempDir } from '../../../test/helpers/temp.js';
import { readPatches, readCoverLetter } from '../../../test/helpers/series-files.js';
import { examplesRepo, writeSeries, defaultSeries } from './fixture-trees.js';
import { seriesShape } from './series-shape.js';

const WAGTAIL = 'drivers/gpio/gpio-wagtail.c';

function decisionsFile(content: object): string {
  const file = path.join(makeTempDir('decisions'), 'decisions.json');
  fs.writeFileSync(file, JSON.stringify({ version: 1, transform: 'pci-intx', ...content }, null, 2));
  return file;
}

test('a module forced to managed: its review site moves into an always-managed port patch', async () => {
  const { repo } = examplesRepo();
  const plain = seriesShape(await defaultSeries(repo));
  assert.ok(!plain.some((p) => p.files.includes(WAGTAIL)), 'without a decision the review site is left out');
  const dir = await writeSeries(repo, ['--decisions', decisionsFile({ modules: { 'drivers/gpio/gpio-wagtail': { classification: 'managed' } } })]);
  const shape = seriesShape(dir);
  const port = shape.filter((p) => p.files.includes(WAGTAIL));
  assert.deepEqual(port, [{ title: 'gpio: wagtail: Replace pci_intx() with pcim_intx()', phase: 'always-managed', files: [WAGTAIL] }]);
  // Every other patch is as before.
  assert.deepEqual(shape.filter((p) => !p.files.includes(WAGTAIL)), plain);
  const patch = readPatches(dir).find((p) => p.files.includes(WAGTAIL))!;
  assert.match(patch.text, /^-\tpci_intx\(wg->pdev, 1\);\n\+\tpcim_intx\(wg->pdev, 1\);$/m);
  // The cover letter shows the site as decided by a person, no longer as left out.
  const cover = readCoverLetter(dir).text;
  assert.match(cover, /^ {2}managed {3}gpio-wagtail: 1 call, by decision$/m);
  const flowed = cover.replace(/\s+/g, ' ');
  const finalNote = flowed.indexOf('not part of this series');
  assert.notEqual(finalNote, -1, 'the other review sites still block the final step');
  assert.doesNotMatch(flowed.slice(finalNote), /gpio-wagtail\.c:37[,)]/, 'no longer a blocker of the final step');
});

test('a site decision, keyed by the plan\'s stable id, wins over the plan', async () => {
  const { repo } = examplesRepo();
  const id = 'drivers/gpio/gpio-wagtail.c::wagtail_gpio_irq_init::pci_intx(wg->pdev, 1)#0';
  const shape = seriesShape(await writeSeries(repo, ['--decisions', decisionsFile({ sites: { [id]: { classification: 'unmanaged' } } })]));
  assert.deepEqual(shape.filter((p) => p.files.includes(WAGTAIL)), [{ title: 'gpio: wagtail: Replace pci_intx() with pci_intx_unmanaged()', phase: 'never-managed', files: [WAGTAIL] }]);
});

test('dropping the prepare patch: series exits 1 and says which patch needs it', () => {
  const { repo } = examplesRepo();
  const out = path.join(makeTempDir('drop-prepare'), 'out');
  const args = seriesArgs(repo, out, ['--decisions', decisionsFile({ patches: { prepare: { status: 'dropped' } } })]);
  const r = runCli(args);
  assert.equal(r.status, 1, describeRun(args, r));
  assert.match(r.stderr, /^kcodemod: error: ".+" needs the dropped patch "PCI: Add pci_intx_unmanaged\(\) and make pcim_intx\(\) public"/m);
  assert.doesNotMatch(r.stderr, /^\s+at /m, 'no stack trace');
  assert.ok(!fs.existsSync(out), 'nothing written');
});

test('dropping a port patch nothing depends on: it is not written, the rest is renumbered', async () => {
  const { repo } = examplesRepo();
  const plain = seriesShape(await defaultSeries(repo));
  const shape = seriesShape(await writeSeries(repo, ['--decisions', decisionsFile({ patches: { msi: { status: 'dropped' } } })]));
  assert.deepEqual(shape, plain.filter((p) => p.phase !== 'msi'));
});

test('a subject edit replaces the subject (and the file name), nothing else', async () => {
  const { repo } = examplesRepo();
  const plainDir = await defaultSeries(repo);
  const editedDir = await writeSeries(repo, ['--decisions', decisionsFile({ patches: { msi: { subject: 'PCI/MSI: Stop relying on the hybrid pci_intx()' } } })]);
  const plain = readPatches(plainDir);
  const edited = readPatches(editedDir);
  const at = edited.findIndex((p) => p.title === 'PCI/MSI: Stop relying on the hybrid pci_intx()');
  assert.notEqual(at, -1, 'the edited subject is used');
  assert.equal(plain[at].title, 'PCI/MSI: Use pci_intx_unmanaged() in the MSI core');
  assert.match(edited[at].name, /^\d{4}-PCI-MSI-Stop-relying-on-the-hybrid-pci_intx\.patch$/);
  assert.equal(edited[at].message, plain[at].message, 'the body is unchanged');
  assert.ok(readCoverLetter(editedDir).text.includes('PCI/MSI: Stop relying on the hybrid pci_intx()'), 'the shortlog uses it');
});

test('a decisions file that is not valid is a one-line error naming the file', () => {
  const { repo } = examplesRepo();
  const file = decisionsFile({ modules: { 'drivers/gpio/gpio-wagtail': { classification: 'sometimes' } } });
  const args = seriesArgs(repo, path.join(makeTempDir('bad-decisions'), 'out'), ['--decisions', file]);
  const r = runCli(args);
  assert.equal(r.status, 1, describeRun(args, r));
  assert.match(r.stderr, new RegExp(`^kcodemod: error: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: modules\\["drivers/gpio/gpio-wagtail"\\]\\.classification must be "managed" or "unmanaged"$`, 'm'));
});

test('a classification a site cannot take is refused with the reason, not ignored', async () => {
  const { repo } = examplesRepo();
  const refused = (decisions: object) => {
    const out = path.join(makeTempDir('refused-decision'), 'out');
    const args = seriesArgs(repo, out, ['--decisions', decisionsFile(decisions)]);
    const r = runCli(args);
    assert.equal(r.status, 1, describeRun(args, r));
    assert.ok(!fs.existsSync(out), 'nothing written');
    return r.stderr;
  };
  const neverCompiled = 'drivers/i2c/busses/i2c-pipit.c::pipit_use_polling::pci_intx(smbus->pdev, 0)#0';
  assert.match(
    refused({ sites: { [neverCompiled]: { classification: 'managed' } } }),
    /^kcodemod: error: decision refused: sites\[".+pipit_use_polling.+"\] \(managed\): drivers\/i2c\/busses\/i2c-pipit\.c:\d+: cannot port this site as managed: it is never compiled$/m,
  );
  assert.match(
    refused({ modules: { 'drivers/pci/msi/msi': { classification: 'unmanaged' } } }),
    /^kcodemod: error: decision refused: modules\["drivers\/pci\/msi\/msi"\] \(unmanaged\): none of its sites can take it; drivers\/pci\/msi\/msi\.c:\d+: PCI core sites are not reclassified by decisions$/m,
  );
  // A module decision still applies to the sites that can take it.
  const shape = seriesShape(await writeSeries(repo, ['--decisions', decisionsFile({ modules: { 'drivers/i2c/busses/i2c-pipit': { classification: 'unmanaged' } } })]));
  assert.ok(shape.some((p) => p.phase === 'never-managed' && p.files.includes('drivers/i2c/busses/i2c-pipit.c')));
});

test('a decision against the evidence: the message states the decision, the evidence it overrides and what changes, never the evidence\'s opposite', async () => {
  const { repo } = examplesRepo();
  const dir = await writeSeries(repo, [
    '--decisions',
    decisionsFile({ modules: { 'drivers/misc/plume': { classification: 'unmanaged' }, 'drivers/misc/tern': { classification: 'managed' }, 'drivers/gpio/gpio-wagtail': { classification: 'unmanaged' } } }),
  ]);
  const patches = readPatches(dir);
  const flowed = (file: string) => patches.find((p) => p.files.includes(file))!.message.replace(/\s+/g, ' ');
  // plume calls pcim_enable_device(): ported as never-managed by a person, against that evidence.
  const plume = flowed('drivers/misc/plume.c');
  assert.doesNotMatch(plume, /never with pcim_enable_device\(\)|No functional change/);
  assert.match(plume, /plume enables its device with pcim_enable_device\(\), so its pci_intx\(\) call in plume_probe\(\) is managed today\. A person decided against that evidence/);
  assert.match(plume, /devres no longer restores the INTx state on driver detach/);
  // tern enables with pci_enable_device_mem(): ported to pcim_intx() by a person; swift_pci in the same patch keeps the plan's words.
  const misc = flowed('drivers/misc/tern.c');
  assert.match(misc, /swift_pci enables its device with pcim_enable_device\(\), so its pci_intx\(\) call in swift_start_irq\(\) is managed: devres restores/);
  assert.match(misc, /tern enables its device with pci_enable_device_mem\(\), never with pcim_enable_device\(\), so its pci_intx\(\) calls in tern_probe\(\) and tern_remove\(\) have never been managed\. A person decided against that evidence that they become pcim_intx\(\)/);
  assert.doesNotMatch(misc, /tern(, swift_pci)? (and swift_pci )?enable(s)? (its|their) devices? with pcim_enable_device/);
  // wagtail's evidence settled nothing: the message says so, and claims no unchanged behaviour.
  const wagtail = flowed(WAGTAIL);
  assert.match(wagtail, /was left to a person: module drivers\/gpio\/gpio-wagtail enables no PCI device/);
  assert.doesNotMatch(wagtail, /never with pcim_enable_device\(\)|No functional change/);
  // A plain never-managed port still says what it always said.
  assert.match(flowed('drivers/scsi/heron.c'), /never with pcim_enable_device\(\), so .* never been managed\. Replace pci_intx\(\) with pci_intx_unmanaged\(\)\. No functional change\./);
  // The cover letter lists every overridden decision.
  const cover = readCoverLetter(dir).text.replace(/\s+/g, ' ');
  assert.match(cover, /Decided by a person, not by the evidence: - drivers\/gpio\/gpio-wagtail\.c:37 wagtail_gpio_irq_init\(\): unmanaged by module decision, the evidence settled nothing \(review\)/);
  assert.match(cover, /- drivers\/misc\/plume\.c:67 plume_probe\(\): unmanaged by module decision, against the evidence for managed/);
  assert.match(cover, /- drivers\/misc\/tern\.c:75 tern_probe\(\): managed by module decision, against the evidence for unmanaged/);
  assert.match(cover, /- drivers\/misc\/tern\.c:86 tern_remove\(\): managed by module decision/);
});
