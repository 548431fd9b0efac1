// Series versions (`series -v N --previous DIR`): read the earlier version kcodemod wrote, say what
// changed in the cover letter's "Changes in vN:" section, and compare both versions with
// `git range-diff`. Patches are matched by their stable key (from the kcodemod-series.json manifest
// written beside the mails), else by subject, else by the files they touch.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SeriesModel, SeriesPatch, SeriesPhase } from './model.js';
import { parseDecisions, type Decisions, type DecisionsOwner } from './decisions.js';
import { wrapText } from './wrap.js';
import type { RenderedFile } from '../render/format-patch.js';
import { analyzeChange, formatFileDiff } from '../render/diff.js';
import { commitMessage, parseMessage } from '../render/message.js';
import { SERIES_MANIFEST_FILE, SERIES_MARKER, seriesFilePath } from '../render/output-dir.js';
import { git, firstLine, headCommit, isGitTopLevel, type GitOptions } from '../util/git.js';
import { ToolMissingError } from '../util/proc.js';
import { makeRunTempDir } from '../util/temp-dirs.js';
import { readRegularFile } from '../util/fs.js';

/** The manifest written beside the mails: patch keys, phases and site ids per file. */
export { SERIES_MANIFEST_FILE };
const MANIFEST_SCHEMA = 1;

const COVER_LETTER = /^(?:v(\d+)-)?0000-cover-letter\.patch$/;
const PATCH_FILE = /^(?:v(\d+)-)?(\d{4,})-[A-Za-z0-9._-]*\.patch$/;

export interface PreviousPatch {
  file: string;
  /** The subject without its "[PATCH vN nn/NN]" tag, decoded. */
  subject: string;
  key?: string;
  phase?: string;
  /** The commit message after the subject (description and trailers), as in the mail. */
  body: string;
  /** The `diff --git` sections, one character per byte (Latin-1), so file bytes survive. */
  diff: string;
  /** Paths the patch touches, in diff order. */
  paths: string[];
  siteIds?: string[];
  /** The mail as written: rangeDiff applies it even after DIR was overwritten. */
  mail: Buffer;
}

export interface PreviousSeries {
  dir: string;
  version: number;
  patches: PreviousPatch[];
  decisions: Decisions | null;
  cover: {
    file: string;
    subject: string;
    /** "base-commit:" of the cover letter, null when the series was made without one. */
    baseCommit: string | null;
    /** Its own "Changes in vN:" sections, carried into the next version like b4 does. */
    changelog: string;
  };
  /** From the manifest (absent in directories written before it existed). */
  manifest: SeriesManifest | null;
}

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
  coreState: string;
  strategy: string;
  phases: SeriesPhase[];
  cover: { file: string; subject: string };
  patches: ManifestPatch[];
}

// ---------------------------------------------------------------------------------------------
// Manifest

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
    coreState: model.coreState,
    strategy: model.strategy,
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
  for (const field of ['transform', 'coreState', 'strategy'] as const) {
    if (typeof data[field] !== 'string') fail(`"${field}" must be a string`);
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
    coreState: data.coreState as string,
    strategy: data.strategy as string,
    phases: (data.phases as SeriesPhase[]).map((p) => ({ id: p.id, title: p.title })),
    cover: { file: (cover as { file: string }).file, subject: (cover as { subject: string }).subject },
    patches,
  };
}

// ---------------------------------------------------------------------------------------------
// Reading the mails of a written series

