// The engine's pipeline: discover -> Kbuild modules -> parse -> facts -> classify (the transform).
// Knows nothing about any particular migration: the transform names the functions and decides.
import fs from 'node:fs';
import path from 'node:path';
import type { AnyTransform, AnalysisContext } from './transform.js';
import type { Coverage, FileFacts, KbuildModule, ModuleFacts, Plan } from './types.js';
import { PLAN_FIELD_NAMES, SCHEMA_VERSION, noCoreState } from './types.js';
import { discoverCandidates } from './discover/discover.js';
import { createKbuildIndex } from './kbuild/kbuild.js';
import { parseBytes, type ParsedFile } from './parse/parser.js';
import { collectFacts, collectFactsFromText } from './facts/collect.js';
import { mentionsWord } from './facts/lines.js';
import { assignSiteIds, compareSites } from './classify/site-ids.js';
import { readTreeFile } from './util/fs.js';
import { Timings } from './util/timings.js';
import { collectGarbage, collectGarbageAndFinalize } from './util/memory.js';
import { findIncluders } from './facts/includers.js';
import { sourcesBelow } from './discover/walk.js';
import { InputError } from './errors.js';
import { PARSE_AHEAD_BYTES, ParseAhead } from './parse/parse-ahead.js';
import { RunCache, type FactCacheSettings } from './cache/fact-cache.js';

export { InputError };

export interface AnalyzeOptions {
  forceScan?: boolean;
  progress?: (message: string) => void;
  timings?: Timings;
  overlay?: Map<string, Buffer | null>;
  /** Report only the sites under these paths (as given on the command line: relative to the working directory). */
  paths?: string[];
  /**
   * Source bytes to parse while discovery still runs (default PARSE_AHEAD_BYTES; 0, or the environment's
   * KCODEMOD_OVERLAP=0, parses nothing ahead). The plan is the same either way.
   */
  parseAheadBytes?: number;
  /** Reuse what earlier runs learnt of unchanged files (the fact cache); unset: no cache. */
  cache?: FactCacheSettings;
}

/** Told of every file a run loads and every directory it lists: what its results depend on. */
export interface ReadObserver {
  observe(rel: string, bytes: Buffer | null): void;
  observeListing(dir: string, files: readonly string[]): void;
}

/**
 * File access for one run: a file is read once and parsed once while it is kept; files first read or
 * parsed inside a module scope are kept for that module only, and files read only to be searched
 * (peek) are not kept at all.
 */
export class TreeFiles {
  private readonly bytes = new Map<string, Buffer | null>();
  private readonly parsed = new Map<string, ParsedFile | null>();
  /** Reads and parses made inside a module scope: released when the scope ends. */
  private scope: { bytes: Map<string, Buffer | null>; parsed: Map<string, ParsedFile | null> } | null = null;
  /** Every path read, in the order first read, and whether it could be. */
  private readonly seen = new Map<string, boolean>();
  private readonly unparsable = new Map<string, string>();
  private readonly parsedFiles = new Set<string>();
  /** Parses made ahead of their first use (see parse-ahead.ts), each taken by that use. */
  private readonly madeAhead = new Map<string, AheadParse>();
  /** Source bytes parsed since the last collection of released trees. */
  private parsedSinceCollection = 0;

  /** `overlay`: files whose content replaces the tree's (e.g. the tree after a series, in `check`). */
  constructor(
    readonly tree: string,
    private readonly overlay?: Map<string, Buffer | null>,
    private readonly observer?: ReadObserver,
  ) {}

  /** How many distinct files this run parsed (a file parsed again in another module scope counts once). */
  get parseCount(): number {
    return this.parsedFiles.size;
  }

  /** Every path this run read (existing or not): what its results depend on. */
  readPaths(): string[] {
    return [...this.seen.entries()].filter(([, exists]) => exists).map(([p]) => p);
  }

  read(rel: string): Buffer | null {
    const kept = this.kept(rel);
    if (kept !== undefined) return kept;
    const bytes = this.load(rel);
    (this.scope?.bytes ?? this.bytes).set(rel, bytes);
    return bytes;
  }

