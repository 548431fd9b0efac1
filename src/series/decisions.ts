// Decisions a person takes over a plan: written by `kcodemod review`, read by `series --decisions`.
// Keyed by the plan's stable site ids, driver ids, module ids and patch keys, never by line numbers,
// so they survive edits to the tree and new versions of the series. Which classifications a person
// may choose is the transform's declaration.
import type { Vocabulary } from '../vocabulary.js';
import { choosableClasses } from '../vocabulary.js';
import { SCHEMA_VERSION, type CallSite } from '../types.js';
import type { RefusedDecision } from './model.js';
import { InputError } from '../errors.js';

/** Decisions that ask a site for a classification it cannot take: the sites and why, for the review to name. */
export class RefusedDecisionsError extends InputError {
  constructor(
    message: string,
    readonly refused: ReadonlyMap<string, string>,
  ) {
    super(message);
  }
}

/** A classification id the transform lets a person choose. */
export type ForcedClassification = string;

/** Whose decisions a file holds: the transform's name and words. */
export interface DecisionsOwner {
  name: string;
  vocabulary: Vocabulary;
}

export interface SiteDecision {
  /** Port this site (or a whole module) as this kind, overriding the plan; also resolves a review site. */
  classification?: ForcedClassification;
  /** Leave the site out of the series. */
  drop?: boolean;
}

export interface PatchDecision {
  status?: 'accepted' | 'dropped' | 'pending';
  /** Replacement subject (without [PATCH n/N]). */
  subject?: string;
  /** Replacement message body (without trailers). */
  body?: string;
  /** Replacement trailer block ("Acked-by: ...", "Signed-off-by: ..."), in order, as a person edited it. */
  trailers?: string[];
}

/** The cover letter as a person edited it: its subject and the text before the acks, shortlog and diffstat. */
export interface CoverDecision {
  subject?: string;
  body?: string;
}

export interface Decisions {
  /** Layout version of this file (files of the first layout say `version: 1`). */
  schemaVersion: number;
  transform: string;
  sites: Record<string, SiteDecision>;
  /** By driver id (`file::variable`), for transforms that decide per driver. */
  drivers: Record<string, SiteDecision>;
  modules: Record<string, SiteDecision>;
  patches: Record<string, PatchDecision>;
  /** An edited cover letter (absent: the transform's own). */
  cover?: CoverDecision;
}

export function emptyDecisions(transform: string): Decisions {
  return { schemaVersion: SCHEMA_VERSION, transform, sites: {}, drivers: {}, modules: {}, patches: {} };
}