/** RFC 2047 encoded words as git writes them (UTF-8, Q or B); whitespace between two words goes. */
function decodeEncodedWords(text: string): string {
  const word = /=\?([^?\s]+)\?([QqBb])\?([^?\s]*)\?=/g;
  return text
    .replace(/(=\?[^?\s]+\?[QqBb]\?[^?\s]*\?=)\s+(?==\?)/g, '$1')
    .replace(word, (all, charset: string, encoding: string, data: string) => {
      if (!/^utf-?8$/i.test(charset) && !/^us-ascii$/i.test(charset)) return all;
      if (encoding.toUpperCase() === 'B') return Buffer.from(data, 'base64').toString('utf8');
      const bytes: number[] = [];
      for (let i = 0; i < data.length; i++) {
        if (data[i] === '_') bytes.push(0x20);
        else if (data[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(data.slice(i + 1, i + 3))) {
          bytes.push(parseInt(data.slice(i + 1, i + 3), 16));
          i += 2;
        } else bytes.push(data.charCodeAt(i));
      }
      return Buffer.from(bytes).toString('utf8');
    });
}

/** The unfolded headers of a mail (folded lines continue with whitespace). */
function mailHeaders(headerText: string): Map<string, string> {
  const headers = new Map<string, string>();
  let last = '';
  for (const line of headerText.split('\n')) {
    if (/^[ \t]/.test(line) && last) headers.set(last, `${headers.get(last)} ${line.trim()}`);
    else {
      const m = /^([A-Za-z0-9-]+):[ \t]?(.*)$/.exec(line);
      if (m) headers.set((last = m[1].toLowerCase()), m[2]);
    }
  }
  return headers;
}

/** git's quote_c_style, undone: the path bytes, read as UTF-8 like the renderer wrote them. */
function unquotePath(quoted: string): string {
  const bytes: number[] = [];
  const escapes: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92 };
  for (let i = 0; i < quoted.length; i++) {
    const ch = quoted[i];
    if (ch !== '\\') {
      bytes.push(quoted.charCodeAt(i));
      continue;
    }
    const octal = /^[0-7]{3}/.exec(quoted.slice(i + 1));
    if (octal) {
      bytes.push(parseInt(octal[0], 8));
      i += 3;
    } else {
      bytes.push(escapes[quoted[i + 1]] ?? quoted.charCodeAt(i + 1));
      i += 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** The paths of the `diff --git` headers of a patch (kcodemod never renames, so a/ and b/ agree). */
function diffPaths(diff: string): string[] {
  const paths: string[] = [];
  for (const m of diff.matchAll(/^diff --git (?:"a\/((?:[^"\\]|\\.)*)" "b\/\1"|a\/(.+) b\/\2)$/gm)) {
    paths.push(m[1] !== undefined ? unquotePath(m[1]) : unquotePath(m[2]));
  }
  return paths;
}

interface ParsedMail {
  subject: string;
  body: string;
  diff: string;
}

/** Subject, message body and diff of one mail renderSeries wrote. */
function parseMail(bytes: Buffer, source: string): ParsedMail {
  const headerEnd = bytes.indexOf('\n\n');
  if (headerEnd === -1) throw new Error(`${source}: not a patch mail (no end of headers)`);
  const headers = mailHeaders(bytes.subarray(0, headerEnd).toString('utf8'));
  const subjectHeader = headers.get('subject');
  if (subjectHeader === undefined) throw new Error(`${source}: not a patch mail (no Subject: header)`);
  const subject = decodeEncodedWords(subjectHeader).replace(/^\[[^\]]*\]\s*/, '').trim();
  const bodyStart = headerEnd + 2;
  // The message ends at the "---" line before the diffstat; a mail without a diff (the cover letter) has none.
  const separator = bytes.subarray(bodyStart).toString('latin1').startsWith('---\n') ? bodyStart - 1 : bytes.indexOf('\n---\n', bodyStart - 1);
  const messageEnd = separator === -1 ? bytes.length : separator + 1;
  const body = bytes.subarray(bodyStart, messageEnd).toString('utf8').replace(/\n+$/, '');
  const rest = bytes.subarray(messageEnd).toString('latin1');
  const diffStart = rest.search(/^diff --git /m);
  // The signature ("-- " line) comes last; a removed "- ..." line inside a hunk looks the same.
  const signature = rest.lastIndexOf('\n-- \n');
  const diff = diffStart === -1 ? '' : rest.slice(diffStart, signature > diffStart ? signature + 1 : undefined);
  return { subject, body, diff };
}

/** The "Changes in vN:" sections of a cover letter body: header lines, "- " items, their continuations. */
function changelogSections(coverText: string): string {
  const lines = coverText.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^Changes in v\d+:$/.test(lines[i])) continue;
    if (out.length) out.push('');
    out.push(lines[i]);
    while (i + 1 < lines.length && /^(- |  )\S/.test(lines[i + 1])) out.push(lines[++i]);
  }
  return out.join('\n');
}

