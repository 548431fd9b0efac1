// The manifest written beside the mails (kcodemod-series.json): patch keys, phases and site ids per
// file, so a later version matches its patches by key.
import type { SeriesModel, SeriesPhase } from '../model.js';
import type { RenderedFile } from '../../render/format-patch.js';
import { SERIES_MANIFEST_FILE } from '../../render/output-dir.js';
import { COVER_LETTER } from './file-names.js';
import { messageOf } from './patch-message.js';

export { SERIES_MANIFEST_FILE };
const MANIFEST_SCHEMA = 1;

export interface ManifestPatch {
  file: string;
  key: string;
  phase: string;
  subject: string;
  siteIds: string[];
  dependsOn: string[];
}

export interface SeriesManifest {
  schema: 1;
  transform: string;
  /** The reroll count of the series (1 for a first version). */
  version: number;
  coreState?: string;
  strategy?: string;
  phases: SeriesPhase[];
  cover: { file: string; subject: string };
  patches: ManifestPatch[];
}

/** The manifest for a rendered series: `files` are renderSeries' output (cover letter first) for `model`. */
export function seriesManifest(model: SeriesModel, files: RenderedFile[]): Buffer {
  if (files.length !== model.patches.length + 1) {
    throw new Error(`the manifest needs the cover letter and one file per patch: ${files.length} files for ${model.patches.length} patches`);
  }
  const coverMatch = COVER_LETTER.exec(files[0].name);
  if (!coverMatch) throw new Error(`the first file of a series is its cover letter, not ${files[0].name}`);
  const manifest: SeriesManifest = {
    schema: MANIFEST_SCHEMA,
    transform: model.transform,
    version: coverMatch[1] ? Number(coverMatch[1]) : 1,
    ...(model.coreState !== undefined ? { coreState: model.coreState } : {}),
    ...(model.strategy !== undefined ? { strategy: model.strategy } : {}),
    phases: model.phases.map((p) => ({ id: p.id, title: p.title })),
    cover: { file: files[0].name, subject: model.cover.subject },
    patches: model.patches.map((p, i) => ({
      file: files[i + 1].name,
      key: p.key,
      phase: p.phase,
      subject: messageOf(p).subject,
      siteIds: [...p.siteIds],
      dependsOn: [...p.dependsOn],
    })),
  };
  return Buffer.from(JSON.stringify(manifest, null, 2) + '\n', 'utf8');
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

/** Reads and checks a manifest; every problem is a one-line error naming the file. */
export function parseSeriesManifest(text: string, source: string): SeriesManifest {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new Error(`${source}: not valid JSON (${(e as Error).message})`);
  }
  const fail = (what: string): never => {
    throw new Error(`${source}: ${what}`);
  };
  if (!isRecord(data)) return fail('a series manifest is a JSON object');
  if (data.schema !== MANIFEST_SCHEMA) fail(`unknown manifest schema ${JSON.stringify(data.schema)} (expected ${MANIFEST_SCHEMA})`);
  if (typeof data.transform !== 'string') fail('"transform" must be a string');
  for (const field of ['coreState', 'strategy'] as const) {
    if (data[field] !== undefined && typeof data[field] !== 'string') fail(`"${field}" must be a string`);
  }
  if (!Number.isInteger(data.version) || (data.version as number) < 1) fail('"version" must be a positive integer');
  if (!Array.isArray(data.phases) || !data.phases.every((p) => isRecord(p) && typeof p.id === 'string' && typeof p.title === 'string')) {
    fail('"phases" must be a list of { id, title }');
  }
  const cover = data.cover;
  if (!isRecord(cover) || typeof cover.file !== 'string' || typeof cover.subject !== 'string') fail('"cover" must be { file, subject }');
  if (!Array.isArray(data.patches)) return fail('"patches" must be a list');
  const patches = data.patches.map((p, i): ManifestPatch => {
    if (!isRecord(p)) return fail(`patches[${i}] must be an object`);
    for (const field of ['file', 'key', 'phase', 'subject'] as const) {
      if (typeof p[field] !== 'string') fail(`patches[${i}].${field} must be a string`);
    }
    if (!isStringArray(p.siteIds) || !isStringArray(p.dependsOn)) fail(`patches[${i}].siteIds and .dependsOn must be lists of strings`);
    return { file: p.file as string, key: p.key as string, phase: p.phase as string, subject: p.subject as string, siteIds: p.siteIds as string[], dependsOn: p.dependsOn as string[] };
  });
  return {
    schema: MANIFEST_SCHEMA,
    transform: data.transform as string,
    version: data.version as number,
    ...(typeof data.coreState === 'string' ? { coreState: data.coreState } : {}),
    ...(typeof data.strategy === 'string' ? { strategy: data.strategy } : {}),
    phases: (data.phases as SeriesPhase[]).map((p) => ({ id: p.id, title: p.title })),
    cover: { file: (cover as { file: string }).file, subject: (cover as { subject: string }).subject },
    patches,
  };
}
