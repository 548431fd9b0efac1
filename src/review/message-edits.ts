// e: edit a patch's message or the cover letter in the person's editor, refusing now what the
// decisions file would refuse on the next start.
import { bodyProblem, subjectProblem } from '../series/decisions.js';
import { withCoverMessage, withPatchMessage } from './decide.js';
import { parseEditedCover, parseEditedMessage } from './edit-message.js';
import { clamp, maxTop, withInfo, type ReviewEnv, type ReviewState } from './state.js';
import { targetPatch } from './selection.js';
import { commitDecisions } from './commit-decisions.js';
import { showCover } from './views.js';

export function edit(state: ReviewState, env: ReviewEnv): ReviewState {
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
  const committed = commitDecisions(state, withPatchMessage(state.decisions, entry.key, parsed.subject, parsed.body, trailers), env, undefined, { label: `the edit of "${entry.patch.subject}"` });
  if (committed.decisions === state.decisions) return committed;
  return withInfo(committed, `Edited: ${parsed.subject}`);
}

/** e in the cover letter: its subject and text in the editor; the view then shows the letter as w writes it. */
export function editCover(state: ReviewState, env: ReviewEnv): ReviewState {
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
  const committed = commitDecisions(state, withCoverMessage(state.decisions, parsed.subject, parsed.body), env, undefined, { label: 'the edit of the cover letter' });
  if (committed.decisions === state.decisions) return committed;
  const top = state.view?.top ?? 0;
  const shown = showCover(committed, env);
  const view = shown.view ? { ...shown.view, top: clamp(top, 0, maxTop(shown.view.lines.length, env.bodyHeight)) } : null;
  return withInfo({ ...shown, view }, 'Cover letter edited (the acks, shortlog and diffstat are added as written)');
}
