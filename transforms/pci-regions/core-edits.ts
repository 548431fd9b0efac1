// The final core patch, generated from the tree's code: the pci_is_managed() branches leave
// __pci_request_region() and pci_release_region() (with the comment that explains them), and the
// kernel-doc notes that call the region functions hybrid go. Every other byte stays as it was.
import type { Edit, ParsedFile, SyntaxNode } from '../../src/sdk.js';
import { applyEdits, findFunctionDefinitions, parseBytes } from '../../src/sdk.js';
import { hybridNoteRange } from '../lib/pci-devres/hybrid-note.js';
import { BRANCHING, CORE, HYBRID_FUNCTIONS, MANAGED_TEST } from './names.js';
import { branchesOnManaged } from './core-state.js';

export class CoreEditError extends Error {}

/** The top-level statements `if (pci_is_managed(...)) ...` of a function body. */
function managedBranches(body: SyntaxNode): SyntaxNode[] {
  return body.namedChildren.filter((s) => {
    if (s.type !== 'if_statement') return false;
    const condition = s.childForFieldName('condition');
    return !!condition && new RegExp(`^\\(\\s*${MANAGED_TEST}\\s*\\(`).test(condition.text);
  });
}

/** Start of the line holding `offset`. */
function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** End of the line holding `offset` (after its newline, or the end of the text). */
function lineEnd(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl === -1 ? text.length : nl + 1;
}

function isBlank(text: string, start: number, end: number): boolean {
  return start < end && text.slice(start, end).trim() === '';
}

/**
 * Removes a statement with the comments right above it, as whole lines. A blank line that
 * separated it from what follows goes too when a blank line or the opening brace stands before.
 */
function statementRemoval(text: string, statement: SyntaxNode): Edit {
  let first: SyntaxNode = statement;
  for (let prev = statement.previousNamedSibling; prev?.type === 'comment'; prev = prev.previousNamedSibling) first = prev;
  const start = lineStart(text, first.startIndex);
  let end = lineEnd(text, statement.endIndex - 1);
  if (text.slice(start, first.startIndex).trim() !== '' || text.slice(statement.endIndex, end).trim() !== '') {
    throw new CoreEditError(`the ${MANAGED_TEST}() branch at byte ${statement.startIndex} shares its lines with other code`);
  }
  const before = start > 0 ? lineStart(text, start - 1) : start;
  const nextEnd = lineEnd(text, end);
  if (isBlank(text, end, nextEnd) && (isBlank(text, before, start) || text.slice(before, start).trimEnd().endsWith('{'))) end = nextEnd;
  return { start, end, replacement: Buffer.alloc(0) };
}

export function parsePciC(bytes: Buffer): ParsedFile {
  return parseBytes(CORE.pciC, bytes);
}

/** Whether pci.c still has a pci_is_managed() branch in a region function. */
export function regionsStillHybrid(bytes: Buffer): boolean {
  const p = parsePciC(bytes);
  return Object.values(BRANCHING).some((name) => {
    const def = findFunctionDefinitions(p, name)[0];
    return !!def && branchesOnManaged(p.text.slice(def.bodyStart, def.bodyEnd));
  });
}

/** pci.c without the hybrid behaviour of its region functions. */
export function removeRegionBranches(bytes: Buffer): Buffer {
  const p = parsePciC(bytes);
  const edits: Edit[] = [];
  for (const name of Object.values(BRANCHING)) {
    const defs = findFunctionDefinitions(p, name);
    if (defs.length !== 1) throw new CoreEditError(`${CORE.pciC}: expected exactly one definition of ${name}(), found ${defs.length}`);
    const body = p.tree.rootNode.descendantForIndex(defs[0].bodyStart, defs[0].bodyEnd);
    const branches = managedBranches(body);
    if (branches.length === 0) continue;
    for (const b of branches) edits.push(statementRemoval(p.text, b));
  }
  // The kernel-doc of every region function that still announces itself as hybrid.
  for (const name of HYBRID_FUNCTIONS) {
    for (const def of findFunctionDefinitions(p, name)) {
      const note = hybridNoteRange(p.text.slice(def.commentStart, def.start));
      if (note) edits.push({ start: def.commentStart + note.start, end: def.commentStart + note.end, replacement: Buffer.alloc(0) });
    }
  }
  return edits.length ? applyEdits(bytes, edits) : bytes;
}
