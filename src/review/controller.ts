// The review session's state and what each key does to it. No ink here: the component feeds
// actions in and draws the state, so every behaviour is testable without a terminal.
// Side effects go through the backend (save, build, write) and the injected editor.
import type { WrittenSeriesState } from '../series/written-state.js';
import { kbuildListingOf } from './kbuild-listing.js';
import { firstLineOf as errorText } from '../errors.js';
import { bodyProblem, RefusedDecisionsError, refusedSiteDecisions, subjectProblem, type Decisions, type ForcedClassification } from '../series/decisions.js';
import { choosableClasses } from '../vocabulary.js';
import type { SeriesModel } from '../series/model.js';
import type { ReviewBackend } from './backend.js';
import type { ReviewActionId } from './keys.js';
import {
  buildReviewModel,
  modulesOfPatch,
  patchLabel,
  retainDroppedPatches,
  type OverviewRow,
  type PatchEntry,
  type RetainedPatch,
  type ReviewModel,
} from './review-model.js';
import { isEdited, withCoverMessage, withModuleClassification, withPatchMessage, withPatchStatus, withSiteClassification, withSiteDrop, type PatchStatus } from './decide.js';
import { buildPatchLines, displayText, PatchLinesCache, siteInView, wrapLine, type PatchLines, type StyledLine } from './patch-lines.js';
import { parseEditedCover, parseEditedMessage, type EditMessage, type OpenInEditor } from './edit-message.js';
import { enclosingFunctionLines } from './source.js';
import { helpLines } from './help-lines.js';
import { chosenClassification } from './keys.js';

export interface ReviewMessage {
  text: string;
  tone: 'info' | 'error';
}

export interface ReviewState {
  decisions: Decisions;
  series: SeriesModel;
  retained: RetainedPatch[];
  model: ReviewModel;
  screen: 'overview' | 'patch';
  help: boolean;
  confirmingQuit: boolean;
  /** Index into model.selectableRows. */
  cursor: number;
  /** First overview row shown (a hint: drawing keeps the cursor visible whatever the height). */
  overviewTop: number;
  openKey: string | null;
  patchTop: number;
  /** Index of the selected site among the open patch's sites. */
  siteIndex: number;
  helpTop: number;
  message: ReviewMessage | null;
  /** Decisions were taken since the series was last written. */
  unwritten: boolean;
  /** What the last decision did besides itself (an edited message that moved with its sites). */
  carried?: string[];
  /** The decisions before each decision taken in this session, newest last: z takes them back. */
  history: { decisions: Decisions; label: string }[];
  /** A text shown over the screen (the cover letter, a site's function), scrolled like a patch. */
  view: TextView | null;
  confirmingWrite: boolean;
  /** The search being typed after `/`, or null. */
  searchInput: string | null;
  /** The last search, for n and N. */
  search: string | null;
  /** The series in the output directory against what w would write, as found at start (null: unknown). */
  written: WrittenSeriesState | null;
}

export interface TextView {
  kind: 'cover' | 'source';
  title: string;
  lines: StyledLine[];
  top: number;
}

export interface ReviewExit {
  code: number;
  /** One line for the terminal after the UI is gone. */
  summary: string;
}

export interface ReviewEnv {
  backend: ReviewBackend;
  editMessage: EditMessage;
  /** Opens a file at a line in the person's editor (o); absent where there is no terminal to hand over. */
  openInEditor?: OpenInEditor;
  /** Lines available for the overview / patch / help body, and its columns. */
  bodyHeight: number;
  width: number;
  linesCache: PatchLinesCache;
}

export interface StepResult {
  state: ReviewState;
  exit?: ReviewExit;
}

const EXIT_ABORTED = 130;

export function initialState(backend: ReviewBackend): ReviewState {
  const series = backend.buildSeries(backend.decisions);
  const model = buildReviewModel({
    plan: backend.plan,
    vocabulary: backend.vocabulary,
    series,
    decisions: backend.decisions,
    retained: [],
    staleDecisions: backend.staleDecisions,
  });
  const stale = backend.staleDecisions.length;
  return {
    decisions: backend.decisions,
    series,
    retained: [],
    model,
    screen: 'overview',
    help: false,
    confirmingQuit: false,
    cursor: 0,
    overviewTop: 0,
    openKey: null,
    patchTop: 0,
    siteIndex: 0,
    helpTop: 0,
    message: stale > 0
      ? { text: `${stale} saved decision${stale === 1 ? '' : 's'} no longer match the tree: listed at the end of the overview`, tone: 'info' }
      : null,
    unwritten: false,
    history: [],
    view: null,
    confirmingWrite: false,
    searchInput: null,
    search: null,
    written: backend.writtenState?.(series, backend.decisions) ?? null,
  };
}

// ---------------------------------------------------------------------------------------------
// Selection

export function selectedRow(state: ReviewState): OverviewRow | undefined {
  return state.model.rows[state.model.selectableRows[state.cursor]];
}

function openEntry(state: ReviewState): PatchEntry | undefined {
  return state.openKey === null ? undefined : state.model.byKey.get(state.openKey);
}

/** The patch a patch decision applies to: the open one, or the one under the cursor. */
function targetPatch(state: ReviewState): PatchEntry | undefined {
  if (state.screen === 'patch') return openEntry(state);
  const row = selectedRow(state);
  return row?.kind === 'patch' ? row.entry : undefined;
}

export function patchLines(state: ReviewState, entry: PatchEntry, env: Pick<ReviewEnv, 'backend' | 'linesCache' | 'width'>): PatchLines {
  const { series, index } = entry.source;
  return env.linesCache.get(series, index, state.decisions, env.width, () =>
    buildPatchLines(env.backend.renderPatchText(series, index, state.decisions), entry.patch, {
      sitesById: state.model.sitesById,
      replacementByClassification: state.model.replacementByClassification,
      vocabulary: state.model.vocabulary,
      decisions: state.decisions,
      width: env.width,
      kbuildListingOf: kbuildListingOf(env.backend),
    }),
  );
}

