// Collects the uses of named functions in one parsed file: calls, other references, and calls
// hidden in macro bodies or parse errors. Text search finds every occurrence; the parse tree
// says what each one is. Nothing is dropped silently: an occurrence that is not a comment, a
// string, a definition, a prototype or an export is reported as a call or a reference.
import { ancestor, countErrorNodes, isAlwaysCompiledBranch, isNeverCompiledBranch } from '../parse/syntax.js';
import type { ParsedFile, SyntaxNode } from '../parse/parser.js';
import type { FileFacts, PreprocCondition, UseFact } from '../types.js';
import { LineIndex, foldWhitespace, wordOffsets } from './lines.js';

const CONDITIONAL_TYPES = new Set(['preproc_if', 'preproc_ifdef', 'preproc_elif', 'preproc_else', 'preproc_elifdef']);

export function collectFacts(parsed: ParsedFile, functions: string[]): FileFacts {
  const root = parsed.tree.rootNode;
  const lines = new LineIndex(parsed.text);
  const uses: UseFact[] = [];
  for (const name of functions) {
    for (const offset of wordOffsets(parsed.text, name)) {
      const use = classifyOccurrence(parsed, root, lines, name, offset);
      if (use) uses.push(use);
    }
  }
  uses.sort((a, b) => a.calleeStart - b.calleeStart);
  return { file: parsed.file, uses, errorNodes: countErrorNodes(root) };
}

function classifyOccurrence(parsed: ParsedFile, root: SyntaxNode, lines: LineIndex, name: string, offset: number): UseFact | null {
  const node = root.descendantForIndex(offset, offset + name.length);
  const type = node.type;
  if (type === 'comment' || type === 'string_content' || type === 'string_literal' || type === 'char_literal' || type === 'system_lib_string') return null;
  if (inside(node, (n) => n.type === 'comment' || n.type === 'string_literal' || n.type === 'preproc_include')) return null;
  // A goto label that happens to carry the function's name is not a use of it.
  if (type === 'statement_identifier') return null;

  const base = {
    file: parsed.file,
    line: lines.lineOf(offset),
    column: lines.columnOf(offset),
    callee: name,
    calleeStart: offset,
    calleeEnd: offset + name.length,
    conditions: conditionsOf(node, parsed.text, lines),
    inError: inside(node, (n) => n.type === 'ERROR'),
  };

  // Macro bodies are opaque text to tree-sitter: read the call from the text itself.
  const macroDef = ancestor(node, (n) => n.type === 'preproc_def' || n.type === 'preproc_function_def');
  if (macroDef) {
    const macroName = macroDef.childForFieldName('name');
    if (macroName && macroName.startIndex === offset) return null; // the #define of the function itself
    if (inside(node, (n) => n.type === 'preproc_arg')) {
      const call = textualCall(parsed.text, offset, name);
      return {
        ...base,
        kind: call ? 'call' : 'reference',
        start: offset,
        end: call ? call.end : offset + name.length,
        text: call ? call.text : name,
        args: call ? call.args : [],
        function: null,
        macro: macroName?.text ?? null,
      };
    }
  }

  if (node.type !== 'identifier') {
    if (readsAsPrototype(parsed.text, offset)) return null;
    // Inside an ERROR region tree-sitter may not have made an identifier: fall back to the text.
    const call = textualCall(parsed.text, offset, name);
    return {
      ...base,
      inError: true,
      kind: call ? 'call' : 'reference',
      start: offset,
      end: call ? call.end : offset + name.length,
      text: call ? call.text : name,
      args: call ? call.args : [],
      function: enclosingFunction(node, parsed.text, offset),
      macro: null,
    };
  }

  const parent = node.parent;
  if (parent && isDeclarationName(node, parent)) return null;
  if (parent && parent.type === 'argument_list' && isExportMacro(parent.parent)) return null;

  const fn = enclosingFunction(node, parsed.text, offset);
  if (parent && parent.type === 'call_expression' && parent.childForFieldName('function')?.id === node.id) {
    const argsNode = parent.childForFieldName('arguments');
    return {
      ...base,
      kind: 'call',
      start: parent.startIndex,
      end: parent.endIndex,
      text: foldWhitespace(parent.text),
      args: argsNode ? argsNode.namedChildren.filter((c) => c.type !== 'comment').map((c) => foldWhitespace(c.text)) : [],
      function: fn,
      macro: null,
    };
  }
  // Not a call node, but the text may still read as a call when the parse went wrong around it
  // (e.g. a call read as a declarator after an unknown macro): a use the parse could not place.
  const misread = parent?.type === 'function_declarator';
  if ((base.inError || misread) && readsAsPrototype(parsed.text, offset)) return null;
  const call = base.inError || misread ? textualCall(parsed.text, offset, name) : null;
  return {
    ...base,
    inError: base.inError || misread,
    kind: call ? 'call' : 'reference',
    start: offset,
    end: call ? call.end : offset + name.length,
    text: call ? call.text : foldWhitespace(contextText(node)),
    args: call ? call.args : [],
    function: fn,
    macro: null,
  };
}

