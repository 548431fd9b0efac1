// The series model: what a transform's series planner produces and every renderer, the review UI,
// check and apply consume. Patches apply in order; each change's `before` is the file as left by the
// earlier patches (null: the file is created), `after` its new bytes (null: the file is deleted).

export interface FileChange {
  path: string;
  before: Buffer | null;
  after: Buffer | null;
}

export interface SeriesPatch {
  /** Stable key, e.g. "prepare", "port-unmanaged:ata": decisions and versions refer to it. */
  key: string;
  /** Phase id (transform-defined, e.g. "prepare", "never-managed", "msi", "always-managed", "remove"). */
  phase: string;
  /** Subject line without the [PATCH n/N] tag, e.g. "ata: ahci: Use pcim_intx()". */
  subject: string;
  /** Where the subject prefix came from (git log, MAINTAINERS table, config, path). */
  subjectPrefixSource?: string;
  /** Commit message body, already wrapped at 72 columns, without trailers. */
  body: string;
  /** Trailers in order, e.g. ["Link: https://...", "Signed-off-by: A <a@b>"]. */
  trailers: string[];
  changes: FileChange[];
  /** Plan site ids this patch ports. */
  siteIds: string[];
  /** Keys of earlier patches this one needs (to build, or to be correct). */
  dependsOn: string[];
  /** The subsystem (MAINTAINERS section title or path group) the patch belongs to. */
  subsystem: string;
  /** Whose ack the patch needs (maintainer names from MAINTAINERS), for the cover letter. */
  acksFrom: string[];
  /** Notes for the reviewer (needs-review cautions etc.), shown in the cover letter and review UI. */
  cautions: string[];
}

export interface SeriesPhase {
  id: string;
  title: string;
}

export interface SeriesModel {
  transform: string;
  /** The tree state the series starts from, as the plan reported it (for transforms with core states). */
  coreState?: string;
  /** The variant of the series a transform's options chose, when it offers several (e.g. an order of steps). */
  strategy?: string;
  phases: SeriesPhase[];
  patches: SeriesPatch[];
  cover: {
    subject: string;
    /** Cover letter body before the shortlog/diffstat/base-commit the renderer appends. */
    body: string;
    /** How the series should be merged; the per-patch list of acks follows it (see finalCover). */
    mergePath?: string;
  };
  /** Plain notes for the person running the command (stderr). */
  notes: string[];
  /**
   * Classifications a decision asked for that the transform could not give a site (a use that is
   * not a call, a call never compiled), with why: the engine refuses such decisions.
   */
  refusedDecisions?: RefusedDecision[];
}

export interface RefusedDecision {
  siteId: string;
  reason: string;
}
