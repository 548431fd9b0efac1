// Which state the tree's PCI INTx core is in, read from its own code:
//   hybrid    pci_intx() calls pcim_intx() when pci_is_managed(); devres.c has __pcim_intx()
//   unmanaged pci_intx() has no devres branch and pcim_intx() exists
//   migrating pci_intx_unmanaged() exists: the series is half applied
//   legacy    no pcim_intx() at all
import type { CoreReport } from '../../src/sdk.js';
import type { Evidence } from '../../src/sdk.js';
import type { ParsedFile } from '../../src/sdk.js';
import { findExports, findFunctionDefinitions, findPrototypes, lineOf } from '../../src/sdk.js';
import { CORE, FN } from './names.js';

export type CoreState = 'hybrid' | 'unmanaged' | 'migrating' | 'legacy';

/** The core as the plan reports it: the state, and whether pci_intx() still has its devres branch. */
export interface PciIntxCore extends CoreReport {
  state: CoreState;
  hybridBranch: boolean;
}

export interface CoreFacts {
  state: CoreState | null;
  summary: string;
  evidence: Evidence[];
  hybridBranch: boolean;
  privateCopy: boolean;
  pcimIntxDefined: boolean;
  pcimIntxExported: boolean;
  pcimIntxPublic: boolean;
  unmanagedDefined: boolean;
}

type Parse = (rel: string) => ParsedFile | null;

/** pci_intx()'s body still has the devres branch: pcim_intx() when pci_is_managed(). */
export function hasHybridBranch(body: string): boolean {
  return /\bpci_is_managed\s*\(/.test(body) && /\bpcim_intx\s*\(/.test(body);
}

export function detectCoreState(parse: Parse): CoreFacts {
  const evidence: Evidence[] = [];
  const pciC = parse(CORE.pciC);
  const devres = parse(CORE.devresC);
  const header = parse(CORE.publicHeader);
  const facts: CoreFacts = {
    state: null,
    summary: '',
    evidence,
    hybridBranch: false,
    privateCopy: false,
    pcimIntxDefined: false,
    pcimIntxExported: false,
    pcimIntxPublic: false,
    unmanagedDefined: false,
  };
  const intx = pciC ? findFunctionDefinitions(pciC, FN.intx)[0] : undefined;
  if (!pciC || !intx) {
    facts.summary = `${CORE.pciC} defines no ${FN.intx}(): this tree has no PCI INTx core to migrate`;
    return facts;
  }
  const body = pciC.text.slice(intx.bodyStart, intx.bodyEnd);
  facts.hybridBranch = hasHybridBranch(body);
  const branchAt = facts.hybridBranch ? intx.bodyStart + body.search(/\bpci_is_managed\s*\(/) : intx.start;
  evidence.push({
    file: CORE.pciC,
    line: lineOf(pciC, branchAt),
    function: FN.intx,
    call: facts.hybridBranch ? 'if (pci_is_managed(pdev)) ... pcim_intx(pdev, enable)' : 'pci_intx() writes PCI_COMMAND only',
    note: facts.hybridBranch ? 'hybrid: pci_intx() goes through devres when the device is managed' : 'pci_intx() has no devres branch',
  });

  const sources = [pciC, devres].filter((p): p is ParsedFile => !!p);
  for (const src of sources) {
    const copy = findFunctionDefinitions(src, FN.privateCopy)[0];
    if (copy) {
      facts.privateCopy = true;
      evidence.push({ file: src.file, line: copy.line, function: FN.privateCopy, call: `${copy.isStatic ? 'static ' : ''}void ${FN.privateCopy}()`, note: 'the never-managed copy of pci_intx()' });
    }
    const pcim = findFunctionDefinitions(src, FN.pcimIntx)[0];
    if (pcim) {
      facts.pcimIntxDefined = true;
      evidence.push({ file: src.file, line: pcim.line, function: FN.pcimIntx, call: `int ${FN.pcimIntx}()`, note: 'pcim_intx() is defined' });
      const exported = findExports(src, FN.pcimIntx)[0];
      if (exported) {
        facts.pcimIntxExported = true;
        evidence.push({ file: src.file, line: exported.line, function: null, call: exported.text, note: 'pcim_intx() is exported' });
      }
    }
    const unmanaged = findFunctionDefinitions(src, FN.unmanaged)[0];
    if (unmanaged) {
      facts.unmanagedDefined = true;
      evidence.push({ file: src.file, line: unmanaged.line, function: FN.unmanaged, call: `void ${FN.unmanaged}()`, note: 'pci_intx_unmanaged() exists: the migration is under way' });
    }
  }
  if (header) {
    const proto = findPrototypes(header, FN.pcimIntx)[0];
    if (proto) {
      facts.pcimIntxPublic = true;
      evidence.push({ file: CORE.publicHeader, line: proto.line, function: null, call: proto.text.replace(/\s+/g, ' '), note: 'pcim_intx() is declared for drivers' });
    }
    const unmanagedProto = findPrototypes(header, FN.unmanaged)[0];
    if (unmanagedProto) {
      facts.unmanagedDefined = true;
      evidence.push({ file: CORE.publicHeader, line: unmanagedProto.line, function: null, call: unmanagedProto.text.replace(/\s+/g, ' '), note: 'pci_intx_unmanaged() is declared' });
    }
  }

  if (facts.unmanagedDefined) {
    facts.state = 'migrating';
    facts.summary = 'pci_intx_unmanaged() exists: the migration is half applied; what is left is reported';
  } else if (!facts.pcimIntxDefined) {
    facts.state = 'legacy';
    facts.summary = 'no pcim_intx(): an older core where pci_intx() keeps its own restore data (find_pci_dr()); this migration does not apply';
  } else if (facts.hybridBranch && facts.privateCopy) {
    facts.state = 'hybrid';
    facts.summary = 'pci_intx() is hybrid (devres when pci_is_managed()) and devres.c has the never-managed copy __pcim_intx(): the thread\'s starting point';
  } else if (!facts.hybridBranch) {
    facts.state = 'unmanaged';
    facts.summary = 'pci_intx() is never-managed and pcim_intx() exists: managed drivers that still call pci_intx() have lost their INTx restore';
  } else {
    facts.summary = 'pci_intx() is hybrid but there is no never-managed copy __pcim_intx(): this core fits no known state';
  }
  return facts;
}
