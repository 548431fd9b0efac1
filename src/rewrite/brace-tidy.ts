// After a statement is removed from an if/else chain or a loop body, checkpatch --strict may now say
// "braces {} are not necessary for single statement blocks" (or "for any arm of this statement").
// This module asks checkpatch's own question of the construct (its rule, read from checkpatch.pl:
// an arm "needs" braces when its condition spans lines, its block mentions if/for/while, or the block
// holds more than one line or `;`), and when the answer changed from no to yes, removes the braces.
// The statement left in each arm is already indented one level deeper, as an unbraced body is.
import type { Edit } from './edits.js';
import type { SyntaxNode } from '../parse/parser.js';

interface Arm {
  /** From the keyword (`if`, `else`, `for`, `while`) to the body. */
  headerStart: number;
  body: SyntaxNode;
}

const SIMPLE_STATEMENTS = new Set(['expression_statement', 'return_statement', 'goto_statement', 'break_statement', 'continue_statement']);

/** The if chain (from its first `if`) or loop that owns a statement body, or null. */
export function braceOwner(body: SyntaxNode): SyntaxNode | null {
  let owner = body.parent;
  if (owner?.type === 'else_clause') owner = owner.parent;
  if (!owner || !['if_statement', 'for_statement', 'while_statement'].includes(owner.type)) return null;
  while (owner.type === 'if_statement' && owner.parent?.type === 'else_clause' && owner.parent.parent?.type === 'if_statement') owner = owner.parent.parent;
  return owner;
}

/** Would checkpatch --strict warn that the braces of this construct are not necessary? */
export function bracesUnnecessary(text: string, owner: SyntaxNode): boolean {
  const arms = armsOf(owner);
  if (arms.length === 0) return false;
  const braced = arms.some((a) => a.body.type === 'compound_statement');
  return braced && arms.every((a) => !armNeedsBraces(text, a));
}

/** Edits that remove the braces of every braced arm, or [] when one of them cannot go cleanly. */
export function braceRemovalEdits(text: string, owner: SyntaxNode): Edit[] {
  const edits: Edit[] = [];
  for (const arm of armsOf(owner)) {
    if (arm.body.type !== 'compound_statement') continue;
    const inner = arm.body.namedChildren;
    if (inner.length !== 1 || !SIMPLE_STATEMENTS.has(inner[0].type)) return [];
    const open = openBraceEdit(text, arm.body.startIndex);
    const close = closeBraceEdit(text, arm.body.endIndex - 1);
    if (!open || !close) return [];
    edits.push(open, close);
  }
  return edits;
}

function armsOf(owner: SyntaxNode): Arm[] {
  if (owner.type === 'for_statement' || owner.type === 'while_statement') {
    const body = owner.childForFieldName('body');
    return body ? [{ headerStart: owner.startIndex, body }] : [];
  }
  const arms: Arm[] = [];
  let node: SyntaxNode | null = owner;
  let headerStart = owner.startIndex;
  while (node && node.type === 'if_statement') {
    const consequence = node.childForFieldName('consequence');
    if (!consequence) return [];
    arms.push({ headerStart, body: consequence });
    const alternative = node.childForFieldName('alternative');
    if (!alternative) break;
    const statement = alternative.namedChildren.filter((c) => c.type !== 'comment').at(-1);
    if (!statement) return [];
    headerStart = alternative.startIndex;
    if (statement.type === 'if_statement') {
      node = statement;
      continue;
    }
    arms.push({ headerStart, body: statement });
    break;
  }
  return arms;
}

function armNeedsBraces(text: string, arm: Arm): boolean {
  const header = text.slice(arm.headerStart, arm.body.startIndex).trim();
  if (header.includes('\n')) return true;
  const block = sanitize(arm.body.text);
  if (/\b(?:if|for|while)\b/.test(block)) return true;
  return blockSize(block) > 1;
}

/** checkpatch's statement_block_size: the larger of the lines and the `;` inside the braces. */
function blockSize(block: string): number {
  const inner = block.replace(/^\s*\{/, '').replace(/\}\s*$/, '').trim();
  const lines = (inner.match(/\n/g) ?? []).length + 1;
  const statements = (inner.match(/;/g) ?? []).length;
  return Math.max(lines, statements);
}

/** Comments become spaces (their line breaks stay) and strings an X run, as checkpatch sees code. */
function sanitize(code: string): string {
  return code
    .replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, (c) => c.replace(/[^\n]/g, ' '))
    .replace(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'/g, (s) => s[0] + 'X'.repeat(s.length - 2) + s[0]);
}

/** ` {` at the end of the header line goes; a `{` alone on its line goes with the line. */
function openBraceEdit(text: string, brace: number): Edit | null {
  const lineStart = text.lastIndexOf('\n', brace - 1) + 1;
  const newline = text.indexOf('\n', brace);
  if (newline === -1 || !/^[ \t]*\r?$/.test(text.slice(brace + 1, newline))) return null;
  if (/^[ \t]*$/.test(text.slice(lineStart, brace))) return { start: lineStart, end: newline + 1, replacement: Buffer.alloc(0) };
  let from = brace;
  while (text[from - 1] === ' ' || text[from - 1] === '\t') from--;
  return { start: from, end: brace + 1, replacement: Buffer.alloc(0) };
}

/** A `}` alone on its line goes with the line; `} else` keeps its indent and becomes `else`. */
function closeBraceEdit(text: string, brace: number): Edit | null {
  const lineStart = text.lastIndexOf('\n', brace - 1) + 1;
  if (!/^[ \t]*$/.test(text.slice(lineStart, brace))) return null;
  const newline = text.indexOf('\n', brace);
  const rest = text.slice(brace + 1, newline === -1 ? text.length : newline);
  if (/^[ \t]*\r?$/.test(rest) && newline !== -1) return { start: lineStart, end: newline + 1, replacement: Buffer.alloc(0) };
  const elseAt = /^[ \t]*else\b/.exec(rest);
  if (elseAt) return { start: brace, end: brace + 1 + elseAt[0].length - 'else'.length, replacement: Buffer.alloc(0) };
  return null;
}