function readFileOrFail(file: string, what: string): Buffer {
  try {
    return readRegularFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new Error(`cannot read ${what} ${file}: ${code === 'ENOTREG' ? 'not a regular file' : (code ?? (e as Error).message)}`);
  }
}

/**
 * Reads the series kcodemod wrote into `dir` (its earlier version). Throws a one-line Error when
 * `dir` is not such a directory, a listed file is missing, or its manifest or decisions are broken.
 */
export function readPreviousSeries(dir: string, owner: DecisionsOwner): PreviousSeries {
  const transform = owner.name;
  const root = path.resolve(dir);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(root);
  } catch {
    throw new Error(`${dir}: no such directory (the earlier version's output directory was expected)`);
  }
  if (!stat.isDirectory()) throw new Error(`${dir} is not a directory (the earlier version's output directory was expected)`);
  const markerPath = seriesFilePath(root, 'marker');
  if (!fs.existsSync(markerPath)) throw new Error(`${dir} is not a series written by kcodemod (it has no ${SERIES_MARKER} file)`);
  const names = readFileOrFail(markerPath, 'the series list').toString('utf8').split('\n').filter(Boolean);

  const coverNames = names.filter((n) => COVER_LETTER.test(n));
  const patchNames = names.filter((n) => PATCH_FILE.test(n) && !COVER_LETTER.test(n));
  if (coverNames.length !== 1) throw new Error(`${dir}: expected one cover letter in the series, found ${coverNames.length}`);
  if (patchNames.length === 0) throw new Error(`${dir}: the series has no patches`);
  const versions = new Set([...coverNames, ...patchNames].map((n) => (COVER_LETTER.exec(n) ?? PATCH_FILE.exec(n))![1] ?? '1'));
  if (versions.size !== 1) throw new Error(`${dir}: the files belong to different versions (${[...versions].map((v) => `v${v}`).join(', ')})`);
  patchNames.sort((a, b) => Number(PATCH_FILE.exec(a)![2]) - Number(PATCH_FILE.exec(b)![2]));

  const manifestPath = seriesFilePath(root, 'manifest');
  const manifest = fs.existsSync(manifestPath) ? parseSeriesManifest(readFileOrFail(manifestPath, 'the manifest').toString('utf8'), manifestPath) : null;
  if (manifest && manifest.transform !== transform) throw new Error(`${dir} holds a series of transform "${manifest.transform}", not "${transform}"`);
  const fromManifest = new Map(manifest?.patches.map((p) => [p.file, p]) ?? []);
  if (manifest && (manifest.patches.length !== patchNames.length || patchNames.some((n) => !fromManifest.has(n)))) {
    throw new Error(`${manifestPath} does not list the patches of ${dir}`);
  }

  const patches = patchNames.map((file): PreviousPatch => {
    const mail = readFileOrFail(path.join(root, file), 'patch');
    const parsed = parseMail(mail, path.join(dir, file));
    const listed = fromManifest.get(file);
    return {
      file,
      subject: parsed.subject,
      ...(listed ? { key: listed.key, phase: listed.phase, siteIds: [...listed.siteIds] } : {}),
      body: parsed.body,
      diff: parsed.diff,
      paths: diffPaths(parsed.diff),
      mail,
    };
  });
  const coverBytes = readFileOrFail(path.join(root, coverNames[0]), 'cover letter');
  const cover = parseMail(coverBytes, path.join(dir, coverNames[0]));
  const coverText = coverBytes.toString('utf8');

  const decisionsPath = seriesFilePath(root, 'decisions');
  const decisions = fs.existsSync(decisionsPath) ? parseDecisions(readFileOrFail(decisionsPath, 'decisions file').toString('utf8'), owner, decisionsPath) : null;
  const versionText = [...versions][0];
  return {
    dir: root,
    version: manifest?.version ?? Number(versionText),
    patches,
    decisions,
    cover: {
      file: coverNames[0],
      subject: cover.subject,
      baseCommit: /^base-commit: ([0-9a-f]{40,64})$/m.exec(coverText)?.[1] ?? null,
      changelog: changelogSections(coverText),
    },
    manifest,
  };
}

