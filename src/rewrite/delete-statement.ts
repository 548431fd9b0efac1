// Deleting a call that is a statement of its own, byte for byte, as a kernel developer would: the
// statement and its line go; an `if` or `else` left with nothing to do goes with it; a goto label
// stays in front of the next statement; braces checkpatch would now call unnecessary go. Where
// deleting could change what the code does or leave invalid C, the site is refused with the reason
// (a reviewer decides). Every plan is checked by re-parsing: it never adds a parse error.
import { applyEdits, type Edit } from './edits.js';
import { EditHistory } from './edit-history.js';
import { statementRemoval } from './statement-lines.js';
import { braceOwner, braceRemovalEdits, bracesUnnecessary } from './brace-tidy.js';
import { parseBytes, type ParsedFile, type SyntaxNode } from '../parse/parser.js';
import { ancestor, countErrorNodes } from '../parse/syntax.js';
import { sideEffectOf } from '../parse/side-effects.js';

/**
 * What went: `statement` (its whole lines), `inline` (only the statement: other code shares its
 * line), `if` (the if whose only statement it was), `else` (the else branch it was alone in),
 * `after-label` (the label stays, before the next statement), `label` (an unused label went with it),
 * `conditional` (the `#if`/`#ifdef` block it was alone in).
 */
export type DeletionForm = 'statement' | 'inline' | 'if' | 'else' | 'after-label' | 'label' | 'conditional';

export type StatementDeletion =
  | { ok: true; edits: Edit[]; form: DeletionForm; description: string }
  | { ok: false; reason: string };

interface Removal {
  edits: Edit[];
  form: DeletionForm;
  description: string;
  /** The block, if or loop whose braces checkpatch may now find unnecessary. */
  braceCandidate: SyntaxNode | null;
}

type Refusal = { ok: false; reason: string };

const NONE = Buffer.alloc(0);

export function planStatementDeletion(parsed: ParsedFile, callStart: number, callEnd: number): StatementDeletion {
  const call = findCall(parsed, callStart, callEnd);
  if ('ok' in call) return call;
  const statement = call.parent;
  if (!statement || statement.type !== 'expression_statement' || statement.namedChildren.some((c) => c.id !== call.id)) {
    return refuse(`its value is used: it is ${usedIn(call)}`);
  }
  const removal = removeStatement(parsed, statement);
  if ('ok' in removal) return removal;
  const { edits, bracesRemoved } = withBraceTidy(parsed, removal);
  const after = applyEdits(parsed.bytes, edits);
  const before = countErrorNodes(parsed.tree.rootNode);
  if (countErrorNodes(parseBytes(parsed.file, after).tree.rootNode) > before) {
    return refuse('deleting it would leave code that tree-sitter cannot parse');
  }
  const braces = bracesRemoved ? '; braces that became unnecessary go' : '';
  return { ok: true, edits, form: removal.form, description: `${removal.description}${braces}.` };
}

/**
 * Several deletions in one file, planned one after another on the bytes the previous ones left (in
 * the order given), so that two calls in one block end as one consistent result. `edits` are the
 * ok results together, as edits of the original bytes; each result's own `edits` are relative to
 * the bytes the ok results before it left.
 */
export function deleteStatements(
  file: string,
  bytes: Buffer,
  calls: { start: number; end: number }[],
): { bytes: Buffer; results: StatementDeletion[]; edits: Edit[] } {
  const history = new EditHistory(bytes);
  const results: StatementDeletion[] = [];
  for (const call of calls) {
    const start = history.currentOffset(call.start);
    const end = history.currentOffset(call.end, true);
    if (start === null || end === null || end - start !== call.end - call.start) {
      results.push(refuse('an earlier deletion in this file already removed or rewrote it'));
      continue;
    }
    const result = planStatementDeletion(parseBytes(file, history.current), start, end);
    if (result.ok) history.apply(result.edits);
    results.push(result);
  }
  return { bytes: history.current, results, edits: history.originalEdits() };
}

function refuse(reason: string): Refusal {
  return { ok: false, reason };
}

