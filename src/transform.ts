// The contract between the engine and a migration. The engine discovers, indexes Kbuild, parses and
// collects facts for the functions a transform names; the transform turns facts into decisions and a
// series. The engine never knows which functions or which migration it is working on.
import type { CoreReport, CallSite, ModuleFacts, Plan, Coverage } from './types.js';
import type { SeriesModel } from './series/model.js';
import type { ParsedFile } from './parse/parser.js';
import type { Decisions } from './series/decisions.js';

export interface AnalysisContext {
  /** Absolute path of the tree. */
  tree: string;
  /** Modules that hold at least one use of a site function, with facts of their relevant files. */
  modules: ModuleFacts[];
  /** Raw bytes of a tree file (read once, cached), or null when missing/unreadable. */
  readFile(rel: string): Buffer | null;
  /** Parse a tree file with tree-sitter (cached), or null when missing. */
  parseFile(rel: string): ParsedFile | null;
  coverage: Coverage;
}

export interface TransformAnalysis {
  core: CoreReport;
  callSites: CallSite[];
  notes: string[];
  /** Transform-specific plan fields (e.g. calls already ported), copied into the plan as they are. */
  extra?: Record<string, unknown>;
}

export interface SeriesOptions {
  strategy: string;
  splitFinal: boolean;
  split: 'subsystem' | 'module' | 'file';
  /** "Name <email>" for Signed-off-by. */
  author: string;
  links: string[];
  fixes: string | null;
  stable: boolean;
  decisions: Decisions | null;
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

export interface AuditResult {
  summary: string;
  /** The plan's site objects the audit lists. */
  callSites: CallSite[];
  /** true when something is broken or left unported (exit 1). */
  found: boolean;
}

/** Thrown by a transform when the job cannot be done (exit 1), with a one-line reason. */
export class TransformRefusal extends Error {}

export interface Transform {
  name: string;
  description: string;
  /** Words for the text prefilter over the whole tree: files that mention one hold sites. Other files of
   *  their modules are read and parsed only when they mention a fact function. */
  searchWords: string[];
  /** Functions whose uses are collected as facts (calls and other references). */
  factFunctions: string[];
  /** Functions whose uses are the sites of the migration. */
  siteFunctions: string[];
  /** Files the transform always needs (e.g. the core implementation), read even if no site is there. */
  coreFiles: string[];
  /**
   * Functions drivers may call only once they are public: declared in `header` and exported from a
   * file of `exportDirs`. `check` verifies this statically after every patch (modpost never runs
   * on a single-object build, so a build cannot see a missing export).
   */
  publicApi?: { header: string; exportDirs: string[]; functions: string[] };
  /** The MAINTAINERS section (its title) whose tree merges the series: its maintainers and list get every mail. */
  mergingSection?: string;
  /** Decide whether TREE is a tree this transform can work on; a one-line reason when not. */
  checkTree(readFile: (rel: string) => Buffer | null): string | null;
  analyze(ctx: AnalysisContext): TransformAnalysis;
  /** What a half-done migration left behind: the sites to list, and whether that is a finding (exit 1). */
  audit(plan: Plan): AuditResult;
  buildSeries(plan: Plan, ctx: SeriesContext, options: SeriesOptions): SeriesModel;
}
