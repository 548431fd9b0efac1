// A deleted release can be the last use of a local variable (vmwgfx: `struct pci_dev *pdev =
// to_pci_dev(dev->dev);` only fed pci_release_regions()): the declaration left behind breaks a
// -Werror build (unused variable). When its initializer only reads, its whole line goes with the
// release; otherwise the release is no statement a tool can delete.
import type { Edit, SyntaxNode } from '../../src/sdk.js';
import { ancestor, parseBytes, sideEffectOf } from '../../src/sdk.js';

interface Release {
  callStart: number;
  callEnd: number;
}

export interface OrphanedDeclarations {
  /** Whole-line removals of the declarations the deletions leave unused. */
  edits: Edit[];
  /** Release callStart -> why deleting it would leave a declaration that cannot go. */
  refusals: Map<number, string>;
}

/** Calls that only compute an address from their arguments (macros around container_of()). */
const ACCESSOR = /^(to_[a-z0-9_]+|container_of|pci_get_drvdata|dev_get_drvdata)$/;

/** Expressions that change something themselves, whatever their operands (see sideEffectOf()). */
const OWN_EFFECT = new Set(['assignment_expression', 'update_expression', 'comma_expression', 'compound_statement', 'ERROR', 'gnu_asm_expression']);

/** The first side effect of an initializer, accessors' own calls excepted. */
function initializerEffect(node: SyntaxNode): string | null {
  const fn = node.type === 'call_expression' ? node.childForFieldName('function') : null;
  if (fn?.type === 'identifier' && ACCESSOR.test(fn.text)) {
    for (const a of node.childForFieldName('arguments')?.namedChildren ?? []) {
      const found = initializerEffect(a);
      if (found) return found;
    }
    return null;
  }
  // Any other call, and what has an effect of its own, by the engine's rule.
  if (node.type === 'call_expression' || OWN_EFFECT.has(node.type) || node.isMissing) return sideEffectOf(node);
  for (const child of node.namedChildren) {
    const found = initializerEffect(child);
    if (found) return found;
  }
  return null;
}

/** The name a declarator declares (through pointers, arrays and an initializer). */
function declaredName(declarator: SyntaxNode): SyntaxNode | null {
  let d: SyntaxNode | null = declarator;
  while (d && d.type !== 'identifier') d = d.childForFieldName('declarator');
  return d;
}

function identifiersNamed(node: SyntaxNode, name: string, out: SyntaxNode[] = []): SyntaxNode[] {
  if (node.type === 'identifier' && node.text === name) out.push(node);
  for (const child of node.namedChildren) identifiersNamed(child, name, out);
  return out;
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function lineEnd(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl === -1 ? text.length : nl + 1;
}

/** The local declaration of `name` that is in scope at `at` inside `body`, if any. */
function localDeclaration(body: SyntaxNode, name: string, at: number): { declaration: SyntaxNode; nameNode: SyntaxNode } | null {
  let found: { declaration: SyntaxNode; nameNode: SyntaxNode } | null = null;
  const visit = (node: SyntaxNode) => {
    if (node.startIndex > at) return;
    if (node.type === 'compound_statement' && node.endIndex <= at) return; // a block closed before the call
    if (node.type === 'declaration') {
      for (const d of node.childrenForFieldName('declarator')) {
        const n = declaredName(d);
        if (n?.text === name) found = { declaration: node, nameNode: n };
      }
    }
    for (const child of node.namedChildren) visit(child);
  };
  visit(body);
  return found;
}

/**
 * The declarations that deleting `releases` (the statements `deletions` remove) leaves unused, as
 * whole-line removals; a declaration that cannot go refuses the releases that orphan it.
 */
export function orphanedDeclarations(file: string, bytes: Buffer, releases: Release[], deletions: Edit[]): OrphanedDeclarations {
  const result: OrphanedDeclarations = { edits: [], refusals: new Map() };
  if (releases.length === 0) return result;
  const parsed = parseBytes(file, bytes);
  const text = parsed.text;
  const deleted = (n: SyntaxNode) => deletions.some((e) => n.startIndex >= e.start && n.endIndex <= e.end);
  const removed = new Set<number>();
  for (const release of releases) {
    const call = ancestor(parsed.tree.rootNode.descendantForIndex(release.callStart, release.callEnd), (n) => n.type === 'call_expression' && n.startIndex === release.callStart);
    const body = call && ancestor(call, (n) => n.type === 'function_definition')?.childForFieldName('body');
    if (!call || !body) continue;
    const args = call.childForFieldName('arguments')?.namedChildren ?? [];
    for (const name of new Set(args.filter((a) => a.type === 'identifier').map((a) => a.text))) {
      const local = localDeclaration(body, name, release.callStart);
      if (!local) continue; // a parameter or a global: nothing is left unused
      const { declaration, nameNode } = local;
      const uses = identifiersNamed(body, name).filter((n) => n.startIndex !== nameNode.startIndex && !deleted(n));
      if (uses.length > 0 || removed.has(declaration.startIndex)) continue;
      const refuse = (why: string) => result.refusals.set(release.callStart, `deleting it leaves \`${name}\` unused, and its declaration \`${declaration.text.replace(/\s+/g, ' ')}\` ${why}`);
      const declarators = declaration.childrenForFieldName('declarator');
      if (declarators.length !== 1) {
        refuse('declares other variables too');
        continue;
      }
      const value = declarators[0].type === 'init_declarator' ? declarators[0].childForFieldName('value') : null;
      const effect = value ? initializerEffect(value) : null;
      if (effect) {
        refuse(`has ${effect}`);
        continue;
      }
      const start = lineStart(text, declaration.startIndex);
      let end = lineEnd(text, declaration.endIndex - 1);
      if (text.slice(start, declaration.startIndex).trim() !== '' || text.slice(declaration.endIndex, end).trim() !== '') {
        refuse('shares its line with other code');
        continue;
      }
      // The only declaration, right after `{`: the blank line that separated it from the code goes too.
      const before = start > 0 ? text.slice(lineStart(text, start - 1), start).trim() : '';
      const next = lineEnd(text, end);
      if (before.endsWith('{') && end < text.length && text.slice(end, next).trim() === '' && !deletions.some((e) => e.start < next && e.end > end)) end = next;
      if (deletions.some((e) => e.start < end && e.end > start)) {
        refuse('sits next to the deleted statement');
        continue;
      }
      removed.add(declaration.startIndex);
      result.edits.push({ start, end, replacement: Buffer.alloc(0) });
    }
  }
  return result;
}
