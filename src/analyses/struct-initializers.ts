// File-scope variables of a struct type with their designated initializers, and variables defined by a
// macro call (`static FOO_DEFINE(name, fn_a, fn_b);`): how C wires callbacks into tables. The caller
// decides which struct types and which macros matter.
import type { ParsedFile, SyntaxNode } from '../parse/parser.js';
import { textualCall } from '../facts/collect.js';
import { wordOffsets } from '../facts/lines.js';
import { lineOf } from '../parse/c-query.js';
import { ancestor, neverCompiled } from '../parse/syntax.js';

export interface FieldValue {
  /** Designator path from the variable, e.g. ".driver.pm" or ".ops[2].open". */
  path: string;
  /** The value as written, whitespace folded. */
  text: string;
  /** The function or variable the value names: `&`, casts, parentheses and one-argument wrapper
   *  calls (`wrap(&x)`) stripped; null when the value is not a name (a literal, an expression). */
  identifier: string | null;
  line: number;
}

export interface StructInitializer {
  file: string;
  line: number;
  variable: string;
  fields: FieldValue[];
  /** Undesignated macro-call entries (`SET_OPS(a, b)`), which expand to designated fields. */
  macros: MacroEntry[];
}

export interface MacroEntry {
  /** Path of the list holding the entry: '' for the variable's own list. */
  path: string;
  macro: string;
  args: MacroArgument[];
  line: number;
}

export interface MacroArgument {
  text: string;
  /** The function or variable named, stripped as FieldValue.identifier; null for NULL or an expression. */
  identifier: string | null;
}

export interface MacroDefinition {
  file: string;
  line: number;
  macro: string;
  /** The variable the macro defines: its first argument. */
  variable: string;
  /** The other arguments as written, and the name each one gives (null for NULL or an expression). */
  args: MacroArgument[];
  /** The entries of `MACRO(name) = { ... };`, when the macro only declares and a list follows. */
  fields: FieldValue[];
  macros: MacroEntry[];
}

/**
 * Every file-scope variable declared `struct <typeName>` with a brace initializer. `static`, `const`
 * and attributes such as `__refdata` are allowed; several declarators in one declaration each count.
 * Designated fields are reported (nested lists flattened into the path), and undesignated macro-call
 * entries apart; positional values are not. Code inside `#if 0` is left out: it defines nothing.
 */
export function findStructInitializers(parsed: ParsedFile, typeName: string): StructInitializer[] {
  const found: StructInitializer[] = [];
  for (const offset of wordOffsets(parsed.text, typeName)) {
    const name = parsed.tree.rootNode.descendantForIndex(offset, offset + typeName.length);
    const specifier = name.parent;
    if (name.type !== 'type_identifier' || specifier?.type !== 'struct_specifier') continue;
    const declaration = specifier.parent;
    if (declaration?.type !== 'declaration' || specifier.childForFieldName('body')) continue;
    if (insideFunction(parsed, declaration) || neverCompiled(declaration)) continue;
    for (const { variable, list } of declaratorsOf(declaration, specifier)) {
      const { fields, macros } = entriesOf(parsed, list.startIndex);
      found.push({ file: parsed.file, line: lineOf(parsed, list.startIndex), variable, fields, macros });
    }
  }
  return found;
}

/**
 * Inside a function body. When tree-sitter lost a function's end (an ERROR in it swallows the rest of
 * the file), a declaration that starts a line is at file scope, as kernel layout has it.
 */
function insideFunction(parsed: ParsedFile, declaration: SyntaxNode): boolean {
  const fn = ancestor(declaration, (n) => n.type === 'function_definition');
  if (!fn) return false;
  const atLineStart = declaration.startIndex === 0 || parsed.text[declaration.startIndex - 1] === '\n';
  return !(fn.hasError && atLineStart);
}

/**
 * Pairs each brace initializer of a declaration with the variable it initialises. Attributes placed
 * after the type (`struct foo __refdata name = {`) confuse tree-sitter's declarator, so the variable is
 * read from the tokens between the type (or the previous `,`) and the initializer.
 */
