// Whether a tree is a Linux kernel tree with a PCI core, the ground every PCI-devres migration needs.

export const PCI_CORE_FILE = 'drivers/pci/pci.c';

/** A one-line reason when the tree cannot be migrated, else null. */
export function checkPciTree(readFile: (rel: string) => Buffer | null): string | null {
  if (!readFile('Makefile')) return 'not a Linux kernel tree: there is no top-level Makefile';
  if (!readFile(PCI_CORE_FILE)) return `not a Linux kernel tree with a PCI core: ${PCI_CORE_FILE} is missing`;
  return null;
}
