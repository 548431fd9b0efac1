// Whether evaluating an expression can change anything: an expression that only reads (names,
// fields, constants, arithmetic, comparisons) can be dropped; a call, an assignment, ++/--, a
// comma expression or code tree-sitter could not read might not.
import type { SyntaxNode } from './parser.js';

const EFFECTS: Record<string, string> = {
  call_expression: 'a call',
  assignment_expression: 'an assignment',
  update_expression: 'an increment or decrement',
  comma_expression: 'a comma expression',
  compound_statement: 'a statement expression',
  ERROR: 'code tree-sitter could not parse',
  gnu_asm_expression: 'inline assembly',
};

/** The first side effect found in `node`, in words (e.g. "a call: `foo(x)`"), or null when there is none. */
export function sideEffectOf(node: SyntaxNode): string | null {
  const what = EFFECTS[node.type];
  if (what) return `${what}: \`${node.text.replace(/\s+/g, ' ')}\``;
  if (node.isMissing) return 'code tree-sitter could not parse';
  for (const child of node.namedChildren) {
    const found = sideEffectOf(child);
    if (found) return found;
  }
  return null;
}
