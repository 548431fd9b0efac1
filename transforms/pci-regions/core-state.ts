// Which state the tree's region core is in, read from its own code (never from a version):
//   hybrid    __pci_request_region() and pci_release_region() branch on pci_is_managed() into the
//             pcim_ region functions of devres.c: the series applies
//   migrated  neither branches, and devres.c has the pcim_ region functions: what is left is reported
//   legacy    an older devres core (no pcim_request_region(); the regions are tracked in the
//             device's devres record, find_pci_dr()): refused
import type { Evidence, ParsedFile } from '../../src/sdk.js';
import { findFunctionDefinitions, lineOf } from '../../src/sdk.js';
import { BRANCHING, CORE, MANAGED_COUNTERPART, MANAGED_TEST } from './names.js';

export type CoreState = 'hybrid' | 'migrated' | 'legacy';

export interface RegionCoreFacts {
  state: CoreState | null;
  summary: string;
  evidence: Evidence[];
}

type Parse = (rel: string) => ParsedFile | null;

const MANAGED_TEST_CALL = new RegExp(`\\b${MANAGED_TEST}\\s*\\(`);
/** The devres record of the old core, which the region functions updated by hand. */
const OLD_DEVRES_RECORD = /\bfind_pci_dr\s*\(/;

/** The body `{...}` of a region function branches on pci_is_managed() into a pcim_ function. */
export function branchesOnManaged(body: string): boolean {
  return MANAGED_TEST_CALL.test(body) && /\bpcim_[a-z_]+\s*\(/.test(body);
}

export function detectRegionCore(parse: Parse): RegionCoreFacts {
  const evidence: Evidence[] = [];
  const facts: RegionCoreFacts = { state: null, summary: '', evidence };
  const pciC = parse(CORE.pciC);
  const devres = parse(CORE.devresC);
  const defs = Object.values(BRANCHING).map((name) => ({ name, def: pciC ? findFunctionDefinitions(pciC, name)[0] : undefined }));
  const missing = defs.filter((d) => !d.def).map((d) => `${d.name}()`);
  if (!pciC || missing.length) {
    facts.summary = `${CORE.pciC} defines no ${missing.join(' or ') || 'region functions'}: this tree has no PCI region core to migrate`;
    return facts;
  }
  let branching = 0;
  let oldRecord = false;
  for (const { name, def } of defs) {
    const body = pciC.text.slice(def!.bodyStart, def!.bodyEnd);
    if (branchesOnManaged(body)) {
      branching++;
      evidence.push({
        file: CORE.pciC,
        line: lineOf(pciC, def!.bodyStart + body.search(MANAGED_TEST_CALL)),
        function: name,
        call: `if (${MANAGED_TEST}(pdev)) ... ${/\bpcim_[a-z_]+/.exec(body.slice(body.search(MANAGED_TEST_CALL)))?.[0] ?? 'pcim_'}()`,
        note: `hybrid: ${name}() goes through devres when the device is managed`,
      });
    } else if (OLD_DEVRES_RECORD.test(body)) {
      oldRecord = true;
      evidence.push({ file: CORE.pciC, line: lineOf(pciC, def!.bodyStart + body.search(OLD_DEVRES_RECORD)), function: name, call: 'find_pci_dr(pdev)', note: 'the old devres core: regions are tracked in the device\'s devres record' });
    } else {
      evidence.push({ file: CORE.pciC, line: def!.line, function: name, call: `${name}() has no ${MANAGED_TEST}() branch`, note: 'never managed' });
    }
  }
  const managedRequest = MANAGED_COUNTERPART.pci_request_region!;
  const pcimRegion = devres ? findFunctionDefinitions(devres, managedRequest)[0] : undefined;
  if (pcimRegion) evidence.push({ file: CORE.devresC, line: pcimRegion.line, function: managedRequest, call: `int ${managedRequest}()`, note: 'the always-managed region request exists' });

  if (oldRecord || !pcimRegion) {
    facts.state = 'legacy';
    facts.summary = oldRecord
      ? `an older devres core: the region functions record their BARs in the device's devres record (find_pci_dr()) and ${CORE.devresC} ${pcimRegion ? 'has' : 'has no'} ${managedRequest}(); this migration does not apply`
      : `an older devres core: ${CORE.devresC} has no ${managedRequest}(), so managed drivers have nothing to be ported to; this migration does not apply`;
  } else if (branching === defs.length) {
    facts.state = 'hybrid';
    facts.summary = `${BRANCHING.request}() and ${BRANCHING.release}() branch on ${MANAGED_TEST}() into devres: the region functions are hybrid`;
  } else if (branching === 0) {
    facts.state = 'migrated';
    facts.summary = `the region functions have no ${MANAGED_TEST}() branch: they never use devres; what managed drivers left behind is reported`;
  } else {
    facts.summary = `only one of ${BRANCHING.request}() and ${BRANCHING.release}() branches on ${MANAGED_TEST}(): this core fits no known state`;
  }
  return facts;
}
