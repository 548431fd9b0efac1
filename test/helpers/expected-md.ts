// Reads the tables of examples/EXPECTED.md, the specification of what `plan` finds on examples/.
import fs from 'node:fs';
import path from 'node:path';
import { EXAMPLES_DIR } from './paths.js';

export interface ExpectedSite {
  file: string;
  line: number;
  /** null for a macro body ("-" in the table). */
  function: string | null;
  call: string;
  module: string;
  classification: string;
  replacement: string | null;
  needsReview: boolean;
  why: string;
  /** Enable calls the "why" column cites, with the file they are in (tree-relative). */
  citedEnableCalls: { call: string; file: string; line: number }[];
}

function cells(row: string): string[] {
  // "| a | b |" -> ["a", "b"]; a cell never contains "|" in EXPECTED.md.
  return row.trim().replace(/^\|/, '').replace(/\|$/, '').split('|').map((c) => c.trim());
}

function unquote(cell: string): string {
  return cell.replace(/^`(.*)`$/, '$1');
}

/** Rows of the first table whose header row starts with `firstColumns`. */
export function markdownTable(text: string, firstColumns: string[]): Record<string, string>[] {
  const lines = text.split('\n');
  const headerAt = lines.findIndex((l) => l.startsWith('|') && cells(l).slice(0, firstColumns.length).join('|') === firstColumns.join('|'));
  if (headerAt === -1) throw new Error(`EXPECTED.md has no table starting with ${firstColumns.join(' | ')}`);
  const header = cells(lines[headerAt]);
  const rows: Record<string, string>[] = [];
  for (const line of lines.slice(headerAt + 2)) {
    if (!line.startsWith('|')) break;
    const values = cells(line);
    if (values.length !== header.length) throw new Error(`EXPECTED.md row has ${values.length} cells, the header ${header.length}: ${line}`);
    rows.push(Object.fromEntries(header.map((h, i) => [h, values[i]])));
  }
  return rows;
}

const ENABLE_CITATION = /\b(pcim?_enable_device(?:_mem|_io)?\([^()]*\)) \((?:line (\d+)|([\w./-]+):(\d+))\)/g;

/** The call-site table of EXPECTED.md. */
export function expectedSites(expectedMd = fs.readFileSync(path.join(EXAMPLES_DIR, 'EXPECTED.md'), 'utf8')): ExpectedSite[] {
  return markdownTable(expectedMd, ['file', 'line', 'function']).map((r) => {
    const moduleDir = path.posix.dirname(r.module);
    const citedEnableCalls = [...r.why.matchAll(ENABLE_CITATION)].map((m) => ({
      call: m[1],
      // "(line N)": the same file; "(other.c:N)": a file of the module, relative to its directory.
      file: m[2] ? r.file : path.posix.join(moduleDir, m[3]),
      line: Number(m[2] ?? m[4]),
    }));
    return {
      file: r.file,
      line: Number(r.line),
      function: r.function === '-' ? null : r.function,
      call: unquote(r.call),
      module: r.module,
      classification: r.classification,
      replacement: r.replacement === 'null' ? null : r.replacement,
      needsReview: r.needsReview === 'true',
      why: r.why,
      citedEnableCalls,
    };
  });
}

/** "## Core state: `hybrid`" */
export function expectedCoreState(expectedMd = fs.readFileSync(path.join(EXAMPLES_DIR, 'EXPECTED.md'), 'utf8')): string {
  const m = /^## Core state: `(\w+)`/m.exec(expectedMd);
  if (!m) throw new Error('EXPECTED.md names no core state');
  return m[1];
}
