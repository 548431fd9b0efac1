// The "Changes in vN:" section of a new version's cover letter. Patches are matched by their stable
// key (from the manifest), else by subject, else by the files they touch.
import type { SeriesModel, SeriesPatch, SeriesPhase } from '../model.js';
import { wrapText } from '../wrap.js';
import { analyzeChange, formatFileDiff } from '../../render/diff.js';
import { messageOf } from './patch-message.js';
import type { PreviousPatch, PreviousSeries } from './previous-series.js';

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
  if (manifest && manifest.strategy && current.strategy && manifest.strategy !== current.strategy) items.push(`Strategy changed from ${manifest.strategy} to ${current.strategy}`);
  if (manifest && manifest.coreState && current.coreState && manifest.coreState !== current.coreState) items.push(`The tree's core state is now ${current.coreState} (was ${manifest.coreState})`);

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