/**
 * Where the parse is lost, `int __must_check name(struct x *);` still reads as a prototype: only
 * type words stand between the previous statement and the name. A call has an operator, `(`,
 * `return` or a statement boundary there; a misread call after an unknown macro has its `(...)`.
 */
export function readsAsPrototype(text: string, offset: number): boolean {
  const from = Math.max(text.lastIndexOf(';', offset), text.lastIndexOf('{', offset), text.lastIndexOf('}', offset)) + 1;
  // A preprocessor line ends what came before it, e.g. `#define HAVE_X 2` above the prototype.
  const before = text.slice(from, offset).replace(/^[\s\S]*\n[ \t]*#[^\n]*\n/, '').replace(/\/\*[\s\S]*?\*\//g, ' ').trim();
  // Type words: identifiers separated by spaces and '*' (split, not one nested regex: a long
  // misparsed run would make that backtrack for minutes).
  if (!/^[A-Za-z_][\w\s*]*$/.test(before) || !before.split(/[\s*]+/).every((word) => word === '' || /^[A-Za-z_]\w*$/.test(word))) return false;
  return !/^(?:return|else|do|case|goto|sizeof|typeof)\b/.test(before) && /;/.test(text.slice(offset, text.indexOf('\n', offset) + 1 || text.length));
}

function inside(node: SyntaxNode, test: (n: SyntaxNode) => boolean): boolean {
  return ancestor(node, test) !== null;
}

/**
 * The name in a function definition or a file-scope prototype is not a use. A "prototype" inside
 * a function body is tree-sitter misreading a call after an unknown macro: that stays a use.
 */
function isDeclarationName(node: SyntaxNode, parent: SyntaxNode): boolean {
  let declarator: SyntaxNode | null = parent;
  while (declarator && (declarator.type === 'pointer_declarator' || declarator.type === 'parenthesized_declarator')) declarator = declarator.parent;
  if (!declarator || declarator.type !== 'function_declarator') return false;
  if (parent.type === 'function_declarator' && parent.childForFieldName('declarator')?.id !== node.id) return false;
  const owner = ancestor(declarator, (n) => n.type === 'declaration' || n.type === 'function_definition' || n.type === 'field_declaration');
  if (!owner) return false;
  if (owner.type !== 'declaration') return true;
  return !ancestor(owner, (n) => n.type === 'function_definition' || n.type === 'compound_statement');
}

function isExportMacro(call: SyntaxNode | null): boolean {
  if (!call || call.type !== 'call_expression') return false;
  const fn = call.childForFieldName('function');
  return !!fn && /^(EXPORT_SYMBOL|EXPORT_SYMBOL_GPL|EXPORT_SYMBOL_NS|EXPORT_SYMBOL_NS_GPL|EXPORT_SYMBOL_FOR_MODULES)$/.test(fn.text);
}

/** The statement-sized text around a non-call reference, for the plan's `call` field. */
function contextText(node: SyntaxNode): string {
  let n: SyntaxNode = node;
  while (n.parent && !/statement$|declaration$|^field_initializer/.test(n.type) && n.parent.type !== 'translation_unit') {
    n = n.parent;
  }
  const text = n.text;
  return text.length > 160 ? node.text : text;
}

/** Reads `name ( ... )` from raw text with balanced parentheses; null when no call follows. */
export function textualCall(text: string, offset: number, name: string): { end: number; text: string; args: string[] } | null {
  let i = offset + name.length;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  if (text[i] !== '(') return null;
  let depth = 0;
  const args: string[] = [];
  let argStart = i + 1;
  for (let j = i; j < text.length && j < offset + 4096; j++) {
    const c = text[j];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      depth--;
      if (depth === 0) {
        const last = text.slice(argStart, j).replace(/\\\r?\n/g, ' ');
        if (last.trim() || args.length) args.push(foldWhitespace(last));
        return { end: j + 1, text: foldWhitespace(text.slice(offset, j + 1).replace(/\\\r?\n/g, ' ')), args };
      }
    } else if (c === ',' && depth === 1) {
      args.push(foldWhitespace(text.slice(argStart, j).replace(/\\\r?\n/g, ' ')));
      argStart = j + 1;
    }
  }
  return null;
}

/** Name of the function whose body holds the node; falls back to kernel layout when the parse failed. */
function enclosingFunction(node: SyntaxNode, text: string, offset: number): string | null {
  const def = ancestor(node, (n) => n.type === 'function_definition');
  if (def) {
    const name = functionNameOf(def);
    if (name) return name;
  }
  return functionByLayout(text, offset);
}