function cursorOf(model: ReviewModel, matches: (row: OverviewRow) => boolean): number {
  return model.selectableRows.findIndex((rowIndex) => matches(model.rows[rowIndex]));
}

function rowIdentity(row: OverviewRow | undefined): string | null {
  if (row?.kind === 'patch') return `patch:${row.entry.key}`;
  if (row?.kind === 'review-site') return `site:${row.entry.site.id}`;
  return null;
}

/**
 * Keeps the cursor on the same patch or site across a rebuild; on a patch that is gone, on the patch
 * that now holds its first site; else on the same position.
 */
function keepCursor(previous: ReviewState, model: ReviewModel): number {
  const row = selectedRow(previous);
  const identity = rowIdentity(row);
  const found = identity === null ? -1 : cursorOf(model, (candidate) => rowIdentity(candidate) === identity);
  if (found !== -1) return found;
  const firstSite = row?.kind === 'patch' ? row.entry.patch.siteIds[0] : undefined;
  if (firstSite !== undefined) {
    const holder = model.patches.find((entry) => entry.patch.siteIds.includes(firstSite));
    const at = holder ? cursorOf(model, (candidate) => candidate.kind === 'patch' && candidate.entry.key === holder.key) : -1;
    if (at !== -1) return at;
  }
  return Math.max(0, Math.min(previous.cursor, model.selectableRows.length - 1));
}

// ---------------------------------------------------------------------------------------------
// Scrolling

function clamp(value: number, low: number, high: number): number {
  return Math.max(low, Math.min(high, value));
}

/** The first overview row to draw so that the cursor's row (and its heading, when it is the first under one) shows. */
export function overviewWindowTop(state: ReviewState, height: number): number {
  const rows = state.model.rows;
  const cursorRow = state.model.selectableRows[state.cursor] ?? 0;
  let top = state.overviewTop;
  const wanted = cursorRow > 0 && rows[cursorRow - 1]?.kind === 'heading' ? cursorRow - 1 : cursorRow;
  if (wanted < top) top = wanted;
  if (cursorRow >= top + height) top = cursorRow - height + 1;
  return clamp(top, 0, Math.max(0, rows.length - height));
}

export function maxTop(lineCount: number, height: number): number {
  return Math.max(0, lineCount - height);
}

function moveCursor(state: ReviewState, cursor: number, env: ReviewEnv): ReviewState {
  const moved = { ...state, cursor: clamp(cursor, 0, Math.max(0, state.model.selectableRows.length - 1)) };
  return { ...moved, overviewTop: overviewWindowTop(moved, env.bodyHeight) };
}

function scrollPatch(state: ReviewState, top: number, env: ReviewEnv): ReviewState {
  const entry = openEntry(state);
  if (!entry) return state;
  const count = patchLines(state, entry, env).lines.length;
  return { ...state, patchTop: clamp(top, 0, maxTop(count, env.bodyHeight)) };
}

/** After scrolling, the selected site is one on screen: the choice keys act on what is shown. */
function followSites(state: ReviewState, env: ReviewEnv): ReviewState {
  const entry = openEntry(state);
  if (!entry || entry.patch.siteIds.length === 0) return state;
  const siteIndex = siteInView(patchLines(state, entry, env), state.siteIndex, state.patchTop, env.bodyHeight);
  return siteIndex === state.siteIndex ? state : { ...state, siteIndex };
}

export function helpLineCount(state: ReviewState, width: number): number {
  return helpLines(state.model.bindings, width).length;
}

function scrollHelp(state: ReviewState, top: number, env: ReviewEnv): ReviewState {
  return { ...state, helpTop: clamp(top, 0, maxTop(helpLineCount(state, env.width), env.bodyHeight)) };
}

function navigate(state: ReviewState, action: ReviewActionId, env: ReviewEnv): ReviewState | null {
  const page = Math.max(1, env.bodyHeight - 1);
  if (state.help) {
    const top = state.helpTop;
    switch (action) {
      case 'down': return scrollHelp(state, top + 1, env);
      case 'up': return scrollHelp(state, top - 1, env);
      case 'page-down': return scrollHelp(state, top + page, env);
      case 'page-up': return scrollHelp(state, top - page, env);
      case 'top': return scrollHelp(state, 0, env);
      case 'bottom': return scrollHelp(state, Number.MAX_SAFE_INTEGER, env);
      default: return null;
    }
  }
  if (state.screen === 'patch') {
    const top = state.patchTop;
    switch (action) {
      case 'down': return followSites(scrollPatch(state, top + 1, env), env);
      case 'up': return followSites(scrollPatch(state, top - 1, env), env);
      case 'page-down': return followSites(scrollPatch(state, top + page, env), env);
      case 'page-up': return followSites(scrollPatch(state, top - page, env), env);
      case 'top': return followSites(scrollPatch(state, 0, env), env);
      case 'bottom': return followSites(scrollPatch(state, Number.MAX_SAFE_INTEGER, env), env);
      default: return null;
    }
  }
  const cursor = state.cursor;
  switch (action) {
    case 'down': return moveCursor(state, cursor + 1, env);
    case 'up': return moveCursor(state, cursor - 1, env);
    case 'page-down': return moveCursor(state, cursor + page, env);
    case 'page-up': return moveCursor(state, cursor - page, env);
    case 'top': return moveCursor(state, 0, env);
    case 'bottom': return moveCursor(state, Number.MAX_SAFE_INTEGER, env);
    default: return null;
  }
}

// ---------------------------------------------------------------------------------------------
// Opening patches and selecting sites

