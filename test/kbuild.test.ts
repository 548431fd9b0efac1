// Unit tests of the Kbuild reader: one small tree per Makefile construct, in memory, plus one tree
// on disk (test/fixtures/kbuild/) read through the file system as the engine will.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { sourceDirOf } from './helpers/paths.js';
import { createKbuildIndex, listingText } from '../src/kbuild/kbuild.js';
import { splitLogicalLines } from '../src/kbuild/makefile-lexer.js';
import { expandText } from '../src/kbuild/make-expand.js';

/** A tree in memory: Makefiles with their text, sources as paths (their content does not matter). */
function memoryTree(makefiles: Record<string, string>, sources: string[] = []) {
  const files = new Map<string, Buffer>(Object.entries(makefiles).map(([rel, text]) => [rel, Buffer.from(text, 'latin1')]));
  for (const source of sources) files.set(source, Buffer.from('int x;\n'));
  const reads: string[] = [];
  const readFile = (rel: string): Buffer | null => {
    reads.push(rel);
    return files.get(rel) ?? null;
  };
  const index = createKbuildIndex(readFile);
  const makefilesRead = () => reads.filter((r) => /(^|\/)(Makefile|Kbuild)$/.test(r) && files.has(r));
  return { index, makefilesRead };
}

test('obj-$(CONFIG_X) += foo.o: a lone object is its own module, with its config', () => {
  const { index } = memoryTree({ 'drivers/ata/Makefile': 'obj-$(CONFIG_SATA_AHCI) += ahci.o libahci.o\n' }, ['drivers/ata/ahci.c']);
  assert.deepEqual(index.moduleOf('drivers/ata/ahci.c'), {
    id: 'drivers/ata/ahci',
    sources: ['drivers/ata/ahci.c'],
    configs: ['CONFIG_SATA_AHCI'],
    implicit: false,
    declaredAt: { file: 'drivers/ata/Makefile', line: 1 },
    listing: { file: 'drivers/ata/Makefile', line: 1, statement: 'obj-$(CONFIG_SATA_AHCI) += ahci.o' },
  });
  assert.deepEqual(index.notes, []);
});

test('obj-$(CONFIG_X) := foo.o declares the object like +=', () => {
  const { index } = memoryTree(
    { 'drivers/staging/rts/Makefile': 'obj-$(CONFIG_RTS) := rts.o\nrts-y := rtsx.o chip.o\n' },
    ['drivers/staging/rts/rtsx.c', 'drivers/staging/rts/chip.c'],
  );
  const module = index.moduleOf('drivers/staging/rts/chip.c');
  assert.equal(module.id, 'drivers/staging/rts/rts');
  assert.deepEqual(module.sources, ['drivers/staging/rts/rtsx.c', 'drivers/staging/rts/chip.c']);
  assert.deepEqual(module.configs, ['CONFIG_RTS']);
});

test('obj-y and obj-m objects are declared modules without a config', () => {
  const { index } = memoryTree({ 'lib/Makefile': 'obj-y += sort.o\nobj-m += modular.o\n' }, ['lib/sort.c', 'lib/modular.c']);
  for (const file of ['lib/sort.c', 'lib/modular.c']) {
    const module = index.moduleOf(file);
    assert.equal(module.implicit, false, file);
    assert.deepEqual(module.configs, [], file);
  }
});

test('foo-y := a.o b.o and foo-objs := ... make composites; the id is <dir>/<composite>', () => {
  const { index } = memoryTree(
    {
      'drivers/net/Makefile': [
        'obj-$(CONFIG_BNX) += bnx.o',
        'bnx-y := bnx_main.o bnx_link.o',
        'obj-$(CONFIG_BNA) += bna.o',
        'bna-objs := bnad.o',
        'bna-objs += bfa_ioc.o',
      ].join('\n'),
    },
    ['drivers/net/bnx_main.c', 'drivers/net/bnx_link.c', 'drivers/net/bnad.c', 'drivers/net/bfa_ioc.c'],
  );
  assert.equal(index.moduleOf('drivers/net/bnx_link.c').id, 'drivers/net/bnx');
  assert.deepEqual(index.moduleOf('drivers/net/bnx_link.c').sources, ['drivers/net/bnx_main.c', 'drivers/net/bnx_link.c']);
  assert.equal(index.moduleOf('drivers/net/bfa_ioc.c').id, 'drivers/net/bna');
  assert.deepEqual(index.moduleOf('drivers/net/bnad.c').sources, ['drivers/net/bnad.c', 'drivers/net/bfa_ioc.c']);
});

