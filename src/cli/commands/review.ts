// `kcodemod review`: the interactive face of `series`, on the backend in src/series/review-session.ts.
import path from 'node:path';
import type { AnyTransform } from '../../transform.js';
import type { ParsedCommandLine } from '../args.js';
import { Timings } from '../../util/timings.js';
import { seriesCommandOptions } from '../series-options.js';
import { resolveTree } from '../../pipeline.js';
import { planSeries } from '../../series/plan-series.js';
import { factCacheSettings } from '../fact-cache-option.js';
import { reviewBackend } from '../../series/review-session.js';
import { refuseForeignDirectory } from '../../render/output-dir.js';
import { lockOutput } from '../../util/output-lock.js';
import { collectGarbageAndFinalize } from '../../util/memory.js';

export async function runReviewCommand(transform: AnyTransform, cl: ParsedCommandLine): Promise<number> {
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    throw new Error(`review needs an interactive terminal; use \`kcodemod series ${transform.name} --decisions FILE\` instead`);
  }
  const timings = new Timings();
  // Usage and option errors first, on the plain terminal; the analysis runs behind the review's screen.
  const options = seriesCommandOptions(transform, cl, resolveTree(cl.tree));
  const outputDir = options.outputDir;
  // The review writes the directory for its whole session (decisions at every key): a series run
  // meanwhile is refused, and so is a directory of other files without --force.
  lockOutput(path.resolve(outputDir), 'the output directory');
  refuseForeignDirectory(outputDir, !!cl.flags.force);
  const { runReview } = await import('../../review/run.js');
  return runReview({
    transform: transform.name,
    load: async (stage) => {
      const planned = await planSeries(transform, cl.tree, options, { forceScan: !!cl.flags.scan, progress: stage, timings, paths: cl.paths, cache: factCacheSettings(transform, cl) });
      stage('building the series with the saved decisions');
      await new Promise((resolve) => setTimeout(resolve, 0));
      const backend = reviewBackend(transform, planned, { force: !!cl.flags.force, timings });
      // Its first build's garbage (the trees of the rewritten files) goes before the first render.
      await collectGarbageAndFinalize();
      return backend;
    },
  });
}