function openPatch(state: ReviewState, entry: PatchEntry, env: ReviewEnv, siteId?: string): ReviewState {
  const opened: ReviewState = { ...state, screen: 'patch', openKey: entry.key, patchTop: 0, siteIndex: 0 };
  const siteIndex = siteId === undefined ? -1 : entry.patch.siteIds.indexOf(siteId);
  return siteIndex === -1 ? opened : selectSite(opened, siteIndex, env);
}

function selectSite(state: ReviewState, siteIndex: number, env: ReviewEnv): ReviewState {
  const entry = openEntry(state);
  if (!entry || entry.patch.siteIds.length === 0) {
    return { ...state, message: { text: 'This patch ports no call sites', tone: 'info' } };
  }
  const index = clamp(siteIndex, 0, entry.patch.siteIds.length - 1);
  const block = patchLines(state, entry, env).sites[index];
  // Show the site's block with one line of context above it.
  return scrollPatch({ ...state, siteIndex: index }, block ? block.start - 1 : state.patchTop, env);
}

function open(state: ReviewState, env: ReviewEnv): ReviewState {
  if (state.screen === 'patch') return state;
  const row = selectedRow(state);
  if (row?.kind === 'patch') return openPatch(state, row.entry, env);
  if (row?.kind === 'review-site') {
    const entry = row.entry.patchKey === null ? undefined : state.model.byKey.get(row.entry.patchKey);
    if (entry) return openPatch(state, entry, env, row.entry.site.id);
    return {
      ...state,
      message: { text: `This site is in no patch yet: set its module with ${choosableClasses(state.model.vocabulary).map((c) => `${c.choice!.key} (${c.label})`).join(' or ') || 'a decision'}`, tone: 'info' },
    };
  }
  return state;
}

function back(state: ReviewState, env: ReviewEnv): ReviewState {
  if (state.screen !== 'patch') return { ...state, message: null };
  const key = state.openKey;
  const cursor = cursorOf(state.model, (row) => row.kind === 'patch' && row.entry.key === key);
  const closed: ReviewState = { ...state, screen: 'overview', openKey: null };
  return cursor === -1 ? closed : moveCursor(closed, cursor, env);
}

// ---------------------------------------------------------------------------------------------
// Decisions

/**
 * Rebuilds the series from new decisions and saves them, keeping the view on the same patch or site.
 * `refusal` may reject the new series (a decision the transform could not give): nothing is saved then.
 */
function commit(
  state: ReviewState,
  decisions: Decisions,
  env: ReviewEnv,
  /** Given the sites whose decided classification cannot be given (and why), the refusal to show, or null. */
  refusal?: (refused: ReadonlyMap<string, string>) => string | null,
  options: { label?: string; undo?: boolean } = {},
): ReviewState {
  let series: SeriesModel;
  let carried: string[] = [];
  try {
    series = env.backend.buildSeries(decisions);
    const moved = options.undo ? { decisions, notes: [] } : carryEdits(state.series, series, decisions);
    if (moved.notes.length > 0) {
      decisions = moved.decisions;
      carried = moved.notes;
      series = env.backend.buildSeries(decisions);
    }
  } catch (error) {
    // Never leave a decision on disk that the series builder rejects.
    const refused = error instanceof RefusedDecisionsError ? refusal?.(error.refused) : null;
    if (refused) return { ...state, message: { text: refused, tone: 'error' } };
    return { ...state, message: { text: `Decision not applied: the series could not be built: ${errorText(error)}`, tone: 'error' } };
  }
  const refused = refusal?.(refusedSiteDecisions(env.backend.plan.callSites, env.backend.vocabulary, decisions, series.refusedDecisions));
  if (refused) return { ...state, message: { text: refused, tone: 'error' } };
  try {
    env.backend.saveDecisions(decisions);
  } catch (error) {
    return { ...state, message: { text: `Could not save the decisions: ${errorText(error)}`, tone: 'error' } };
  }
  const retained = retainDroppedPatches({ series: state.series, retained: state.retained }, series, decisions);
  const model = buildReviewModel({
    plan: env.backend.plan,
    vocabulary: env.backend.vocabulary,
    series,
    decisions,
    retained,
    staleDecisions: env.backend.staleDecisions,
  });
  const history = options.undo ? state.history.slice(0, -1) : [...state.history, { decisions: state.decisions, label: options.label ?? 'a decision' }];
  const next: ReviewState = { ...state, decisions, series, retained, model, unwritten: true, message: null, carried, history };
  const rebuilt = moveCursor(next, keepCursor(state, model), env);
  if (rebuilt.screen === 'patch') {
    const entry = openEntry(rebuilt);
    if (!entry) return { ...rebuilt, screen: 'overview', openKey: null };
    const siteIndex = clamp(rebuilt.siteIndex, 0, Math.max(0, entry.patch.siteIds.length - 1));
    return scrollPatch({ ...rebuilt, siteIndex }, rebuilt.patchTop, env);
  }
  return rebuilt;
}

/** Sets the message line, with the notes of the last commit (an edit that moved). */
function withInfo(state: ReviewState, text: string, tone: ReviewMessage['tone'] = 'info'): ReviewState {
  const notes = state.carried ?? [];
  // The notes first: they are what the person did not ask for, and a narrow terminal cuts the end.
  return { ...state, carried: [], message: { text: [...notes, text].join('; '), tone } };
}

/**
 * A person's edited message belongs to the sites it describes: when a decision moves every site of
 * an edited patch to another patch (the old one is gone), the edit goes along, unless the new patch
 * has an edit of its own. Never silently lost.
 */
