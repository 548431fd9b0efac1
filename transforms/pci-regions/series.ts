// Plans the series: prepare (only when a port needs an unpublished function) -> driver ports,
// one patch per subsystem/module/file -> the final core patch, when no managed caller is left.
import type { Plan, SeriesContext, SeriesModel, SeriesOptions } from '../../src/sdk.js';
import { TransformRefusal } from '../../src/sdk.js';
import type { RegionSite } from './site.js';

export function buildRegionsSeries(plan: Plan, ctx: SeriesContext, options: SeriesOptions): SeriesModel {
  if (plan.core.state === 'legacy') throw new TransformRefusal(`legacy PCI devres core: ${plan.core.summary}`);
  void ctx;
  void options;
  const sites = plan.callSites as RegionSite[];
  return { transform: plan.transform, coreState: plan.core.state, strategy: 'thread', phases: [], patches: [], cover: { subject: '', body: '' }, notes: [`${sites.length} sites`] };
}
