// `kcodemod audit pci-regions`: what a half-done migration left behind, by core state.
import type { AuditResult, Plan } from '../../src/sdk.js';
import type { RegionSite } from './site.js';

export function auditRegions(plan: Plan<RegionSite>): AuditResult<RegionSite> {
  const sites = plan.callSites;
  const toPort = sites.filter((s) => s.action !== 'none');
  if (plan.core.state === 'migrated') {
    const requests = toPort.filter((s) => s.role === 'request');
    const releases = toPort.filter((s) => s.role === 'release');
    return {
      summary: toPort.length
        ? `the region functions are never-managed on this core, but drivers that enable with pcim_enable_device() still call them: ${requests.length} request(s) no longer managed, ${releases.length} release(s) that must go once their request is`
        : 'no managed driver calls a hybrid region function: nothing was left behind',
      callSites: toPort,
      found: toPort.length > 0,
    };
  }
  if (plan.core.state === 'hybrid') {
    return { summary: `hybrid core: nothing is broken yet; the migration will touch these ${toPort.length} call site(s)`, callSites: toPort, found: false };
  }
  return { summary: `${plan.core.state} core: ${plan.core.summary}`, callSites: [], found: false };
}