test('foo-$(CONFIG_Y) += c.o adds an optional member; foo-y += in several lines accumulates', () => {
  const { index } = memoryTree(
    {
      'drivers/vfio/pci/Makefile': [
        'vfio-pci-core-y := vfio_pci_core.o vfio_pci_intrs.o',
        'vfio-pci-core-y += vfio_pci_rdwr.o',
        'vfio-pci-core-$(CONFIG_VFIO_PCI_ZDEV_KVM) += vfio_pci_zdev.o',
        'obj-$(CONFIG_VFIO_PCI_CORE) += vfio-pci-core.o',
      ].join('\n'),
    },
    ['vfio_pci_core', 'vfio_pci_intrs', 'vfio_pci_rdwr', 'vfio_pci_zdev'].map((n) => `drivers/vfio/pci/${n}.c`),
  );
  const module = index.moduleOf('drivers/vfio/pci/vfio_pci_zdev.c');
  assert.equal(module.id, 'drivers/vfio/pci/vfio-pci-core');
  assert.deepEqual(module.sources, ['vfio_pci_core', 'vfio_pci_intrs', 'vfio_pci_rdwr', 'vfio_pci_zdev'].map((n) => `drivers/vfio/pci/${n}.c`));
  assert.deepEqual(module.configs, ['CONFIG_VFIO_PCI_CORE'], 'module configs are those of the obj- line');
  assert.deepEqual(module.declaredAt, { file: 'drivers/vfio/pci/Makefile', line: 4 });
});

test('a composite declared before its obj- line is still a composite', () => {
  const { index } = memoryTree({ 'd/Makefile': 'm-y := a.o b.o\n\nobj-$(CONFIG_M) += m.o\n' }, ['d/a.c', 'd/b.c']);
  assert.equal(index.moduleOf('d/b.c').id, 'd/m');
});

test('continuation lines with \\ join, also with CRLF line ends and tabs', () => {
  const { index } = memoryTree(
    { 'd/Makefile': 'obj-$(CONFIG_R) := r.o\r\n\r\nr-y := a.o b.o \\\r\n\tc.o d.o\r\n' },
    ['d/a.c', 'd/b.c', 'd/c.c', 'd/d.c'],
  );
  assert.deepEqual(index.moduleOf('d/d.c').sources, ['d/a.c', 'd/b.c', 'd/c.c', 'd/d.c']);
});

test('comments are ignored, and a comment ending in \\ swallows the next line as make does', () => {
  const { index } = memoryTree(
    {
      'd/Makefile': [
        '# obj-y += commented.o',
        'obj-y += m.o # trailing comment naming other.o',
        'm-y := a.o \\',
        '# b.o \\',
        '  c.o',
        'm-y += d.o',
      ].join('\n'),
    },
    ['d/a.c', 'd/b.c', 'd/c.c', 'd/d.c', 'd/commented.c', 'd/other.c'],
  );
  assert.deepEqual(index.moduleOf('d/a.c').sources, ['d/a.c', 'd/d.c']);
  assert.equal(index.moduleOf('d/commented.c').implicit, true);
  assert.equal(index.moduleOf('d/other.c').implicit, true);
  assert.equal(index.moduleOf('d/c.c').implicit, true, 'c.o sat on the continued comment line');
});

test('one object under two CONFIGs records both', () => {
  const { index } = memoryTree(
    {
      'drivers/xen/pciback/Makefile': [
        'obj-$(CONFIG_XEN_PCIDEV_BACKEND) += xen-pciback.o',
        'obj-$(CONFIG_XEN_PCIDEV_STUB) += xen-pciback.o',
        'xen-pciback-y := pci_stub.o',
        'xen-pciback-y += conf_space.o conf_space_header.o',
      ].join('\n'),
      'drivers/ata/Makefile': 'obj-$(CONFIG_SATA_AHCI) += ahci.o libahci.o\nobj-$(CONFIG_SATA_ACARD_AHCI) += acard-ahci.o libahci.o\n',
    },
    ['drivers/xen/pciback/conf_space_header.c', 'drivers/ata/libahci.c'],
  );
  const pciback = index.moduleOf('drivers/xen/pciback/conf_space_header.c');
  assert.deepEqual(pciback.configs, ['CONFIG_XEN_PCIDEV_BACKEND', 'CONFIG_XEN_PCIDEV_STUB']);
  assert.deepEqual(pciback.declaredAt, { file: 'drivers/xen/pciback/Makefile', line: 1 });
  assert.deepEqual(index.moduleOf('drivers/ata/libahci.c').configs, ['CONFIG_SATA_AHCI', 'CONFIG_SATA_ACARD_AHCI']);
});