  /** The bytes of a file read only to be searched (for a word, an #include): not kept unless they were. */
  peek(rel: string): Buffer | null {
    const kept = this.kept(rel);
    return kept !== undefined ? kept : this.load(rel);
  }

  private kept(rel: string): Buffer | null | undefined {
    if (this.bytes.has(rel)) return this.bytes.get(rel) ?? null;
    return this.scope?.bytes.has(rel) ? (this.scope.bytes.get(rel) ?? null) : undefined;
  }

  private load(rel: string): Buffer | null {
    const bytes = this.overlay?.has(rel) ? this.overlay.get(rel)! : readTreeFile(this.tree, rel);
    if (!this.seen.has(rel)) this.seen.set(rel, bytes !== null);
    this.observer?.observe(rel, bytes);
    return bytes;
  }

  /** The .c/.h files below DIR (tree-relative). */
  listSources(dir: string): string[] {
    const found = sourcesBelow(this.tree, dir);
    this.observer?.observeListing(dir, found);
    return found;
  }

  /** Counts PATHS as read by this run: an analysis taken from the cache read them. */
  dependOn(paths: readonly string[]): void {
    for (const rel of paths) if (!this.seen.has(rel)) this.seen.set(rel, true);
  }

  /** Lets the parse trees go once the analysis is done: the series stage needs only a few files. */
  releaseParses(): void {
    this.parsed.clear();
  }

