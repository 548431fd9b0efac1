// Which always-managed functions the tree offers drivers: defined in devres.c, exported, and
// declared in include/linux/pci.h. A defined but private one can be published by a prepare patch.
import type { ParsedFile } from '../../src/sdk.js';
import { findExports, findFunctionDefinitions, findPrototypes } from '../../src/sdk.js';
import { CORE, MANAGED_COUNTERPART } from './names.js';

export type Availability = 'public' | 'private' | 'absent';

export function counterpartAvailability(parse: (rel: string) => ParsedFile | null): Map<string, Availability> {
  const devres = parse(CORE.devresC);
  const header = parse(CORE.publicHeader);
  const result = new Map<string, Availability>();
  for (const name of new Set(Object.values(MANAGED_COUNTERPART))) {
    if (!name) continue;
    const defined = !!devres && findFunctionDefinitions(devres, name).length > 0;
    const exported = !!devres && findExports(devres, name).length > 0;
    const declared = !!header && findPrototypes(header, name).length > 0;
    result.set(name, !defined ? 'absent' : exported && declared ? 'public' : 'private');
  }
  return result;
}
