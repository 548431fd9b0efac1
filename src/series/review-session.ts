// The backend the interactive review runs on. It uses the very functions `series --decisions` uses
// (buildSeries, renderWritableSeries, writeSeriesDirectory), so the UI can never write a different
// series than the batch command would from the same decisions.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { AnyTransform } from '../transform.js';
import type { ReviewBackend } from '../review/backend.js';
import { brokenDependencies, buildSeries, seriesContext } from './build.js';
import { emptyDecisions, parseDecisions, serializeDecisions, type Decisions } from './decisions.js';
import type { SeriesModel } from './model.js';
import type { PlannedSeries } from './plan-series.js';
import { renderWritableSeries, type RenderedSeries } from './render-series.js';
import { staleDecisionKeys } from './stale-decisions.js';
import { seriesManifest } from './versions/manifest.js';
import { renderSeries } from '../render/format-patch.js';
import { writeSeriesDirectory, DECISIONS_FILE, seriesFilePath } from '../render/output-dir.js';
import { writeFileAtomic } from '../util/fs.js';
import { writtenSeriesState } from './written-state.js';
import type { RenderedFile } from '../render/format-patch.js';
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
  const renderWritten = (model: SeriesModel, d: Decisions) =>
    renderWritableSeries(model, plan, { ...run, series: { ...run.series, decisions: d } }, options.timings);
  // Rendering runs git (commit ids) and reads MAINTAINERS: done again only when what would be
  // written changed (an accept changes nothing written; a drop or an edit does).
  const previews = new Map<string, SeriesPreview>();
  const previewOf = (series: SeriesModel, d: Decisions): SeriesPreview => {
    const key = writtenFingerprint(series, d);
    let preview = previews.get(key);
    if (!preview) {
      preview = seriesPreview(series, d, renderWritten);
      if (previews.size >= 8) previews.delete(previews.keys().next().value!);
      previews.set(key, preview);
    }
    return preview;
  };
  // A patch outside the written series (dropped, or while the series cannot be written): alone, unnumbered.
  const alone = (series: SeriesModel, index: number) =>
    renderSeries({ ...series, patches: [series.patches[index]] }, { author: run.series.author, date: run.date, subjectPrefix: run.subjectPrefix, version: run.version, baseCommit: null, commitIds: null, to: null, cc: null, numbered: false, signature: process.env.KCODEMOD_SIGNATURE })[1].bytes.toString('latin1');
  return {
    plan,
    vocabulary: transform.vocabulary,
    decisions,
    staleDecisions: staleDecisionKeys(decisions, plan, first),
    // The review's first state asks for the series of the start decisions: the one built above.
    buildSeries: (d) => (d === decisions ? first : build(d)),
    renderPatchText(series, index, d) {
      const patch = series.patches[index];
      if (!patch) return '';
      return previewOf(series, d).patches.get(patch.key) ?? alone(series, index);
    },
    renderCoverText(series, d) {
      const preview = previewOf(series, d);
      return preview.cover ?? `The series cannot be written as decided: ${preview.problem}\n`;
    },
    readTreeFile: (rel) => files.read(rel),
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
    writtenState(series, d) {
      const preview = previewOf(series, d);
      return writtenSeriesState(outputDir, preview.files && preview.files.map((file) => ({ name: file.name, bytes: file.bytes })));
    },
  };
}

interface SeriesPreview {
  /** Each written patch's file text, by patch key. */
  patches: Map<string, string>;
  cover: string | null;
  /** Why nothing can be written now (a kept patch needs a dropped one). */
  problem: string | null;
  /** The files w writes, cover letter first; null when nothing can be written. */
  files: RenderedFile[] | null;
}

/** The files `w` would write for these decisions, rendered by the same writer. */
function seriesPreview(series: SeriesModel, decisions: Decisions, render: (model: SeriesModel, d: Decisions) => RenderedSeries): SeriesPreview {
  const broken = brokenDependencies(series, decisions);
  if (broken.length > 0) return { patches: new Map(), cover: null, problem: `"${broken[0].patch.subject}" needs the dropped patch "${broken[0].missing[0].subject}"`, files: null };
  const { files, written } = render(series, decisions);
  const texts = files.map((file) => file.bytes.toString('latin1'));
  return { patches: new Map(written.patches.map((patch, i) => [patch.key, texts[i + 1]])), cover: texts[0] ?? null, problem: null, files };
}

/** A digest of what `w` would write from this series and these decisions (the patches not dropped, the cover letter). */
function writtenFingerprint(series: SeriesModel, decisions: Decisions): string {
  const hash = createHash('sha1');
  const field = (text: string) => hash.update(`${text.length}:${text}`);
  field(series.cover.subject);
  field(series.cover.body);
  field(series.cover.mergePath ?? '');
  for (const patch of series.patches) {
    if (decisions.patches[patch.key]?.status === 'dropped') {
      field(`dropped ${patch.key}`);
      continue;
    }
    for (const text of [patch.key, patch.subject, patch.body, ...patch.trailers, ...patch.dependsOn, ...patch.acksFrom, patch.subsystem]) field(text);
    for (const change of patch.changes) {
      field(change.path);
      for (const bytes of [change.before, change.after]) {
        field(bytes === null ? 'null' : String(bytes.length));
        if (bytes) hash.update(bytes);
      }
    }
  }
  return hash.digest('hex');
}
