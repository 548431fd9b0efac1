// The review session's key dispatcher: step() applies one key action to the state, handing it to the
// module that owns it. No ink here: the component feeds actions in and draws the state, so every
// behaviour is testable without a terminal. Side effects go through the backend and the injected editor.
import { chosenClassification, type ReviewActionId } from './keys.js';
import { withInfo, type ReviewEnv, type ReviewState, type StepResult } from './state.js';
import { openEntry, patchLines } from './selection.js';
import { back, navigate, open, selectSite } from './navigation.js';
import { acceptPhase, leaveOut, setModule, setSite, setStatus, undo } from './decision-actions.js';
import { edit, editCover } from './message-edits.js';
import { findMatch, jump } from './search.js';
import { openSiteInEditor, scrollView, showCover, showSource } from './views.js';
import { askWrite, quit, quitSummary, write } from './writing.js';

// What the component, the screens and the tests take from here.
export { initialState, maxTop, type ReviewEnv, type ReviewExit, type ReviewState, type TextView } from './state.js';
export { patchLines } from './selection.js';
export { overviewWindowTop } from './navigation.js';
export { typeSearch } from './search.js';
export { writeRefusal } from './writing.js';

const EXIT_ABORTED = 130;

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
