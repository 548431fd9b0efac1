// Edits of the PCI core's public API that every migration of a hybrid function needs: export a
// function in the style of its neighbours, declare it for drivers among the other pcim_ prototypes
// of include/linux/pci.h, drop its private declaration. Each takes a file's current bytes and
// returns new bytes; every byte outside the edited ranges stays as it was.
import { applyEdits, ascii, findExports, findFunctionDefinitions, findPrototypes, parseBytes, wholeLines } from '../../../src/sdk.js';

export class CoreEditError extends Error {}

// The same bytes are asked about many times while a series is planned (is a function declared?
// exported?). Only the latest version of each file is kept parsed: every earlier version stays
// alive in the series' changes, and a parse tree costs ~45 bytes per source byte.
const latestParse = new Map<string, ReturnType<typeof parseBytes>>();

/** The parse of a file's bytes; the latest version of each file is kept. */
export function parse(file: string, bytes: Buffer) {
  const cached = latestParse.get(file);
  if (cached && cached.bytes === bytes) return cached;
  const parsed = parseBytes(file, bytes);
  latestParse.set(file, parsed);
  return parsed;
}

/** The one element of `list`, or an error naming what was expected. */
export function only<T>(list: T[], what: string, file: string): T {
  if (list.length !== 1) throw new CoreEditError(`${file}: expected exactly one ${what}, found ${list.length}`);
  return list[0];
}

/** The export macro a function uses (EXPORT_SYMBOL_GPL for pci_intx), to copy its style. */
export function exportMacroOf(file: string, bytes: Buffer, name: string): string {
  return findExports(parse(file, bytes), name)[0]?.macro ?? 'EXPORT_SYMBOL_GPL';
}

/** Parameter list text of a definition, e.g. "(struct pci_dev *pdev, int enable)". */
export function parametersOf(file: string, bytes: Buffer, name: string): string {
  const p = parse(file, bytes);
  const def = only(findFunctionDefinitions(p, name), `definition of ${name}()`, file);
  const open = p.text.indexOf('(', def.nameStart);
  const close = p.text.lastIndexOf(')', def.bodyStart);
  return p.text.slice(open, close + 1).replace(/\s+/g, ' ');
}

/** Adds `EXPORT_*(name);` right after the definition, unless it is exported already. */
export function exportFunction(file: string, bytes: Buffer, name: string, exportMacro: string): Buffer {
  const p = parse(file, bytes);
  if (findExports(p, name).length) return bytes;
  const def = only(findFunctionDefinitions(p, name), `definition of ${name}()`, file);
  const nl = p.text.includes('\r\n') ? '\r\n' : '\n';
  return applyEdits(bytes, [{ start: def.end, end: def.end, replacement: ascii(`${nl}${exportMacro}(${name});`) }]);
}

/** Inserts a prototype line right after the prototype of `anchor` (same indentation, same file style). */
export function insertPrototypeAfter(file: string, bytes: Buffer, anchor: string, prototype: string): Buffer {
  const p = parse(file, bytes);
  const protoName = /([A-Za-z_][A-Za-z0-9_]*)\s*\(/.exec(prototype)?.[1];
  if (protoName && findPrototypes(p, protoName).length) return bytes;
  const at = only(findPrototypes(p, anchor), `prototype of ${anchor}()`, file);
  const lines = wholeLines(p.text, at.start, at.end);
  const nl = p.text.slice(lines.start, lines.end).endsWith('\r\n') ? '\r\n' : '\n';
  return applyEdits(bytes, [{ start: lines.end, end: lines.end, replacement: ascii(prototype + nl) }]);
}

/**
 * Inserts a pcim_*() prototype among the other managed-API prototypes of the header: before the
 * first top-level prototype whose name starts with `prefix` and sorts after `name`.
 */
export function insertPrototypeAmong(file: string, bytes: Buffer, prefix: string, name: string, prototype: string, fallbackAnchor: string): Buffer {
  const p = parse(file, bytes);
  if (findPrototypes(p, name).length) return bytes;
  const re = new RegExp(`^[a-z_][^;()#\\n]*?\\b(${prefix}[a-z0-9_]*)\\(`, 'gm');
  let anchor: { start: number } | null = null;
  for (let m = re.exec(p.text); m; m = re.exec(p.text)) {
    const node = p.tree.rootNode.descendantForIndex(m.index);
    // Only file-scope prototypes, not inline helpers or #ifdef'd stubs.
    let top = node;
    while (top.parent && top.parent.type !== 'translation_unit') top = top.parent;
    if (top.type !== 'declaration') continue;
    if (m[1] > name) {
      anchor = { start: top.startIndex };
      break;
    }
    anchor = anchor ?? null;
  }
  if (!anchor) return insertPrototypeAfter(file, bytes, fallbackAnchor, prototype);
  const lines = wholeLines(p.text, anchor.start, anchor.start);
  const nl = p.text.slice(lines.start, lines.end).endsWith('\r\n') ? '\r\n' : '\n';
  return applyEdits(bytes, [{ start: lines.start, end: lines.start, replacement: ascii(prototype + nl) }]);
}

/** Removes the prototype lines of `name` (e.g. the private declaration in drivers/pci/pci.h). */
export function removePrototype(file: string, bytes: Buffer, name: string): Buffer {
  const p = parse(file, bytes);
  const edits = findPrototypes(p, name).map((proto) => {
    const lines = wholeLines(p.text, proto.start, proto.end);
    return { start: lines.start, end: lines.end, replacement: Buffer.alloc(0) };
  });
  return edits.length ? applyEdits(bytes, edits) : bytes;
}

export function hasDefinition(file: string, bytes: Buffer | null, name: string): boolean {
  return !!bytes && findFunctionDefinitions(parse(file, bytes), name).length > 0;
}

export function hasPrototype(file: string, bytes: Buffer | null, name: string): boolean {
  return !!bytes && findPrototypes(parse(file, bytes), name).length > 0;
}

export function hasExport(file: string, bytes: Buffer | null, name: string): boolean {
  return !!bytes && findExports(parse(file, bytes), name).length > 0;
}


/** A prototype for a definition: its header without `static`, whitespace folded, e.g. "int f(int a);". */
export function prototypeOf(file: string, bytes: Buffer, name: string): string {
  const p = parse(file, bytes);
  const def = only(findFunctionDefinitions(p, name), `definition of ${name}()`, file);
  return `${p.text.slice(def.start, def.bodyStart).replace(/^static\s+/, '').replace(/\s+/g, ' ').trim()};`;
}

/** Drops `static` from a definition, so that it can be exported. */
export function makeExternal(file: string, bytes: Buffer, name: string): Buffer {
  const p = parse(file, bytes);
  const def = only(findFunctionDefinitions(p, name), `definition of ${name}()`, file);
  const keyword = /^static\s+/.exec(p.text.slice(def.start, def.bodyStart));
  return keyword ? applyEdits(bytes, [{ start: def.start, end: def.start + keyword[0].length, replacement: Buffer.alloc(0) }]) : bytes;
}
