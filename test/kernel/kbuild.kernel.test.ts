// The Kbuild reader on real Linux 6.12 trees (../shared/kernel/make-trees.sh). Each expectation
// below was checked by reading the Makefile named next to it. A tree that is absent registers no
// test (nothing is skipped-as-passed). Run with `npm run test:kernel`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createKbuildIndex } from '../../src/kbuild/kbuild.js';
import { kernelTree } from './trees.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

interface Expected {
  file: string;
  id: string;
  configs: string[];
  implicit?: boolean;
  /** Full source list, in Makefile order; omitted when the module is the file alone. */
  sources?: string[];
  why: string;
}

const prefix = (dir: string, names: string[]) => names.map((n) => `${dir}/${n}.c`);

const EXPECTED: Expected[] = [
  {
    file: 'drivers/hid/amd-sfh-hid/sfh1_1/amd_sfh_init.c',
    id: 'drivers/hid/amd-sfh-hid/amd_sfh',
    configs: ['CONFIG_AMD_SFH_HID'],
    sources: prefix('drivers/hid/amd-sfh-hid', [
      'amd_sfh_hid', 'amd_sfh_client', 'amd_sfh_pcie', 'hid_descriptor/amd_sfh_hid_desc',
      'sfh1_1/amd_sfh_init', 'sfh1_1/amd_sfh_interface', 'sfh1_1/amd_sfh_desc',
    ]),
    why: 'drivers/hid/amd-sfh-hid/Makefile: amd_sfh-objs += ... sfh1_1/amd_sfh_init.o (sfh1_1/ has no Makefile)',
  },
  {
    file: 'drivers/vfio/pci/vfio_pci_intrs.c',
    id: 'drivers/vfio/pci/vfio-pci-core',
    configs: ['CONFIG_VFIO_PCI_CORE'],
    sources: prefix('drivers/vfio/pci', ['vfio_pci_core', 'vfio_pci_intrs', 'vfio_pci_rdwr', 'vfio_pci_config', 'vfio_pci_zdev']),
    why: 'vfio-pci-core-y := ...; vfio-pci-core-$(CONFIG_VFIO_PCI_ZDEV_KVM) += vfio_pci_zdev.o; obj- line after',
  },
  {
    file: 'drivers/ata/ahci.c',
    id: 'drivers/ata/ahci',
    configs: ['CONFIG_SATA_AHCI'],
    why: 'drivers/ata/Makefile line 6: obj-$(CONFIG_SATA_AHCI) += ahci.o libahci.o; no ahci-y: a lone object',
  },
  {
    file: 'drivers/net/ethernet/broadcom/bnx2x/bnx2x_main.c',
    id: 'drivers/net/ethernet/broadcom/bnx2x/bnx2x',
    configs: ['CONFIG_BNX2X'],
    sources: prefix('drivers/net/ethernet/broadcom/bnx2x', [
      'bnx2x_main', 'bnx2x_link', 'bnx2x_cmn', 'bnx2x_ethtool', 'bnx2x_stats', 'bnx2x_dcb', 'bnx2x_sp',
      'bnx2x_self_test', 'bnx2x_vfpf', 'bnx2x_sriov',
    ]),
    why: 'bnx2x-y := ...; bnx2x-$(CONFIG_BNX2X_SRIOV) += bnx2x_vfpf.o bnx2x_sriov.o',
  },
  {
    file: 'drivers/ntb/hw/amd/ntb_hw_amd.c',
    id: 'drivers/ntb/hw/amd/ntb_hw_amd',
    configs: ['CONFIG_NTB_AMD'],
    why: 'obj-$(CONFIG_NTB_AMD) += ntb_hw_amd.o, nothing else',
  },
  {
    file: 'drivers/ntb/hw/intel/ntb_hw_gen1.c',
    id: 'drivers/ntb/hw/intel/ntb_hw_intel',
    configs: ['CONFIG_NTB_INTEL'],
    sources: prefix('drivers/ntb/hw/intel', ['ntb_hw_gen1', 'ntb_hw_gen3', 'ntb_hw_gen4']),
    why: 'ntb_hw_intel-y := ntb_hw_gen1.o ntb_hw_gen3.o ntb_hw_gen4.o',
  },
  {
    file: 'sound/pci/hda/hda_intel.c',
    id: 'sound/pci/hda/snd-hda-intel',
    configs: ['CONFIG_SND_HDA_INTEL'],
    sources: ['sound/pci/hda/hda_intel.c'],
    why: 'snd-hda-intel-y := hda_intel.o (line 2), obj-$(CONFIG_SND_HDA_INTEL) += snd-hda-intel.o (line 79)',
  },
  {
    file: 'drivers/misc/cardreader/rtsx_pcr.c',
    id: 'drivers/misc/cardreader/rtsx_pci',
    configs: ['CONFIG_MISC_RTSX_PCI'],
    sources: prefix('drivers/misc/cardreader', [
      'rtsx_pcr', 'rts5209', 'rts5229', 'rtl8411', 'rts5227', 'rts5249', 'rts5260', 'rts5261', 'rts5228', 'rts5264',
    ]),
    why: 'rtsx_pci-objs := rtsx_pcr.o rts5209.o ...',
  },
  {
    file: 'drivers/staging/rts5208/rtsx.c',
    id: 'drivers/staging/rts5208/rts5208',
    configs: ['CONFIG_RTS5208'],
    sources: prefix('drivers/staging/rts5208', [
      'rtsx', 'rtsx_chip', 'rtsx_transport', 'rtsx_scsi', 'rtsx_card', 'general', 'sd', 'xd', 'ms', 'spi',
    ]),
    why: 'obj-$(CONFIG_RTS5208) := rts5208.o; rts5208-y := ... with a continuation line',
  },
  {
    file: 'drivers/xen/xen-pciback/conf_space_header.c',
    id: 'drivers/xen/xen-pciback/xen-pciback',
    configs: ['CONFIG_XEN_PCIDEV_BACKEND', 'CONFIG_XEN_PCIDEV_STUB'],
    sources: prefix('drivers/xen/xen-pciback', [
      'pci_stub', 'pciback_ops', 'xenbus', 'conf_space', 'conf_space_header', 'conf_space_capability',
      'conf_space_quirks', 'vpci', 'passthrough',
    ]),
    why: 'xen-pciback.o under two CONFIGs; members in two lines, the second continued',
  },
  {
    file: 'drivers/net/wireless/quantenna/qtnfmac/pcie/pcie.c',
    id: 'drivers/net/wireless/quantenna/qtnfmac/qtnfmac_pcie',
    configs: ['CONFIG_QTNFMAC_PCIE'],
    sources: prefix('drivers/net/wireless/quantenna/qtnfmac', ['shm_ipc', 'pcie/pcie', 'pcie/pearl_pcie', 'pcie/topaz_pcie', 'debug']),
    why: 'qtnfmac/Makefile: qtnfmac_pcie-objs += shm_ipc.o pcie/pcie.o ...; qtnfmac_pcie-$(CONFIG_DEBUG_FS) += debug.o (pcie/ has no Makefile)',
  },
  {
    file: 'drivers/pci/msi/msi.c',
    id: 'drivers/pci/msi/msi',
    configs: ['CONFIG_PCI_MSI'],
    why: 'drivers/pci/msi/Makefile: obj-$(CONFIG_PCI_MSI) += api.o msi.o irqdomain.o, lone objects',
  },
  {
    file: 'drivers/pci/msi/api.c',
    id: 'drivers/pci/msi/api',
    configs: ['CONFIG_PCI_MSI'],
    why: 'same line as msi.o',
  },
  {
    file: 'drivers/pci/devres.c',
    id: 'drivers/pci/devres',
    configs: ['CONFIG_PCI'],
    why: 'drivers/pci/Makefile: obj-$(CONFIG_PCI) += access.o ... devres.o (continued lines 5-8)',
  },
  {
    file: 'drivers/net/ethernet/brocade/bna/bnad.c',
    id: 'drivers/net/ethernet/brocade/bna/bna',
    configs: ['CONFIG_BNA'],
    sources: prefix('drivers/net/ethernet/brocade/bna', [
      'bnad', 'bnad_ethtool', 'bnad_debugfs', 'bna_enet', 'bna_tx_rx', 'bfa_msgq', 'bfa_ioc', 'bfa_ioc_ct', 'bfa_cee', 'cna_fwimg',
    ]),
    why: 'bna-objs := ... then bna-objs += in two more lines',
  },
  {
    file: 'drivers/misc/tifm_7xx1.c',
    id: 'drivers/misc/tifm_7xx1',
    configs: ['CONFIG_TIFM_7XX1'],
    why: 'drivers/misc/Makefile: obj-$(CONFIG_TIFM_7XX1) += tifm_7xx1.o',
  },
  {
    file: 'drivers/ata/sata_sis.c',
    id: 'drivers/ata/sata_sis',
    configs: ['CONFIG_SATA_SIS'],
    why: 'drivers/ata/Makefile line 45: obj-$(CONFIG_SATA_SIS) += sata_sis.o',
  },
];

