// `kcodemod audit pci-intx`: what a half-done migration left behind, by core state.
import type { Plan } from '../../src/sdk.js';
import type { AuditResult } from '../../src/sdk.js';
import type { PciIntxSite } from './classify.js';
import type { PciIntxCore } from './core-state.js';

export function auditPciIntx(plan: Plan<PciIntxSite, PciIntxCore>): AuditResult<PciIntxSite> {
  const state = plan.core.state;
  const toPort = plan.callSites.filter((s) => s.replacement && s.replacement !== s.callee);
  if (state === 'unmanaged') {
    const lost = plan.callSites.filter((s) => s.classification === 'managed');
    return {
      summary: lost.length
        ? `${lost.length} call(s) in drivers that enable their device with pcim_enable_device() still call pci_intx(), which is never-managed on this core: each lost its INTx restore on detach`
        : 'no managed driver calls pci_intx(): nothing was left behind',
      callSites: lost,
      found: lost.length > 0,
    };
  }
  if (state === 'migrating') {
    return {
      summary: toPort.length ? `the migration is half done: ${toPort.length} caller(s) are not ported yet` : 'the migration is half done, but every caller is ported: only the core steps are left',
      callSites: toPort,
      found: toPort.length > 0,
    };
  }
  if (state === 'hybrid') {
    return {
      summary: `hybrid core: nothing is broken yet; the migration will touch these ${toPort.length} call site(s)`,
      callSites: toPort,
      found: false,
    };
  }
  return { summary: `${state} core: ${plan.core.summary}`, callSites: [], found: false };
}
