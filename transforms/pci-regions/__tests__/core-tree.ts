// In-memory copies of the region core (small extracts of Linux 6.12 in __testfixtures__/core-hybrid),
// and the variants the tests need: CRLF, no final newline, the older devres core.
import fs from 'node:fs';
import path from 'node:path';
import { sourceDirOf } from '../../../test/helpers/paths.js';
import { parseBytes, type ParsedFile } from '../../../src/sdk.js';

export const CORE_FIXTURE = path.resolve(sourceDirOf(import.meta.url), '..', '__testfixtures__', 'core-hybrid');

export type Files = Map<string, Buffer>;

export function hybridCore(): Files {
  const files: Files = new Map();
  for (const rel of ['drivers/pci/pci.c', 'drivers/pci/devres.c', 'drivers/pci/pci.h', 'include/linux/pci.h']) {
    files.set(rel, fs.readFileSync(path.join(CORE_FIXTURE, rel)));
  }
  return files;
}

export function parser(files: Files): (rel: string) => ParsedFile | null {
  return (rel) => {
    const bytes = files.get(rel);
    return bytes ? parseBytes(rel, bytes) : null;
  };
}

export function toCrlf(bytes: Buffer): Buffer {
  return Buffer.from(bytes.toString('latin1').replace(/\n/g, '\r\n'), 'latin1');
}

export function withoutFinalNewline(bytes: Buffer): Buffer {
  return Buffer.from(bytes.toString('latin1').replace(/\n+$/, ''), 'latin1');
}

/** Replaces the one occurrence of `from` (the fixture must hold it exactly once). */
export function replaceOnce(bytes: Buffer, from: string, to: string): Buffer {
  const text = bytes.toString('latin1');
  const at = text.indexOf(from);
  if (at === -1 || text.indexOf(from, at + 1) !== -1) throw new Error(`fixture edit: expected ${JSON.stringify(from)} exactly once`);
  return Buffer.from(text.slice(0, at) + to + text.slice(at + from.length), 'latin1');
}

/** The region functions as Linux 6.1 had them: the BARs recorded in the devres record by hand. */
export function legacyCore(): Files {
  const files = hybridCore();
  let pci = files.get('drivers/pci/pci.c')!;
  pci = replaceOnce(
    pci,
    '\tif (pci_is_managed(pdev)) {\n\t\tpcim_release_region(pdev, bar);\n\t\treturn;\n\t}\n',
    '\tdr = find_pci_dr(pdev);\n\tif (dr)\n\t\tdr->region_mask &= ~(1 << bar);\n',
  );
  pci = replaceOnce(
    pci,
    '\tif (pci_is_managed(pdev)) {\n\t\tif (exclusive == IORESOURCE_EXCLUSIVE)\n\t\t\treturn pcim_request_region_exclusive(pdev, bar, res_name);\n\n\t\treturn pcim_request_region(pdev, bar, res_name);\n\t}\n',
    '\tdr = find_pci_dr(pdev);\n\tif (dr)\n\t\tdr->region_mask |= 1 << bar;\n',
  );
  files.set('drivers/pci/pci.c', pci);
  files.set('drivers/pci/devres.c', Buffer.from('// SPDX-License-Identifier: GPL-2.0\nstruct pci_devres *find_pci_dr(struct pci_dev *pdev)\n{\n\treturn NULL;\n}\n', 'latin1'));
  return files;
}