/**
 * The decisions the new version runs with: the earlier version's, with the new ones on top (per
 * site, module and patch, field by field). Either may be missing.
 */
export function replayDecisions(earlier: Decisions | null, current: Decisions | null): Decisions | null {
  if (!earlier) return current;
  if (!current) return earlier;
  const merge = <T extends object>(a: Record<string, T>, b: Record<string, T>): Record<string, T> => {
    const out: Record<string, T> = {};
    for (const id of new Set([...Object.keys(a), ...Object.keys(b)])) out[id] = { ...(a[id] ?? {}), ...(b[id] ?? {}) } as T;
    return out;
  };
  return {
    schemaVersion: current.schemaVersion,
    transform: current.transform,
    sites: merge(earlier.sites, current.sites),
    drivers: merge(earlier.drivers, current.drivers),
    modules: merge(earlier.modules, current.modules),
    patches: merge(earlier.patches, current.patches),
  };
}

// ---------------------------------------------------------------------------------------------
// The changelog

/** Subject and message body of a model patch, exactly as the mail shows them. */
function messageOf(patch: SeriesPatch): { subject: string; body: string } {
  const parsed = parseMessage(commitMessage(patch));
  const lines = [...parsed.bodyLines];
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  return { subject: parsed.title, body: lines.join('\n') };
}

/** A message body split into its description and the trailer block that ends it. */
function splitTrailers(body: string): { description: string; trailers: string[] } {
  const lines = body.split('\n');
  let start = lines.length;
  while (start > 0 && /^[A-Za-z0-9-]+: \S/.test(lines[start - 1])) start--;
  if (start === lines.length || (start > 0 && lines[start - 1] !== '')) return { description: body, trailers: [] };
  return { description: lines.slice(0, start).join('\n').replace(/\n+$/, ''), trailers: lines.slice(start) };
}

/** What a patch changes, without what moves when other patches change: blob ids, hunk positions, context. */
function diffFingerprint(diff: string): string {
  const kept: string[] = [];
  let inHunk = false;
  for (const line of diff.split('\n')) {
    if (line.startsWith('diff --git ')) {
      inHunk = false;
      kept.push(line);
    } else if (line.startsWith('@@')) {
      inHunk = true;
    } else if (inHunk ? /^[-+\\]/.test(line) : /^(new|deleted) file mode /.test(line)) {
      kept.push(line);
    }
  }
  return kept.join('\n');
}

function currentDiff(patch: SeriesPatch): string {
  return Buffer.concat(patch.changes.map((c) => formatFileDiff(analyzeChange(c)))).toString('latin1');
}

interface CurrentPatch {
  patch: SeriesPatch;
  subject: string;
  body: string;
  paths: string[];
}

/** Pairs each current patch with the earlier patch it continues: by key, then subject, then the same files. */
function matchPatches(previous: PreviousPatch[], current: CurrentPatch[]): Map<CurrentPatch, PreviousPatch> {
  const pairs = new Map<CurrentPatch, PreviousPatch>();
  const taken = new Set<PreviousPatch>();
  const pairBy = (same: (c: CurrentPatch, p: PreviousPatch) => boolean) => {
    for (const c of current) {
      if (pairs.has(c)) continue;
      const candidates = previous.filter((p) => !taken.has(p) && same(c, p));
      const rivals = current.filter((o) => !pairs.has(o) && candidates.length > 0 && same(o, candidates[0]));
      if (candidates.length === 1 && rivals.length === 1) {
        pairs.set(c, candidates[0]);
        taken.add(candidates[0]);
      }
    }
  };
  pairBy((c, p) => p.key !== undefined && p.key === c.patch.key);
  pairBy((c, p) => p.subject === c.subject);
  const fileSet = (paths: string[]) => [...paths].sort().join('\n');
  pairBy((c, p) => fileSet(p.paths) === fileSet(c.paths));
  return pairs;
}

