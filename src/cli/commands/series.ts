// `kcodemod series`: write the migration as a git format-patch series with a cover letter.
import path from 'node:path';
import type { AnyTransform } from '../../transform.js';
import type { ParsedCommandLine } from '../args.js';
import { UsageError } from '../../errors.js';
import { Timings } from '../../util/timings.js';
import { progressReporter } from '../output.js';
import { prepareSeries } from '../series-options.js';
import { renderWritableSeries } from '../../series/render-series.js';
import { writeSeries, type WrittenSeries } from '../../series/write-series.js';
import { renderMbox } from '../../render/mbox.js';
import { writeFileAtomic, isWithin } from '../../util/fs.js';
import type { Printer } from '../printer.js';
import { printResult } from '../printer.js';

export interface SeriesResult {
  transform: string;
  tree: string;
  coreState: string;
  notes: string[];
  warnings: string[];
  /** Null when there was nothing to do, or the series went to stdout (--stdout). */
  written: WrittenSeries | null;
}

export const seriesPrinter: Printer<SeriesResult> = {
  stream: 'stderr',
  text(r) {
    const lines = [...r.notes.map((n) => `kcodemod: ${n}`), ...r.warnings.map((w) => `kcodemod: warning: ${w}`)];
    if (r.written) {
      lines.push(`kcodemod: wrote ${r.written.patches.length} patches and a cover letter to ${r.written.dir}`);
      for (const f of [r.written.cover, ...r.written.patches]) lines.push(`  ${path.basename(f)}`);
    }
    return lines.join('\n');
  },
  json(r) {
    return {
      transform: r.transform,
      tree: r.tree,
      coreState: r.coreState,
      outputDir: r.written?.dir ?? null,
      patchCount: r.written?.patches.length ?? 0,
      cover: r.written?.cover ?? null,
      patches: r.written?.patches ?? [],
      mbox: r.written?.mbox ?? null,
      notes: r.notes,
      warnings: r.warnings,
    };
  },
};

export async function runSeries(transform: AnyTransform, cl: ParsedCommandLine): Promise<number> {
  if (cl.flags.json && cl.flags.stdout) throw new UsageError('series: --json and --stdout both want stdout: pick one');
  const timings = new Timings();
  const progress = progressReporter(!cl.flags.stdout && !cl.flags.json);
  const { plan, model, options, files: treeFiles } = await prepareSeries(transform, cl, timings, progress.update);
  progress.done();
  if (!cl.flags.output && !cl.flags.stdout && isWithin(plan.tree, options.outputDir)) {
    throw new Error(`the default output directory ${options.outputDir} is inside the kernel tree: pass -o DIR`);
  }
  const result: SeriesResult = { transform: plan.transform, tree: plan.tree, coreState: plan.core.state, notes: [...model.notes], warnings: [], written: null };
  if (model.patches.length === 0) {
    result.notes.push(`nothing to do on this tree (core state: ${plan.core.state}); no series written`);
  } else {
    const rendered = renderWritableSeries(model, plan, options, timings, treeFiles.readPaths());
    result.warnings.push(...rendered.warnings);
    const mbox = cl.flags.mbox as string | undefined;
    timings.measureSync('write', () => {
      if (cl.flags.stdout) {
        process.stdout.write(renderMbox(rendered.files));
        if (mbox) writeFileAtomic(path.resolve(mbox), renderMbox(rendered.files));
      } else {
        result.written = writeSeries(options.outputDir, rendered, { force: !!cl.flags.force, mbox });
      }
    });
  }
  printResult(cl, seriesPrinter, result);
  if (cl.flags.timings) process.stderr.write(timings.format() + '\n');
  return 0;
}
