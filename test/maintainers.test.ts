import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseMaintainers, subsystemOf, pathGroupOf } from '../src/series/maintainers.js';

// A header like the kernel's (indented "X:" lines are not entries), then sections in the usual form.
const FIXTURE = `List of maintainers
===================

	F: *Files* and directories wildcard patterns.
	   F:	drivers/net/	all files in and below drivers/net

Maintainers List
----------------

LIBATA SUBSYSTEM
M:\tDamien Le Moal <dlemoal@kernel.org>
M:\tNiklas Cassel <cassel@kernel.org>
L:\tlinux-ide@vger.kernel.org
S:\tMaintained
F:\tdrivers/ata/
F:\tinclude/linux/ata.h

LIBATA AHCI DRIVER
M:\tAhci Person <ahci@example.org>
R:\tAhci Reviewer <review@example.org>
S:\tSupported
F:\tdrivers/ata/ahci.c
F:\tdrivers/ata/ahci.h

LIBATA PATA DRIVERS
S:\tOdd Fixes
F:\tdrivers/ata/pata_*.c
F:\tdrivers/ata/ata_?eneric.c

SOUND
L:\talsa-devel@alsa-project.org (moderated for non-subscribers)
S:\tMaintained
F:\tsound/
X:\tsound/soc/

SOUND - SOC LAYER
S:\tSupported
F:\tsound/soc/

NETWORKING DRIVERS
S:\tOdd Fixes
F:\tdrivers/net/
X:\tdrivers/net/wireless/

NET TOP LEVEL ONLY
S:\tMaintained
F:\tdrivers/net/*

CLK SC[MP]I
S:\tMaintained
F:\tdrivers/clk/clk-sc[mp]i.c

ACPI FOR ARM64
S:\tMaintained
F:\tdrivers/acpi/arm64

TEGRA ARCHITECTURE
S:\tSupported
N:\t[^a-z]tegra

ANY NET DIR
S:\tMaintained
F:\t*/net/*

THE REST
M:\tLinus Torvalds <torvalds@linux-foundation.org>
L:\tlinux-kernel@vger.kernel.org
S:\tBuried alive in reporters
F:\t*
F:\t*/
`;

const index = parseMaintainers(Buffer.from(FIXTURE, 'utf8'));
const titleFor = (file: string): string | null => index.sectionFor(file)?.title ?? null;

test('sections carry their entries; header lines are not sections', () => {
  assert.equal(index.sections[0].title, 'LIBATA SUBSYSTEM');
  assert.deepEqual(index.sections[0].maintainers, ['Damien Le Moal <dlemoal@kernel.org>', 'Niklas Cassel <cassel@kernel.org>']);
  assert.deepEqual(index.sections[0].lists, ['linux-ide@vger.kernel.org']);
  assert.equal(index.sections[0].status, 'Maintained');
  assert.deepEqual(index.sections[0].files, ['drivers/ata/', 'include/linux/ata.h']);
  const ahci = index.sections[1];
  assert.deepEqual(ahci.reviewers, ['Ahci Reviewer <review@example.org>']);
  const sound = index.sections.find((s) => s.title === 'SOUND');
  assert.deepEqual(sound?.excludes, ['sound/soc/']);
  assert.deepEqual(sound?.lists, ['alsa-devel@alsa-project.org (moderated for non-subscribers)']);
  assert.deepEqual(index.sections.find((s) => s.title === 'TEGRA ARCHITECTURE')?.regexes, ['[^a-z]tegra']);
});

test('the deepest matching pattern wins: a file pattern beats its directory', () => {
  assert.equal(titleFor('drivers/ata/ahci.c'), 'LIBATA AHCI DRIVER');
  assert.equal(titleFor('drivers/ata/libata-core.c'), 'LIBATA SUBSYSTEM');
  assert.equal(titleFor('drivers/ata/pata_rdc.c'), 'LIBATA PATA DRIVERS');
  assert.deepEqual(
    index.matchingSections('drivers/ata/ahci.c').map((m) => [m.section.title, m.pattern, m.depth]),
    [['LIBATA AHCI DRIVER', 'drivers/ata/ahci.c', 3], ['LIBATA SUBSYSTEM', 'drivers/ata/', 2]],
  );
});