function quoted(subject: string): string {
  return `"${subject}"`;
}

/** "drivers/misc/tern.c tern_probe(), tern_remove(); drivers/x.c y()" from site ids (file::function::call#n). */
function describeSites(siteIds: string[]): string {
  const byFile = new Map<string, string[]>();
  for (const id of siteIds) {
    const [file, fn, ...rest] = id.split('::');
    const label = fn === undefined ? id : fn === '<file scope>' ? rest.join('::').replace(/#\d+$/, '') : `${fn}()`;
    const labels = byFile.get(file) ?? [];
    if (!labels.includes(label)) labels.push(label);
    byFile.set(file, labels);
  }
  return [...byFile].map(([file, labels]) => `${file} ${labels.join(', ')}`).join('; ');
}

function phaseName(title: string): string {
  // "Never-managed ports" reads as "never-managed ports" mid-sentence; "MSI core" keeps its capitals.
  return /^[A-Z][a-z]/.test(title) ? title[0].toLowerCase() + title.slice(1) : title;
}

/**
 * Sites that are ported by other patches than in the earlier version (or newly ported, or no
 * longer), grouped by where they were and where they are now. Needs the site ids of both versions.
 */
function siteMoves(
  previous: PreviousSeries,
  current: CurrentPatch[],
  pairs: Map<CurrentPatch, PreviousPatch>,
  currentPhases: SeriesPhase[],
): { items: string[]; patchesWithOtherSites: Set<CurrentPatch> } {
  type Place = CurrentPatch | PreviousPatch;
  // An earlier patch that continues in the new version is the same place as its successor.
  const successor = new Map<PreviousPatch, CurrentPatch>([...pairs].map(([c, p]) => [p, c]));
  const order = new Map<Place, number>([...current, ...previous.patches.filter((p) => !successor.has(p))].map((place, i) => [place, i]));
  const placesOf = (entries: [Place, string[]][]) => {
    const places = new Map<string, Place[]>();
    for (const [place, ids] of entries) for (const id of ids) places.set(id, [...(places.get(id) ?? []), place]);
    return places;
  };
  const before = placesOf(previous.patches.map((p) => [successor.get(p) ?? p, p.siteIds ?? []]));
  const after = placesOf(current.map((c) => [c, c.patch.siteIds]));

  const phaseTitles = new Map([...(previous.manifest?.phases ?? []), ...currentPhases].map((ph) => [ph.id, ph.title]));
  const describe = (places: Place[]) =>
    [...places]
      .sort((a, b) => order.get(a)! - order.get(b)!)
      .map((place) => {
        const phase = 'patch' in place ? place.patch.phase : place.phase ?? '';
        return `${phaseName(phaseTitles.get(phase) ?? phase)} (${quoted(place.subject)})`;
      })
      .join(' and ');
  const groups = new Map<string, { from: string; to: string; sites: string[] }>();
  const patchesWithOtherSites = new Set<CurrentPatch>();
  for (const id of new Set([...before.keys(), ...after.keys()])) {
    const was = before.get(id) ?? [];
    const now = after.get(id) ?? [];
    if (was.length === now.length && was.every((place) => now.includes(place))) continue;
    for (const place of [...was, ...now]) if ('patch' in place) patchesWithOtherSites.add(place);
    const from = describe(was);
    const to = describe(now);
    const group = groups.get(`${from}\n${to}`) ?? { from, to, sites: [] };
    group.sites.push(id);
    groups.set(`${from}\n${to}`, group);
  }
  const items = [...groups.values()].map(({ from, to, sites }) =>
    !from ? `Now ported: ${describeSites(sites)}, in ${to}` : !to ? `No longer ported: ${describeSites(sites)}, was in ${from}` : `Moved ${describeSites(sites)} from ${from} to ${to}`,
  );
  return { items, patchesWithOtherSites };
}

/**
 * The "Changes in vN:" section for the cover letter: patches added and dropped, sites that moved
 * between patches or phases (or in and out of the series), changed subjects, messages, trailers
 * and code; "- No changes" when the two versions are the same. Lines are wrapped at 72 columns.
 * The earlier version's own changelog follows, so the history stays in the cover letter.
 */
export function changesSince(previous: PreviousSeries, current: SeriesModel, currentVersion: number): string {
  if (!Number.isInteger(currentVersion) || currentVersion <= previous.version) {
    throw new Error(`the earlier series in ${previous.dir} is v${previous.version}: the new version must be higher (got v${currentVersion})`);
  }
  const items: string[] = [];
  const manifest = previous.manifest;
  if (manifest && manifest.strategy !== current.strategy) items.push(`Strategy changed from ${manifest.strategy} to ${current.strategy}`);
  if (manifest && manifest.coreState !== current.coreState) items.push(`The tree's core state is now ${current.coreState} (was ${manifest.coreState})`);

  const currentPatches: CurrentPatch[] = current.patches.map((patch) => ({ patch, ...messageOf(patch), paths: patch.changes.map((c) => c.path) }));
  const pairs = matchPatches(previous.patches, currentPatches);
  const continued = new Set(pairs.values());

  for (const c of currentPatches) if (!pairs.has(c)) items.push(`New patch ${quoted(c.subject)}`);
  for (const p of previous.patches) if (!continued.has(p)) items.push(`Dropped patch ${quoted(p.subject)}`);

  const sites = previous.patches.every((p) => p.siteIds !== undefined)
    ? siteMoves(previous, currentPatches, pairs, current.phases)
    : { items: [], patchesWithOtherSites: new Set<CurrentPatch>() };
  items.push(...sites.items);

  // A trailer added to many patches (Cc: stable, Fixes:) is one item, not one per patch.
  const trailerChanges = new Map<string, string[]>();
  const noteTrailer = (change: string, subject: string) => trailerChanges.set(change, [...(trailerChanges.get(change) ?? []), subject]);
  for (const c of currentPatches) {
    const p = pairs.get(c);
    if (!p) continue;
    if (p.subject !== c.subject) items.push(`Changed the subject ${quoted(p.subject)} to ${quoted(c.subject)}`);
    const was = splitTrailers(p.body);
    const now = splitTrailers(c.body);
    if (was.description !== now.description) items.push(`Reworded the message of ${quoted(c.subject)}`);
    for (const t of now.trailers.filter((x) => !was.trailers.includes(x))) noteTrailer(`Added the trailer ${quoted(t)} to`, c.subject);
    for (const t of was.trailers.filter((x) => !now.trailers.includes(x))) noteTrailer(`Removed the trailer ${quoted(t)} from`, c.subject);
    // A patch whose sites changed has new code for a reason the lines above already give.
    if (!sites.patchesWithOtherSites.has(c) && diffFingerprint(p.diff) !== diffFingerprint(currentDiff(c.patch))) {
      items.push(`Changed the code of ${quoted(c.subject)}`);
    }
  }

  for (const [change, subjects] of trailerChanges) {
    items.push(`${change} ${subjects.length <= 3 ? subjects.map(quoted).join(', ') : `${subjects.length} patches`}`);
  }

  if (items.length === 0) items.push('No changes');
  const section = [`Changes in v${currentVersion}:`, ...items.map((item) => wrapText(`- ${item}`))].join('\n');
  return previous.cover.changelog ? `${section}\n\n${previous.cover.changelog}` : section;
}

// ---------------------------------------------------------------------------------------------
// git range-diff

export type RangeDiffResult = { text: string; reason?: undefined } | { text: null; reason: string };

/** Thrown inside rangeDiff for a reason the caller reports instead of a range-diff. */
class NoRangeDiff extends Error {}

interface Mail {
  name: string;
  bytes: Buffer;
}

/** The title git format-patch gives the section: "Range-diff against v1:". */
export function rangeDiffTitle(previousVersion: number): string {
  return `Range-diff against v${previousVersion}:`;
}

/** Runs one git step of the range-diff; a failure (exit status, timeout) becomes the reason, naming the step. */
function gitStep(dir: string, args: string[], what: string, options: GitOptions = {}): Buffer {
  let result;
  try {
    result = git(dir, args, options);
  } catch (error) {
    if (error instanceof ToolMissingError) throw error;
    throw new NoRangeDiff(`${what}: ${(error as Error).message}`);
  }
  if (result.status !== 0) throw new NoRangeDiff(`${what}: ${firstLine(result.stderr, result.status)}`);
  return result.stdout;
}

/**
 * `git range-diff` between the earlier series and the new one. Both are committed on their base
 * (the cover letter's base-commit when the repository has it, else HEAD) inside a temporary bare
 * repository that borrows the tree's objects (alternates): the tree's refs, index, work tree and
 * object store are never written. The commits are the ones the mails' "From <sha>" lines name.
 * Returns the reason instead when that cannot be done (no git, not a git tree, a patch that does
 * not apply).
 */
export function rangeDiff(tree: string, previous: PreviousSeries, currentFiles: RenderedFile[]): RangeDiffResult {
  let scratch: string | null = null;
  let forgetScratch = () => {};
  try {
    if (!isGitTopLevel(tree)) return { text: null, reason: `${tree} is not the top level of a git repository` };
    const head = headCommit(tree);
    if (!head) return { text: null, reason: `${tree} has no commit to put the series on` };
    const objects = path.resolve(tree, gitStep(tree, ['rev-parse', '--git-path', 'objects'], 'cannot find the object store').toString('utf8').trim());
    ({ dir: scratch, forget: forgetScratch } = makeRunTempDir('kcodemod-range-diff-'));
    const repo = path.join(scratch, 'repo.git');
    gitStep(scratch, ['init', '--quiet', '--bare', repo], 'cannot create a scratch repository');
    fs.writeFileSync(path.join(repo, 'objects', 'info', 'alternates'), objects + '\n');

    const currentMails = currentFiles.filter((f) => !COVER_LETTER.test(f.name));
    const currentCover = currentFiles.find((f) => COVER_LETTER.test(f.name));
    const currentBase = currentCover ? /^base-commit: ([0-9a-f]{40,64})$/m.exec(currentCover.bytes.toString('utf8'))?.[1] ?? null : null;
    const baseOf = (commit: string | null) => (commit && git(repo, ['cat-file', '-e', `${commit}^{commit}`]).status === 0 ? commit : head);
    const previousBase = baseOf(previous.cover.baseCommit);
    const newBase = baseOf(currentBase);

    const stream: Buffer[] = [];
    let mark = 0;
    const commitSeries = (ref: string, base: string, mails: Mail[], label: string) =>
      appendSeriesCommits({ repo, scratch: scratch!, ref, base, mails, label, stream, nextMark: () => ++mark });
    commitSeries('refs/heads/previous', previousBase, previous.patches.map((p) => ({ name: p.file, bytes: p.mail })), `v${previous.version}`);
    commitSeries('refs/heads/current', newBase, currentMails, 'the new version');
    stream.push(Buffer.from('done\n'));
    gitStep(repo, ['fast-import', '--quiet', '--done'], 'git fast-import failed', { input: Buffer.concat(stream) });
    const text = gitStep(repo, ['range-diff', '--no-color', `${previousBase}..refs/heads/previous`, `${newBase}..refs/heads/current`], 'git range-diff failed');
    return { text: text.toString('utf8') };
  } catch (error) {
    if (error instanceof NoRangeDiff || error instanceof ToolMissingError) return { text: null, reason: error.message };
    throw error;
  } finally {
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
    forgetScratch();
  }
}

interface SeriesCommitsInput {
  repo: string;
  scratch: string;
  ref: string;
  base: string;
  mails: Mail[];
  label: string;
  stream: Buffer[];
  nextMark: () => number;
}

/**
 * Applies the mails one by one to an index holding only the files they touch (`git apply
 * --cached`: no work tree, no index of the whole tree), and adds one fast-import commit per mail
 * on top of `base` with the resulting blobs and the mail's message, author and date.
 */
function appendSeriesCommits(input: SeriesCommitsInput): void {
  const { repo, scratch, mails, label, stream } = input;
  const env = { GIT_INDEX_FILE: path.join(scratch, `index-${input.ref.replace(/\W/g, '-')}`), GIT_LITERAL_PATHSPECS: '1' };
  const text = (s: string) => stream.push(Buffer.from(s, 'utf8'));
  const data = (bytes: Buffer) => {
    text(`data ${bytes.length}\n`);
    stream.push(bytes, Buffer.from('\n'));
  };

  const pathsOf = mails.map((mail) => {
    const numstat = gitStep(repo, ['apply', '--numstat', '-z'], `${label} ${mail.name} is not a patch git can read`, { input: mail.bytes, env });
    // "added\tdeleted\tpath\0" per file (renames, which kcodemod never writes, take two more fields).
    return numstat.toString('utf8').split('\0').filter(Boolean).map((record) => record.split('\t')[2]).filter(Boolean);
  });
  const allPaths = [...new Set(pathsOf.flat())];
  const baseEntries = gitStep(repo, ['ls-tree', '-z', input.base, '--', ...allPaths], `cannot read ${input.base}`, { env });
  gitStep(repo, ['update-index', '-z', '--index-info'], 'cannot build a temporary index', { input: baseEntries, env });

  let parent = input.base;
  mails.forEach((mail, i) => {
    const msgFile = path.join(scratch, 'msg');
    const patchFile = path.join(scratch, 'patch');
    const info = gitStep(repo, ['mailinfo', msgFile, patchFile], `${label} ${mail.name} is not a mail git can read`, { input: mail.bytes });
    const fields = new Map([...info.toString('utf8').matchAll(/^(\w+): (.*)$/gm)].map((m) => [m[1], m[2]]));
    gitStep(repo, ['apply', '--cached', '--whitespace=nowarn', patchFile], `${label} ${mail.name} does not apply to ${input.base.slice(0, 12)}`, { env });
    const listing = gitStep(repo, ['ls-files', '-s', '-z', '--', ...pathsOf[i]], 'cannot read the temporary index', { env });
    const now = new Map<string, { mode: string; id: string }>();
    for (const record of listing.toString('utf8').split('\0')) {
      const m = /^(\d+) ([0-9a-f]+) \d\t([\s\S]*)$/.exec(record);
      if (m) now.set(m[3], { mode: m[1], id: m[2] });
    }
    const seconds = Math.floor((Date.parse(fields.get('Date') ?? '') || 0) / 1000);
    const who = `${fields.get('Author') || 'kcodemod'} <${fields.get('Email') ?? ''}> ${seconds} +0000`;
    const message = `${fields.get('Subject') ?? ''}\n\n${fs.readFileSync(msgFile, 'utf8')}`;
    const commitMark = input.nextMark();
    text(`commit ${input.ref}\nmark :${commitMark}\nauthor ${who}\ncommitter ${who}\n`);
    data(Buffer.from(message, 'utf8'));
    text(`from ${parent}\n`);
    for (const p of pathsOf[i]) {
      const entry = now.get(p);
      text(entry ? `M ${entry.mode} ${entry.id} ${fastImportPath(p)}\n` : `D ${fastImportPath(p)}\n`);
    }
    text('\n');
    parent = `:${commitMark}`;
  });
}

/** fast-import takes a path as it is unless it needs C-style quoting (quotes, newlines, leading "). */
function fastImportPath(p: string): string {
  if (!/["\\\n]/.test(p) && !p.startsWith('"')) return p;
  return `"${p.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}
