// Small structural queries over a parsed C file that transforms use to read and edit definitions,
// prototypes and exports. Each returns byte ranges of the file, so edits stay byte-exact.
import type { ParsedFile, SyntaxNode } from './parser.js';
import { functionNameOf } from '../facts/collect.js';
import { LineIndex, wordOffsets } from '../facts/lines.js';

export interface Located {
  start: number;
  end: number;
  line: number;
  text: string;
}

export interface FunctionDefinition extends Located {
  name: string;
  isStatic: boolean;
  /** Byte range of the name in the declarator. */
  nameStart: number;
  /** Byte range of the body `{ ... }`. */
  bodyStart: number;
  bodyEnd: number;
  /** Start of the kernel-doc or comment block right above, or `start` when none. */
  commentStart: number;
}

function lineIndex(parsed: ParsedFile): LineIndex {
  const cache = parsed as ParsedFile & { __lines?: LineIndex };
  cache.__lines ??= new LineIndex(parsed.text);
  return cache.__lines;
}

/** Top-level function definitions named `name` (a file may hold #ifdef'd variants). */
export function findFunctionDefinitions(parsed: ParsedFile, name: string): FunctionDefinition[] {
  const found: FunctionDefinition[] = [];
  for (const offset of wordOffsets(parsed.text, name)) {
    const node = parsed.tree.rootNode.descendantForIndex(offset, offset + name.length);
    if (node.type !== 'identifier' || node.parent?.type !== 'function_declarator') continue;
    let def: SyntaxNode | null = node.parent;
    while (def && def.type !== 'function_definition') def = def.parent;
    if (!def || functionNameOf(def) !== name) continue;
    const body = def.childForFieldName('body');
    if (!body) continue;
    const isStatic = def.children.some((c) => c.type === 'storage_class_specifier' && c.text === 'static');
    found.push({
      name,
      start: def.startIndex,
      end: def.endIndex,
      line: lineIndex(parsed).lineOf(def.startIndex),
      text: def.text,
      isStatic,
      nameStart: offset,
      bodyStart: body.startIndex,
      bodyEnd: body.endIndex,
      commentStart: commentAbove(def),
    });
  }
  return found;
}

function commentAbove(def: SyntaxNode): number {
  let start = def.startIndex;
  for (let prev = def.previousSibling; prev && prev.type === 'comment'; prev = prev.previousSibling) {
    start = prev.startIndex;
  }
  return start;
}

/** Prototypes `... name(...);` at file scope, with the byte range of the whole declaration. */
export function findPrototypes(parsed: ParsedFile, name: string): Located[] {
  const found: Located[] = [];
  for (const offset of wordOffsets(parsed.text, name)) {
    const node = parsed.tree.rootNode.descendantForIndex(offset, offset + name.length);
    if (node.type !== 'identifier' || node.parent?.type !== 'function_declarator') continue;
    let decl: SyntaxNode | null = node.parent;
    while (decl && decl.type !== 'declaration' && decl.type !== 'function_definition') decl = decl.parent;
    if (!decl || decl.type !== 'declaration') continue;
    found.push({ start: decl.startIndex, end: decl.endIndex, line: lineIndex(parsed).lineOf(decl.startIndex), text: decl.text });
  }
  return found;
}

/** `EXPORT_SYMBOL*(name);` statements, with their kind. */
export function findExports(parsed: ParsedFile, name: string): (Located & { macro: string })[] {
  const found: (Located & { macro: string })[] = [];
  const re = new RegExp(`^[ \\t]*(EXPORT_SYMBOL(?:_GPL|_NS|_NS_GPL)?)\\([ \\t]*${name}[ \\t]*(?:,[^)]*)?\\)[ \\t]*;`, 'gm');
  for (let m = re.exec(parsed.text); m; m = re.exec(parsed.text)) {
    found.push({ start: m.index, end: m.index + m[0].length, line: lineIndex(parsed).lineOf(m.index), text: m[0].trim(), macro: m[1] });
  }
  return found;
}

/** Full lines [start of first line, after the newline of the last line] around a byte range. */
export function wholeLines(text: string, start: number, end: number): { start: number; end: number } {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const nl = text.indexOf('\n', end);
  return { start: lineStart, end: nl === -1 ? text.length : nl + 1 };
}

export function lineOf(parsed: ParsedFile, offset: number): number {
  return lineIndex(parsed).lineOf(offset);
}