function findCall(parsed: ParsedFile, start: number, end: number): SyntaxNode | Refusal {
  const root = parsed.tree.rootNode;
  if (start < 0 || end > parsed.text.length || start >= end) return refuse(`bytes ${start}-${end} are not in the file`);
  const innermost = root.descendantForIndex(start, end);
  if (ancestor(innermost, (n) => n.type === 'preproc_def' || n.type === 'preproc_function_def')) {
    return refuse('it is in a macro body, which is text to the parser');
  }
  if (ancestor(innermost, (n) => n.type === 'ERROR')) return refuse('it is in a region tree-sitter could not parse');
  const call = ancestor(innermost, (n) => n.type === 'call_expression' && n.startIndex === start && n.endIndex === end);
  if (!call) return refuse(`tree-sitter does not read \`${snippet(parsed.text.slice(start, end))}\` as a call expression here`);
  return call;
}

/** Where a call whose value is used sits, in words. */
function usedIn(call: SyntaxNode): string {
  const parent = call.parent;
  const owner = ancestor(call, (n) => n.type.endsWith('_statement') || n.type === 'declaration' || n.type === 'init_declarator');
  const where = owner ? ` in ${article(owner.type)} (\`${snippet(owner.text)}\`)` : '';
  switch (parent?.type) {
    case 'return_statement':
      return `the value of a return statement (\`${snippet(parent.text)}\`)`;
    case 'assignment_expression':
      return `assigned (\`${snippet(parent.text)}\`)`;
    case 'init_declarator':
      return `the initializer of a declaration (\`${snippet(parent.text)}\`)`;
    case 'argument_list':
      return `an argument of another call${where}`;
    case 'comma_expression':
      return `part of a comma expression${where}`;
    case 'for_statement':
      return `in a for header (\`${snippet(parent.text)}\`)`;
    case 'parenthesized_expression':
      if (parent.parent && /^(if|while|do|switch)_statement$/.test(parent.parent.type)) {
        return `the condition of ${article(parent.parent.type)} (\`${snippet(parent.parent.text)}\`)`;
      }
      return `inside an expression${where}`;
    default:
      return `part of ${article(parent?.type ?? 'expression')}${where}`;
  }
}

function article(type: string): string {
  const words = type.replace(/_statement$/, '').replace(/_/g, ' ');
  return `${/^[aeiou]/.test(words) ? 'an' : 'a'} ${words}`;
}

function snippet(text: string): string {
  const folded = text.replace(/\s+/g, ' ').trim();
  return folded.length > 60 ? `${folded.slice(0, 57)}...` : folded;
}

/** Removes a statement from wherever it stands, or says why it cannot go. */
function removeStatement(parsed: ParsedFile, statement: SyntaxNode): Removal | Refusal {
  const parent = statement.parent;
  if (!parent) return refuse('it is not inside a function');
  switch (parent.type) {
    case 'compound_statement':
      return removeFromBlock(parsed, statement, parent);
    case 'if_statement':
      return parent.childForFieldName('consequence')?.id === statement.id
        ? removeIf(parsed, parent)
        : refuse(`it is in an unexpected place of an if (\`${snippet(parent.text)}\`)`);
    case 'else_clause':
      return removeElse(parsed, parent);
    case 'labeled_statement':
      return removeAfterLabel(parsed, statement, parent);
    case 'case_statement':
      return removeFromCase(parsed, statement, parent);
    case 'preproc_if':
    case 'preproc_ifdef':
    case 'preproc_elif':
    case 'preproc_elifdef':
    case 'preproc_else':
      return removeFromConditional(parsed, statement, parent);
    default:
      return refuse(`it is the body of ${article(parent.type)} (\`${snippet(parent.text)}\`), which would be left empty`);
  }
}

function lineRemoval(parsed: ParsedFile, node: SyntaxNode): { edit: Edit; wholeLines: boolean; comment: string } {
  const range = statementRemoval(parsed.text, node.startIndex, node.endIndex);
  const comment = range.withComment ? ' with the comment above it' : '';
  return { edit: { start: range.start, end: range.end, replacement: NONE }, wholeLines: range.wholeLines, comment };
}

