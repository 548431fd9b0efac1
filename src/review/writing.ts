// Writing the series (refused while a patch needs a dropped one, confirmed while work is open)
// and quitting (confirmed while decisions are unwritten).
import { firstLineOf as errorText } from '../errors.js';
import type { ReviewModel } from './review-model.js';
import { withInfo, type ReviewEnv, type ReviewState, type StepResult } from './state.js';

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

export function askWrite(state: ReviewState, env: ReviewEnv): StepResult {
  const refusal = writeRefusal(state.model);
  if (refusal) return { state: withInfo(state, `Not written: ${refusal}`, 'error') };
  const open = openWork(state.model);
  if (!open) return write(state, env);
  return { state: { ...state, confirmingWrite: true, message: { text: `Write anyway? (y/n)  ${open}`, tone: 'error' } } };
}

export function write(state: ReviewState, env: ReviewEnv): StepResult {
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

export function quitSummary(env: ReviewEnv): string {
  return `Quit without writing the series; decisions are saved in ${env.backend.outputDir}`;
}

export function quit(state: ReviewState, env: ReviewEnv): StepResult {
  if (!state.unwritten) return { state, exit: { code: 0, summary: `Quit; decisions are saved in ${env.backend.outputDir}` } };
  return {
    state: {
      ...state,
      confirmingQuit: true,
      message: { text: 'Quit without writing the series? (y/n)  Decisions are saved.', tone: 'error' },
    },
  };
}
