import type { Plan } from '../types.js';
import type { Vocabulary } from '../vocabulary.js';
import type { SeriesModel } from '../series/model.js';
import type { Decisions } from '../series/decisions.js';
import type { WrittenSeriesState } from '../series/written-state.js';
export interface ReviewBackend {
  plan: Plan;                                   // sites, classifications, reasons, evidence
  vocabulary: Vocabulary;                       // the transform's words: classifications, choice keys, phases
  decisions: Decisions;                         // loaded/resumed decisions (replayed)
  staleDecisions: string[];                     // decision keys that no longer match the tree (shown to the user)
  buildSeries(decisions: Decisions): SeriesModel;   // the SAME function `series --decisions` uses
  renderPatchText(series: SeriesModel, index: number, decisions: Decisions): string; // the patch as `w` would write it (a dropped one outside the numbering)
  renderCoverText(series: SeriesModel, decisions: Decisions): string; // the cover letter as `w` would write it
  readTreeFile(rel: string): Buffer | null;     // a file of the tree as the plan read it (the source view)
  saveDecisions(decisions: Decisions): void;    // atomic, called after every decision
  write(decisions: Decisions): { dir: string; files: number }; // writes with the `series` writer; throws Error with a one-line reason
  outputDir: string;
  /** Whether the series already in outputDir is what `w` would write from these decisions (absent: unknown). */
  writtenState?(series: SeriesModel, decisions: Decisions): WrittenSeriesState;
}