function removeFromBlock(parsed: ParsedFile, statement: SyntaxNode, block: SyntaxNode): Removal | Refusal {
  const others = block.namedChildren.filter((c) => c.id !== statement.id && c.type !== 'comment');
  if (others.length === 0) {
    const owner = block.parent;
    if (owner?.type === 'if_statement' && owner.childForFieldName('consequence')?.id === block.id) return removeIf(parsed, owner);
    if (owner?.type === 'else_clause') return removeElse(parsed, owner);
    if (owner?.type !== 'function_definition') {
      return refuse(`it is alone in the body of ${article(owner?.type ?? 'block')}, which would be left empty`);
    }
  }
  const { edit, wholeLines, comment } = lineRemoval(parsed, statement);
  return {
    edits: [edit],
    form: wholeLines ? 'statement' : 'inline',
    description: wholeLines ? `Removes \`${snippet(statement.text)}\` and its line${comment}` : `Removes \`${snippet(statement.text)}\` from a line it shares`,
    braceCandidate: block,
  };
}

/** The if's only statement goes: the if goes when its condition does nothing. */
function removeIf(parsed: ParsedFile, ifNode: SyntaxNode): Removal | Refusal {
  const condition = ifNode.childForFieldName('condition');
  if (ifNode.childForFieldName('alternative')) {
    return refuse(`it is the only statement of an if that has an else (\`${snippet(ifNode.text)}\`): the condition would have to be inverted`);
  }
  const effect = condition ? sideEffectOf(condition) : 'no condition';
  if (effect) return refuse(`it is the only statement of an if whose condition has a side effect, ${effect}`);
  const removed = removeStatement(parsed, ifNode);
  if ('ok' in removed) return removed;
  if (removed.form === 'else' || removed.form === 'label') return removed;
  return { ...removed, form: 'if', description: `Removes \`${snippet(ifNode.text)}\`, whose only statement it was` };
}

/** The else branch only held the statement: the else goes. */
function removeElse(parsed: ParsedFile, elseClause: SyntaxNode): Removal | Refusal {
  const ifNode = elseClause.parent;
  const consequence = ifNode?.childForFieldName('consequence');
  if (!ifNode || !consequence) return refuse(`it is in an else without an if (\`${snippet(elseClause.text)}\`)`);
  // From the end of the if's body to the end of the else (with a comment that closes its line).
  const tail = statementRemoval(parsed.text, elseClause.startIndex, elseClause.endIndex);
  const end = tail.wholeLines ? tail.end - lineBreakBefore(parsed.text, tail.end) : Math.max(tail.end, elseClause.endIndex);
  return {
    edits: [{ start: consequence.endIndex, end, replacement: NONE }],
    form: 'else',
    description: `Removes the else branch (\`${snippet(elseClause.text)}\`) it was alone in`,
    braceCandidate: ifNode,
  };
}

/** Length of the line break that ends just before `offset` (0 when none). */
function lineBreakBefore(text: string, offset: number): number {
  if (text[offset - 1] !== '\n') return 0;
  return text[offset - 2] === '\r' ? 2 : 1;
}

/** `label:` then the statement: the label stays when a statement follows it, else it must be unused. */
function removeAfterLabel(parsed: ParsedFile, statement: SyntaxNode, labeled: SyntaxNode): Removal | Refusal {
  const label = labeled.childForFieldName('label')?.text ?? '';
  // `a:\nb:\n\tstatement;` nests one label in the other: the next statement follows the outermost.
  let outermost = labeled;
  while (outermost.parent?.type === 'labeled_statement') outermost = outermost.parent;
  const next = nextStatement(outermost);
  if (next && next.type !== 'declaration' && !next.type.startsWith('preproc_')) {
    const { edit, wholeLines, comment } = lineRemoval(parsed, statement);
    return {
      edits: [edit],
      form: 'after-label',
      description: `Removes \`${snippet(statement.text)}\`${wholeLines ? ' and its line' : ''}${comment}; the label \`${label}:\` stays before the next statement`,
      braceCandidate: null,
    };
  }
  const why = !next
    ? 'directly before `}` (not valid C before C23)'
    : next.type === 'declaration'
      ? 'directly before a declaration (not valid C before C23)'
      : 'directly before a preprocessor conditional (no statement of its own in every configuration)';
  if (labelStillUsed(parsed, labeled, label)) {
    return refuse(`the label \`${label}:\` would end up ${why} and a goto still targets it`);
  }
  const removed = removeStatement(parsed, labeled);
  if ('ok' in removed) return removed;
  return { ...removed, form: 'label', description: `Removes \`${snippet(statement.text)}\` with its unused label \`${label}:\`` };
}

function nextStatement(node: SyntaxNode): SyntaxNode | null {
  let next = node.nextNamedSibling;
  while (next && next.type === 'comment') next = next.nextNamedSibling;
  return next;
}

