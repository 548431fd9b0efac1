// Edits of the PCI core, generated from the code they change: each takes a file's current bytes,
// parses them, and returns new bytes in the style of the surrounding code (tabs, kernel-doc,
// the export macro pci_intx() itself uses). Every byte outside the edited ranges stays as it was.
import { findExports, findFunctionDefinitions, wholeLines } from '../../src/sdk.js';
import { applyEdits, ascii, type Edit } from '../../src/sdk.js';
import { collectFacts } from '../../src/sdk.js';
import { FN } from './names.js';
import { hasHybridBranch } from './core-state.js';
import { hybridNoteRange } from '../lib/pci-devres/hybrid-note.js';
import { CoreEditError, only, parse } from '../lib/pci-devres/core-api.js';

// The edits of the public API are shared with the other PCI-devres migrations.
export { CoreEditError, exportMacroOf, parametersOf, exportFunction, insertPrototypeAfter, insertPrototypeAmong, removePrototype, hasDefinition, hasPrototype, hasExport } from '../lib/pci-devres/core-api.js';

/** Renames every call/reference of `from` to `to` (uses, not the definition or prototypes). */
export function renameUses(file: string, bytes: Buffer, from: string, to: string): Buffer {
  const facts = collectFacts(parse(file, bytes), [from]);
  const edits: Edit[] = facts.uses.map((u) => ({ start: u.calleeStart, end: u.calleeEnd, replacement: ascii(to) }));
  return edits.length ? applyEdits(bytes, edits) : bytes;
}

/**
 * Publishes the never-managed copy: `static void __pcim_intx(...)` becomes the exported
 * `void pci_intx_unmanaged(...)` with kernel-doc, and its users in the file call the new name.
 */
export function publishPrivateCopy(file: string, bytes: Buffer, exportMacro: string): Buffer {
  const p = parse(file, bytes);
  const def = only(findFunctionDefinitions(p, FN.privateCopy), `definition of ${FN.privateCopy}()`, file);
  const nl = p.text.includes('\r\n') ? '\r\n' : '\n';
  const header = p.text.slice(def.start, def.bodyStart);
  const newHeader = header.replace(/^static\s+/, '').replace(FN.privateCopy, FN.unmanaged);
  const [pdev, enable] = parameterNames(header);
  const doc = [
    '/**',
    ` * ${FN.unmanaged} - enable/disable PCI INTx, never managed`,
    ` * @${pdev}: the PCI device to operate on`,
    ` * @${enable}: boolean: whether to enable or disable PCI INTx`,
    ' *',
    ` * Enables/disables PCI INTx for device @${pdev}. Unlike pci_intx(), this never`,
    ' * uses devres, whether or not the device was enabled with pcim_enable_device().',
    ' * Drivers that want their INTx state restored on detach use pcim_intx().',
    ' */',
    '',
  ].join(nl);
  const edits: Edit[] = [
    { start: def.commentStart, end: def.start, replacement: ascii(doc) },
    { start: def.start, end: def.bodyStart, replacement: ascii(newHeader) },
    { start: def.end, end: def.end, replacement: ascii(`${nl}${exportMacro}(${FN.unmanaged});`) },
  ];
  // Users of the copy in the same file (pcim_intx_restore, pcim_intx) follow the rename.
  for (const u of collectFacts(p, [FN.privateCopy]).uses) {
    edits.push({ start: u.calleeStart, end: u.calleeEnd, replacement: ascii(FN.unmanaged) });
  }
  return applyEdits(bytes, edits);
}

function parameterNames(header: string): [string, string] {
  const params = header.slice(header.indexOf('(') + 1, header.lastIndexOf(')')).split(',');
  const names = params.map((s) => /([A-Za-z_][A-Za-z0-9_]*)\s*$/.exec(s.trim())?.[1] ?? 'dev');
  return [names[0] ?? 'pdev', names[1] ?? 'enable'];
}

/** Removes a function: its comment, definition, export line, and one blank line around it. */
export function removeFunction(file: string, bytes: Buffer, name: string): Buffer {
  const p = parse(file, bytes);
  const def = only(findFunctionDefinitions(p, name), `definition of ${name}()`, file);
  let end = def.end;
  const exported = findExports(p, name).find((e) => e.start >= def.end && p.text.slice(def.end, e.start).trim() === '');
  if (exported) end = exported.end;
  const lines = wholeLines(p.text, def.commentStart, end);
  let stop = lines.end;
  // Take the blank line that separated it from the next definition.
  const rest = p.text.slice(stop);
  const blank = /^[ \t]*\r?\n/.exec(rest);
  if (blank) stop += blank[0].length;
  return applyEdits(bytes, [{ start: lines.start, end: stop, replacement: Buffer.alloc(0) }]);
}

/**
 * Makes pci_intx() never-managed: its body becomes the body of the never-managed copy (which is
 * what the copy is: pci_intx() without the devres branch), and the kernel-doc paragraph that
 * announces the hybrid behaviour goes.
 */
export function removeHybridBranch(file: string, bytes: Buffer, neverManagedBody: string): Buffer {
  const p = parse(file, bytes);
  const def = only(findFunctionDefinitions(p, FN.intx), `definition of ${FN.intx}()`, file);
  const edits: Edit[] = [{ start: def.bodyStart, end: def.bodyEnd, replacement: ascii(neverManagedBody) }];
  const note = hybridNoteRange(p.text.slice(def.commentStart, def.start));
  if (note) edits.push({ start: def.commentStart + note.start, end: def.commentStart + note.end, replacement: Buffer.alloc(0) });
  return applyEdits(bytes, edits);
}

/** The body `{ ... }` of a definition, for reuse (the never-managed copy's body). */
export function bodyOf(file: string, bytes: Buffer, name: string): string {
  const p = parse(file, bytes);
  const def = only(findFunctionDefinitions(p, name), `definition of ${name}()`, file);
  return p.text.slice(def.bodyStart, def.bodyEnd);
}

/** pci_intx() still has its devres branch (pci_is_managed() -> pcim_intx()). */
export function bodyHasHybridBranch(bytes: Buffer): boolean {
  const p = parse('drivers/pci/pci.c', bytes);
  const def = findFunctionDefinitions(p, FN.intx)[0];
  if (!def) return false;
  return hasHybridBranch(p.text.slice(def.bodyStart, def.bodyEnd));
}