for (const treeName of ['hybrid-core', 'unmanaged-core']) {
  const tree = kernelTree(treeName as 'hybrid-core' | 'unmanaged-core'); // fails loudly when missing

  const openIndex = () => {
    const makefiles: string[] = [];
    const readFile = (rel: string): Buffer | null => {
      try {
        const bytes = fs.readFileSync(path.join(tree, rel));
        if (/(^|\/)(Makefile|Kbuild)$/.test(rel)) makefiles.push(rel);
        return bytes;
      } catch {
        return null;
      }
    };
    const index = createKbuildIndex(readFile, { fileExists: (rel) => fs.existsSync(path.join(tree, rel)) });
    return { index, makefiles };
  };

  test(`${treeName}: the modules of the pci_intx() users, as their Makefiles declare them`, () => {
    const { index, makefiles } = openIndex();
    for (const expected of EXPECTED) {
      const module = index.moduleOf(expected.file);
      const label = `${expected.file} (${expected.why})`;
      assert.equal(module.id, expected.id, label);
      assert.deepEqual(module.configs, expected.configs, label);
      assert.equal(module.implicit, expected.implicit ?? false, label);
      assert.deepEqual(module.sources, expected.sources ?? [expected.file], label);
    }
    // Lazy: only the Makefiles of those directories (and qtnfmac/, amd-sfh-hid/, parents of
    // Makefile-less subdirectories) are read; never the top of the tree or drivers/Makefile.
    assert.ok(index.makefilesRead <= 20, `read ${index.makefilesRead} Makefiles: ${makefiles.join(' ')}`);
    assert.equal(index.makefilesRead, makefiles.length);
    assert.ok(!makefiles.includes('Kbuild') && !makefiles.includes('Makefile') && !makefiles.includes('drivers/Makefile'), makefiles.join(' '));
    assert.deepEqual(index.notes, [], 'these Makefiles use only syntax the reader understands');
  });

  test(`${treeName}: amdkfd is built by amdgpu's Makefile (../amdkfd via an include), found through the descent into amd/amdgpu/`, () => {
    const { index } = openIndex();
    const module = index.moduleOf('drivers/gpu/drm/amd/amdkfd/kfd_chardev.c');
    assert.equal(module.id, 'drivers/gpu/drm/amd/amdgpu/amdgpu');
    assert.deepEqual(module.configs, ['CONFIG_DRM_AMDGPU']);
    assert.ok(module.sources.includes('drivers/gpu/drm/amd/amdgpu/amdgpu_drv.c'));
    assert.ok(module.sources.includes('drivers/gpu/drm/amd/display/dc/core/dc.c'), 'display/ comes through two levels of include');
  });

  test(`${treeName}: every C file under drivers/ and sound/ gets a module that contains it, built of existing files`, () => {
    const files = execFileSync('git', ['-C', tree, 'ls-files', '--', 'drivers/*.c', 'sound/*.c'], { maxBuffer: 1 << 27 })
      .toString()
      .split('\n')
      .filter(Boolean);
    assert.ok(files.length > 10000, `${files.length} files`);
    const { index } = openIndex();
    let implicit = 0;
    const checked = new Set<string>();
    for (const file of files) {
      const module = index.moduleOf(file);
      assert.ok(module.sources.includes(file), `${file} missing from ${module.id}`);
      if (module.implicit) implicit++;
      if (checked.has(module.id)) continue;
      checked.add(module.id);
      for (const source of module.sources) assert.ok(fs.existsSync(path.join(tree, source)), `${module.id} lists missing ${source}`);
    }
    // Implicit files are mostly .c files #included by others (ehci-hub.c) and selftests; measured 359 of ~21,000.
    assert.ok(implicit < files.length * 0.03, `${implicit} implicit modules of ${files.length}`);
  });
}
