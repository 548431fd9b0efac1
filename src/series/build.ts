// From a plan to a series ready to render: subsystems and subject prefixes from the tree, the
// transform's series planner, then the person's patch decisions (subject/body edits, drops).
import type { AnyTransform, SeriesOptions, SeriesContext } from '../transform.js';
import type { Plan } from '../types.js';
import type { SeriesModel, SeriesPatch } from './model.js';
import { RefusedDecisionsError, refusedDecisionsProblem, refusedSiteDecisions, type Decisions } from './decisions.js';
import type { TreeFiles } from '../pipeline.js';
import { subsystemResolver, subjectPrefixResolver } from './subsystems.js';
import { COVER_WIDTH, wrapText } from './wrap.js';

export interface BuildSeriesInput {
  transform: AnyTransform;
  plan: Plan;
  files: TreeFiles;
  options: SeriesOptions;
  prefixOverrides: Record<string, string>;
}

export function seriesContext(transform: AnyTransform, plan: Plan, files: TreeFiles, prefixOverrides: Record<string, string>): SeriesContext {
  const subsystemOf = subsystemResolver(plan.tree, (rel) => files.read(rel));
  const subjectPrefix = subjectPrefixResolver(plan.tree, (rel) => files.read(rel), prefixOverrides, transform.vocabulary.subjectPrefixes);
  return {
    tree: plan.tree,
    readFile: (rel) => files.read(rel),
    parseFile: (rel) => files.parse(rel),
    subsystemOf,
    subjectPrefix,
  };
}

/** The series with every patch the transform plans, subject/body edits applied (drops are not). */
export function buildSeries(input: BuildSeriesInput, ctx?: SeriesContext): SeriesModel {
  const context = ctx ?? seriesContext(input.transform, input.plan, input.files, input.prefixOverrides);
  const model = input.transform.buildSeries(input.plan, context, input.options);
  const decisions = input.options.decisions;
  const refused = refusedSiteDecisions(input.plan.callSites, input.transform.vocabulary, decisions, model.refusedDecisions);
  const problem = refusedDecisionsProblem(input.plan.callSites, decisions, refused);
  if (problem) throw new RefusedDecisionsError(`decision refused: ${problem}`, refused);
  applyPatchEdits(model, decisions);
  model.cover = editedCover(model.cover, decisions);
  return model;
}

export function applyPatchEdits(model: SeriesModel, decisions: Decisions | null): void {
  if (!decisions) return;
  for (const patch of model.patches) {
    const d = decisions.patches[patch.key];
    if (!d) continue;
    if (d.subject) patch.subject = d.subject.replace(/[\r\n]+/g, ' ').trim();
    if (d.body !== undefined) patch.body = d.body.replace(/\s+$/, '');
    if (d.trailers !== undefined) patch.trailers = [...d.trailers];
  }
}

/** The cover letter with a person's edited subject and text (the acks, shortlog and diffstat are added when written). */
export function editedCover(cover: SeriesModel['cover'], decisions: Decisions | null): SeriesModel['cover'] {
  const edit = decisions?.cover;
  if (!edit) return cover;
  return {
    ...cover,
    ...(edit.subject ? { subject: edit.subject.trim() } : {}),
    ...(edit.body !== undefined ? { body: edit.body.replace(/\s+$/, '') } : {}),
  };
}

export interface Breakage {
  patch: SeriesPatch;
  missing: SeriesPatch[];
}

/** Kept patches that depend on a dropped one: writing such a series is refused. */
export function brokenDependencies(model: SeriesModel, decisions: Decisions | null): Breakage[] {
  const dropped = new Set(model.patches.filter((p) => decisions?.patches[p.key]?.status === 'dropped').map((p) => p.key));
  const out: Breakage[] = [];
  for (const p of model.patches) {
    if (dropped.has(p.key)) continue;
    const missing = p.dependsOn.filter((k) => dropped.has(k)).map((k) => model.patches.find((q) => q.key === k)!);
    if (missing.length) out.push({ patch: p, missing });
  }
  return out;
}