  /**
   * Runs `fn` with a cache of its own: files it reads or parses (and the run had not) are read and
   * parsed again by a later scope rather than kept. Once it returns, the trees are let go and, every few
   * megabytes of source, collected: a native tree-sitter tree is freed only when V8 collects its
   * small wrapper, and only on a later turn of the event loop, so the caller awaits that turn.
   */
  async inModuleScope<R>(fn: () => R): Promise<R> {
    this.scope = { bytes: new Map(), parsed: new Map() };
    try {
      return fn();
    } finally {
      this.scope = null;
      if (this.parsedSinceCollection >= COLLECT_AFTER_BYTES) {
        this.parsedSinceCollection = 0;
        collectGarbage();
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  parse(rel: string): ParsedFile | null {
    if (this.parsed.has(rel)) return this.parsed.get(rel) ?? null;
    const cache = this.scope?.parsed ?? this.parsed;
    if (!cache.has(rel)) {
      const ahead = this.madeAhead.get(rel);
      this.madeAhead.delete(rel);
      this.adoptParse(ahead ?? this.parseAhead(rel));
    }
    return cache.get(rel) ?? null;
  }

  /** Keeps a parse made ahead for the first `parse(rel)`, in whatever scope that comes. */
  keepAhead(parse: AheadParse): void {
    this.madeAhead.set(parse.rel, parse);
  }

  /** Lets go of the parses made ahead that nothing asked for. */
  dropAhead(): void {
    this.madeAhead.clear();
  }

  /** A parse of REL as `parse` makes it, kept nowhere and counted nowhere (see keepAhead). */
  parseAhead(rel: string): AheadParse {
    const bytes = this.peek(rel);
    const parsed = bytes ? parseBytes(rel, bytes) : null;
    // Analyses walk syntax trees recursively: a file nested deeper than code is written is not
    // analysed at all (named, with the reason) rather than overflowing the stack for the whole run.
    const depth = parsed && mightNestDeeply(parsed.bytes) ? syntaxDepth(parsed.tree, MAX_SYNTAX_DEPTH) : 0;
    const unparsable = depth > MAX_SYNTAX_DEPTH ? `nested more than ${MAX_SYNTAX_DEPTH} levels deep: not analysed` : undefined;
    return { rel, bytes, parsed: unparsable ? null : parsed, unparsable };
  }

  /** Takes a parse as if `parse` had just made it: kept in the current scope, counted. */
  private adoptParse({ rel, bytes, parsed, unparsable }: AheadParse): void {
    if (this.kept(rel) === undefined) (this.scope?.bytes ?? this.bytes).set(rel, bytes);
    if (bytes) {
      this.parsedFiles.add(rel);
      this.parsedSinceCollection += bytes.length;
    }
    if (unparsable) this.unparsable.set(rel, unparsable);
    (this.scope?.parsed ?? this.parsed).set(rel, parsed);
  }

  /** Why a readable file gives no parse (too deeply nested), or undefined. */
  unparsableReason(rel: string): string | undefined {
    return this.unparsable.get(rel);
  }
}

/** A parse made ahead of its use (see TreeFiles.parseAhead). */
export interface AheadParse {
  rel: string;
  bytes: Buffer | null;
  /** null when unreadable or not analysed (`unparsable` says why). */
  parsed: ParsedFile | null;
  unparsable?: string;
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
  const cache = options.cache ? new RunCache(tree, transform.searchWords, options.cache, options.overlay) : null;
  const files = new TreeFiles(tree, options.overlay, cache ?? undefined);
  const within = sitePathFilter(tree, options.paths ?? []);
  const notKernel = transform.checkTree((rel) => files.read(rel));
  if (notKernel) throw new InputError(notKernel);

  options.progress?.('searching');
  const known = cache?.knownSearch();
  // A warm cache will likely reuse the whole analysis: parsing ahead would be work thrown away.
  const aheadBytes = known && !known.empty ? 0 : options.parseAheadBytes ?? (process.env.KCODEMOD_OVERLAP === '0' ? 0 : PARSE_AHEAD_BYTES);
  const ahead = aheadBytes > 0 ? new ParseAhead(files, aheadBytes) : null;
  const found = await timings
    .measure('discover', () => discoverCandidates(tree, transform.searchWords, { forceScan: options.forceScan, known, onCandidate: ahead ? (file) => ahead.offer(file) : undefined }))
    .finally(() => ahead?.close());
  cache?.saveWords();
  const cacheKey = { transform: transform.name, forceScan: !!options.forceScan, paths: (options.paths ?? []).map((p) => path.resolve(p)), discovered: found };
  const reused = cache && (await timings.measure('cache', () => cache.lookup(cacheKey, (dir) => sourcesBelow(tree, dir))));
  if (reused) {
    files.dependOn(reused.inputs.filter(([, name]) => name !== null).map(([rel]) => rel));
    return { plan: reused.plan, files, modules: reused.modules };
  }
  const coverage: Coverage = {
    filesScanned: found.filesScanned,
    filesParsed: 0,
    discoverMethod: found.method,
    parseErrors: [],
    skipped: [...found.skipped],
    kbuildNotes: [],
  };

  // Which functions a file mentions (null: unreadable): read once, decides whether it must be parsed
  // at all. The bytes are not kept: most candidate files are never needed again.
  const mentions = new Map<string, string[] | null>();
  const mentionsOf = (file: string): string[] | null => {
    if (!mentions.has(file)) {
      const bytes = files.peek(file);
      // Decoded once, not once per function name: this runs on every candidate file.
      const text = bytes?.toString('latin1');
      mentions.set(file, text === undefined ? null : transform.factFunctions.filter((fn) => mentionsWord(text, fn)));
    }
    return mentions.get(file)!;
  };
  const siteFiles: string[] = [];
  for (const file of found.files) {
    const named = mentionsOf(file);
    if (!named) coverage.skipped.push({ file, reason: 'could not be read' });
    else if (named.some((fn) => transform.siteFunctions.includes(fn))) siteFiles.push(file);
  }

  options.progress?.('reading Kbuild');
  // A source named by a Makefile is only looked for: its bytes are not kept.
  const exists = new Map<string, boolean>();
  const fileExists = (rel: string): boolean => {
    if (!exists.has(rel)) exists.set(rel, files.peek(rel) !== null);
    return exists.get(rel)!;
  };
  const kbuild = timings.measureSync('kbuild', () => createKbuildIndex((rel) => files.read(rel), { fileExists }));
  const modules = new Map<string, { module: KbuildModule; extraFiles: Set<string> }>();
  const addModule = (m: KbuildModule, extra?: string) => {
    const entry = modules.get(m.id) ?? { module: m, extraFiles: new Set<string>() };
    if (extra) entry.extraFiles.add(extra);
    modules.set(m.id, entry);
  };
  timings.measureSync('kbuild', () => {
    for (const file of siteFiles) {
      if (file.endsWith('.h')) {
        const includers = findIncluders(file, (rel) => files.peek(rel), (dir) => files.listSources(dir));
        if (includers.length === 0) addModule({ id: file.replace(/\.h$/, ''), sources: [], configs: [], implicit: true }, file);
        for (const c of includers) addModule(kbuild.moduleOf(c), file);
      } else {
        addModule(kbuild.moduleOf(file));
      }
    }
  });
  coverage.kbuildNotes = kbuild.notes;

  // Facts of the module files that mention a function of interest, module by module, each file
  // parsed once for them; a header's facts serve every module that includes it.
  const ordered = [...modules.values()].sort((a, b) => (a.module.id < b.module.id ? -1 : 1));
  const factsByFile = new Map<string, FileFacts>();
  const collected: (ModuleFacts | undefined)[] = [];
  const factsOfModule = (i: number): ModuleFacts => {
    const { module, extraFiles } = ordered[i];
    collected[i] ??= timings.measureSync('parse', () => {
      const relevant = [...new Set([...module.sources, ...extraFiles])].filter((f) => (mentionsOf(f)?.length ?? 0) > 0).sort();
      const list: FileFacts[] = [];
      for (const file of relevant) {
        let facts = factsByFile.get(file);
        if (!facts) {
          facts = factsOf(files, file, transform.factFunctions);
          factsByFile.set(file, facts);
          if (facts.errorNodes > 0) coverage.parseErrors.push({ file: facts.file, errorNodes: facts.errorNodes });
          if (facts.failure) coverage.skipped.push({ file: facts.file, reason: facts.failure });
        }
        list.push(facts);
      }
      return { module, files: list };
    });
    return collected[i]!;
  };
  const allModuleFacts = (): ModuleFacts[] => ordered.map((_, i) => factsOfModule(i));

  options.progress?.('classifying');
  const ctx: AnalysisContext = {
    tree,
    get modules() {
      return allModuleFacts();
    },
    forEachModule: async <R>(analyzeModule: (facts: ModuleFacts) => R): Promise<R[]> => {
      const results: R[] = [];
      // The module's parses (its facts' and the transform's) are released before the next module.
      for (let i = 0; i < ordered.length; i++) results.push(await files.inModuleScope(() => analyzeModule(factsOfModule(i))));
      return results;
    },
    readFile: (rel) => files.read(rel),
    parseFile: (rel) => files.parse(rel),
    coverage,
  };
  // classify: the transform's own time, the facts it asked for counted under parse.
  const parseBefore = timings.stages.get('parse') ?? 0;
  const result = await timings.measure('classify', () => Promise.resolve(transform.analyze(ctx))).finally(() => files.dropAhead());
  timings.add('classify', -((timings.stages.get('parse') ?? 0) - parseBefore));
  const moduleFacts = allModuleFacts();
  coverage.parseErrors.sort((a, b) => (a.file < b.file ? -1 : 1));
  assignSiteIds(result.callSites);
  result.callSites.sort(compareSites);
  // The modules were analysed whole; only the sites under the given paths are reported.
  if (within) result.callSites = result.callSites.filter((s) => within(s.file));
  coverage.filesParsed = files.parseCount;
  files.releaseParses();
  await collectGarbageAndFinalize();
  const extra = (result.extra ?? {}) as Record<string, unknown>;
  const clash = Object.keys(extra).find((k) => PLAN_FIELD_NAMES.includes(k));
  if (clash) throw new Error(`transform ${transform.name} returned a plan field "${clash}" of its own: the engine's fields cannot be replaced`);
  const plan: Plan = {
    schemaVersion: SCHEMA_VERSION,
    transform: transform.name,
    tree,
    core: result.core ?? noCoreState(),
    callSites: result.callSites,
    coverage,
    notes: [...(found.notes ?? []), ...result.notes],
    ...extra,
  };
  await cache?.keep(cacheKey, plan, moduleFacts);
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

/**
 * Source bytes parsed between two collections of released trees (a tree costs ~24 bytes of native
 * memory per byte, which malloc keeps once it is freed): 1 MB instead of 2 MB cut 13 MB of series'
 * peak RSS for no measurable time.
 */
const COLLECT_AFTER_BYTES = 1024 * 1024;

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
