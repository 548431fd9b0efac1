// Decisions that no longer apply: keys naming a site, module or patch this plan and series lack.
import type { Plan } from '../types.js';
import type { Decisions } from './decisions.js';
import type { SeriesModel } from './model.js';

export function staleDecisionKeys(decisions: Decisions, plan: Plan, series: SeriesModel): string[] {
  const sites = new Set(plan.callSites.map((s) => s.id));
  const modules = new Set(plan.callSites.map((s) => s.module));
  const patches = new Set(series.patches.map((p) => p.key));
  return [
    ...Object.keys(decisions.sites).filter((k) => !sites.has(k)).map((k) => `site ${k}`),
    ...Object.keys(decisions.modules).filter((k) => !modules.has(k)).map((k) => `module ${k}`),
    ...Object.keys(decisions.patches).filter((k) => !patches.has(k)).map((k) => `patch ${k}`),
  ];
}