function carryEdits(before: SeriesModel, after: SeriesModel, decisions: Decisions): { decisions: Decisions; notes: string[] } {
  const present = new Set(after.patches.map((patch) => patch.key));
  const holderOf = new Map<string, string>();
  for (const patch of after.patches) for (const id of patch.siteIds) if (!holderOf.has(id)) holderOf.set(id, patch.key);
  const notes: string[] = [];
  for (const patch of before.patches) {
    if (present.has(patch.key) || !isEdited(decisions, patch.key) || patch.siteIds.length === 0) continue;
    const holder = holderOf.get(patch.siteIds[0]);
    const target = holder === undefined ? undefined : after.patches.find((candidate) => candidate.key === holder);
    if (!target || isEdited(decisions, target.key)) {
      notes.push(`Edited message of "${patch.subject}" has no patch now (kept in the decisions)`);
      continue;
    }
    const { subject, body, trailers, ...rest } = decisions.patches[patch.key];
    const patches = { ...decisions.patches, [target.key]: { ...decisions.patches[target.key], ...(subject !== undefined ? { subject } : {}), ...(body !== undefined ? { body } : {}), ...(trailers !== undefined ? { trailers } : {}) } };
    if (Object.keys(rest).length > 0) patches[patch.key] = rest;
    else delete patches[patch.key];
    decisions = { ...decisions, patches };
    notes.push(`Edited message moved with its sites (check it with e)`);
  }
  return { decisions, notes };
}

function setStatus(state: ReviewState, status: PatchStatus, env: ReviewEnv): ReviewState {
  const entry = targetPatch(state);
  if (!entry) return withInfo(state, 'Select a patch first');
  let text = `${status === 'accepted' ? 'Accepted' : 'Dropped'}: ${entry.patch.subject}`;
  // The row after this one now: the cursor moves on to it, wherever the rebuild puts it.
  const nextIdentity = rowIdentity(state.model.rows[state.model.selectableRows[state.cursor + 1]]);
  const committed = commit(state, withPatchStatus(state.decisions, entry.key, status), env, undefined, { label: text });
  if (committed.decisions === state.decisions) return committed;
  const updated = committed.model.byKey.get(entry.key);
  if (updated && updated.breaks.length > 0) {
    text += ` (breaks ${updated.breaks.length} patch${updated.breaks.length === 1 ? '' : 'es'} that need it)`;
  }
  if (committed.screen === 'patch') {
    if (status !== 'accepted') return withInfo(committed, text);
    // As git add -p: accepting a patch shows the next one still pending.
    const at = committed.model.patches.findIndex((candidate) => candidate.key === entry.key);
    const next = committed.model.patches.slice(at + 1).find((candidate) => candidate.status === 'pending');
    if (next) return withInfo(openPatch(committed, next, env), text);
    return withInfo(back(committed, env), `${text}; no pending patch after it`);
  }
  const nextAt = nextIdentity === null ? -1 : cursorOf(committed.model, (row) => rowIdentity(row) === nextIdentity);
  return withInfo(moveCursor(committed, nextAt === -1 ? committed.cursor + 1 : nextAt, env), text);
}

function acceptPhase(state: ReviewState, env: ReviewEnv): ReviewState {
  const entry = targetPatch(state);
  if (!entry) return withInfo(state, 'Select a patch of the phase first');
  const phase = entry.patch.phase;
  const inPhase = state.model.patches.filter((candidate) => candidate.patch.phase === phase);
  const toAccept = inPhase.filter((candidate) => candidate.status === 'pending');
  if (toAccept.length === 0) return withInfo(state, 'Nothing pending in this phase');
  let decisions = state.decisions;
  for (const candidate of toAccept) decisions = withPatchStatus(decisions, candidate.key, 'accepted');
  const committed = commit(state, decisions, env, undefined, { label: `accepting ${toAccept.length} patch${toAccept.length === 1 ? '' : 'es'} of the phase` });
  if (committed.decisions === state.decisions) return committed;
  const title = state.series.phases.find((candidate) => candidate.id === phase)?.title ?? phase;
  const dropped = inPhase.filter((candidate) => candidate.status === 'dropped').length;
  return withInfo(
    committed,
    `Accepted ${toAccept.length} patch${toAccept.length === 1 ? '' : 'es'} of "${title}"${dropped > 0 ? ` (${dropped} dropped left as is)` : ''}`,
  );
}

/** The module a module decision applies to: the selected site's. */
function targetModule(state: ReviewState): { module: string; siteId: string } | { problem: string } {
  const sites = state.model.sitesById;
  if (state.screen === 'patch') {
    const entry = openEntry(state);
    const siteId = entry?.patch.siteIds[state.siteIndex];
    const site = siteId === undefined ? undefined : sites.get(siteId);
    if (!site) return { problem: 'This patch ports no call sites: select a site (in a driver patch or under Needs review)' };
    return { module: site.module, siteId: site.id };
  }
  const row = selectedRow(state);
  if (row?.kind === 'review-site') return { module: row.entry.site.module, siteId: row.entry.site.id };
  if (row?.kind !== 'patch') return { problem: 'Select a site first' };
  const modules = modulesOfPatch(row.entry.patch, sites);
  if (modules.length === 0) return { problem: 'This patch ports no call sites: select a site (in a driver patch or under Needs review)' };
  if (modules.length > 1) {
    return { problem: `This patch covers ${modules.length} modules: open it (Enter) and pick a site with ] and [` };
  }
  const siteId = row.entry.patch.siteIds.find((id) => sites.get(id)?.module === modules[0])!;
  return { module: modules[0], siteId };
}