export function functionNameOf(def: SyntaxNode): string | null {
  let d: SyntaxNode | null = def.childForFieldName('declarator');
  while (d && d.type !== 'function_declarator') d = d.childForFieldName('declarator');
  const id = d?.childForFieldName('declarator');
  return id && id.type === 'identifier' ? id.text : null;
}

/**
 * Kernel style opens a function body with `{` in column 0 and closes it with `}` in column 0.
 * Used only when tree-sitter could not make a function_definition around the use.
 */
function functionByLayout(text: string, offset: number): string | null {
  const open = text.lastIndexOf('\n{', offset);
  if (open === -1) return null;
  const close = text.lastIndexOf('\n}', offset);
  if (close > open) return null;
  const header = text.slice(Math.max(0, open - 400), open);
  const paren = header.lastIndexOf('(');
  if (paren === -1) return null;
  const m = /([A-Za-z_][A-Za-z0-9_]*)\s*$/.exec(header.slice(0, paren));
  return m ? m[1] : null;
}

function conditionsOf(node: SyntaxNode, text: string, lines: LineIndex): PreprocCondition[] {
  const found: PreprocCondition[] = [];
  let child: SyntaxNode = node;
  for (let n: SyntaxNode | null = node.parent; n; child = n, n = n.parent) {
    if (!CONDITIONAL_TYPES.has(n.type)) continue;
    // Only the branch that holds the node counts: the alternative of an #if is a separate child.
    const alternative = n.childForFieldName('alternative');
    if (alternative && alternative.id === child.id) continue;
    if (isIncludeGuard(n)) continue;
    const directive = directiveText(n, text);
    found.push({ directive, line: lines.lineOf(n.startIndex), neverCompiled: isNeverCompiled(n) });
  }
  return found.reverse();
}

function directiveText(n: SyntaxNode, text: string): string {
  const lineEnd = text.indexOf('\n', n.startIndex);
  let head = text.slice(n.startIndex, lineEnd === -1 ? n.endIndex : lineEnd).replace(/\r$/, '');
  if (n.type === 'preproc_else' || n.type === 'preproc_elif' || n.type === 'preproc_elifdef') {
    // Name the #else after the conditional it belongs to, so the plan reads on its own.
    let p: SyntaxNode | null = n.parent;
    while (p && !(p.type === 'preproc_if' || p.type === 'preproc_ifdef')) p = p.parent;
    if (p) {
      const pEnd = text.indexOf('\n', p.startIndex);
      head = `${head.trim()} (of ${text.slice(p.startIndex, pEnd === -1 ? p.endIndex : pEnd).replace(/\r$/, '').trim()})`;
    }
  }
  return foldWhitespace(head);
}

function isNeverCompiled(n: SyntaxNode): boolean {
  if (n.type === 'preproc_if') return isNeverCompiledBranch(n);
  return n.type === 'preproc_else' && !!n.parent && isAlwaysCompiledBranch(n.parent);
}

/**
 * Facts from the text alone, for a file tree-sitter could not parse at all: every occurrence
 * outside obvious comments becomes a use marked as inside a parse error, so it is reviewed.
 */
export function collectFactsFromText(file: string, text: string, functions: string[]): FileFacts {
  const lines = new LineIndex(text);
  const uses: UseFact[] = [];
  for (const name of functions) {
    for (const offset of wordOffsets(text, name)) {
      const lineStart = lines.lineStart(lines.lineOf(offset));
      const before = text.slice(lineStart, offset);
      if (/\/\/|\/\*|^\s*\*/.test(before)) continue;
      const call = textualCall(text, offset, name);
      uses.push({
        file, line: lines.lineOf(offset), column: lines.columnOf(offset), callee: name,
        kind: call ? 'call' : 'reference', calleeStart: offset, calleeEnd: offset + name.length,
        start: offset, end: call ? call.end : offset + name.length, text: call ? call.text : name,
        args: call ? call.args : [], function: functionByLayout(text, offset), macro: null,
        conditions: [], inError: true,
      });
    }
  }
  uses.sort((a, b) => a.calleeStart - b.calleeStart);
  return { file, uses, errorNodes: 1 };
}

/** `#ifndef FOO_H` + `#define FOO_H` wrapping a header: not a condition on the code. */
function isIncludeGuard(n: SyntaxNode): boolean {
  if (n.type !== 'preproc_ifdef' || !/^#\s*ifndef/.test(n.text)) return false;
  const name = n.childForFieldName('name')?.text;
  const first = n.namedChildren.find((c) => c.type !== 'comment' && c.id !== n.childForFieldName('name')?.id);
  return !!name && first?.type === 'preproc_def' && first.childForFieldName('name')?.text === name && n.parent?.type === 'translation_unit';
}