/** What the decisions say about one site: its own decision wins over its driver's, which wins over its module's. */
export function decisionFor(decisions: Decisions | null, site: { id: string; module: string; driver?: string | null }): SiteDecision {
  if (!decisions) return {};
  return { ...(decisions.modules[site.module] ?? {}), ...(site.driver ? decisions.drivers[site.driver] ?? {} : {}), ...(decisions.sites[site.id] ?? {}) };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Reads and checks a decisions file; every problem is a one-line error naming the file. */
export function parseDecisions(text: string, owner: DecisionsOwner, source: string): Decisions {
  const transform = owner.name;
  const choices = choosableClasses(owner.vocabulary).map((c) => c.id);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new Error(`${source}: not valid JSON (${(e as Error).message})`);
  }
  if (!isRecord(data)) throw new Error(`${source}: a decisions file is a JSON object`);
  const version = data.schemaVersion ?? data.version;
  if (version !== SCHEMA_VERSION) throw new Error(`${source}: unknown decisions schemaVersion ${JSON.stringify(version)} (expected ${SCHEMA_VERSION})`);
  if (data.transform !== undefined && data.transform !== transform) throw new Error(`${source}: decisions are for transform "${String(data.transform)}", not "${transform}"`);
  const out = emptyDecisions(transform);
  for (const key of ['sites', 'drivers', 'modules'] as const) {
    const table = data[key] ?? {};
    if (!isRecord(table)) throw new Error(`${source}: "${key}" must be an object`);
    for (const [id, d] of Object.entries(table)) {
      if (!isRecord(d)) throw new Error(`${source}: ${key}["${id}"] must be an object`);
      if (d.classification !== undefined && !choices.includes(d.classification as string)) {
        throw new Error(`${source}: ${key}["${id}"].classification must be ${choices.length ? choices.map((c) => `"${c}"`).join(' or ') : 'absent: this transform offers no choice'}`);
      }
      if (d.drop !== undefined && typeof d.drop !== 'boolean') throw new Error(`${source}: ${key}["${id}"].drop must be true or false`);
      out[key][id] = { ...(d.classification ? { classification: d.classification as ForcedClassification } : {}), ...(d.drop !== undefined ? { drop: d.drop as boolean } : {}) };
    }
  }
  const patches = data.patches ?? {};
  if (!isRecord(patches)) throw new Error(`${source}: "patches" must be an object`);
  for (const [key, d] of Object.entries(patches)) {
    if (!isRecord(d)) throw new Error(`${source}: patches["${key}"] must be an object`);
    if (d.status !== undefined && !['accepted', 'dropped', 'pending'].includes(d.status as string)) {
      throw new Error(`${source}: patches["${key}"].status must be accepted, dropped or pending`);
    }
    for (const f of ['subject', 'body'] as const) {
      if (d[f] !== undefined && typeof d[f] !== 'string') throw new Error(`${source}: patches["${key}"].${f} must be a string`);
    }
    if (typeof d.subject === 'string' && !d.subject.trim()) throw new Error(`${source}: patches["${key}"].subject is empty`);
    if (typeof d.body === 'string') {
      const problem = bodyProblem(d.body);
      if (problem) throw new Error(`${source}: patches["${key}"].body ${problem}`);
    }
    if (d.trailers !== undefined) {
      if (!Array.isArray(d.trailers) || !d.trailers.every((t) => typeof t === 'string')) throw new Error(`${source}: patches["${key}"].trailers must be a list of strings`);
      const bad = (d.trailers as string[]).find((t) => !isTrailerLine(t));
      if (bad !== undefined) throw new Error(`${source}: patches["${key}"].trailers holds ${JSON.stringify(bad)}, not a trailer ("Token: value")`);
    }
    out.patches[key] = {
      ...(d.status ? { status: d.status as PatchDecision['status'] } : {}),
      ...(typeof d.subject === 'string' ? { subject: d.subject } : {}),
      ...(typeof d.body === 'string' ? { body: d.body } : {}),
      ...(Array.isArray(d.trailers) ? { trailers: [...(d.trailers as string[])] } : {}),
    };
  }
  if (data.cover !== undefined) out.cover = parseCoverDecision(data.cover, source);
  return out;
}

function parseCoverDecision(cover: unknown, source: string): CoverDecision {
  if (!isRecord(cover)) throw new Error(`${source}: "cover" must be an object`);
  for (const f of ['subject', 'body'] as const) {
    if (cover[f] !== undefined && typeof cover[f] !== 'string') throw new Error(`${source}: cover.${f} must be a string`);
  }
  if (typeof cover.subject === 'string') {
    const problem = subjectProblem(cover.subject);
    if (problem) throw new Error(`${source}: cover.subject ${problem}`);
  }
  if (typeof cover.body === 'string') {
    const problem = bodyProblem(cover.body);
    if (problem) throw new Error(`${source}: cover.body ${problem}`);
  }
  return {
    ...(typeof cover.subject === 'string' ? { subject: cover.subject } : {}),
    ...(typeof cover.body === 'string' ? { body: cover.body } : {}),
  };
}

/** Why a subject cannot head a mail, or null: it is one line of text (a line break would start a header). */
export function subjectProblem(subject: string): string | null {
  if (!subject.trim()) return 'is empty';
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f-\x9f]/.test(subject)) return 'holds control characters or line breaks';
  return null;
}