test('composite members in subdirectories, one or two levels down, come from the parent Makefile', () => {
  const { index, makefilesRead } = memoryTree(
    {
      'drivers/hid/sfh/Makefile': [
        'obj-$(CONFIG_AMD_SFH_HID) += amd_sfh.o',
        'amd_sfh-objs := amd_sfh_pcie.o',
        'amd_sfh-objs += sfh1_1/amd_sfh_init.o',
        'amd_sfh-objs += a/b/deep.o',
      ].join('\n'),
    },
    ['drivers/hid/sfh/amd_sfh_pcie.c', 'drivers/hid/sfh/sfh1_1/amd_sfh_init.c', 'drivers/hid/sfh/a/b/deep.c'],
  );
  const module = index.moduleOf('drivers/hid/sfh/sfh1_1/amd_sfh_init.c');
  assert.equal(module.id, 'drivers/hid/sfh/amd_sfh');
  assert.deepEqual(module.sources, ['drivers/hid/sfh/amd_sfh_pcie.c', 'drivers/hid/sfh/sfh1_1/amd_sfh_init.c', 'drivers/hid/sfh/a/b/deep.c']);
  assert.equal(index.moduleOf('drivers/hid/sfh/a/b/deep.c').id, 'drivers/hid/sfh/amd_sfh');
  // Why each file is in the module: the Makefile line that lists it, as written there.
  assert.equal(listingText(module.listing), 'drivers/hid/sfh/Makefile:3 amd_sfh-objs += sfh1_1/amd_sfh_init.o');
  assert.equal(listingText(index.moduleOf('drivers/hid/sfh/amd_sfh_pcie.c').listing), 'drivers/hid/sfh/Makefile:2 amd_sfh-objs := amd_sfh_pcie.o');
  assert.deepEqual(makefilesRead(), ['drivers/hid/sfh/Makefile'], 'read once, ancestors above the declaring directory untouched');
});

test('a lone object named from the parent directory gets the subdirectory path as id', () => {
  const { index } = memoryTree({ 'd/Makefile': 'obj-$(CONFIG_P) += sub/p.o\n' }, ['d/sub/p.c']);
  assert.deepEqual(index.moduleOf('d/sub/p.c'), {
    id: 'd/sub/p',
    sources: ['d/sub/p.c'],
    configs: ['CONFIG_P'],
    implicit: false,
    declaredAt: { file: 'd/Makefile', line: 1 },
    listing: { file: 'd/Makefile', line: 1, statement: 'obj-$(CONFIG_P) += sub/p.o' },
  });
});

test('obj-y += dir/ is a descent, not a module: the subdirectory Makefile declares the files', () => {
  const { index } = memoryTree(
    {
      'drivers/pci/Makefile': 'obj-$(CONFIG_PCI) += pci.o msi/\nsubdir-y += hotplug\n',
      'drivers/pci/msi/Makefile': 'obj-$(CONFIG_PCI_MSI) += api.o msi.o\n',
    },
    ['drivers/pci/pci.c', 'drivers/pci/msi/msi.c', 'drivers/pci/hotplug/x.c'],
  );
  assert.equal(index.moduleOf('drivers/pci/msi/msi.c').id, 'drivers/pci/msi/msi');
  assert.deepEqual(index.moduleOf('drivers/pci/msi/msi.c').configs, ['CONFIG_PCI_MSI']);
  const hotplug = index.moduleOf('drivers/pci/hotplug/x.c');
  assert.equal(hotplug.implicit, true);
  assert.deepEqual(index.notes, [], 'a descent is understood syntax, not a note');
});