function declaratorsOf(declaration: SyntaxNode, specifier: SyntaxNode): { variable: string; list: SyntaxNode }[] {
  const result: { variable: string; list: SyntaxNode }[] = [];
  let segmentStart = specifier.endIndex;
  const text = declaration.tree.rootNode.text;
  for (const child of declaration.children) {
    if (child.startIndex < specifier.endIndex) continue;
    if (child.type === ',') {
      segmentStart = child.endIndex;
      continue;
    }
    const list = child.type === 'initializer_list' ? child : child.children.find((c) => c.type === 'initializer_list');
    if (!list) continue;
    const variable = variableIn(text.slice(segmentStart, list.startIndex));
    if (variable) result.push({ variable, list });
    segmentStart = child.endIndex;
  }
  return result;
}

/** The declared name among `__refdata name [] =`: attributes are `__`-prefixed by convention. */
function variableIn(declarator: string): string | null {
  const words = declarator.replace(/__attribute__\s*\(\(.*?\)\)/gs, ' ').match(/[A-Za-z_]\w*/g) ?? [];
  return words.find((w) => !w.startsWith('__')) ?? words[0] ?? null;
}

/**
 * The entries of a brace initializer, read from its text: tree-sitter loses the entries around a
 * macro-call entry (`{ SET_OPS(a, b) .x = y }`), which C tables often hold. Comments and preprocessor
 * lines inside the braces are blanked first, keeping offsets.
 */
function entriesOf(parsed: ParsedFile, open: number): { fields: FieldValue[]; macros: MacroEntry[] } {
  const text = maskCommentsAndDirectives(parsed.text.slice(open, closingBrace(parsed.text, open)));
  const fields: FieldValue[] = [];
  const macros: MacroEntry[] = [];
  const onField = (path: string, start: number, end: number): void => {
    const value = text.slice(start, end).replace(/\s+/g, ' ').trim();
    fields.push({ path, text: value, identifier: textName(value), line: lineOf(parsed, open + start) });
  };
  const onMacro = (path: string, macro: string, at: number): void => {
    const call = textualCall(text, at, macro);
    if (call) macros.push({ path, macro, args: call.args.map((a) => ({ text: a, identifier: textName(a) })), line: lineOf(parsed, open + at) });
  };
  readList(text, 0, '', onField, onMacro);
  return { fields, macros };
}

/** The offset after the `}` matching the `{` at `open` (literals and comments skipped). */
function closingBrace(text: string, open: number): number {
  const masked = maskCommentsAndDirectives(text.slice(open, Math.min(text.length, open + (1 << 18))));
  return open + endOfValue(masked, 0, true);
}

/** Reads the list whose `{` is at `open`; returns the offset after its `}`. Designated values go to
 *  `onField` (nested lists flattened into the path), undesignated calls to `onMacro`. */
function readList(
  text: string,
  open: number,
  prefix: string,
  onField: (path: string, start: number, end: number) => void,
  onMacro: (path: string, macro: string, at: number) => void,
): number {
  let i = open + 1;
  while (i < text.length) {
    i = skipSpace(text, i);
    if (text[i] === '}') return i + 1;
    if (text[i] === ',') {
      i++;
      continue;
    }
    const designator = /^(?:\s*(?:\.\s*[A-Za-z_]\w*|\[[^\]]*\]))+\s*=/.exec(text.slice(i, i + 512));
    if (designator) {
      const path = prefix + designator[0].slice(0, -1).replace(/\s+/g, '');
      const valueStart = skipSpace(text, i + designator[0].length);
      if (text[valueStart] === '{') {
        i = readList(text, valueStart, path, onField, onMacro);
        continue;
      }
      const valueEnd = endOfValue(text, valueStart);
      onField(path, valueStart, valueEnd);
      i = valueEnd;
      continue;
    }
    const macro = /^([A-Za-z_]\w*)\s*\(/.exec(text.slice(i, i + 256));
    if (macro) onMacro(prefix, macro[1], i);
    // A positional value or a macro entry: skipped (a macro entry needs no comma after it).
    const end = endOfValue(text, i, Boolean(macro));
    i = end > i ? end : i + 1;
  }
  return i;
}

