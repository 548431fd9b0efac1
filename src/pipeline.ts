// The engine's pipeline: discover -> Kbuild modules -> parse -> facts -> classify (the transform).
// Knows nothing about any particular migration: the transform names the functions and decides.
import fs from 'node:fs';
import path from 'node:path';
import type { AnyTransform, AnalysisContext } from './transform.js';
import type { Coverage, FileFacts, KbuildModule, ModuleFacts, Plan } from './types.js';
import { PLAN_FIELD_NAMES, SCHEMA_VERSION } from './types.js';
import { discoverCandidates } from './discover/discover.js';
import { createKbuildIndex } from './kbuild/kbuild.js';
import { parseBytes, type ParsedFile } from './parse/parser.js';
import { collectFacts, collectFactsFromText } from './facts/collect.js';
import { mentionsWord } from './facts/lines.js';
import { assignSiteIds, compareSites } from './classify/site-ids.js';
import { readTreeFile } from './util/fs.js';
import { Timings } from './util/timings.js';
import { collectGarbage } from './util/memory.js';
import { findIncluders } from './facts/includers.js';
import { InputError } from './errors.js';

export { InputError };

export interface AnalyzeOptions {
  forceScan?: boolean;
  progress?: (message: string) => void;
  timings?: Timings;
  overlay?: Map<string, Buffer | null>;
  /** Report only the sites under these paths (as given on the command line: relative to the working directory). */
  paths?: string[];
}

/** File access for one run: every file is read once and parsed at most once. */
export class TreeFiles {
  private readonly bytes = new Map<string, Buffer | null>();
  private readonly parsed = new Map<string, ParsedFile | null>();
  private readonly unparsable = new Map<string, string>();
  parseCount = 0;

  /** `overlay`: files whose content replaces the tree's (e.g. the tree after a series, in `check`). */
  constructor(
    readonly tree: string,
    private readonly overlay?: Map<string, Buffer | null>,
  ) {}

  /** Every path this run read (existing or not): what its results depend on. */
  readPaths(): string[] {
    return [...this.bytes.entries()].filter(([, b]) => b !== null).map(([p]) => p);
  }

  read(rel: string): Buffer | null {
    if (!this.bytes.has(rel)) this.bytes.set(rel, this.overlay?.has(rel) ? this.overlay.get(rel)! : readTreeFile(this.tree, rel));
    return this.bytes.get(rel) ?? null;
  }

  /** Lets the parse trees go once the analysis is done: the series stage needs only a few files. */
  releaseParses(): void {
    this.parsed.clear();
  }

  parse(rel: string): ParsedFile | null {
    if (!this.parsed.has(rel)) {
      const bytes = this.read(rel);
      let parsed = bytes ? parseBytes(rel, bytes) : null;
      if (bytes) this.parseCount++;
      // Analyses walk syntax trees recursively: a file nested deeper than code is written is not
      // analysed at all (named, with the reason) rather than overflowing the stack for the whole run.
      const depth = parsed && mightNestDeeply(parsed.bytes) ? syntaxDepth(parsed.tree, MAX_SYNTAX_DEPTH) : 0;
      if (depth > MAX_SYNTAX_DEPTH) {
        this.unparsable.set(rel, `nested more than ${MAX_SYNTAX_DEPTH} levels deep: not analysed`);
        parsed = null;
      }
      this.parsed.set(rel, parsed);
    }
    return this.parsed.get(rel) ?? null;
  }

  /** Why a readable file gives no parse (too deeply nested), or undefined. */
  unparsableReason(rel: string): string | undefined {
    return this.unparsable.get(rel);
  }
}

export function resolveTree(treeArg: string | undefined): string {
  const tree = path.resolve(treeArg ?? '.');
  let stat: fs.Stats;
  try {
    stat = fs.statSync(tree);
  } catch {
    throw new InputError(`tree ${tree} does not exist`);
  }
  if (!stat.isDirectory()) throw new InputError(`tree ${tree} is not a directory`);
  return fs.realpathSync(tree);
}

export interface Analysis {
  plan: Plan;
  files: TreeFiles;
  modules: ModuleFacts[];
}

