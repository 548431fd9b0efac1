// The series as files, as written: the patches the decisions keep, with what a new version adds to
// the cover letter ("Changes in vN:" after the summary and the range-diff, as b4 writes them).
import type { Plan } from '../types.js';
import type { RenderedFile } from '../render/format-patch.js';
import type { SeriesModel } from './model.js';
import type { SeriesRunOptions } from './run-options.js';
import { patchesToWrite } from './build.js';
import { emitSeries } from './emit.js';
import { changesSince } from './versions/changelog.js';
import { rangeDiff, rangeDiffTitle } from './versions/range-diff.js';
import { Timings } from '../util/timings.js';

export interface RenderedSeries {
  /** The cover letter first, then one file per patch. */
  files: RenderedFile[];
  warnings: string[];
  /** The model the files were rendered from (dropped patches gone): what the manifest describes. */
  written: SeriesModel;
}

export function renderWritableSeries(model: SeriesModel, plan: Plan, options: SeriesRunOptions, timings: Timings, inputs?: string[]): RenderedSeries {
  const toWrite = patchesToWrite(model, options.series.decisions);
  const previous = options.previous;
  const warnings: string[] = [];
  if (previous) {
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