test('ccflags-y, CFLAGS_foo.o and similar variables are not composites', () => {
  const { index } = memoryTree(
    {
      'd/Makefile': [
        'ccflags-y += -I$(src)',
        'CFLAGS_foo.o := -DFOO',
        'subdir-ccflags-y += -Werror',
        'obj-$(CONFIG_FOO) += foo.o',
      ].join('\n'),
    },
    ['d/foo.c'],
  );
  assert.deepEqual(index.moduleOf('d/foo.c').sources, ['d/foo.c']);
  assert.equal(index.moduleOf('d/foo.c').id, 'd/foo');
  assert.deepEqual(index.notes, []);
});

test('ifeq/ifdef/else/endif: objects of every branch are possible (union), := in a branch does not reset', () => {
  const { index } = memoryTree(
    {
      'd/Makefile': [
        'obj-$(CONFIG_M) += m.o',
        'm-y := core.o',
        'ifeq ($(CONFIG_X86),y)',
        'm-y := x86.o',
        'else ifdef CONFIG_ARM',
        '  m-y += arm.o',
        'else',
        '\tm-y += other.o',
        'endif',
        'ifndef CONFIG_FOO',
        'obj-y += standalone.o',
        'endif',
      ].join('\n'),
    },
    ['d/core.c', 'd/x86.c', 'd/arm.c', 'd/other.c', 'd/standalone.c'],
  );
  assert.deepEqual(index.moduleOf('d/arm.c').sources, ['d/core.c', 'd/x86.c', 'd/arm.c', 'd/other.c']);
  assert.equal(index.moduleOf('d/standalone.c').implicit, false);
  assert.deepEqual(index.notes, []);
});

test('an unconditional := resets the list, as in make', () => {
  const { index } = memoryTree({ 'd/Makefile': 'obj-y += m.o\nm-y := old.o\nm-y := new.o\n' }, ['d/old.c', 'd/new.c']);
  assert.deepEqual(index.moduleOf('d/new.c').sources, ['d/new.c']);
  assert.equal(index.moduleOf('d/old.c').implicit, true);
});

test('$(var) references in composite lists expand Makefile variables; $(foo-y) takes foo-$(CONFIG_...) too', () => {
  const { index } = memoryTree(
    {
      'd/Makefile': [
        'COMMON_FILES := common/a.o \\',
        '\tcommon/b.o',
        'trace-$(CONFIG_TRACING) := trace.o',
        'hci-y := hci_ldisc.o',
        'hci-$(CONFIG_BT_H4) += hci_h4.o',
        'hci-objs := $(hci-y)',
        'obj-$(CONFIG_HCI) += hci.o',
        'obj-$(CONFIG_DRV) += drv.o',
        'drv-objs := main.o $(COMMON_FILES) ${trace-y} $(addprefix sub/, x.o y.o)',
      ].join('\n'),
    },
    ['d/hci_ldisc.c', 'd/hci_h4.c', 'd/main.c', 'd/common/a.c', 'd/common/b.c', 'd/trace.c', 'd/sub/x.c', 'd/sub/y.c'],
  );
  assert.deepEqual(index.moduleOf('d/hci_h4.c').sources, ['d/hci_ldisc.c', 'd/hci_h4.c']);
  assert.deepEqual(index.moduleOf('d/sub/y.c').sources, ['d/main.c', 'd/common/a.c', 'd/common/b.c', 'd/trace.c', 'd/sub/x.c', 'd/sub/y.c']);
  assert.deepEqual(index.notes, []);
});

test('an unknown variable in a composite list becomes a note; the rest of the list still counts', () => {
  const { index } = memoryTree({ 'd/Makefile': 'obj-y += m.o\nm-y := a.o $(NOT_DEFINED) b.o\n' }, ['d/a.c', 'd/b.c']);
  assert.deepEqual(index.moduleOf('d/b.c').sources, ['d/a.c', 'd/b.c']);
  assert.deepEqual(index.notes, [{ file: 'd/Makefile', line: 2, message: 'variable $(NOT_DEFINED) is not defined in this Makefile, ignored' }]);
});

