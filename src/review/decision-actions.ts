// The keys that decide: accept or drop a patch, accept a phase, set a module's or a site's
// classification, leave a site out, and undo; each says in the message line what it did.
import type { ForcedClassification } from '../series/decisions.js';
import type { SeriesModel } from '../series/model.js';
import { modulesOfPatch, patchLabel } from './review-model.js';
import { withModuleClassification, withPatchStatus, withSiteClassification, withSiteDrop, type PatchStatus } from './decide.js';
import { withInfo, type ReviewEnv, type ReviewState } from './state.js';
import { cursorOf, openEntry, rowIdentity, selectedRow, targetPatch, targetSite } from './selection.js';
import { back, moveCursor, openPatch } from './navigation.js';
import { commitDecisions } from './commit-decisions.js';

export function setStatus(state: ReviewState, status: PatchStatus, env: ReviewEnv): ReviewState {
  const entry = targetPatch(state);
  if (!entry) return withInfo(state, 'Select a patch first');
  let text = `${status === 'accepted' ? 'Accepted' : 'Dropped'}: ${entry.patch.subject}`;
  // The row after this one now: the cursor moves on to it, wherever the rebuild puts it.
  const nextIdentity = rowIdentity(state.model.rows[state.model.selectableRows[state.cursor + 1]]);
  const committed = commitDecisions(state, withPatchStatus(state.decisions, entry.key, status), env, undefined, { label: text });
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

export function acceptPhase(state: ReviewState, env: ReviewEnv): ReviewState {
  const entry = targetPatch(state);
  if (!entry) return withInfo(state, 'Select a patch of the phase first');
  const phase = entry.patch.phase;
  const inPhase = state.model.patches.filter((candidate) => candidate.patch.phase === phase);
  const toAccept = inPhase.filter((candidate) => candidate.status === 'pending');
  if (toAccept.length === 0) return withInfo(state, 'Nothing pending in this phase');
  let decisions = state.decisions;
  for (const candidate of toAccept) decisions = withPatchStatus(decisions, candidate.key, 'accepted');
  const committed = commitDecisions(state, decisions, env, undefined, { label: `accepting ${toAccept.length} patch${toAccept.length === 1 ? '' : 'es'} of the phase` });
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

export function setModule(state: ReviewState, classification: ForcedClassification, env: ReviewEnv): ReviewState {
  const target = targetModule(state);
  if ('problem' in target) return withInfo(state, target.problem);
  if (state.decisions.modules[target.module]?.classification === classification) {
    return withInfo(state, `Module ${target.module} is already set to ${classification}`);
  }
  const moduleSites = env.backend.plan.callSites.filter((site) => site.module === target.module).map((site) => site.id);
  const decisions = withModuleClassification(state.decisions, target.module, classification, moduleSites);
  const committed = commitDecisions(state, decisions, env, (refused) => choiceRefusal(state, target.siteId, classification, refused), { label: `module ${target.module} set to ${classification}` });
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

/** Why the selected site cannot take the classification the new decisions give it, as the message to show, or null. */
function choiceRefusal(state: ReviewState, siteId: string, classification: string, refused: ReadonlyMap<string, string>): string | null {
  const site = state.model.sitesById.get(siteId);
  const reason = refused.get(siteId);
  return site && reason ? `Not set: ${site.file}:${site.line} cannot be ${classification}: ${reason}` : null;
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

export function setSite(state: ReviewState, classification: ForcedClassification, env: ReviewEnv): ReviewState {
  const target = targetSite(state);
  if ('problem' in target) return withInfo(state, target.problem);
  if (state.decisions.sites[target.siteId]?.classification === classification) {
    return withInfo(state, `Site ${siteWhere(state, target.siteId)} is already set to ${classification}`);
  }
  const decisions = withSiteClassification(state.decisions, target.siteId, classification);
  const label = `site ${siteWhere(state, target.siteId)} set to ${classification}`;
  const committed = commitDecisions(state, decisions, env, (refused) => choiceRefusal(state, target.siteId, classification, refused), { label });
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

export function leaveOut(state: ReviewState, env: ReviewEnv): ReviewState {
  const target = targetSite(state);
  if ('problem' in target) return withInfo(state, target.problem);
  const where = siteWhere(state, target.siteId);
  const drop = !state.decisions.sites[target.siteId]?.drop;
  const label = drop ? `leaving out ${where}` : `taking back ${where}`;
  const committed = commitDecisions(state, withSiteDrop(state.decisions, target.siteId, drop), env, undefined, { label });
  if (committed.decisions === state.decisions) return committed;
  const effects = consequences(state.series, committed.series);
  const text = `${drop ? 'Left out' : 'Taken back'}: ${where}; ${effects.length ? effects.join('; ') : siteHolder(committed, target.siteId)}`;
  return withInfo(followSite(committed, state, target.siteId, env), text);
}

export function undo(state: ReviewState, env: ReviewEnv): ReviewState {
  const last = state.history[state.history.length - 1];
  if (!last) return withInfo(state, 'Nothing to undo');
  const committed = commitDecisions(state, last.decisions, env, undefined, { undo: true });
  if (committed.decisions === state.decisions) return committed;
  return withInfo(committed, `Undone: ${last.label}`);
}