function setModule(state: ReviewState, classification: ForcedClassification, env: ReviewEnv): ReviewState {
  const target = targetModule(state);
  if ('problem' in target) return withInfo(state, target.problem);
  if (state.decisions.modules[target.module]?.classification === classification) {
    return withInfo(state, `Module ${target.module} is already set to ${classification}`);
  }
  const moduleSites = env.backend.plan.callSites.filter((site) => site.module === target.module).map((site) => site.id);
  const decisions = withModuleClassification(state.decisions, target.module, classification, moduleSites);
  const committed = commit(state, decisions, env, (refused) => choiceRefusal(state, target.siteId, classification, refused), { label: `module ${target.module} set to ${classification}` });
  if (committed.decisions === state.decisions) return committed;

  const holders = new Set<string>();
  for (const patch of committed.series.patches) {
    if (patch.siteIds.some((id) => moduleSites.includes(id))) holders.add(patch.key);
  }
  const labels = [...holders].map((key) => committed.model.byKey.get(key)).filter((entry) => entry !== undefined).map(patchLabel);
  const where = labels.length === 0 ? 'in no patch' : `now in ${labels.join(', ')}`;
  const text = `Module ${target.module} set to ${classification}: ${moduleSites.length} site${moduleSites.length === 1 ? '' : 's'} ${where}`;

  // The open patch lost the site: follow the site to its new patch.
  if (state.screen === 'patch' && committed.screen === 'overview') {
    const holder = [...holders][0];
    const cursor = holder === undefined ? -1 : cursorOf(committed.model, (row) => row.kind === 'patch' && row.entry.key === holder);
    return withInfo(cursor === -1 ? committed : moveCursor(committed, cursor, env), text);
  }
  return withInfo(committed, text);
}

/** The site a site decision applies to: the selected one in a patch, a review site, or a patch's only site. */
function targetSite(state: ReviewState): { siteId: string } | { problem: string } {
  if (state.screen === 'patch') {
    const siteId = openEntry(state)?.patch.siteIds[state.siteIndex];
    return siteId === undefined ? { problem: 'This patch ports no call sites: select a site (in a driver patch or under Needs review)' } : { siteId };
  }
  const row = selectedRow(state);
  if (row?.kind === 'review-site') return { siteId: row.entry.site.id };
  if (row?.kind === 'patch' && row.entry.patch.siteIds.length === 1) return { siteId: row.entry.patch.siteIds[0] };
  if (row?.kind === 'patch' && row.entry.patch.siteIds.length > 1) return { problem: `This patch has ${row.entry.patch.siteIds.length} sites: open it (Enter) and pick one with ] and [` };
  return { problem: 'Select a site first' };
}

function siteWhere(state: ReviewState, siteId: string): string {
  const site = state.model.sitesById.get(siteId);
  return site ? `${site.file}:${site.line}` : siteId;
}

/** Where the site is now, for a message: the patch that ports it, or "in no patch". */
function siteHolder(state: ReviewState, siteId: string): string {
  const holder = state.model.patches.find((entry) => entry.patch.siteIds.includes(siteId));
  return holder ? `now in ${patchLabel(holder)}` : 'in no patch';
}

/** After a decision that changed the site under the open patch: stay if it still holds the site, else follow it. */
function followSite(state: ReviewState, before: ReviewState, siteId: string, env: ReviewEnv): ReviewState {
  if (before.screen !== 'patch') return state;
  const open = openEntry(state);
  if (open && state.screen === 'patch' && open.patch.siteIds.includes(siteId)) return state;
  const holder = state.model.patches.find((entry) => entry.patch.siteIds.includes(siteId));
  if (holder) return openPatch(state, holder, env, siteId);
  return state.screen === 'patch' ? state : state;
}

function setSite(state: ReviewState, classification: ForcedClassification, env: ReviewEnv): ReviewState {
  const target = targetSite(state);
  if ('problem' in target) return withInfo(state, target.problem);
  if (state.decisions.sites[target.siteId]?.classification === classification) {
    return withInfo(state, `Site ${siteWhere(state, target.siteId)} is already set to ${classification}`);
  }
  const decisions = withSiteClassification(state.decisions, target.siteId, classification);
  const label = `site ${siteWhere(state, target.siteId)} set to ${classification}`;
  const committed = commit(state, decisions, env, (refused) => choiceRefusal(state, target.siteId, classification, refused), { label });
  if (committed.decisions === state.decisions) return committed;
  return withInfo(followSite(committed, state, target.siteId, env), `Site ${siteWhere(state, target.siteId)} set to ${classification} (its module unchanged): ${siteHolder(committed, target.siteId)}`);
}

/** What a decision did beyond its site: patches gone from the series, and the series' new notes. */
function consequences(before: SeriesModel, after: SeriesModel): string[] {
  const present = new Set(after.patches.map((patch) => patch.key));
  const gone = before.patches.filter((patch) => !present.has(patch.key)).map((patch) => `"${patch.subject}" leaves the series`);
  const known = new Set(before.notes);
  const notes = after.notes.filter((note) => !known.has(note) && !note.startsWith('left out: '));
  return [...gone, ...notes];
}

function leaveOut(state: ReviewState, env: ReviewEnv): ReviewState {
  const target = targetSite(state);
  if ('problem' in target) return withInfo(state, target.problem);
  const where = siteWhere(state, target.siteId);
  const drop = !state.decisions.sites[target.siteId]?.drop;
  const label = drop ? `leaving out ${where}` : `taking back ${where}`;
  const committed = commit(state, withSiteDrop(state.decisions, target.siteId, drop), env, undefined, { label });
  if (committed.decisions === state.decisions) return committed;
  const effects = consequences(state.series, committed.series);
  const text = `${drop ? 'Left out' : 'Taken back'}: ${where}; ${effects.length ? effects.join('; ') : siteHolder(committed, target.siteId)}`;
  return withInfo(followSite(committed, state, target.siteId, env), text);
}

function undo(state: ReviewState, env: ReviewEnv): ReviewState {
  const last = state.history[state.history.length - 1];
  if (!last) return withInfo(state, 'Nothing to undo');
  const committed = commit(state, last.decisions, env, undefined, { undo: true });
  if (committed.decisions === state.decisions) return committed;
  return withInfo(committed, `Undone: ${last.label}`);
}