test('a line the reader does not understand is a note, and reading goes on', () => {
  const { index } = memoryTree(
    { 'd/Makefile': 'obj-y += m.o\n$(foreach f,$(FILES),$(eval CFLAGS_$(f) = -I.))\nm-y := a.o\n' },
    ['d/a.c'],
  );
  assert.equal(index.moduleOf('d/a.c').id, 'd/m');
  assert.equal(index.notes.length, 1);
  assert.equal(index.notes[0].line, 2);
  assert.match(index.notes[0].message, /^line not understood: \$\(foreach/);
});

test('rules and their recipes are skipped: a recipe line that looks like an assignment declares nothing', () => {
  const { index } = memoryTree(
    {
      'd/Makefile': [
        'obj-y += m.o',
        '$(obj)/table.c: $(src)/gen.sh',
        '\tobj-y += fake.o',
        '\t$(CONFIG_SHELL) $< > $@',
        'm-y := a.o',
      ].join('\n'),
    },
    ['d/a.c', 'd/fake.c'],
  );
  assert.equal(index.moduleOf('d/a.c').id, 'd/m');
  assert.equal(index.moduleOf('d/fake.c').implicit, true);
  assert.deepEqual(index.notes, []);
});

test('define ... endef blocks are read as variables, not as lines', () => {
  const { index } = memoryTree(
    { 'd/Makefile': 'define EXTRA\n  b.o\n  c.o\nendef\nobj-y += m.o\nm-y := a.o $(EXTRA)\n' },
    ['d/a.c', 'd/b.c', 'd/c.c'],
  );
  assert.deepEqual(index.moduleOf('d/c.c').sources, ['d/a.c', 'd/b.c', 'd/c.c']);
  assert.deepEqual(index.notes, []);
});

test('x := $(x) more sees the earlier value (no infinite expansion)', () => {
  const { index } = memoryTree({ 'd/Makefile': 'FILES := a.o\nFILES := $(FILES) b.o\nobj-y += m.o\nm-y := $(FILES)\n' }, ['d/a.c', 'd/b.c']);
  assert.deepEqual(index.moduleOf('d/b.c').sources, ['d/a.c', 'd/b.c']);
  assert.deepEqual(index.notes, []);
});

test('include $(src)/sub/Makefile is read in the including directory context', () => {
  const { index, makefilesRead } = memoryTree(
    {
      'drivers/accel/hl/Makefile': 'obj-$(CONFIG_HL) := hl.o\ninclude $(src)/common/Makefile\nhl-y += $(HL_COMMON_FILES)\n',
      'drivers/accel/hl/common/Makefile': 'HL_COMMON_FILES := common/drv.o common/device.o\n',
    },
    ['drivers/accel/hl/common/drv.c', 'drivers/accel/hl/common/device.c'],
  );
  const module = index.moduleOf('drivers/accel/hl/common/device.c');
  assert.equal(module.id, 'drivers/accel/hl/hl');
  assert.deepEqual(module.sources, ['drivers/accel/hl/common/drv.c', 'drivers/accel/hl/common/device.c']);
  assert.deepEqual(makefilesRead(), ['drivers/accel/hl/common/Makefile', 'drivers/accel/hl/Makefile', 'drivers/accel/hl/common/Makefile']);
  assert.deepEqual(index.notes, [], 'the included Makefile read alone declares nothing: no notes from it');
});

test('when a directory has both Kbuild and Makefile, Kbuild wins', () => {
  const { index, makefilesRead } = memoryTree(
    { 'd/Kbuild': 'obj-$(CONFIG_K) += k.o\nk-y := a.o b.o\n', 'd/Makefile': 'obj-m += a.o\n' },
    ['d/a.c', 'd/b.c'],
  );
  assert.equal(index.moduleOf('d/a.c').id, 'd/k');
  assert.deepEqual(makefilesRead(), ['d/Kbuild']);
});

test('an object in two composites belongs to the first, with a note', () => {
  const { index } = memoryTree(
    {
      'drivers/dma/Makefile': [
        'obj-$(CONFIG_FSL_EDMA) += fsl-edma.o',
        'fsl-edma-objs := fsl-edma-main.o fsl-edma-common.o',
        'obj-$(CONFIG_MCF_EDMA) += mcf-edma.o',
        'mcf-edma-objs := mcf-edma-main.o fsl-edma-common.o',
      ].join('\n'),
    },
    ['drivers/dma/fsl-edma-main.c', 'drivers/dma/fsl-edma-common.c', 'drivers/dma/mcf-edma-main.c'],
  );
  assert.equal(index.moduleOf('drivers/dma/fsl-edma-common.c').id, 'drivers/dma/fsl-edma');
  assert.equal(index.moduleOf('drivers/dma/mcf-edma-main.c').id, 'drivers/dma/mcf-edma');
  assert.deepEqual(index.notes, [
    {
      file: 'drivers/dma/Makefile',
      line: 3,
      message:
        'drivers/dma/fsl-edma-common.o is built by composite drivers/dma/fsl-edma and composite drivers/dma/mcf-edma; its module is taken to be the first, composite drivers/dma/fsl-edma',
    },
  ]);
});

test('a file no Makefile names is an implicit module of its own', () => {
  const { index } = memoryTree({ 'drivers/usb/host/Makefile': 'obj-$(CONFIG_EHCI) += ehci-hcd.o\n' }, ['drivers/usb/host/ehci-hub.c']);
  assert.deepEqual(index.moduleOf('drivers/usb/host/ehci-hub.c'), {
    id: 'drivers/usb/host/ehci-hub',
    sources: ['drivers/usb/host/ehci-hub.c'],
    configs: [],
    implicit: true,
    declaredAt: null,
    listing: null,
  });
});

test('members without a .c (assembly, generated) are left out of sources, silently', () => {
  const { index } = memoryTree({ 'd/Makefile': 'obj-y += m.o\nm-y := a.o entry.o generated_tbl.o\n', 'd/entry.S': '' }, ['d/a.c']);
  assert.deepEqual(index.moduleOf('d/a.c').sources, ['d/a.c']);
  assert.deepEqual(index.notes, []);
});

test('names like obj-foo-$(CONFIG_X) are helper lists, not obj- goal lists', () => {
  const { index } = memoryTree(
    {
      'd/Makefile': [
        'obj-pv-sysfs-$(CONFIG_PV_SYSFS) := pv-sysfs.o',
        'pv-objs := pv-main.o $(obj-pv-sysfs-y)',
        'obj-$(CONFIG_PV) += pv.o',
      ].join('\n'),
    },
    ['d/pv-main.c', 'd/pv-sysfs.c'],
  );
  assert.equal(index.moduleOf('d/pv-sysfs.c').id, 'd/pv');
  assert.deepEqual(index.notes, []);
});

test('a grouping directory without a Makefile: its files are found in the sibling an ancestor descends into', () => {
  const { index, makefilesRead } = memoryTree(
    {
      'drivers/gpu/Makefile': 'obj-$(CONFIG_AMDGPU) += amd/amdgpu/\nobj-$(CONFIG_OTHER) += other/\n',
      'drivers/gpu/amd/amdgpu/Makefile': 'KFD_PATH := ../amdkfd\namdgpu-y := amdgpu_drv.o $(KFD_PATH)/kfd_module.o\nobj-$(CONFIG_AMDGPU) += amdgpu.o\n',
      'drivers/gpu/other/Makefile': 'obj-y += other.o\n',
    },
    ['drivers/gpu/amd/amdgpu/amdgpu_drv.c', 'drivers/gpu/amd/amdkfd/kfd_module.c'],
  );
  const module = index.moduleOf('drivers/gpu/amd/amdkfd/kfd_module.c');
  assert.equal(module.id, 'drivers/gpu/amd/amdgpu/amdgpu');
  assert.deepEqual(module.sources, ['drivers/gpu/amd/amdgpu/amdgpu_drv.c', 'drivers/gpu/amd/amdkfd/kfd_module.c']);
  assert.ok(!makefilesRead().includes('drivers/gpu/other/Makefile'), 'a sibling outside the grouping directory is not read');
});

test('laziness: only the asked directories and their ancestors are read, each once', () => {
  const { index, makefilesRead } = memoryTree(
    {
      Kbuild: 'obj-y += drivers/\n',
      'drivers/Makefile': 'obj-y += a/ b/ c/\n',
      'drivers/a/Makefile': 'obj-y += a1.o a2.o\n',
      'drivers/b/Makefile': 'obj-y += b.o\n',
      'drivers/c/Makefile': 'obj-y += c.o\n',
    },
    ['drivers/a/a1.c', 'drivers/a/a2.c', 'drivers/a/stray.c'],
  );
  index.moduleOf('drivers/a/a1.c');
  index.moduleOf('drivers/a/a2.c');
  assert.deepEqual(makefilesRead(), ['drivers/a/Makefile']);
  assert.equal(index.makefilesRead, 1);
  index.moduleOf('drivers/a/stray.c');
  assert.deepEqual(makefilesRead(), ['drivers/a/Makefile', 'drivers/Makefile', 'Kbuild']);
  assert.equal(index.makefilesRead, 3);
});

test('moduleOf returns a fresh object each call and refuses what is not a tree-relative .c file', () => {
  const { index } = memoryTree({ 'd/Makefile': 'obj-y += m.o\nm-y := a.o b.o\n' }, ['d/a.c', 'd/b.c']);
  const first = index.moduleOf('./d/a.c');
  first.sources.reverse();
  assert.deepEqual(index.moduleOf('d/a.c').sources, ['d/a.c', 'd/b.c']);
  assert.throws(() => index.moduleOf('d/a.h'), /expected a tree-relative \.c file, got "d\/a\.h"/);
  assert.throws(() => index.moduleOf('../x.c'), /expected a tree-relative \.c file/);
});

test('logical lines: continuation, comments, escaped hash, line numbers of the first physical line', () => {
  const lines = splitLogicalLines('a := 1 \\\n   2\n# c \\\nstill comment\nb := x\\#y # z\n\tr\n');
  assert.deepEqual(
    lines.map((l) => [l.line, l.text, l.startsWithTab]),
    [
      [1, 'a := 1  2', false],
      [3, '', false],
      [5, 'b := x\\#y ', false],
      [6, '\tr', true],
      [7, '', false],
    ],
  );
});

test('expansion: substitution references, patsubst, filter-out, and unsupported functions reported', () => {
  const problems: string[] = [];
  const values: Record<string, string> = { SRCS: 'a.c b.c', OBJS: 'a.o b.o c.o' };
  const scope = { variable: (n: string) => values[n], problem: (m: string) => problems.push(m) };
  assert.equal(expandText('$(SRCS:.c=.o)', scope), 'a.o b.o');
  assert.equal(expandText('$(patsubst %.o,sub/%.o,$(OBJS))', scope), 'sub/a.o sub/b.o sub/c.o');
  assert.equal(expandText('$(filter-out b.o,$(OBJS))', scope), 'a.o c.o');
  assert.equal(expandText('x$$y', scope), 'x$y');
  assert.deepEqual(problems, []);
  assert.equal(expandText('$(shell ls)', scope), '');
  assert.deepEqual(problems, ['make function $(shell ...) not supported, ignored']);
  assert.equal(expandText('obj-$(CONFIG_X) $(UNSET)', scope, { nameMode: true }), 'obj-$(CONFIG_X) $(UNSET)');
});

// The same reader through the file system, on a small tree kept under test/fixtures/kbuild/.
const fixtureTree = path.join(sourceDirOf(import.meta.url), 'fixtures', 'kbuild', 'tree');

test('fixture tree on disk: a composite spanning a subdirectory and a lone object', () => {
  const readFile = (rel: string): Buffer | null => {
    try {
      return fs.readFileSync(path.join(fixtureTree, rel));
    } catch {
      return null;
    }
  };
  const index = createKbuildIndex(readFile, { fileExists: (rel) => fs.existsSync(path.join(fixtureTree, rel)) });
  const sensor = index.moduleOf('drivers/hid/sensor/v2/init.c');
  assert.deepEqual(sensor, {
    id: 'drivers/hid/sensor/sensor_hub',
    sources: ['drivers/hid/sensor/pcie.c', 'drivers/hid/sensor/client.c', 'drivers/hid/sensor/v2/init.c'],
    configs: ['CONFIG_SENSOR_HUB'],
    implicit: false,
    declaredAt: { file: 'drivers/hid/sensor/Makefile', line: 4 },
    // Why v2/init.c is in the module: the line that lists it (a continued assignment starts on line 5).
    listing: { file: 'drivers/hid/sensor/Makefile', line: 5, statement: 'sensor_hub-objs := v2/init.o' },
  });
  assert.equal(index.moduleOf('drivers/hid/sensor/pcie.c').id, 'drivers/hid/sensor/sensor_hub');
  assert.deepEqual(index.moduleOf('drivers/hid/standalone.c').configs, ['CONFIG_STANDALONE']);
  assert.equal(index.makefilesRead, 2);
  assert.deepEqual(index.notes, []);
});
