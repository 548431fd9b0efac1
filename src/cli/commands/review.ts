// `kcodemod review`: the interactive face of `series`. The backend below uses the very functions
// `series --decisions` uses (buildSeries, patchesToWrite, emitSeries, writeSeriesDirectory), so the
// UI can never write a different series than the batch command would from the same decisions.
import fs from 'node:fs';
import path from 'node:path';
import type { AnyTransform } from '../../transform.js';
import type { ParsedCommandLine } from '../args.js';
import { Timings } from '../../util/timings.js';
import { prepareSeries, renderWritableSeries } from './series.js';
import { buildSeries, seriesContext } from '../../series/build.js';
import { renderSeries } from '../../render/format-patch.js';
import { seriesManifest } from '../../series/versions/manifest.js';
import { writeSeriesDirectory, DECISIONS_FILE, refuseForeignDirectory, seriesFilePath } from '../../render/output-dir.js';
import { lockOutput } from '../../util/output-lock.js';
import { writeFileAtomic } from '../../util/fs.js';
import { emptyDecisions, parseDecisions, serializeDecisions, type Decisions } from '../../series/decisions.js';
import type { SeriesModel } from '../../series/model.js';
import type { ReviewBackend } from '../../review/backend.js';
import type { Plan } from '../../types.js';

/** Decision keys that no longer name a site, module or patch of this plan/series. */
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

export async function runReviewCommand(transform: AnyTransform, cl: ParsedCommandLine): Promise<number> {
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    throw new Error(`review needs an interactive terminal; use \`kcodemod series ${transform.name} --decisions FILE\` instead`);
  }
  const timings = new Timings();
  const prepared = await prepareSeries(transform, cl, timings);
  const { plan, files, options } = prepared;
  const outputDir = options.outputDir;
  const decisionsPath = path.join(outputDir, DECISIONS_FILE);
  // Resume: the decisions saved in the output directory win over --decisions (they are newer).
  let decisions: Decisions = options.series.decisions ?? emptyDecisions(transform.name);
  const savedPath = seriesFilePath(outputDir, 'decisions');
  if (fs.existsSync(savedPath)) decisions = parseDecisions(fs.readFileSync(savedPath, 'utf8'), transform, savedPath);
  // The review writes the directory for its whole session (decisions at every key): a series run
  // meanwhile is refused, and so is a directory of other files without --force.
  lockOutput(path.resolve(outputDir), 'the output directory');
  refuseForeignDirectory(outputDir, !!cl.flags.force);
  const ctx = seriesContext(plan, files, options.prefixOverrides);
  const build = (d: Decisions) => buildSeries({ transform, plan, files, options: { ...options.series, decisions: d }, prefixOverrides: options.prefixOverrides }, ctx);
  const first = build(decisions);
  const rendered = new WeakMap<SeriesModel, string[]>();
  const backend: ReviewBackend = {
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
          ? renderSeries(series, { author: options.series.author, date: options.date, subjectPrefix: options.subjectPrefix, version: options.version, baseCommit: null, commitIds: null, to: null, cc: null, numbered: true, signature: 'kcodemod' })
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
      const { files: out, written } = renderWritableSeries(model, plan, { ...options, series: { ...options.series, decisions: d } }, timings);
      writeSeriesDirectory(outputDir, out, { force: !!cl.flags.force, manifest: seriesManifest(written, out) });
      return { dir: outputDir, files: out.length };
    },
    outputDir,
  };
  const { runReview } = await import('../../review/run.js');
  return runReview(backend);
}