// ---------------------------------------------------------------------------------------------
// Search, hunks and files

function matches(text: string, query: string): boolean {
  return text.toLowerCase().includes(query.toLowerCase());
}

function rowText(row: OverviewRow): string {
  switch (row.kind) {
    case 'patch': return [row.entry.patch.subject, row.entry.key, ...row.entry.patch.changes.map((change) => change.path)].join('\n');
    case 'review-site': return [`${row.entry.site.file}:${row.entry.site.line}`, row.entry.site.function ?? '', row.entry.site.call, row.entry.site.reason].join('\n');
    default: return '';
  }
}

/** Moves to the next (or previous) match of the search, wrapping around, in the overview's rows or the open patch's lines. */
function findMatch(state: ReviewState, forward: boolean, env: ReviewEnv): ReviewState {
  const query = state.search;
  if (!query) return withInfo(state, 'No search yet: / starts one');
  const entry = state.screen === 'patch' ? openEntry(state) : undefined;
  const texts = entry
    ? patchLines(state, entry, env).lines.map((line) => line.map((segment) => segment.text).join(''))
    : state.model.selectableRows.map((index) => rowText(state.model.rows[index]));
  const hits = texts.flatMap((text, index) => (matches(text, query) ? [index] : []));
  if (hits.length === 0) return withInfo(state, `Not found: ${query}`, 'error');
  const from = entry ? state.patchTop : state.cursor;
  const next = forward ? hits.find((index) => index > from) ?? hits[0] : [...hits].reverse().find((index) => index < from) ?? hits[hits.length - 1];
  const counter = `/${query}: ${hits.indexOf(next) + 1} of ${hits.length}${(forward ? next <= from : next >= from) ? ' (wrapped)' : ''}`;
  if (entry) return withInfo(followSites(scrollPatch(state, next, env), env), counter);
  return withInfo(moveCursor(state, next, env), counter);
}

/** Applies one key while a search is typed: text, Backspace, Enter (search) or Esc (cancel). */
export function typeSearch(state: ReviewState, keyName: string, env: ReviewEnv): ReviewState {
  const input = state.searchInput ?? '';
  if (keyName === 'Esc') return { ...state, searchInput: null, message: null };
  if (keyName === 'Enter') {
    if (input === '') return { ...state, searchInput: null, message: null };
    return findMatch({ ...state, searchInput: null, search: input }, true, env);
  }
  if (keyName === 'Backspace') return { ...state, searchInput: input.slice(0, -1) };
  if (keyName === 'Space') return { ...state, searchInput: input + ' ' };
  if ([...keyName].length === 1) return { ...state, searchInput: input + keyName };
  return state;
}

function jump(state: ReviewState, starts: readonly number[], forward: boolean, what: string, env: ReviewEnv): ReviewState {
  if (state.screen !== 'patch') return withInfo(state, `Open a patch (Enter) to move between its ${what}s`);
  const top = state.patchTop;
  const target = forward ? starts.find((start) => start > top) : [...starts].reverse().find((start) => start < top);
  if (target === undefined) return withInfo(state, `No ${forward ? 'next' : 'previous'} ${what}`);
  const moved = followSites(scrollPatch(state, target, env), env);
  // At the end of the patch the window cannot start at the target: it is on screen all the same.
  return moved.patchTop === top ? withInfo(moved, `No ${forward ? 'next' : 'previous'} ${what} below the screen`) : moved;
}

// ---------------------------------------------------------------------------------------------
// Views: the cover letter and a site's function

function textView(kind: TextView['kind'], title: string, text: string, env: ReviewEnv, mark?: { line: number; first: number }): TextView {
  const lines: StyledLine[] = [];
  text.replace(/\n$/, '').split('\n').forEach((raw, index) => {
    const shown = displayText(raw);
    if (!mark) {
      lines.push(...wrapLine([{ text: shown, tone: index === 0 ? 'subject' : 'plain' }], env.width));
      return;
    }
    const number = mark.first + index;
    const here = number === mark.line;
    lines.push([{ text: `${here ? '▶' : ' '}${String(number).padStart(5)}  `, tone: here ? 'label' : 'dim' }, { text: shown, tone: here ? 'caution' : 'plain' }]);
  });
  // The function from its signature when the site fits on that screen, else the site mid-screen.
  const at = mark ? mark.line - mark.first : 0;
  const top = at < env.bodyHeight - 1 ? 0 : clamp(at - Math.floor(env.bodyHeight / 2), 0, maxTop(lines.length, env.bodyHeight));
  return { kind, title, lines, top };
}

function showCover(state: ReviewState, env: ReviewEnv): ReviewState {
  const text = env.backend.renderCoverText(state.series, state.decisions);
  return { ...state, view: textView('cover', 'Cover letter, as w writes it  (e edits, Esc or q closes)', text, env) };
}

function selectedSiteId(state: ReviewState): string | undefined {
  const target = targetSite(state);
  return 'siteId' in target ? target.siteId : undefined;
}

function showSource(state: ReviewState, env: ReviewEnv): ReviewState {
  const siteId = selectedSiteId(state);
  const site = siteId === undefined ? undefined : state.model.sitesById.get(siteId);
  if (!site) return withInfo(state, 'Select a site first (in a patch, or under Needs review)');
  const bytes = env.backend.readTreeFile(site.file);
  if (!bytes) return withInfo(state, `${site.file} cannot be read from the tree`, 'error');
  const excerpt = enclosingFunctionLines(bytes.toString('latin1'), site.line);
  const title = `${site.file}:${site.line}${site.function ? ` ${site.function}()` : ''}  (Esc or q closes)`;
  return { ...state, view: textView('source', title, excerpt.lines.join('\n'), env, { line: site.line, first: excerpt.first }) };
}

