// The contract between the engine and a migration. The engine discovers, indexes Kbuild, parses and
// collects facts for the functions a transform names; the transform turns facts into decisions and a
// series. The engine never knows which functions or which migration it is working on.
import type { CoreReport, CallSite, ModuleFacts, Plan, Coverage } from './types.js';
import type { SeriesModel } from './series/model.js';
import type { ParsedFile } from './parse/parser.js';
import type { Decisions } from './series/decisions.js';
import type { OptionValues, Vocabulary } from './vocabulary.js';

/** The SDK version this engine offers; a transform names the one it was written for. */
export const SDK_VERSION = 1;

export interface AnalysisContext {
  /** Absolute path of the tree. */
  tree: string;
  /**
   * Modules that hold at least one use of a site function, with facts of their relevant files.
   * Reading it collects the facts of every module at once; a transform that parses module files
   * itself uses forEachModule instead, which parses each module's files once for both.
   */
  readonly modules: ModuleFacts[];
  /**
   * Runs `analyzeModule` on every module of `modules`, one at a time and in the same order, with its
   * facts collected just before. Syntax trees first parsed during a call (parseFile) are released when
   * it returns, so keep only its small results: nothing that holds a tree (a call graph, a ParsedFile)
   * may outlive the call. A large tree then never holds every module's parses at once.
   */
  forEachModule<R>(analyzeModule: (facts: ModuleFacts) => R): Promise<R[]>;
  /** Raw bytes of a tree file (read once, cached), or null when missing/unreadable. */
  readFile(rel: string): Buffer | null;
  /** Parse a tree file with tree-sitter, or null when missing. Cached for the whole analysis, except
   *  inside forEachModule: there for the module's call only (unless parsed before it). */
  parseFile(rel: string): ParsedFile | null;
  coverage: Coverage;
}

export interface TransformAnalysis<Site extends CallSite = CallSite, Core extends CoreReport = CoreReport, Extra extends object = object> {
  /** The state of the code the migration changes, for a transform that declares core states; a
   *  transform without any leaves it out and the plan says the tree has no core state to read. */
  core?: Core;
  callSites: Site[];
  notes: string[];
  /** Transform-specific plan fields (e.g. calls already ported); they may not reuse an engine field's name. */
  extra?: Extra;
}

export interface SeriesOptions<Options extends OptionValues = OptionValues> {
  split: 'subsystem' | 'module' | 'file';
  /** "Name <email>" for Signed-off-by. */
  author: string;
  links: string[];
  decisions: Decisions | null;
  /** The transform's own options (its vocabulary's), parsed and checked by the engine. */
  options: Options;
}

export interface SeriesContext {
  tree: string;
  readFile(rel: string): Buffer | null;
  parseFile(rel: string): ParsedFile | null;
  /** Subsystem of a file: the MAINTAINERS section (or path group) and its maintainers. */
  subsystemOf(file: string): { name: string; maintainers: string[] };
  /** Subject prefix for a patch touching these files (all in `module`, when given), and its source. */
  subjectPrefix(files: string[], module?: string): { prefix: string; source: string };
}

export interface AuditResult<Site extends CallSite = CallSite> {
  summary: string;
  /** The plan's site objects the audit lists. */
  callSites: Site[];
  /** true when something is broken or left unported (exit 1). */
  found: boolean;
}

export { TransformRefusal } from './errors.js';

export interface Transform<Site extends CallSite = CallSite, Core extends CoreReport = CoreReport, Options extends OptionValues = OptionValues, Extra extends object = object> {
  /** The SDK version the transform was written for (SDK_VERSION when it was written). */
  sdkVersion: number;
  name: string;
  description: string;
  /** Its words: classifications, phases, options, core states. */
  vocabulary: Vocabulary;
  /** Words for the text prefilter over the whole tree: files that mention one hold sites. Other files of
   *  their modules are read and parsed only when they mention a fact function. */
  searchWords: string[];
  /** Functions whose uses are collected as facts (calls and other references). */
  factFunctions: string[];
  /** Functions whose uses are the sites of the migration. */
  siteFunctions: string[];
  /**
   * Functions drivers may call only once they are public: declared in `header` and exported from a
   * file of `exportDirs`. `check` verifies this statically after every patch (modpost never runs
   * on a single-object build, so a build cannot see a missing export).
   */
  publicApi?: { header: string; exportDirs: string[]; functions: string[] };
  /** Decide whether TREE is a tree this transform can work on; a one-line reason when not. */
  checkTree(readFile: (rel: string) => Buffer | null): string | null;
  /** The plan's decisions. May be async: a transform that parses module files runs its per-module
   *  analysis through `ctx.forEachModule` (which is). */
  analyze(ctx: AnalysisContext): TransformAnalysis<Site, Core, Extra> | Promise<TransformAnalysis<Site, Core, Extra>>;
  /** What a half-done migration left behind: the sites to list, and whether that is a finding (exit 1). */
  audit(plan: Plan<Site, Core> & Extra): AuditResult<Site>;
  buildSeries(plan: Plan<Site, Core> & Extra, ctx: SeriesContext, options: SeriesOptions<Options>): SeriesModel;
}

/** A transform as the engine holds it, whatever its own types. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyTransform = Transform<any, any, any, any>;

/** Declares a transform with its types inferred: `export default defineTransform({...})`. */
export function defineTransform<Site extends CallSite, Core extends CoreReport, Options extends OptionValues, Extra extends object = object>(
  transform: Transform<Site, Core, Options, Extra>,
): Transform<Site, Core, Options, Extra> {
  return transform;
}
