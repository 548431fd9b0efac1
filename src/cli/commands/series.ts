// `kcodemod series`: write the migration as a git format-patch series with a cover letter.
import path from 'node:path';
import type { AnyTransform } from '../../transform.js';
import type { ParsedCommandLine } from '../args.js';
import { analyzeTree, resolveTree } from '../../pipeline.js';
import { Timings } from '../../util/timings.js';
import { progressReporter } from '../output.js';
import { seriesCommandOptions, type SeriesCommandOptions } from '../series-options.js';
import { buildSeries, patchesToWrite } from '../../series/build.js';
import { emitSeries } from '../../series/emit.js';
import { collectGarbage } from '../../util/memory.js';
import { seriesManifest } from '../../series/versions/manifest.js';
import { changesSince } from '../../series/versions/changelog.js';
import { rangeDiff, rangeDiffTitle } from '../../series/versions/range-diff.js';
import { renderMbox } from '../../render/mbox.js';
import { writeSeriesDirectory } from '../../render/output-dir.js';
import { writeFileAtomic, isWithin } from '../../util/fs.js';
import type { SeriesModel } from '../../series/model.js';
import type { Plan } from '../../types.js';
import type { RenderedFile } from '../../render/format-patch.js';

export interface PreparedSeries {
  plan: Plan;
  model: SeriesModel;
  options: SeriesCommandOptions;
}

/** Analyse and plan the series (shared by series, apply and review). */
export async function prepareSeries(transform: AnyTransform, cl: ParsedCommandLine, timings: Timings, progress?: (m: string) => void) {
  // Options first: a bad flag, identity or output path is reported before the tree is analysed.
  const options = seriesCommandOptions(transform, cl, resolveTree(cl.tree));
  const analysis = await analyzeTree(transform, cl.tree, { forceScan: !!cl.flags.scan, progress, timings, paths: cl.paths });
  const model = timings.measureSync('series', () =>
    buildSeries({ transform, plan: analysis.plan, files: analysis.files, options: options.series, prefixOverrides: options.prefixOverrides }),
  );
  // The model holds what the series needs; what planning it took can go before rendering.
  collectGarbage();
  return { ...analysis, model, options };
}

export function renderWritableSeries(
  model: SeriesModel,
  plan: Plan,
  options: SeriesCommandOptions,
  timings: Timings,
  inputs?: string[],
): { files: RenderedFile[]; warnings: string[]; written: SeriesModel } {
  const toWrite = patchesToWrite(model, options.series.decisions);
  const previous = options.previous;
  const warnings: string[] = [];
  if (previous) {
    // A new version: what changed since the last one, after the summary, as b4 writes it.
    toWrite.cover = { ...toWrite.cover, body: `${toWrite.cover.body}\n\n${changesSince(previous, toWrite, options.version ?? previous.version + 1)}` };
  }
  const emitted = timings.measureSync('render', () =>
    emitSeries(toWrite, {
      tree: plan.tree,
      author: options.series.author,
      date: options.date,
      subjectPrefix: options.subjectPrefix,
      version: options.version,
      maintainers: options.maintainers,
      recipients: options.recipients,
      toAll: options.toAll,
      thread: options.thread ?? undefined,
      mergingSection: options.mergingSection,
      scriptsFrom: options.scriptsFrom,
      signature: process.env.KCODEMOD_SIGNATURE,
      inputs,
      coverAppendix: previous
        ? (files) => {
            const rd = rangeDiff(plan.tree, previous, files);
            if (rd.text === null) {
              warnings.push(`no range-diff against v${previous.version}: ${rd.reason}`);
              return null;
            }
            return `${rangeDiffTitle(previous.version)}\n${rd.text}`;
          }
        : undefined,
    }),
  );
  return { files: emitted.files, warnings: [...warnings, ...emitted.warnings], written: toWrite };
}

export async function runSeries(transform: AnyTransform, cl: ParsedCommandLine): Promise<number> {
  const timings = new Timings();
  const progress = progressReporter(!cl.flags.stdout);
  const { plan, model, options, files: treeFiles } = await prepareSeries(transform, cl, timings, progress.update);
  progress.done();
  if (!cl.flags.output && !cl.flags.stdout && isWithin(plan.tree, options.outputDir)) {
    throw new Error(`the default output directory ${options.outputDir} is inside the kernel tree: pass -o DIR`);
  }
  for (const n of model.notes) process.stderr.write(`kcodemod: ${n}\n`);
  if (model.patches.length === 0) {
    process.stderr.write(`kcodemod: nothing to do on this tree (core state: ${plan.core.state}); no series written\n`);
    if (cl.flags.timings) process.stderr.write(timings.format() + '\n');
    return 0;
  }
  const { files, warnings, written } = renderWritableSeries(model, plan, options, timings, treeFiles.readPaths());
  for (const w of warnings) process.stderr.write(`kcodemod: warning: ${w}\n`);
  timings.measureSync('write', () => {
    const mbox = cl.flags.mbox as string | undefined;
    if (cl.flags.stdout) {
      process.stdout.write(renderMbox(files));
      if (mbox) writeFileAtomic(path.resolve(mbox), renderMbox(files));
    } else {
      // The mbox lands with the directory or not at all.
      const extraOutputs = mbox ? [{ path: path.resolve(mbox), bytes: renderMbox(files) }] : [];
      writeSeriesDirectory(options.outputDir, files, { force: !!cl.flags.force, manifest: seriesManifest(written, files), extraOutputs });
    }
  });
  if (!cl.flags.stdout) {
    process.stderr.write(`kcodemod: wrote ${files.length - 1} patches and a cover letter to ${options.outputDir}\n`);
    for (const f of files) process.stderr.write(`  ${f.name}\n`);
  }
  if (cl.flags.timings) process.stderr.write(timings.format() + '\n');
  return 0;
}