/** End of a value: the next `,` or `}` outside brackets and literals (with `oneGroup`: the end of the
 *  first bracketed group, a call's `)` or a list's `}`). */
function endOfValue(text: string, start: number, oneGroup = false): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'") {
      i = endOfLiteral(text, i) - 1;
    } else if (c === '(' || c === '[' || c === '{') {
      depth++;
    } else if (c === ')' || c === ']' || c === '}') {
      if (depth === 0) return i;
      depth--;
      if (depth === 0 && oneGroup) return i + 1;
    } else if (c === ',' && depth === 0) {
      return i;
    }
  }
  return text.length;
}

function endOfLiteral(text: string, open: number): number {
  for (let i = open + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === text[open] || text[i] === '\n') return i + 1;
  }
  return text.length;
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && /\s/.test(text[i])) i++;
  return i;
}

/** Comments and preprocessor lines become spaces (line ends kept), so offsets and lines stay. */
function maskCommentsAndDirectives(text: string): string {
  const blank = (m: string): string => m.replace(/[^\r\n]/g, ' ');
  return text
    .replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'/g, (m) => (m.startsWith('/') ? blank(m) : m))
    .replace(/^[ \t]*#(?:[^\n]*\\\r?\n)*[^\n]*/gm, blank);
}

/**
 * File-scope `[static] [const] MACRO(variable, a, b, ...);` for each of `macros`: a variable defined
 * by a macro call whose arguments name functions (or `MACRO(variable) = { ... };`, with its entries). tree-sitter cannot parse these as declarations,
 * so the call is read from the text; uses inside a function, a comment or `#if 0` are left out.
 */
export function findMacroDefinitions(parsed: ParsedFile, macros: readonly string[]): MacroDefinition[] {
  const found: MacroDefinition[] = [];
  for (const macro of macros) {
    for (const offset of wordOffsets(parsed.text, macro)) {
      const node = parsed.tree.rootNode.descendantForIndex(offset, offset + macro.length);
      if (/comment|string|preproc_def|preproc_function_def/.test(node.type) || ancestor(node, (n) => /^(comment|preproc_def|preproc_function_def|function_definition)$/.test(n.type))) continue;
      if (neverCompiled(node)) continue;
      const call = textualCall(parsed.text, offset, macro);
      const after = /^\s*(;|=\s*\{)/.exec(parsed.text.slice(call?.end ?? offset, (call?.end ?? offset) + 64));
      if (!call || !after || call.args.length === 0) continue;
      const [variable, ...rest] = call.args;
      if (!/^[A-Za-z_]\w*$/.test(variable)) continue;
      const list = after[1] === ';' ? { fields: [], macros: [] } : entriesOf(parsed, call.end + after[0].length - 1);
      found.push({
        file: parsed.file,
        line: lineOf(parsed, offset),
        macro,
        variable,
        args: rest.map((text) => ({ text, identifier: textName(text) })),
        ...list,
      });
    }
  }
  return found.sort((a, b) => a.line - b.line);
}

/** The name a value gives: through `&`, casts, parentheses and one-argument wrappers `wrap(x)`. */
function textName(text: string): string | null {
  let t = text.trim();
  for (let previous = ''; previous !== t; ) {
    previous = t;
    t = t.replace(/^\(\s*[A-Za-z_][\w\s]*\*?\s*\)\s*(?=[&A-Za-z_(])/, '').replace(/^&\s*/, '').trim();
    const wrapped = /^[A-Za-z_]\w*\s*\((.*)\)$/s.exec(t) ?? /^\((.*)\)$/s.exec(t);
    if (wrapped && !wrapped[1].includes(',')) t = wrapped[1].trim();
  }
  return /^[A-Za-z_]\w*$/.test(t) && t !== 'NULL' ? t : null;
}
