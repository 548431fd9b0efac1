// The contracts between the pipeline stages. Every stage reads and writes these shapes only,
// so a stage can be replaced or tested alone. Paths are relative to the tree, with '/' separators.
// Byte offsets index the file's raw bytes (sources are parsed as Latin-1, one char per byte).

/** A Kbuild module: a composite object (foo-y := a.o b.o) or a lone object (obj-m += bar.o). */
export interface KbuildModule {
  /** Directory of the Makefile that declares it + object name without .o, e.g. drivers/vfio/pci/vfio-pci-core */
  id: string;
  /** Source files (relative to the tree) that form it; for a lone object just that file. */
  sources: string[];
  /** CONFIG_ symbols that build it (obj-$(CONFIG_X)), empty when unknown. */
  configs: string[];
  /** true when no Makefile declared it and the file stands alone by default. */
  implicit: boolean;
}

export interface KbuildNote {
  file: string;
  line: number;
  message: string;
}

/** A preprocessor conditional that encloses a fact, as written (e.g. "#ifdef CONFIG_PM", "#if 0"). */
export interface PreprocCondition {
  directive: string;
  line: number;
  /** true for #if 0 (and the #else of #if 1): code that is never compiled. */
  neverCompiled: boolean;
}

/** One use of a function of interest in a source file. */
export interface UseFact {
  file: string;
  /** 1-based line and column of the callee name. */
  line: number;
  column: number;
  callee: string;
  /** 'call': callee(...) ; 'reference': any other use (address taken, passed as a value, ...) */
  kind: 'call' | 'reference';
  /** Byte range of the callee name. */
  calleeStart: number;
  calleeEnd: number;
  /** Byte range of the whole call (or of the identifier for a reference). */
  start: number;
  end: number;
  /** Call text with whitespace runs folded to one space, e.g. "pci_intx(pdev, 1)". */
  text: string;
  /** Argument texts, folded the same way. */
  args: string[];
  /** Enclosing function name, or null at file scope / in a macro. */
  function: string | null;
  /** Name of the #define whose body holds the use, or null. */
  macro: string | null;
  conditions: PreprocCondition[];
  /** The use sits inside an ERROR node of the parse. */
  inError: boolean;
}

export interface FileFacts {
  file: string;
  uses: UseFact[];
  /** Number of ERROR / MISSING nodes in the whole file. */
  errorNodes: number;
  /** Set when the file could not be read or parsed at all. */
  failure?: string;
}

/** Everything the engine learned about one module that has at least one site. */
export interface ModuleFacts {
  module: KbuildModule;
  /** Facts of the module's files that mention a function of interest (others are not parsed). */
  files: FileFacts[];
}

export interface Coverage {
  filesScanned: number;
  filesParsed: number;
  discoverMethod: 'git-grep' | 'scan';
  parseErrors: { file: string; errorNodes: number }[];
  skipped: { file: string; reason: string }[];
  kbuildNotes: KbuildNote[];
}

export interface Evidence {
  file: string;
  line: number;
  function: string | null;
  call: string;
  note?: string;
}

/** What the transform found about the code it changes (its declared core states); transforms add typed fields. */
export interface CoreReport {
  state: string;
  summary: string;
  evidence: Evidence[];
}

/** The state a plan reports when its transform declares no core states. */
export const NO_CORE_STATE = 'none';

/** The core report of a transform that returns none. */
export function noCoreState(): CoreReport {
  return { state: NO_CORE_STATE, summary: 'the transform reads no core state', evidence: [] };
}

/** What the series does to a site: rename its callee, delete its statement, or nothing. */
export type SiteAction = 'rename' | 'delete' | 'none';

/** The plan's per-site record. Field names are a public contract (plan --json): add, never rename. */
export interface CallSite {
  id: string;
  file: string;
  line: number;
  column: number;
  function: string | null;
  call: string;
  module: string;
  classification: string;
  /** What the series does here; `replacement` names the new callee of a rename, else null. */
  action: SiteAction;
  replacement: string | null;
  needsReview: boolean;
  reason: string;
  evidence: Evidence[];
  conditions: string[];
  /** Byte range of the callee name in the file: what a rewrite replaces. */
  calleeStart: number;
  calleeEnd: number;
  callee: string;
  /** Phase of the migration this site's port belongs to (transform-defined), or null for none. */
  phase: string | null;
  /** The driver (its `file::variable`) whose use decided the site, when the transform knows one. */
  driver?: string | null;
  /** MAINTAINERS section (or path group) of the file, and the subject prefix its patches get. */
  subsystem?: string;
  subjectPrefix?: string;
  /** Where the prefix came from: config, git log, table or path. */
  subjectPrefixSource?: string;
}

/** Version of the plan JSON and decisions file layout: fields are added within a version, never renamed. */
export const SCHEMA_VERSION = 1;

/** The plan: what `plan --json` prints and every later stage reads. */
export interface PlanFields<Site extends CallSite = CallSite, Core extends CoreReport = CoreReport> {
  schemaVersion: number;
  transform: string;
  tree: string;
  core: Core;
  callSites: Site[];
  coverage: Coverage;
  /** Messages for the person: what the plan means, warnings. */
  notes: string[];
  timings?: Record<string, number>;
}

/** A plan with whatever extra fields its transform added (TransformAnalysis.extra). */
export type Plan<Site extends CallSite = CallSite, Core extends CoreReport = CoreReport> = PlanFields<Site, Core> & { [extra: string]: unknown };

/** The engine's plan field names: a transform's extras may not use them. */
export const PLAN_FIELD_NAMES: readonly string[] = ['schemaVersion', 'transform', 'tree', 'core', 'callSites', 'coverage', 'notes', 'timings'];
