// `kcodemod apply`: commit the series (generated now, or --series DIR) on a new branch.
import path from 'node:path';
import type { AnyTransform } from '../../transform.js';
import type { ParsedCommandLine } from '../args.js';
import { InputError, UsageError } from '../../errors.js';
import { resolveTree } from '../../pipeline.js';
import { applySeries, operationInProgress, type ApplyResult } from '../../apply/apply.js';
import { listSeriesPatches } from '../../check/series-files.js';
import { Timings } from '../../util/timings.js';
import { dirtyFiles, isGitTopLevel } from '../../util/git.js';
import { applyRenderedSeries } from '../../apply/apply-rendered.js';
import { prepareSeries } from '../series-options.js';
import { renderWritableSeries } from '../../series/render-series.js';
import { printResult, type Printer } from '../printer.js';

export interface ApplyOutcome {
  tree: string;
  /** Null when there was nothing to do (no branch created). */
  applied: ApplyResult | null;
  coreState: string | null;
}

export const applyPrinter: Printer<ApplyOutcome> = {
  stream: 'stderr',
  text(r) {
    if (!r.applied) return `kcodemod: nothing to do on this tree (core state: ${r.coreState}); no branch created`;
    return `kcodemod: committed ${r.applied.commits.length} patches on the new branch ${r.applied.branch}`;
  },
  json(r) {
    return { tree: r.tree, branch: r.applied?.branch ?? null, base: r.applied?.base ?? null, commits: r.applied?.commits ?? [] };
  },
};

export async function runApply(transform: AnyTransform, cl: ParsedCommandLine): Promise<number> {
  const branch = cl.flags.branch as string | undefined;
  if (!branch) throw new UsageError('apply: --branch NAME is required (the new branch to commit the series on)');
  const tree = resolveTree(cl.tree);
  refuseUnlessClean(tree);
  const seriesDir = cl.flags.series as string | undefined;
  if (seriesDir) {
    const applied = await applySeries(tree, branch, listSeriesPatches(path.resolve(seriesDir)).map((p) => p.path));
    printResult(cl, applyPrinter, { tree, applied, coreState: null });
    return 0;
  }
  const timings = new Timings();
  const { plan, model, options } = await prepareSeries(transform, cl, timings);
  if (model.patches.length === 0) {
    printResult(cl, applyPrinter, { tree, applied: null, coreState: plan.core.state });
    return 0;
  }
  const { files, warnings } = renderWritableSeries(model, plan, { ...options, maintainers: false }, timings);
  for (const w of warnings) process.stderr.write(`kcodemod: warning: ${w}\n`);
  const applied = await applyRenderedSeries(tree, branch, files);
  printResult(cl, applyPrinter, { tree, applied, coreState: null });
  return 0;
}

/** What applySeries would refuse, refused before the analysis (and before its warnings). */
function refuseUnlessClean(tree: string): void {
  if (!isGitTopLevel(tree)) throw new InputError(`${tree} is not the top level of a git work tree: apply commits the series on a new branch of it`);
  const busy = operationInProgress(tree);
  if (busy) throw new InputError(`the tree is in the middle of ${busy}: finish or abort it first (apply would disturb it)`);
  const dirty = dirtyFiles(tree);
  if (dirty.length) throw new InputError(`the tree has uncommitted changes (${dirty.slice(0, 3).join(', ')}${dirty.length > 3 ? ', ...' : ''}): apply needs a clean tree`);
}