function openSiteInEditor(state: ReviewState, env: ReviewEnv): ReviewState {
  const siteId = selectedSiteId(state);
  const site = siteId === undefined ? undefined : state.model.sitesById.get(siteId);
  if (!site) return withInfo(state, 'Select a site first (in a patch, or under Needs review)');
  if (!env.openInEditor) return withInfo(state, 'No editor here', 'error');
  const failure = env.openInEditor(`${env.backend.plan.tree}/${site.file}`, site.line);
  return failure ? withInfo(state, `Editor: ${failure}`, 'error') : withInfo(state, `Back from ${site.file}:${site.line} (the series is what the plan found; edits to the tree need a new run)`);
}

function scrollView(state: ReviewState, action: ReviewActionId, env: ReviewEnv): ReviewState {
  const view = state.view!;
  const page = Math.max(1, env.bodyHeight - 1);
  const last = maxTop(view.lines.length, env.bodyHeight);
  const moves: Partial<Record<ReviewActionId, number>> = { down: 1, up: -1, 'page-down': page, 'page-up': -page };
  let top = view.top;
  if (action === 'top') top = 0;
  else if (action === 'bottom') top = last;
  else if (moves[action] !== undefined) top += moves[action]!;
  else return state;
  return { ...state, view: { ...view, top: clamp(top, 0, last) } };
}

/** Why the selected site cannot take the classification the new decisions give it, as the message to show, or null. */
function choiceRefusal(state: ReviewState, siteId: string, classification: string, refused: ReadonlyMap<string, string>): string | null {
  const site = state.model.sitesById.get(siteId);
  const reason = refused.get(siteId);
  return site && reason ? `Not set: ${site.file}:${site.line} cannot be ${classification}: ${reason}` : null;
}

function edit(state: ReviewState, env: ReviewEnv): ReviewState {
  const entry = targetPatch(state);
  if (!entry) return withInfo(state, 'Select a patch to edit its message');
  const outcome = env.editMessage({ key: entry.key, subject: entry.patch.subject, body: entry.patch.body, trailers: entry.patch.trailers });
  if (outcome.kind === 'failed') return withInfo(state, `Edit cancelled: ${outcome.reason}`, 'error');
  const parsed = parseEditedMessage(outcome.text);
  if (!parsed) return withInfo(state, 'Edit cancelled: the subject was empty');
  // What the decisions file would refuse on the next start is refused now.
  const bodyIssue = bodyProblem(parsed.body);
  if (bodyIssue) return withInfo(state, `Edit not saved: the message ${bodyIssue}`, 'error');
  const trailersChanged = parsed.trailers !== null && parsed.trailers.join('\n') !== entry.patch.trailers.join('\n');
  if (parsed.subject === entry.patch.subject && parsed.body === entry.patch.body.replace(/\s+$/, '') && !trailersChanged) {
    return withInfo(state, 'Message unchanged');
  }
  const trailers = trailersChanged ? parsed.trailers! : state.decisions.patches[entry.key]?.trailers;
  const committed = commit(state, withPatchMessage(state.decisions, entry.key, parsed.subject, parsed.body, trailers), env, undefined, { label: `the edit of "${entry.patch.subject}"` });
  if (committed.decisions === state.decisions) return committed;
  return withInfo(committed, `Edited: ${parsed.subject}`);
}

/** e in the cover letter: its subject and text in the editor; the view then shows the letter as w writes it. */
function editCover(state: ReviewState, env: ReviewEnv): ReviewState {
  const cover = state.series.cover;
  const outcome = env.editMessage({ key: 'cover-letter', subject: cover.subject, body: cover.body, trailers: [] });
  if (outcome.kind === 'failed') return withInfo(state, `Edit cancelled: ${outcome.reason}`, 'error');
  const parsed = parseEditedCover(outcome.text);
  if (!parsed) return withInfo(state, 'Edit cancelled: the subject was empty');
  // What the decisions file would refuse on the next start is refused now.
  const subjectIssue = subjectProblem(parsed.subject);
  const bodyIssue = bodyProblem(parsed.body);
  if (subjectIssue || bodyIssue) return withInfo(state, `Edit not saved: the cover letter's ${subjectIssue ? `subject ${subjectIssue}` : `text ${bodyIssue}`}`, 'error');
  if (parsed.subject === cover.subject && parsed.body === cover.body.replace(/\s+$/, '')) return withInfo(state, 'Cover letter unchanged');
  const committed = commit(state, withCoverMessage(state.decisions, parsed.subject, parsed.body), env, undefined, { label: 'the edit of the cover letter' });
  if (committed.decisions === state.decisions) return committed;
  const top = state.view?.top ?? 0;
  const shown = showCover(committed, env);
  const view = shown.view ? { ...shown.view, top: clamp(top, 0, maxTop(shown.view.lines.length, env.bodyHeight)) } : null;
  return withInfo({ ...shown, view }, 'Cover letter edited (the acks, shortlog and diffstat are added as written)');
}

// ---------------------------------------------------------------------------------------------
// Writing and quitting

/** Why writing is refused now, or null. The essential part comes first: narrow terminals cut the rest. */
export function writeRefusal(model: ReviewModel): string | null {
  if (model.broken.length === 0) return null;
  const dropped = [...new Set(model.broken.flatMap((entry) => entry.needsDropped))];
  const first = dropped[0];
  const dependents = model.broken.filter((entry) => entry.needsDropped.includes(first)).length;
  // Short enough for an 80-column message line: the patch number first, its subject last.
  const name = model.byKey.get(first)?.patch.subject ?? first;
  const others = dropped.length > 1 ? ` (+${dropped.length - 1} more)` : '';
  return `${dependents} need${dependents === 1 ? 's' : ''} a dropped patch${others}: y on it or d on ${dependents === 1 ? 'it' : 'them'} ("${name}")`;
}

