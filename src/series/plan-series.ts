// The series half of the pipeline, up to the model: analyse the tree, then plan the series
// (shared by series, review and apply).
import type { AnyTransform } from '../transform.js';
import { analyzeTree, type Analysis, type AnalyzeOptions } from '../pipeline.js';
import { buildSeries } from './build.js';
import type { SeriesModel } from './model.js';
import type { SeriesRunOptions } from './run-options.js';
import { Timings } from '../util/timings.js';
import { collectGarbageAndFinalize } from '../util/memory.js';

export interface PlannedSeries extends Analysis {
  model: SeriesModel;
  options: SeriesRunOptions;
}

export async function planSeries(
  transform: AnyTransform,
  tree: string | undefined,
  options: SeriesRunOptions,
  analysis: AnalyzeOptions & { timings: Timings },
): Promise<PlannedSeries> {
  const analyzed = await analyzeTree(transform, tree, analysis);
  const model = analysis.timings.measureSync('series', () =>
    buildSeries({ transform, plan: analyzed.plan, files: analyzed.files, options: options.series, prefixOverrides: options.prefixOverrides }),
  );
  // The model holds what the series needs; what planning it took (the trees of the rewritten
  // files too) can go before rendering.
  await collectGarbageAndFinalize();
  return { ...analyzed, model, options };
}
