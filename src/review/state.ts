// The review session's state, the environment its keys act in, and the helpers every key uses
// (the first state from the backend, clamping, the message line).
import type { WrittenSeriesState } from '../series/written-state.js';
import type { Decisions } from '../series/decisions.js';
import type { SeriesModel } from '../series/model.js';
import type { ReviewBackend } from './backend.js';
import { buildReviewModel, type RetainedPatch, type ReviewModel } from './review-model.js';
import type { PatchLinesCache, StyledLine } from './patch-lines.js';
import type { EditMessage, OpenInEditor } from './edit-message.js';

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

export function clamp(value: number, low: number, high: number): number {
  return Math.max(low, Math.min(high, value));
}

export function maxTop(lineCount: number, height: number): number {
  return Math.max(0, lineCount - height);
}

/** Sets the message line, with the notes of the last commit (an edit that moved). */
export function withInfo(state: ReviewState, text: string, tone: ReviewMessage['tone'] = 'info'): ReviewState {
  const notes = state.carried ?? [];
  // The notes first: they are what the person did not ask for, and a narrow terminal cuts the end.
  return { ...state, carried: [], message: { text: [...notes, text].join('; '), tone } };
}
