// The static export check: every public-API function a driver calls must be declared in the
// public header and exported, at every step of the series. A single-object build (make foo.o)
// never runs modpost, so only this check sees a missing EXPORT_SYMBOL.
import { parseBytes, type ParsedFile } from '../parse/parser.js';
import type { FileFacts } from '../types.js';
import { collectFacts } from '../facts/collect.js';
import { findExports, findPrototypes } from '../parse/c-query.js';
import { collectGarbage } from '../util/memory.js';

// The same bytes are checked after every patch: each version of a file is parsed once, and only what
// the check needs of it is kept (its uses, which functions it declares or exports). Parse trees are
// not kept: native tree-sitter trees of every caller would hold tens of megabytes until the end.
const usesCache = new WeakMap<Buffer, FileFacts>();
const declaredCache = new WeakMap<Buffer, Map<string, boolean>>();
const exportedCache = new WeakMap<Buffer, Map<string, boolean>>();

// A native tree is freed only when V8 collects its wrapper, on a later turn of the event loop: every
// half megabyte of parsed source (a tree costs ~45 bytes per byte) the check collects and yields.
const COLLECT_AFTER_BYTES = 512 * 1024;
let parsedSinceCollection = 0;

function parse(file: string, bytes: Buffer): ParsedFile {
  parsedSinceCollection += bytes.length;
  return parseBytes(file, bytes);
}

async function releaseTreesIfMany(): Promise<void> {
  if (parsedSinceCollection < COLLECT_AFTER_BYTES) return;
  parsedSinceCollection = 0;
  collectGarbage();
  await new Promise((resolve) => setImmediate(resolve));
}

/** `ask(parsed)` for one version of a file, remembered by its bytes and the function's name. */
function askOnce(cache: WeakMap<Buffer, Map<string, boolean>>, file: string, bytes: Buffer, fn: string, ask: (parsed: ParsedFile) => boolean): boolean {
  let answers = cache.get(bytes);
  if (!answers) {
    answers = new Map();
    cache.set(bytes, answers);
  }
  if (!answers.has(fn)) answers.set(fn, ask(parse(file, bytes)));
  return answers.get(fn)!;
}

export interface ExportProblem {
  file: string;
  line: number;
  function: string;
  problem: string;
}

export interface PublicApi {
  header: string;
  exportDirs: string[];
  functions: string[];
}

/**
 * `callers`: files outside the export dirs whose calls to check (the files a series touched);
 * `exporters`: the export-dir .c files that may hold the EXPORT_SYMBOL lines.
 */
export async function checkExports(api: PublicApi, read: (rel: string) => Buffer | null, callers: string[], exporters: string[]): Promise<ExportProblem[]> {
  const header = read(api.header);
  const declared = (fn: string) => !!header && askOnce(declaredCache, api.header, header, fn, (parsed) => findPrototypes(parsed, fn).length > 0);
  const exportedHere = new Map<string, boolean>();
  const exported = (fn: string) => {
    if (!exportedHere.has(fn)) {
      exportedHere.set(
        fn,
        exporters.some((f) => {
          const bytes = read(f);
          return !!bytes && bytes.includes(fn) && askOnce(exportedCache, f, bytes, fn, (parsed) => findExports(parsed, fn).length > 0);
        }),
      );
    }
    return exportedHere.get(fn)!;
  };
  const problems: ExportProblem[] = [];
  for (const file of callers) {
    if (api.exportDirs.some((d) => file.startsWith(d)) || !/\.[ch]$/.test(file)) continue;
    const bytes = read(file);
    if (!bytes) continue;
    let facts = usesCache.get(bytes);
    if (!facts) {
      facts = collectFacts(parse(file, bytes), api.functions);
      usesCache.set(bytes, facts);
    }
    for (const use of facts.uses) {
      if (use.kind !== 'call' || use.conditions.some((c) => c.neverCompiled)) continue;
      if (!declared(use.callee)) problems.push({ file, line: use.line, function: use.callee, problem: `${use.callee}() is not declared in ${api.header}` });
      else if (!exported(use.callee)) problems.push({ file, line: use.line, function: use.callee, problem: `${use.callee}() is not exported (no EXPORT_SYMBOL) from ${api.exportDirs.join(', ')}` });
    }
    await releaseTreesIfMany();
  }
  return problems;
}