test('"dir/" covers every level below, "dir/*" only that level, "*/dir/*" any top directory', () => {
  assert.equal(titleFor('drivers/net/ethernet/intel/e1000e/netdev.c'), 'NETWORKING DRIVERS');
  assert.equal(titleFor('drivers/net/dummy.c'), 'NET TOP LEVEL ONLY');
  assert.equal(titleFor('fs/net/thing.c'), 'ANY NET DIR');
  assert.equal(titleFor('fs/net/deeper/thing.c'), null);
});

test('globs: ? is one character, [...] a class', () => {
  assert.equal(titleFor('drivers/ata/ata_generic.c'), 'LIBATA PATA DRIVERS');
  assert.equal(titleFor('drivers/clk/clk-scpi.c'), 'CLK SC[MP]I');
  assert.equal(titleFor('drivers/clk/clk-scmi.c'), 'CLK SC[MP]I');
  assert.equal(titleFor('drivers/clk/clk-scxi.c'), null);
});

test('X: excludes the section for the files it matches', () => {
  assert.equal(titleFor('sound/pci/hda/hda_intel.c'), 'SOUND');
  assert.equal(titleFor('sound/soc/codecs/wm8994.c'), 'SOUND - SOC LAYER');
  assert.equal(titleFor('drivers/net/wireless/ath/ath10k/pci.c'), null);
});

test('a directory named without its trailing slash covers the files below it', () => {
  assert.equal(titleFor('drivers/acpi/arm64/iort.c'), 'ACPI FOR ARM64');
});

test('N: regexes match anywhere in the path, below any F: match', () => {
  assert.equal(titleFor('arch/arm/mach-integrator/core.c'), null); // "[^a-z]tegra" needs a non-letter before it
  assert.equal(titleFor('drivers/clk/tegra/clk.c'), 'TEGRA ARCHITECTURE');
  assert.equal(titleFor('drivers/net/ethernet/tegra/x.c'), 'NETWORKING DRIVERS');
});

test('THE REST is never chosen', () => {
  assert.equal(titleFor('Makefile'), null);
  assert.equal(titleFor('kernel/fork.c'), null);
  assert.ok(index.sections.some((s) => s.title === 'THE REST'));
  assert.ok(index.matchingSections('kernel/fork.c').every((m) => m.section.title !== 'THE REST'));
});

test('CRLF MAINTAINERS files parse the same', () => {
  const crlf = parseMaintainers(Buffer.from(FIXTURE.replace(/\n/g, '\r\n'), 'utf8'));
  assert.equal(crlf.sectionFor('drivers/ata/ahci.c')?.title, 'LIBATA AHCI DRIVER');
  assert.deepEqual(crlf.sections[0].files, ['drivers/ata/', 'include/linux/ata.h']);
});

test('subsystemOf: the section title, else the path group', () => {
  assert.deepEqual(subsystemOf('drivers/ata/ahci.c', index).name, 'LIBATA AHCI DRIVER');
  assert.equal(subsystemOf('drivers/ata/ahci.c', index).section?.maintainers[0], 'Ahci Person <ahci@example.org>');
  assert.deepEqual(subsystemOf('kernel/fork.c', index), { name: 'kernel', section: null });
  assert.deepEqual(subsystemOf('drivers/ata/ahci.c', null), { name: 'drivers/ata', section: null });
});

test('path groups: the directory, three components deep, deeper for vendor/driver trees', () => {
  assert.equal(pathGroupOf('drivers/ata/ahci.c'), 'drivers/ata');
  assert.equal(pathGroupOf('sound/pci/hda/hda_intel.c'), 'sound/pci/hda');
  assert.equal(pathGroupOf('drivers/pci/msi/msi.c'), 'drivers/pci/msi');
  assert.equal(pathGroupOf('drivers/hid/amd-sfh-hid/sfh1_1/amd_sfh_init.c'), 'drivers/hid/amd-sfh-hid');
  assert.equal(pathGroupOf('drivers/net/wireless/quantenna/qtnfmac/pcie/pcie.c'), 'drivers/net/wireless/quantenna/qtnfmac');
  assert.equal(pathGroupOf('drivers/net/ethernet/realtek/r8169_main.c'), 'drivers/net/ethernet/realtek');
  assert.equal(pathGroupOf('Makefile'), 'Makefile');
});
