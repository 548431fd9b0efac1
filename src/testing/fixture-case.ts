// One fixture case of a transform, run in-process as `plan --json` and `series` would run it: a
// tree in, the plan JSON and the patch files out, with a fixed author and date so the bytes are
// reproducible. The test kit compares them with the case's expected files.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AnyTransform, SeriesOptions } from '../transform.js';
import type { Plan } from '../types.js';
import type { SplitBy } from '../series/builder.js';
import { analyzeTree } from '../pipeline.js';
import { buildSeries, patchesToWrite } from '../series/build.js';
import { emitSeries } from '../series/emit.js';
import { subsystemResolver, subjectPrefixResolver, annotateSubsystems } from '../series/subsystems.js';
import { transformOptionValues } from '../cli/transform-options.js';

/** What stands for the tree's absolute path in an expected plan.json. */
export const TREE_PLACEHOLDER = '<TREE>';
export const FIXTURE_AUTHOR = 'A. U. Thor <author@example.org>';
export const FIXTURE_DATE = new Date('2026-01-01T00:00:00Z');
/** Written after "-- " in every mail (the CLI writes the running git's version). */
export const FIXTURE_SIGNATURE = 'kcodemod';

/** `<case>/options.json`: the transform's own options (by flag name) and how port patches are cut. */
export interface CaseOptions {
  options?: Record<string, string | boolean | string[]>;
  split?: SplitBy;
}

export interface CaseOutput {
  /** The plan as `plan --json` prints it, the tree's path replaced by TREE_PLACEHOLDER. */
  planJson: string;
  /** The files `series` writes (cover letter first); none when the transform has nothing to do. */
  patches: { name: string; bytes: Buffer }[];
}

export function readCaseOptions(caseDir: string): CaseOptions {
  const file = path.join(caseDir, 'options.json');
  if (!fs.existsSync(file)) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`${file}: not valid JSON (${(e as Error).message})`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error(`${file}: must hold an object { "options": {...}, "split": "subsystem|module|file" }`);
  const unknownKey = Object.keys(parsed).find((k) => k !== 'options' && k !== 'split');
  if (unknownKey) throw new Error(`${file}: unknown key "${unknownKey}" (only "options" and "split")`);
  const { split } = parsed as CaseOptions;
  if (split !== undefined && split !== 'subsystem' && split !== 'module' && split !== 'file') throw new Error(`${file}: split must be subsystem, module or file, not ${JSON.stringify(split)}`);
  return parsed as CaseOptions;
}

const assembledTrees = new Map<string, string>();

/**
 * The tree a case runs on: `<case>/tree/`, laid over the directory that `<case>/base` names (one
 * line, relative to the case) when there is one, so that cases share what they all need (a subsystem's
 * core files) instead of each holding a copy. An assembled tree is made once per process, in a
 * temporary directory; the bytes of every file are the ones in the fixtures.
 */
export function caseTree(caseDir: string): string {
  const tree = path.join(caseDir, 'tree');
  const baseFile = path.join(caseDir, 'base');
  if (!fs.existsSync(baseFile)) return tree;
  const known = assembledTrees.get(caseDir);
  if (known) return known;
  const base = path.resolve(caseDir, fs.readFileSync(baseFile, 'utf8').trim());
  if (!fs.statSync(base, { throwIfNoEntry: false })?.isDirectory()) throw new Error(`${baseFile}: ${base} is not a directory`);
  const holder = fs.mkdtempSync(path.join(os.tmpdir(), 'kcodemod-fixture-'));
  if (assembledTrees.size === 0) process.once('exit', () => assembledTrees.forEach((dir) => fs.rmSync(path.dirname(dir), { recursive: true, force: true })));
  const assembled = path.join(holder, path.basename(path.resolve(caseDir)));
  fs.cpSync(base, assembled, { recursive: true });
  fs.cpSync(tree, assembled, { recursive: true });
  assembledTrees.set(caseDir, assembled);
  return assembled;
}

export async function runFixtureCase(transform: AnyTransform, caseDir: string): Promise<CaseOutput> {
  const tree = caseTree(caseDir);
  const caseOptions = readCaseOptions(caseDir);
  // A scan, never git grep: the same tree gives the same plan inside a repository and in a copy.
  const { plan, files } = await analyzeTree(transform, tree, { forceScan: true });
  const planJson = withPlaceholder(JSON.stringify(annotatedPlan(transform, plan, (rel) => files.read(rel)), null, 2) + '\n', plan.tree);

  const options: SeriesOptions = {
    split: caseOptions.split ?? 'subsystem',
    author: FIXTURE_AUTHOR,
    links: [],
    decisions: null,
    options: transformOptionValues(transform.vocabulary, caseOptions.options ?? {}),
  };
  const model = buildSeries({ transform, plan, files, options, prefixOverrides: {} });
  if (model.patches.length === 0) return { planJson, patches: [] };
  const emitted = emitSeries(patchesToWrite(model, null), {
    tree: plan.tree,
    author: FIXTURE_AUTHOR,
    date: FIXTURE_DATE,
    subjectPrefix: 'PATCH',
    version: null,
    maintainers: true,
    recipients: 'builtin',
    mergingSection: transform.vocabulary.mergingSection,
    signature: FIXTURE_SIGNATURE,
  });
  return { planJson, patches: emitted.files.map((f) => ({ name: f.name, bytes: f.bytes })) };
}

/** The plan with each site's subsystem and subject prefix, as `plan --json` adds them. */
function annotatedPlan(transform: AnyTransform, plan: Plan, read: (rel: string) => Buffer | null): Plan {
  const copy = structuredClone(plan);
  annotateSubsystems(copy.callSites, subsystemResolver(copy.tree, read), subjectPrefixResolver(copy.tree, read, {}, transform.vocabulary.subjectPrefixes));
  return copy;
}

/** JSON text with the tree's path (as JSON escapes it) replaced by the placeholder. */
export function withPlaceholder(json: string, tree: string): string {
  return json.split(JSON.stringify(tree).slice(1, -1)).join(TREE_PLACEHOLDER);
}