/** What is still open before writing, as words, or null when nothing is. */
function openWork(model: ReviewModel): string | null {
  const parts: string[] = [];
  if (model.counts.pending > 0) parts.push(`${model.counts.pending} patch${model.counts.pending === 1 ? '' : 'es'} pending`);
  if (model.counts.needsReview > 0) parts.push(`${model.counts.needsReview} review site${model.counts.needsReview === 1 ? '' : 's'} open`);
  return parts.length ? parts.join(', ') : null;
}

function askWrite(state: ReviewState, env: ReviewEnv): StepResult {
  const refusal = writeRefusal(state.model);
  if (refusal) return { state: withInfo(state, `Not written: ${refusal}`, 'error') };
  const open = openWork(state.model);
  if (!open) return write(state, env);
  return { state: { ...state, confirmingWrite: true, message: { text: `Write anyway? (y/n)  ${open}`, tone: 'error' } } };
}

function write(state: ReviewState, env: ReviewEnv): StepResult {
  const refusal = writeRefusal(state.model);
  if (refusal) return { state: withInfo(state, `Not written: ${refusal}`, 'error') };
  try {
    const written = env.backend.write(state.decisions);
    return {
      state: { ...state, unwritten: false },
      exit: { code: 0, summary: `Wrote ${written.files} file${written.files === 1 ? '' : 's'} to ${written.dir}` },
    };
  } catch (error) {
    return { state: withInfo(state, `Not written: ${errorText(error)}`, 'error') };
  }
}

function quitSummary(env: ReviewEnv): string {
  return `Quit without writing the series; decisions are saved in ${env.backend.outputDir}`;
}

function quit(state: ReviewState, env: ReviewEnv): StepResult {
  if (!state.unwritten) return { state, exit: { code: 0, summary: `Quit; decisions are saved in ${env.backend.outputDir}` } };
  return {
    state: {
      ...state,
      confirmingQuit: true,
      message: { text: 'Quit without writing the series? (y/n)  Decisions are saved.', tone: 'error' },
    },
  };
}

// ---------------------------------------------------------------------------------------------

/** Applies one key action. */
export function step(state: ReviewState, action: ReviewActionId, env: ReviewEnv): StepResult {
  if (action === 'abort') return { state, exit: { code: EXIT_ABORTED, summary: quitSummary(env) } };

  if (state.confirmingQuit) {
    if (action === 'accept') return { state, exit: { code: 0, summary: quitSummary(env) } };
    return { state: { ...state, confirmingQuit: false, message: null } };
  }
  if (state.confirmingWrite) {
    const answered = { ...state, confirmingWrite: false, message: null };
    return action === 'accept' ? write(answered, env) : { state: answered };
  }

  if (state.help) {
    if (action === 'help' || action === 'back' || action === 'quit') return { state: { ...state, help: false } };
    return { state: navigate(state, action, env) ?? state };
  }

  if (state.view) {
    if (action === 'back' || action === 'quit' || (action === 'cover' && state.view.kind === 'cover') || (action === 'source' && state.view.kind === 'source')) {
      return { state: { ...state, view: null, message: null } };
    }
    if (action === 'help') return { state: { ...state, help: true, helpTop: 0 } };
    if (action === 'edit' && state.view.kind === 'cover') return { state: editCover({ ...state, message: null }, env) };
    return { state: scrollView(state, action, env) };
  }

  const moved = navigate(state, action, env);
  if (moved) return { state: { ...moved, message: null } };

  const cleared: ReviewState = { ...state, message: null };
  const files = () => (state.screen === 'patch' && openEntry(state) ? patchLines(state, openEntry(state)!, env) : null);
  switch (action) {
    case 'help': return { state: { ...cleared, help: true, helpTop: 0 } };
    case 'open': return { state: open(cleared, env) };
    case 'back': return { state: back(cleared, env) };
    case 'next-site':
    case 'previous-site':
      if (state.screen !== 'patch') return { state: withInfo(cleared, 'Open a patch (Enter) to select its sites') };
      return { state: selectSite(cleared, state.siteIndex + (action === 'next-site' ? 1 : -1), env) };
    case 'next-hunk':
    case 'previous-hunk':
      return { state: jump(cleared, files()?.hunkStarts ?? [], action === 'next-hunk', 'hunk', env) };
    case 'next-file':
    case 'previous-file':
      return { state: jump(cleared, files()?.fileStarts ?? [], action === 'next-file', 'file', env) };
    case 'search': return { state: { ...cleared, searchInput: '' } };
    case 'next-match': return { state: findMatch(cleared, true, env) };
    case 'previous-match': return { state: findMatch(cleared, false, env) };
    case 'accept': return { state: setStatus(cleared, 'accepted', env) };
    case 'drop': return { state: setStatus(cleared, 'dropped', env) };
    case 'accept-phase': return { state: acceptPhase(cleared, env) };
    case 'leave-out': return { state: leaveOut(cleared, env) };
    case 'undo': return { state: undo(cleared, env) };
    case 'edit': return { state: edit(cleared, env) };
    case 'source': return { state: showSource(cleared, env) };
    case 'open-editor': return { state: openSiteInEditor(cleared, env) };
    case 'cover': return { state: showCover(cleared, env) };
    case 'write': return askWrite(cleared, env);
    case 'quit': return state.screen === 'patch' ? { state: back(cleared, env) } : quit(cleared, env);
    default: {
      const chosen = chosenClassification(action);
      if (!chosen) return { state };
      return { state: chosen.scope === 'site' ? setSite(cleared, chosen.classification, env) : setModule(cleared, chosen.classification, env) };
    }
  }
}
