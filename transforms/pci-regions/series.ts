// The series comes with statement deletion; until then the transform plans only.
import type { Plan, SeriesContext, SeriesModel, SeriesOptions } from '../../src/sdk.js';
import { TransformRefusal } from '../../src/sdk.js';
import type { RegionSite } from './site.js';

export function buildRegionsSeries(plan: Plan<RegionSite>, ctx: SeriesContext, options: SeriesOptions): SeriesModel {
  void ctx;
  void options;
  throw new TransformRefusal(`${plan.transform}: the series needs statement deletion, which this build does not have yet`);
}