/** A trailer line as git interpret-trailers reads one: a token of letters, digits and dashes, a colon, a value; no control characters. */
export function isTrailerLine(line: string): boolean {
  // eslint-disable-next-line no-control-regex
  return /^[A-Za-z0-9][A-Za-z0-9-]*: *\S/.test(line) && !/[\x00-\x1f\x7f-\x9f]/.test(line);
}

export function serializeDecisions(d: Decisions): string {
  return JSON.stringify(d, null, 2) + '\n';
}

/**
 * Why a message body cannot go into a mail that `git am` reads back as written, or null: git's
 * mailinfo ends the message at a "---" line or a diff, and a control character (ESC, CR) would reach
 * terminals and headers raw.
 */
export function bodyProblem(body: string): string | null {
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x08\x0b-\x1f\x7f-\x9f]/.test(body)) return 'holds control characters (only tabs and line breaks)';
  for (const line of body.split('\n')) {
    if (/^---(\s|$)/.test(line)) return `holds a line "${line.trim()}": git am would end the message there`;
    if (/^(diff -|Index: )/.test(line)) return `holds a line starting "${line.slice(0, 10)}": git am would read a patch from there`;
  }
  return null;
}

type DecidedSite = Pick<CallSite, 'id' | 'module' | 'classification' | 'file' | 'line'> & { driver?: string | null };

/**
 * The sites whose decided classification cannot be given, with why: those the transform reported,
 * and those whose planned class is one a person never chooses nor settles (the engine knows that
 * from the vocabulary alone).
 */
export function refusedSiteDecisions(
  sites: readonly DecidedSite[],
  vocabulary: Vocabulary,
  decisions: Decisions | null,
  reported: readonly RefusedDecision[] = [],
): Map<string, string> {
  const refused = new Map(reported.map((r) => [r.siteId, r.reason]));
  if (!decisions) return refused;
  for (const site of sites) {
    if (refused.has(site.id)) continue;
    const wanted = decisionFor(decisions, site).classification;
    if (!wanted || wanted === site.classification) continue;
    const planned = vocabulary.classifications.find((c) => c.id === site.classification);
    if (planned && !planned.choice && !planned.needsDecision) refused.set(site.id, `a ${planned.label} site is not reclassified by decisions (${planned.becomes})`);
  }
  return refused;
}

/**
 * Why these decisions cannot be applied, as one line, or null: a site's own classification that the
 * site cannot take, or a module's or driver's that none of its sites can take. (A module decision
 * that some of its sites cannot take still applies to the others; those stay as planned.)
 */
export function refusedDecisionsProblem(sites: readonly DecidedSite[], decisions: Decisions | null, refused: ReadonlyMap<string, string>): string | null {
  if (!decisions || refused.size === 0) return null;
  const problems: string[] = [];
  const where = (site: DecidedSite) => `${site.file}:${site.line}`;
  for (const site of sites) {
    const reason = refused.get(site.id);
    const wanted = decisions.sites[site.id]?.classification;
    if (reason && wanted) problems.push(`sites["${site.id}"] (${wanted}): ${where(site)}: ${reason}`);
  }
  for (const [table, keyOf] of [['modules', (s: DecidedSite) => s.module], ['drivers', (s: DecidedSite) => s.driver ?? null]] as const) {
    for (const [id, decision] of Object.entries(decisions[table])) {
      if (!decision.classification) continue;
      // The sites this decision speaks for: a site's or (for a module) a driver's own decision wins.
      const overridden = (s: DecidedSite) => !!decisions.sites[s.id]?.classification || (table === 'modules' && !!s.driver && !!decisions.drivers[s.driver]?.classification);
      const covered = sites.filter((s) => keyOf(s) === id && !overridden(s));
      if (covered.length === 0 || !covered.every((s) => refused.has(s.id))) continue;
      problems.push(`${table}["${id}"] (${decision.classification}): none of its sites can take it; ${where(covered[0])}: ${refused.get(covered[0].id)}`);
    }
  }
  if (problems.length === 0) return null;
  return problems[0] + (problems.length > 1 ? ` (and ${problems.length - 1} more refused decision${problems.length === 2 ? '' : 's'})` : '');
}
