// Coccinelle, the tool kernel developers would otherwise use: the same pci_intx() rewrite as a semantic
// patch decided per file, and the same rule with the Kbuild module of each file as a group (what a
// developer would write by hand with --file-groups so that an enable call in a sibling file counts).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** "spatch version 1.1.1 ..." or null when spatch is not installed. */
export function spatchVersion() {
  const probe = spawnSync('spatch', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) return null;
  return probe.stdout.split('\n')[0].trim();
}

// pcim_intx() where the file calls pcim_enable_device(); pci_intx_unmanaged() where it calls only
// pci_enable_device*(). The enable functions are the transform's MANAGED_ENABLE / UNMANAGED_ENABLE.
const PER_FILE_RULE = `// pci_intx() decided per file (written by kcodemod's bench).
@managed exists@
expression dev;
@@
pcim_enable_device(dev)

@unmanaged exists@
expression dev;
@@
(
pci_enable_device(dev)
|
pci_enable_device_mem(dev)
|
pci_enable_device_io(dev)
)

@depends on managed@
expression dev, enable;
@@
- pci_intx(dev, enable)
+ pcim_intx(dev, enable)

@depends on unmanaged && !managed@
expression dev, enable;
@@
- pci_intx(dev, enable)
+ pci_intx_unmanaged(dev, enable)
`;

export function writeSemanticPatch(dir) {
  const file = path.join(dir, 'pci-intx-per-file.cocci');
  fs.writeFileSync(file, PER_FILE_RULE);
  return file;
}

/**
 * A --file-groups file: one group (blank-line separated absolute paths) per Kbuild module that has a
 * .c file calling pci_intx, as kcodemod's own Kbuild reader (compiled, in dist/) sees the modules.
 * Returns { file, groups, files } or { failure } when the groups cannot be made.
 */
export async function writeFileGroups(repoDir, tree, dir) {
  let createKbuildIndex;
  try {
    ({ createKbuildIndex } = await import(pathToFileURL(path.join(repoDir, 'dist', 'src', 'kbuild', 'kbuild.js')).href));
  } catch (error) {
    return { failure: `kcodemod's Kbuild reader did not load (${error.message})` };
  }
  const grep = spawnSync('git', ['-C', tree, 'grep', '-l', '-z', '-w', 'pci_intx', '--', '*.c'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (grep.status !== 0) return { failure: `git grep found no pci_intx in ${tree}` };
  const index = createKbuildIndex((rel) => {
    try {
      return fs.readFileSync(path.join(tree, rel));
    } catch {
      return null;
    }
  });
  const groups = new Map();
  for (const file of grep.stdout.split('\0').filter(Boolean)) {
    const module = index.moduleOf(file);
    groups.set(module.id, module.sources.map((source) => path.join(tree, source)));
  }
  const file = path.join(dir, 'pci-intx-modules.groups');
  fs.writeFileSync(file, [...groups.values()].map((sources) => sources.join('\n')).join('\n\n') + '\n');
  return { file, groups: groups.size, files: [...groups.values()].reduce((sum, sources) => sum + sources.length, 0) };
}
