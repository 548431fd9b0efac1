// The backend the interactive review runs on. It uses the very functions `series --decisions` uses
// (buildSeries, renderWritableSeries, writeSeriesDirectory), so the UI can never write a different
// series than the batch command would from the same decisions.
import fs from 'node:fs';
import path from 'node:path';
import type { AnyTransform } from '../transform.js';
import type { ReviewBackend } from '../review/backend.js';
import { buildSeries, seriesContext } from './build.js';
import { emptyDecisions, parseDecisions, serializeDecisions, type Decisions } from './decisions.js';
import type { SeriesModel } from './model.js';
import type { PlannedSeries } from './plan-series.js';
import { renderWritableSeries } from './render-series.js';
import { staleDecisionKeys } from './stale-decisions.js';
import { seriesManifest } from './versions/manifest.js';
import { renderSeries } from '../render/format-patch.js';
import { writeSeriesDirectory, DECISIONS_FILE, seriesFilePath } from '../render/output-dir.js';
import { writeFileAtomic } from '../util/fs.js';
import { Timings } from '../util/timings.js';

/** Resume: the decisions saved in the output directory win over the given ones (they are newer). */
export function reviewStartDecisions(transform: AnyTransform, outputDir: string, given: Decisions | null): Decisions {
  const savedPath = seriesFilePath(outputDir, 'decisions');
  if (fs.existsSync(savedPath)) return parseDecisions(fs.readFileSync(savedPath, 'utf8'), transform, savedPath);
  return given ?? emptyDecisions(transform.name);
}

export function reviewBackend(transform: AnyTransform, planned: PlannedSeries, options: { force: boolean; timings: Timings }): ReviewBackend {
  const { plan, files, options: run } = planned;
  const outputDir = run.outputDir;
  const decisionsPath = path.join(outputDir, DECISIONS_FILE);
  const decisions = reviewStartDecisions(transform, outputDir, run.series.decisions);
  const ctx = seriesContext(transform, plan, files, run.prefixOverrides);
  const build = (d: Decisions) => buildSeries({ transform, plan, files, options: { ...run.series, decisions: d }, prefixOverrides: run.prefixOverrides }, ctx);
  const first = build(decisions);
  const rendered = new WeakMap<SeriesModel, string[]>();
  return {
    plan,
    vocabulary: transform.vocabulary,
    decisions,
    staleDecisions: staleDecisionKeys(decisions, plan, first),
    buildSeries: build,
    renderPatchText(series, index) {
      let texts = rendered.get(series);
      if (!texts) {
        // The viewer needs the text only: no commit ids, no get_maintainer.pl.
        const out = series.patches.length
          ? renderSeries(series, { author: run.series.author, date: run.date, subjectPrefix: run.subjectPrefix, version: run.version, baseCommit: null, commitIds: null, to: null, cc: null, numbered: true, signature: 'kcodemod' })
          : [];
        texts = out.slice(1).map((f) => f.bytes.toString('latin1'));
        rendered.set(series, texts);
      }
      return texts[index] ?? '';
    },
    saveDecisions(d) {
      fs.mkdirSync(path.dirname(decisionsPath), { recursive: true });
      writeFileAtomic(decisionsPath, Buffer.from(serializeDecisions(d)));
    },
    write(d) {
      const model = build(d);
      const { files: out, written } = renderWritableSeries(model, plan, { ...run, series: { ...run.series, decisions: d } }, options.timings);
      writeSeriesDirectory(outputDir, out, { force: options.force, manifest: seriesManifest(written, out) });
      return { dir: outputDir, files: out.length };
    },
    outputDir,
  };
}
