import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runText } from '../src/util/proc.js';
import {
  subjectPrefixFor,
  prefixOfSubject,
  loadPrefixConfig,
  treeHasHistory,
  tablePrefix,
  directoryPrefix,
  type SubjectPrefixContext,
} from '../src/series/subject-prefix.js';
import { parseMaintainers } from '../src/series/maintainers.js';

const scratch = mkdtempSync(join(tmpdir(), 'kcodemod-prefix-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const noHistory: SubjectPrefixContext = { tree: scratch, hasHistory: false, section: null, overrides: {} };

test('prefixOfSubject keeps the leading "word: " parts', () => {
  assert.equal(prefixOfSubject('ALSA: hda: Fix the mute LED'), 'ALSA: hda');
  assert.equal(prefixOfSubject('wifi: rtw88: Add support for X'), 'wifi: rtw88');
  assert.equal(prefixOfSubject('PCI/MSI: Provide a helper'), 'PCI/MSI');
  assert.equal(prefixOfSubject('ata: libata-core: Fix a: b'), 'ata: libata-core');
  assert.equal(prefixOfSubject('net/mlx5e: Fix x'), 'net/mlx5e');
  assert.equal(prefixOfSubject('Revert "ata: ahci: Foo"'), null);
  assert.equal(prefixOfSubject('Fix the build: again'), null);
  assert.equal(prefixOfSubject('ata: '), null);
});

test('the table knows the well-known prefixes', () => {
  const cases: Array<[string[], string]> = [
    [['drivers/ata/ahci.c'], 'ata: ahci'],
    [['drivers/ata/ahci.c', 'drivers/ata/ahci.h'], 'ata: ahci'],
    [['drivers/ata/ahci.c', 'drivers/ata/ata_piix.c'], 'ata'],
    [['sound/pci/hda/hda_intel.c'], 'ALSA: hda'],
    [['drivers/hid/amd-sfh-hid/sfh1_1/amd_sfh_init.c', 'drivers/hid/amd-sfh-hid/amd_sfh_pcie.c'], 'HID: amd_sfh'],
    [['drivers/hid/hid-logitech-dj.c'], 'HID: logitech-dj'],
    [['drivers/pci/pci.c', 'drivers/pci/devres.c', 'include/linux/pci.h'], 'PCI'],
    [['drivers/vfio/pci/vfio_pci_intrs.c', 'drivers/vfio/pci/vfio_pci_core.c'], 'vfio/pci'],
    [['drivers/net/wireless/quantenna/qtnfmac/pcie/pcie.c'], 'wifi: qtnfmac'],
    [['drivers/net/ethernet/broadcom/bnx2x/bnx2x_main.c'], 'net: bnx2x'],
    [['drivers/net/ethernet/brocade/bna/bnad.c'], 'net: bna'],
    [['drivers/ntb/hw/amd/ntb_hw_amd.c'], 'ntb: amd'],
    [['drivers/misc/tifm_7xx1.c'], 'misc: tifm_7xx1'],
    [['drivers/staging/rts5208/rtsx.c'], 'staging: rts5208'],
    [['drivers/xen/xen-pciback/conf_space_header.c'], 'xen/pciback'],
  ];
  for (const [files, expected] of cases) {
    assert.deepEqual(subjectPrefixFor(files, noHistory), { prefix: expected, source: 'table' }, files.join(' '));
  }
});

test('a transform declares the prefixes of the paths it knows: below config and history, above the table', () => {
  const files = ['drivers/pci/msi/msi.c', 'drivers/pci/msi/api.c'];
  const declared = { 'drivers/pci/msi/': 'PCI/MSI' };
  assert.deepEqual(subjectPrefixFor(files, noHistory), { prefix: 'PCI', source: 'table' });
  assert.deepEqual(subjectPrefixFor(files, { ...noHistory, declared }), { prefix: 'PCI/MSI', source: 'transform' });
  assert.deepEqual(subjectPrefixFor(files, { ...noHistory, declared, overrides: { 'drivers/pci/': 'PCI: mine' } }), { prefix: 'PCI: mine', source: 'config' });
  // A declaration covers only the files under it.
  assert.deepEqual(subjectPrefixFor(['drivers/pci/msi/msi.c', 'drivers/pci/pci.c'], { ...noHistory, declared }).source, 'table');
});

test('files spanning directories take the prefix of their MAINTAINERS section', () => {
  const index = parseMaintainers(Buffer.from('PCI SUBSYSTEM\nS:\tSupported\nF:\tdrivers/pci/\nF:\tarch/x86/pci/\n'));
  const files = ['drivers/pci/pci.c', 'arch/x86/pci/common.c'];
  assert.equal(tablePrefix(files, null), null);
  assert.equal(tablePrefix(files, index.sectionFor(files[0])), 'PCI');
});

test('without a table entry the prefix is the shared directory', () => {
  assert.deepEqual(subjectPrefixFor(['drivers/w1/masters/ds2482.c'], noHistory), { prefix: 'masters', source: 'path' });
  // ...while a table entry names the driver the way its subsystem does.
  assert.deepEqual(subjectPrefixFor(['drivers/tty/serial/8250/8250_pci.c'], noHistory), { prefix: 'serial: 8250_pci', source: 'table' });
  assert.deepEqual(subjectPrefixFor(['drivers/i2c/busses/i2c-piix4.c'], noHistory), { prefix: 'i2c: piix4', source: 'table' });
  assert.equal(directoryPrefix(['kernel/irq/chip.c', 'kernel/irq/manage.c']), 'irq');
  assert.equal(directoryPrefix(['kernel/fork.c', 'mm/memory.c']), 'treewide');
  assert.equal(directoryPrefix(['Makefile']), 'Makefile');
});

test('config overrides: the longest covering key wins, whole path components only', () => {
  const overrides = { 'drivers/ata/': 'ata: foo', 'drivers/ata/ahci.c': 'ahci:', 'drivers/at': 'never' };
  const ctx = { ...noHistory, overrides };
  assert.deepEqual(subjectPrefixFor(['drivers/ata/ahci.c'], ctx), { prefix: 'ahci', source: 'config' });
  assert.deepEqual(subjectPrefixFor(['drivers/ata/ahci.c', 'drivers/ata/sata_sis.c'], ctx), { prefix: 'ata: foo', source: 'config' });
  assert.deepEqual(subjectPrefixFor(['drivers/atari/x.c'], ctx), { prefix: 'atari', source: 'path' });
});

function writeConfig(name: string, text: string): string {
  const path = join(scratch, name);
  writeFileSync(path, text);
  return path;
}

test('loadPrefixConfig reads subjectPrefixes and reports bad files in one line', () => {
  assert.deepEqual(loadPrefixConfig(writeConfig('ok.json', '{ "subjectPrefixes": { "drivers/ata/": "ata: foo: " } }')), {
    'drivers/ata/': 'ata: foo',
  });
  assert.deepEqual(loadPrefixConfig(writeConfig('empty.json', '{}')), {});
  for (const [name, text, message] of [
    ['bad.json', '{ "subjectPrefixes": ', /bad\.json is not valid JSON/],
    ['array.json', '[]', /must hold a JSON object/],
    ['number.json', '{ "subjectPrefixes": { "drivers/": 3 } }', /prefix for "drivers\/" must be a non-empty string/],
  ] as const) {
    assert.throws(() => loadPrefixConfig(writeConfig(name, text)), (error: Error) => message.test(error.message) && !error.message.includes('\n'));
  }
  assert.throws(() => loadPrefixConfig(join(scratch, 'missing.json')), /cannot read prefix config .*ENOENT/);
});

// A small repository: history decides over the table when the files have more than one commit.
function commit(repo: string, file: string, subject: string): void {
  const path = join(repo, file);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${subject}\n`, { flag: 'a' });
  runText('git', ['add', '--', file], { cwd: repo });
  runText('git', ['commit', '-q', '-m', subject], { cwd: repo, env: gitEnv });
}

const gitEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: 'T',
  GIT_AUTHOR_EMAIL: 't@example.org',
  GIT_COMMITTER_NAME: 'T',
  GIT_COMMITTER_EMAIL: 't@example.org',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
};

test('git log: the most common prefix of the files\' history, reverts and sweeps ignored', () => {
  const repo = join(scratch, 'repo');
  mkdirSync(repo);
  runText('git', ['init', '-q', '-b', 'main'], { cwd: repo, env: gitEnv });
  commit(repo, 'sound/pci/hda/hda_intel.c', 'ALSA: hda: Add the driver');
  assert.equal(treeHasHistory(repo), false);
  commit(repo, 'drivers/ata/ahci.c', 'ata: ahci: Add the driver');
  assert.equal(treeHasHistory(repo), true);
  const ctx = { ...noHistory, tree: repo, hasHistory: true };
  // One commit touching the file is not history: the table answers.
  assert.deepEqual(subjectPrefixFor(['drivers/ata/ahci.c'], ctx), { prefix: 'ata: ahci', source: 'table' });

  commit(repo, 'drivers/ata/ahci.c', 'ahci: Fix the LPM policy');
  commit(repo, 'drivers/ata/ahci.c', 'treewide: Rename a thing');
  commit(repo, 'drivers/ata/ahci.c', 'Revert "ahci: Fix the LPM policy"');
  commit(repo, 'drivers/ata/ahci.c', 'ahci: Quirk another board');
  commit(repo, 'drivers/ata/ahci.c', 'ata: ahci: Use a helper');
  // "ata: ahci" and "ahci" have two subjects each: the tie goes to the newest.
  assert.deepEqual(subjectPrefixFor(['drivers/ata/ahci.c'], ctx), { prefix: 'ata: ahci', source: 'git log' });
  commit(repo, 'drivers/ata/ahci.c', 'ahci: Another quirk');
  assert.deepEqual(subjectPrefixFor(['drivers/ata/ahci.c'], ctx), { prefix: 'ahci', source: 'git log' });
  // hasHistory false (e.g. the caller found one commit in the tree): git is not asked.
  assert.equal(subjectPrefixFor(['drivers/ata/ahci.c'], { ...ctx, hasHistory: false }).source, 'table');
  assert.equal(treeHasHistory(scratch), false);
});