/** A label is used while its name appears anywhere else in the function (goto, &&label, a macro's argument). */
function labelStillUsed(parsed: ParsedFile, labeled: SyntaxNode, label: string): boolean {
  const fn = ancestor(labeled, (n) => n.type === 'function_definition');
  const scope = fn ?? parsed.tree.rootNode;
  const text = parsed.text;
  const word = new RegExp(`(?<![A-Za-z0-9_])${label}(?![A-Za-z0-9_])`, 'g');
  const own = labeled.childForFieldName('label')?.startIndex;
  for (const m of text.slice(scope.startIndex, scope.endIndex).matchAll(word)) {
    if (scope.startIndex + (m.index ?? 0) !== own) return true;
  }
  return false;
}

/** In a `#if`/`#ifdef` branch: a conditional left with nothing inside goes as a whole. */
function removeFromConditional(parsed: ParsedFile, statement: SyntaxNode, conditional: SyntaxNode): Removal | Refusal {
  const fields = new Set(['name', 'condition', 'alternative'].map((f) => conditional.childForFieldName(f)?.id));
  const others = conditional.namedChildren.filter((c) => c.id !== statement.id && c.type !== 'comment' && !fields.has(c.id));
  if (others.length > 0) {
    const { edit, wholeLines } = lineRemoval(parsed, statement);
    return {
      edits: [edit],
      form: wholeLines ? 'statement' : 'inline',
      description: `Removes \`${snippet(statement.text)}\` from a preprocessor conditional branch`,
      braceCandidate: null,
    };
  }
  const whole = conditional.type === 'preproc_if' || conditional.type === 'preproc_ifdef';
  if (!whole || conditional.childForFieldName('alternative')) {
    return refuse(`it is alone in a branch of a preprocessor conditional that has other branches (\`${snippet(conditional.text)}\`)`);
  }
  const removed = removeStatement(parsed, conditional);
  if ('ok' in removed) return removed;
  const directive = conditional.text.split('\n')[0].replace(/\s+$/, '');
  return { ...removed, form: 'conditional', description: `Removes the \`${directive}\` block it was alone in` };
}

/** In a switch case: it goes while the case keeps a statement or another case follows. */
function removeFromCase(parsed: ParsedFile, statement: SyntaxNode, caseNode: SyntaxNode): Removal | Refusal {
  const value = caseNode.childForFieldName('value');
  const others = caseNode.namedChildren.filter((c) => c.id !== statement.id && c.type !== 'comment' && c.id !== value?.id);
  if (others.length === 0 && !nextStatement(caseNode)) {
    return refuse(`it is alone in the last case of a switch: the case label would end up directly before \`}\``);
  }
  const { edit, wholeLines } = lineRemoval(parsed, statement);
  return {
    edits: [edit],
    form: wholeLines ? 'statement' : 'inline',
    description: `Removes \`${snippet(statement.text)}\` from a switch case`,
    braceCandidate: null,
  };
}

/** The removal's edits, with the braces it made unnecessary (in checkpatch's eyes) gone too. */
function withBraceTidy(parsed: ParsedFile, removal: Removal): { edits: Edit[]; bracesRemoved: boolean } {
  const unchanged = { edits: removal.edits, bracesRemoved: false };
  const candidate = removal.braceCandidate;
  const body = candidate?.type === 'if_statement' ? candidate.childForFieldName('consequence') : candidate;
  const ownerBefore = body ? braceOwner(body) : null;
  if (!ownerBefore || bracesUnnecessary(parsed.text, ownerBefore)) return unchanged;
  const history = new EditHistory(parsed.bytes);
  history.apply(removal.edits);
  const ownerStart = history.currentOffset(ownerBefore.startIndex);
  if (ownerStart === null) return unchanged;
  const after = parseBytes(parsed.file, history.current);
  const owner = ancestor(after.tree.rootNode.descendantForIndex(ownerStart, ownerStart + 1), (n) => n.startIndex === ownerStart && n.type === ownerBefore.type);
  if (!owner || !bracesUnnecessary(after.text, owner)) return unchanged;
  const braceEdits = braceRemovalEdits(after.text, owner);
  if (braceEdits.length === 0) return unchanged;
  history.apply(braceEdits);
  return { edits: history.originalEdits(), bracesRemoved: true };
}
