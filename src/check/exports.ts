// The static export check: every public-API function a driver calls must be declared in the
// public header and exported, at every step of the series. A single-object build (make foo.o)
// never runs modpost, so only this check sees a missing EXPORT_SYMBOL.
import { parseBytes } from '../parse/parser.js';
import { collectFacts } from '../facts/collect.js';
import { findExports, findPrototypes } from '../parse/c-query.js';

// The same bytes are checked after every patch: parse each version of a file once.
const usesCache = new WeakMap<Buffer, ReturnType<typeof collectFacts>>();
const parseCache = new WeakMap<Buffer, ReturnType<typeof parseBytes>>();

function parsedOf(file: string, bytes: Buffer) {
  let p = parseCache.get(bytes);
  if (!p) {
    p = parseBytes(file, bytes);
    parseCache.set(bytes, p);
  }
  return p;
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
export function checkExports(api: PublicApi, read: (rel: string) => Buffer | null, callers: string[], exporters: string[]): ExportProblem[] {
  const header = read(api.header);
  const headerParse = header ? parsedOf(api.header, header) : null;
  const declared = (fn: string) => !!headerParse && findPrototypes(headerParse, fn).length > 0;
  const exportedCache = new Map<string, boolean>();
  const exported = (fn: string) => {
    if (!exportedCache.has(fn)) {
      exportedCache.set(
        fn,
        exporters.some((f) => {
          const bytes = read(f);
          return !!bytes && bytes.includes(fn) && findExports(parsedOf(f, bytes), fn).length > 0;
        }),
      );
    }
    return exportedCache.get(fn)!;
  };
  const problems: ExportProblem[] = [];
  for (const file of callers) {
    if (api.exportDirs.some((d) => file.startsWith(d)) || !/\.[ch]$/.test(file)) continue;
    const bytes = read(file);
    if (!bytes) continue;
    let facts = usesCache.get(bytes);
    if (!facts) {
      facts = collectFacts(parsedOf(file, bytes), api.functions);
      usesCache.set(bytes, facts);
    }
    for (const use of facts.uses) {
      if (use.kind !== 'call' || use.conditions.some((c) => c.neverCompiled)) continue;
      if (!declared(use.callee)) problems.push({ file, line: use.line, function: use.callee, problem: `${use.callee}() is not declared in ${api.header}` });
      else if (!exported(use.callee)) problems.push({ file, line: use.line, function: use.callee, problem: `${use.callee}() is not exported (no EXPORT_SYMBOL) from ${api.exportDirs.join(', ')}` });
    }
  }
  return problems;
}