/** The patches that are written: every patch not dropped. Throws when that breaks a dependency. */
export function patchesToWrite(model: SeriesModel, decisions: Decisions | null): SeriesModel {
  const broken = brokenDependencies(model, decisions);
  if (broken.length) {
    const b = broken[0];
    throw new Error(`"${b.patch.subject}" needs the dropped patch "${b.missing[0].subject}": accept it again or drop the patches that need it`);
  }
  const patches = model.patches.filter((p) => decisions?.patches[p.key]?.status !== 'dropped');
  return withAcks({ ...model, patches });
}

/** The cover letter's merge path with whose ack each written patch needs, numbered as written. */
function withAcks(model: SeriesModel): SeriesModel {
  if (!model.cover.mergePath || model.patches.length === 0) return model;
  const total = model.patches.length;
  const lines = ['', 'Merge path and acks:', '', wrapText(model.cover.mergePath), ''];
  const number = (i: number) => `${String(i + 1).padStart(String(total).length, '0')}/${total}`;
  model.patches.forEach((p, i) => {
    const { subsystem, who, alsoAs } = acksOf(p, model.patches.slice(0, i));
    const names = who.length ? who.map(personName).join(', ') : 'no maintainer listed';
    const also = alsoAs.length ? `; its other files as in ${numberRanges(alsoAs).map(([a, b]) => (a === b ? `[${number(a)}]` : `[${number(a)}]-[${number(b)}]`)).join(', ')}` : '';
    const tag = `  [${number(i)}] `;
    lines.push(tag + wrapText(`${subsystem}: ${names}${also}`, COVER_WIDTH, ' '.repeat(tag.length)).slice(tag.length));
  });
  return { ...model, cover: { ...model.cover, body: `${model.cover.body}\n${lines.join('\n')}` } };
}

/**
 * Whose ack a patch needs, without repeating a whole earlier patch's list: a patch that also touches
 * files of other subsystems (SeriesBuilder names them "X, also A, B") refers to the earlier patch
 * that asked the same people, by number.
 */
function acksOf(patch: SeriesPatch, earlier: SeriesPatch[]): { subsystem: string; who: string[]; alsoAs: number[] } {
  const [own, others] = patch.subsystem.split(', also ');
  if (!others) return { subsystem: patch.subsystem, who: patch.acksFrom, alsoAs: [] };
  const alsoAs: number[] = [];
  const covered = new Set<string>();
  earlier.forEach((q, j) => {
    if (q.subsystem === own || q.acksFrom.length === 0 || !q.acksFrom.every((a) => patch.acksFrom.includes(a))) return;
    if (q.acksFrom.every((a) => covered.has(a))) return;
    alsoAs.push(j);
    for (const a of q.acksFrom) covered.add(a);
  });
  const ownAcks = earlier.find((q) => q.subsystem === own)?.acksFrom ?? [];
  const who = patch.acksFrom.filter((a) => !covered.has(a) || ownAcks.includes(a));
  const uncovered = others.split(', ').filter((name) => !alsoAs.some((j) => earlier[j].subsystem === name));
  return { subsystem: uncovered.length ? `${own}, also ${uncovered.join(', ')}` : own, who, alsoAs };
}

/** Ascending indexes as runs: [1,2,3,5] -> [[1,3],[5,5]]. */
function numberRanges(indexes: number[]): [number, number][] {
  const runs: [number, number][] = [];
  for (const i of indexes) {
    const last = runs[runs.length - 1];
    if (last && last[1] === i - 1) last[1] = i;
    else runs.push([i, i]);
  }
  return runs;
}

/** "Name <address>" -> "Name"; an address without a name stays as it is. */
function personName(entry: string): string {
  const named = /^\s*"?([^"<]*?)"?\s*<[^>]*>\s*$/.exec(entry);
  return named && named[1] ? named[1] : entry.trim();
}