export async function analyzeTree(transform: AnyTransform, treeArg: string | undefined, options: AnalyzeOptions = {}): Promise<Analysis> {
  const timings = options.timings ?? new Timings();
  const tree = resolveTree(treeArg);
  const files = new TreeFiles(tree, options.overlay);
  const within = sitePathFilter(tree, options.paths ?? []);
  const notKernel = transform.checkTree((rel) => files.read(rel));
  if (notKernel) throw new InputError(notKernel);

  options.progress?.('searching');
  const found = await timings.measure('discover', () => discoverCandidates(tree, transform.searchWords, { forceScan: options.forceScan }));
  const coverage: Coverage = {
    filesScanned: found.filesScanned,
    filesParsed: 0,
    discoverMethod: found.method,
    parseErrors: [],
    skipped: [...found.skipped],
    kbuildNotes: [],
  };

  // Which functions a file mentions: read once, decides whether it must be parsed at all.
  const mentions = new Map<string, string[]>();
  const mentionsOf = (file: string): string[] => {
    let named = mentions.get(file);
    if (!named) {
      const bytes = files.read(file);
      // Decoded once, not once per function name: this runs on every candidate file.
      const text = bytes ? bytes.toString('latin1') : '';
      named = bytes ? transform.factFunctions.filter((fn) => mentionsWord(text, fn)) : [];
      mentions.set(file, named);
    }
    return named;
  };
  const siteFiles: string[] = [];
  for (const file of found.files) {
    if (!files.read(file)) coverage.skipped.push({ file, reason: 'could not be read' });
    else if (mentionsOf(file).some((fn) => transform.siteFunctions.includes(fn))) siteFiles.push(file);
  }

  // Kbuild: the module of every file with a site; a header's sites belong to its includers' modules.
  options.progress?.('reading Kbuild');
  const kbuild = timings.measureSync('kbuild', () => createKbuildIndex((rel) => files.read(rel)));
  const modules = new Map<string, { module: KbuildModule; extraFiles: Set<string> }>();
  const addModule = (m: KbuildModule, extra?: string) => {
    const entry = modules.get(m.id) ?? { module: m, extraFiles: new Set<string>() };
    if (extra) entry.extraFiles.add(extra);
    modules.set(m.id, entry);
  };
  timings.measureSync('kbuild', () => {
    for (const file of siteFiles) {
      if (file.endsWith('.h')) {
        const includers = findIncluders(tree, file, (rel) => files.read(rel));
        if (includers.length === 0) addModule({ id: file.replace(/\.h$/, ''), sources: [], configs: [], implicit: true }, file);
        for (const c of includers) addModule(kbuild.moduleOf(c), file);
      } else {
        addModule(kbuild.moduleOf(file));
      }
    }
  });
  coverage.kbuildNotes = kbuild.notes;

  // Parse only the module files that mention a function of interest.
  options.progress?.('parsing');
  const moduleFacts: ModuleFacts[] = [];
  const factsByFile = new Map<string, FileFacts>();
  let sinceYield = 0;
  await timings.measure('parse', async () => {
    for (const { module, extraFiles } of [...modules.values()].sort((a, b) => (a.module.id < b.module.id ? -1 : 1))) {
      const relevant = [...new Set([...module.sources, ...extraFiles])].filter((f) => mentionsOf(f).length > 0).sort();
      const list: FileFacts[] = [];
      for (const file of relevant) {
        let facts = factsByFile.get(file);
        if (!facts) {
          facts = factsOf(files, file, transform.factFunctions);
          factsByFile.set(file, facts);
          // Native parse trees pile up in a tight loop: let the event loop free them now and then.
          if (++sinceYield % 50 === 0) await new Promise((r) => setImmediate(r));
        }
        list.push(facts);
      }
      moduleFacts.push({ module, files: list });
    }
  });
  for (const facts of factsByFile.values()) {
    if (facts.errorNodes > 0) coverage.parseErrors.push({ file: facts.file, errorNodes: facts.errorNodes });
    if (facts.failure) coverage.skipped.push({ file: facts.file, reason: facts.failure });
  }
  coverage.parseErrors.sort((a, b) => (a.file < b.file ? -1 : 1));

  options.progress?.('classifying');
  const ctx: AnalysisContext = {
    tree,
    modules: moduleFacts,
    readFile: (rel) => files.read(rel),
    parseFile: (rel) => files.parse(rel),
    coverage,
  };
  const result = timings.measureSync('classify', () => transform.analyze(ctx));
  assignSiteIds(result.callSites);
  result.callSites.sort(compareSites);
  // The modules were analysed whole; only the sites under the given paths are reported.
  if (within) result.callSites = result.callSites.filter((s) => within(s.file));
  coverage.filesParsed = files.parseCount;
  files.releaseParses();
  collectGarbage();
  const extra = (result.extra ?? {}) as Record<string, unknown>;
  const clash = Object.keys(extra).find((k) => PLAN_FIELD_NAMES.includes(k));
  if (clash) throw new Error(`transform ${transform.name} returned a plan field "${clash}" of its own: the engine's fields cannot be replaced`);
  const plan: Plan = {
    schemaVersion: SCHEMA_VERSION,
    transform: transform.name,
    tree,
    core: result.core,
    callSites: result.callSites,
    coverage,
    notes: [...(found.notes ?? []), ...result.notes],
    ...extra,
  };
  return { plan, files, modules: moduleFacts };
}

/** A test for tree-relative files under the given paths, or null when no path limits the sites. */
function sitePathFilter(tree: string, paths: string[]): ((file: string) => boolean) | null {
  if (paths.length === 0) return null;
  const prefixes = paths.map((p) => {
    const rel = path.relative(tree, path.resolve(p));
    if (rel.startsWith('..') || path.isAbsolute(rel)) throw new InputError(`path ${p} is outside the tree ${tree}`);
    return rel.split(path.sep).join('/');
  });
  if (prefixes.includes('')) return null;
  return (file) => prefixes.some((p) => file === p || file.startsWith(`${p}/`));
}

function factsOf(files: TreeFiles, file: string, functions: string[]): FileFacts {
  const bytes = files.read(file);
  if (!bytes) return { file, uses: [], errorNodes: 0, failure: 'could not be read' };
  const parsed = files.parse(file);
  const unparsable = files.unparsableReason(file);
  if (unparsable) return { file, uses: [], errorNodes: 0, failure: unparsable };
  try {
    // Through the run's cache: the transform may need the same parse (e.g. atomic context).
    return collectFacts(parsed!, functions);
  } catch (e) {
    const facts = collectFactsFromText(file, bytes.toString('latin1'), functions);
    return { ...facts, failure: `could not be parsed (${(e as Error).message}): uses found by text search` };
  }
}

/** Deeper syntax than any real source has (Linux's deepest is under 100), well within the stack of a recursive walk. */
const MAX_SYNTAX_DEPTH = 800;

/** The depth of TREE's syntax, counted without recursion, stopping once past LIMIT. */
function syntaxDepth(tree: ParsedFile['tree'], limit: number): number {
  const cursor = tree.walk();
  let depth = 0;
  let deepest = 0;
  for (;;) {
    if (cursor.gotoFirstChild()) {
      depth++;
      if (depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
      continue;
    }
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent()) return deepest;
      depth--;
    }
  }
}

/**
 * A cheap look at the bytes before the exact (and costlier) walk of the tree: deep brackets, a very long
 * statement (an operator chain nests one level per operator) or many `else` (an else-if chain).
 */
function mightNestDeeply(bytes: Buffer): boolean {
  let depth = 0;
  let statement = 0;
  let elses = 0;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    if (c === 0x28 || c === 0x5b || c === 0x7b) {
      if (++depth > 64) return true;
    } else if ((c === 0x29 || c === 0x5d || c === 0x7d) && depth > 0) depth--;
    if (c === 0x3b || c === 0x7b || c === 0x7d) statement = 0;
    else if (++statement > 4096) return true;
    // "else" as a word
    if (c === 0x65 && bytes[i + 1] === 0x6c && bytes[i + 2] === 0x73 && bytes[i + 3] === 0x65 && !isWordByte(bytes[i - 1]) && !isWordByte(bytes[i + 4]) && ++elses > 256) return true;
  }
  return false;
}

function isWordByte(c: number | undefined): boolean {
  return c !== undefined && ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f);
}
