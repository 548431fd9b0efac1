// The call graph of one Kbuild module: its function definitions, who calls whom by name, and
// where a function is used as a value (so its callers cannot be known). Names are resolved the
// way the linker and the compiler do within one module: a file's own (static) definition first,
// else the module's non-static one, so two files may each have a static function of one name.
//
// Files are parsed lazily through the caller's cache: with `readFile`, a file whose text does not
// mention a name a question needs is never parsed. Code inside `#if 0` never counts. A call that
// tree-sitter could only read inside an ERROR region (or misread as a declaration after an
// unknown macro) still counts as a call, read from the text: losing it would hide a caller.
// A mention inside a macro body is reported as a value use: where the macro expands, and so who
// calls through it, is not known here.
import type { ParsedFile, SyntaxNode } from '../parse/parser.js';
import { functionNameOf, textualCall } from '../facts/collect.js';
import { LineIndex, mentionsWord, wordOffsets } from '../facts/lines.js';
import { ancestor, neverCompiled } from '../parse/syntax.js';

export interface FunctionDef {
  name: string;
  file: string;
  isStatic: boolean;
  /** 1-based line of the name in the definition. */
  line: number;
  /** Byte range of the whole definition. */
  start: number;
  end: number;
}

export interface CallEdge {
  caller: FunctionDef;
  callee: FunctionDef;
  file: string;
  line: number;
  /** Byte offset of the callee's name. */
  offset: number;
}

export interface ValueUse {
  fn: FunctionDef;
  file: string;
  line: number;
  /** Byte offset of the name. */
  offset: number;
  /** The function the use sits in; null at file scope or in a macro body. */
  enclosing: FunctionDef | null;
}

type MentionKind = 'call' | 'value';

interface Mention {
  kind: MentionKind;
  offset: number;
  line: number;
  enclosing: FunctionDef | null;
}

interface FileIndex {
  parsed: ParsedFile;
  lines: LineIndex;
  /** Definitions in source order. */
  defs: FunctionDef[];
  byName: Map<string, FunctionDef[]>;
  mentions: Map<string, Mention[]>;
}

const NOT_A_CALLEE = new Set(['if', 'while', 'for', 'switch', 'return', 'sizeof', 'typeof', '__typeof__', 'defined', 'do', 'else', 'case', '_Alignof', 'alignof', '__attribute__', 'asm', '__asm__']);

/**
 * The name in a function definition or a file-scope prototype is not a use. A "prototype" inside
 * a function body is tree-sitter misreading a call after an unknown macro, which is.
 */
function isDeclarationName(node: SyntaxNode): boolean {
  let declarator = node.parent;
  while (declarator && (declarator.type === 'pointer_declarator' || declarator.type === 'parenthesized_declarator')) declarator = declarator.parent;
  if (declarator?.type !== 'function_declarator') return false;
  const owner = ancestor(declarator, (n) => /^(declaration|function_definition|field_declaration|compound_statement)$/.test(n.type));
  if (!owner || owner.type === 'compound_statement') return false;
  if (owner.type !== 'declaration') return true;
  return !ancestor(owner, (n) => n.type === 'compound_statement');
}

function isStaticDefinition(def: SyntaxNode): boolean {
  return def.children.some((c) => c.type === 'storage_class_specifier' && c.text === 'static');
}

function isHeader(file: string): boolean {
  return file.endsWith('.h');
}

export class ModuleCallGraph {
  private readonly files: string[];
  private readonly indexes = new Map<string, FileIndex | null>();
  private readonly texts = new Map<string, string | null>();
  private readonly mentioned = new Map<string, boolean>();
  private readonly moduleWide = new Map<string, FunctionDef | null>();
  private readonly callersCache = new Map<FunctionDef, CallEdge[]>();
  private readonly valueUsesCache = new Map<FunctionDef, ValueUse[]>();
  private readonly calleesCache = new Map<FunctionDef, CallEdge[]>();

  private constructor(
    files: string[],
    private readonly parseFile: (rel: string) => ParsedFile | null,
    private readonly readFile?: (rel: string) => Buffer | null,
  ) {
    this.files = [...new Set(files)].sort();
  }

  /**
   * `files`: the module's sources plus the headers whose functions matter. `readFile`, when given,
   * lets files that do not mention a needed name go unparsed.
   */
  static build(files: string[], parseFile: (rel: string) => ParsedFile | null, readFile?: (rel: string) => Buffer | null): ModuleCallGraph {
    return new ModuleCallGraph(files, parseFile, readFile);
  }

  /** Every definition of the module, file by file in source order (parses every file). */
  get functions(): FunctionDef[] {
    return this.files.flatMap((file) => this.index(file)?.defs ?? []);
  }

  /** The parsed file behind the graph's answers (through the caller's cache). */
  parsed(file: string): ParsedFile | null {
    return this.index(file)?.parsed ?? null;
  }

  /** 1-based line of a byte offset of a module file (0 when the file cannot be parsed). */
  lineOf(file: string, offset: number): number {
    return this.index(file)?.lines.lineOf(offset) ?? 0;
  }

  /** What a name means in a file: that file's static definition first, else the module's non-static one. */
  resolve(name: string, fromFile: string): FunctionDef | null {
    const own = this.definitionsIn(fromFile, name);
    if (own.length) return own.find((d) => d.isStatic) ?? own[0];
    return this.moduleDefinition(name);
  }

  /** The definition whose body (or header) holds the offset. */
  enclosing(file: string, offset: number): FunctionDef | null {
    const index = this.index(file);
    return index ? this.enclosingIn(index, offset) : null;
  }

  /** Direct calls of `fn` from functions of the module (calls at file scope have no caller: see strayCallsOf). */
  callersOf(fn: FunctionDef): CallEdge[] {
    const symbol = this.canonical(fn);
    let edges = this.callersCache.get(symbol);
    if (!edges) {
      edges = [];
      for (const { file, mention } of this.mentionsOf(symbol)) {
        if (mention.kind === 'call' && mention.enclosing) edges.push({ caller: mention.enclosing, callee: symbol, file, line: mention.line, offset: mention.offset });
      }
      this.callersCache.set(symbol, edges);
    }
    return edges;
  }

  /** Calls of `fn` that no function definition holds (file scope, or a definition the parse lost). */
  strayCallsOf(fn: FunctionDef): ValueUse[] {
    const symbol = this.canonical(fn);
    return this.mentionsOf(symbol)
      .filter(({ mention }) => mention.kind === 'call' && !mention.enclosing)
      .map(({ file, mention }) => ({ fn: symbol, file, line: mention.line, offset: mention.offset, enclosing: null }));
  }

  /** The calls `fn` makes to functions of the module, in source order. */
  calleesOf(fn: FunctionDef): CallEdge[] {
    const caller = this.canonical(fn);
    let edges = this.calleesCache.get(caller);
    if (!edges) {
      edges = this.callsIn(caller, () => true);
      this.calleesCache.set(caller, edges);
    }
    return edges;
  }

  /** Uses of the function as a value (address taken, struct initializer, argument, assignment). */
  valueUsesOf(fn: FunctionDef): ValueUse[] {
    const symbol = this.canonical(fn);
    let uses = this.valueUsesCache.get(symbol);
    if (!uses) {
      uses = this.mentionsOf(symbol)
        .filter(({ mention }) => mention.kind === 'value')
        .map(({ file, mention }) => ({ fn: symbol, file, line: mention.line, offset: mention.offset, enclosing: mention.enclosing }));
      this.valueUsesCache.set(symbol, uses);
    }
    return uses;
  }

  /** Functions reachable from the roots through direct calls only (not through value uses: a work item or a
   *  callback a function registers does not run from it), each with one shortest path, root first. */
  reachableFrom(roots: FunctionDef[]): Map<FunctionDef, FunctionDef[]> {
    const paths = new Map<FunctionDef, FunctionDef[]>();
    const queue: FunctionDef[] = [];
    for (const root of roots) {
      const fn = this.canonical(root);
      if (paths.has(fn)) continue;
      paths.set(fn, [fn]);
      queue.push(fn);
    }
    for (let i = 0; i < queue.length; i++) {
      const fn = queue[i];
      for (const edge of this.calleesOf(fn)) {
        if (paths.has(edge.callee)) continue;
        paths.set(edge.callee, [...paths.get(fn)!, edge.callee]);
        queue.push(edge.callee);
      }
    }
    return paths;
  }

  /**
   * What reachableFrom(roots) finds of `targets`, with the same paths, without walking the calls that
   * cannot lead to a target: only the functions that call a target, directly or through others, are
   * followed (and only their calls of such functions resolved), so files that define only the rest of
   * the module stay unparsed. Holds the targets reached and the functions on their paths.
   */
  reachableTowards(roots: FunctionDef[], targets: FunctionDef[]): Map<FunctionDef, FunctionDef[]> {
    const toward = this.callersClosure(targets);
    const names = new Set([...toward].map((fn) => fn.name));
    const paths = new Map<FunctionDef, FunctionDef[]>();
    const queue: FunctionDef[] = [];
    // A function off the way to a target never discovers one on it (it would then be on it): leaving
    // it out keeps the order in which the breadth-first walk meets the others, so their paths too.
    for (const root of roots) {
      const fn = this.canonical(root);
      if (!toward.has(fn) || paths.has(fn)) continue;
      paths.set(fn, [fn]);
      queue.push(fn);
    }
    for (let i = 0; i < queue.length; i++) {
      const fn = queue[i];
      for (const edge of this.calleesNamed(fn, names)) {
        if (!toward.has(edge.callee) || paths.has(edge.callee)) continue;
        paths.set(edge.callee, [...paths.get(fn)!, edge.callee]);
        queue.push(edge.callee);
      }
    }
    return paths;
  }

  // ---- Internals ---------------------------------------------------------------------------

  /**
   * Two definitions of one name in one file (#ifdef variants) are one function: the first stands
   * for both, so their callers are shared.
   */
  private canonical(fn: FunctionDef): FunctionDef {
    return this.definitionsIn(fn.file, fn.name).find((d) => d.isStatic === fn.isStatic) ?? fn;
  }

  /** The targets and every function that calls one, directly or through others (a call calleesOf sees is
   *  one callersOf sees too, so this holds every function a walk of calleesOf could reach them from). */
  private callersClosure(targets: FunctionDef[]): Set<FunctionDef> {
    const found = new Set<FunctionDef>();
    const queue = targets.map((t) => this.canonical(t));
    for (let i = 0; i < queue.length; i++) {
      const fn = queue[i];
      if (found.has(fn)) continue;
      found.add(fn);
      for (const edge of this.callersOf(fn)) queue.push(this.canonical(edge.caller));
    }
    return found;
  }

  /** calleesOf(fn) limited to callees of these names: other names are not resolved. */
  private calleesNamed(fn: FunctionDef, names: Set<string>): CallEdge[] {
    const caller = this.canonical(fn);
    const cached = this.calleesCache.get(caller);
    return cached ? cached.filter((e) => names.has(e.callee.name)) : this.callsIn(caller, (name) => names.has(name));
  }

  /** The calls `caller` (canonical) makes to functions of the module whose names `wanted` accepts, in source order. */
  private callsIn(caller: FunctionDef, wanted: (name: string) => boolean): CallEdge[] {
    const edges: CallEdge[] = [];
    const index = this.index(caller.file);
    if (!index) return edges;
    const text = index.parsed.text.slice(caller.start, caller.end);
    const names = new Set<string>();
    // Candidates from the text (a call inside an ERROR region has no call_expression); each is
    // then classified on the tree like any other use.
    for (const m of text.matchAll(/\b([A-Za-z_]\w*)\s*\(/g)) if (!NOT_A_CALLEE.has(m[1]) && wanted(m[1])) names.add(m[1]);
    for (const name of names) {
      const callee = this.resolve(name, caller.file);
      if (!callee) continue;
      for (const mention of this.mentionsWithin(index, name, caller.start, caller.end)) {
        if (mention.kind === 'call' && mention.enclosing === caller) edges.push({ caller, callee, file: caller.file, line: mention.line, offset: mention.offset });
      }
    }
    return edges.sort((a, b) => a.offset - b.offset);
  }

  private text(file: string): string | null {
    if (!this.texts.has(file)) {
      const bytes = this.readFile ? this.readFile(file) : null;
      this.texts.set(file, bytes ? bytes.toString('latin1') : (this.index(file)?.parsed.text ?? null));
    }
    return this.texts.get(file) ?? null;
  }

  private mentions(file: string, name: string): boolean {
    const key = `${file}\0${name}`;
    let found = this.mentioned.get(key);
    if (found === undefined) {
      const text = this.text(file);
      this.mentioned.set(key, (found = !!text && mentionsWord(text, name)));
    }
    return found;
  }

  private index(file: string): FileIndex | null {
    if (this.indexes.has(file)) return this.indexes.get(file)!;
    const parsed = this.parseFile(file);
    let index: FileIndex | null = null;
    if (parsed) {
      const lines = new LineIndex(parsed.text);
      const defs: FunctionDef[] = [];
      for (const def of parsed.tree.rootNode.descendantsOfType('function_definition')) {
        const name = functionNameOf(def);
        if (!name || !def.childForFieldName('body') || neverCompiled(def)) continue;
        const nameNode = this.nameNodeOf(def);
        defs.push({ name, file, isStatic: isStaticDefinition(def), line: lines.lineOf(nameNode?.startIndex ?? def.startIndex), start: def.startIndex, end: def.endIndex });
      }
      defs.sort((a, b) => a.start - b.start);
      const byName = new Map<string, FunctionDef[]>();
      for (const def of defs) byName.set(def.name, [...(byName.get(def.name) ?? []), def]);
      index = { parsed, lines, defs, byName, mentions: new Map() };
    }
    this.indexes.set(file, index);
    return index;
  }

  private nameNodeOf(def: SyntaxNode): SyntaxNode | null {
    let d: SyntaxNode | null = def.childForFieldName('declarator');
    while (d && d.type !== 'function_declarator') d = d.childForFieldName('declarator');
    return d?.childForFieldName('declarator') ?? null;
  }

  private definitionsIn(file: string, name: string): FunctionDef[] {
    const parsed = this.indexes.get(file);
    if (parsed !== undefined) return parsed?.byName.get(name) ?? [];
    if (!this.mentions(file, name)) return [];
    // Resolving a callee asks every file of the module: most only call it, and need no parse for that.
    if (this.readFile && !this.mayDefine(file, name)) return [];
    return this.index(file)?.byName.get(name) ?? [];
  }

  private mayDefine(file: string, name: string): boolean {
    const key = `${file}\0${name}\0definition`;
    let found = this.mentioned.get(key);
    if (found === undefined) {
      const text = this.text(file);
      this.mentioned.set(key, (found = !!text && mayDefineFunction(text, name)));
    }
    return found;
  }

  /** The module's non-static definition of a name; else a static one in a header (a static inline). */
  private moduleDefinition(name: string): FunctionDef | null {
    if (this.moduleWide.has(name)) return this.moduleWide.get(name)!;
    const defs = this.files.flatMap((file) => this.definitionsIn(file, name));
    const found = defs.find((d) => !d.isStatic) ?? defs.find((d) => isHeader(d.file)) ?? null;
    this.moduleWide.set(name, found);
    return found;
  }

  private enclosingIn(index: FileIndex, offset: number): FunctionDef | null {
    let found: FunctionDef | null = null;
    // The innermost one: tree-sitter can nest a misread definition inside another.
    for (const def of index.defs) if (def.start <= offset && offset < def.end) found = def;
    return found;
  }

  /** The files where the name may mean this function. */
  private scopeOf(fn: FunctionDef): string[] {
    return fn.isStatic && !isHeader(fn.file) ? [fn.file] : this.files;
  }

  /** Every use of the function in the module, calls and values, where the name means it. */
  private mentionsOf(fn: FunctionDef): { file: string; mention: Mention }[] {
    const found: { file: string; mention: Mention }[] = [];
    for (const file of this.scopeOf(fn)) {
      if (!this.mentions(file, fn.name)) continue;
      const meant = this.resolve(fn.name, file);
      if (!meant || meant.file !== fn.file || meant.name !== fn.name) continue;
      const index = this.index(file);
      if (index) for (const mention of this.mentionsIn(index, fn.name)) found.push({ file, mention });
    }
    return found;
  }

  /** Uses of a name in one file, each classified once. */
  private mentionsIn(index: FileIndex, name: string): Mention[] {
    const cached = index.mentions.get(name);
    if (cached) return cached;
    const found = this.classifyMentions(index, name, wordOffsets(index.parsed.text, name));
    index.mentions.set(name, found);
    return found;
  }

  /** Uses of a name within a byte range of one file: a function's callees need not classify a whole file's uses. */
  private mentionsWithin(index: FileIndex, name: string, start: number, end: number): Mention[] {
    const cached = index.mentions.get(name);
    if (cached) return cached.filter((m) => m.offset >= start && m.offset < end);
    const { text } = index.parsed;
    // A word of the slice is one of the file when the bytes around the slice do not extend it.
    const offsets = wordOffsets(text.slice(start, end), name)
      .map((o) => o + start)
      .filter((o) => !isWordChar(text[o - 1]) && !isWordChar(text[o + name.length]));
    return this.classifyMentions(index, name, offsets);
  }

  private classifyMentions(index: FileIndex, name: string, offsets: number[]): Mention[] {
    const { parsed } = index;
    const found: Mention[] = [];
    for (const offset of offsets) {
      const kind = this.classify(parsed, offset, name);
      if (kind) found.push({ kind, offset, line: index.lines.lineOf(offset), enclosing: kind === 'value' && this.inMacro(parsed, offset, name) ? null : this.enclosingIn(index, offset) });
    }
    return found;
  }

  private nodeAt(parsed: ParsedFile, offset: number, name: string): SyntaxNode {
    return parsed.tree.rootNode.descendantForIndex(offset, offset + name.length);
  }

  private inMacro(parsed: ParsedFile, offset: number, name: string): boolean {
    return !!ancestor(this.nodeAt(parsed, offset, name), (n) => n.type === 'preproc_def' || n.type === 'preproc_function_def');
  }

  /** A call, a value use, or nothing (a comment, a string, a declaration, a field or label name, #if 0). */
  private classify(parsed: ParsedFile, offset: number, name: string): MentionKind | null {
    const node = this.nodeAt(parsed, offset, name);
    if (ancestor(node, (n) => n.type === 'comment' || n.type === 'string_literal' || n.type === 'char_literal' || n.type === 'system_lib_string')) return null;
    if (node.type === 'field_identifier' || node.type === 'statement_identifier') return null;
    if (neverCompiled(node)) return null;
    if (node.type === 'identifier' && isDeclarationName(node)) return null;
    if (ancestor(node, (n) => n.type === 'preproc_def' || n.type === 'preproc_function_def')) {
      // The macro's own name is not a use.
      return ancestor(node, (n) => n.type === 'preproc_def' || n.type === 'preproc_function_def')!.childForFieldName('name')?.startIndex === offset ? null : 'value';
    }
    const parent = node.parent;
    if (node.type === 'identifier' && parent?.type === 'call_expression' && parent.childForFieldName('function')?.id === node.id) return 'call';
    // Inside a parse error (or a call misread as a declaration) the call is read from the text.
    const misparsed = node.type !== 'identifier' || parent?.type === 'function_declarator' || !!ancestor(node, (n) => n.type === 'ERROR');
    if (misparsed && textualCall(parsed.text, offset, name)) return 'call';
    // Anything else is a value use, a type_identifier too: a macro's arguments at file scope
    // (`static SIMPLE_DEV_PM_OPS(ops, suspend, resume);`) read as a declaration's parameter types.
    return 'value';
  }
}

/**
 * Whether the text may define a function of the name, read from the text alone: somewhere the name is
 * followed by a parameter list and then by what starts a body (`{`), an attribute or K&R declarations
 * (a word), or by anything this reading does not follow (a comment, a string, a directive, a
 * parenthesized name). A call is followed by `;`, `,`, `)` or an operator instead.
 */
export function mayDefineFunction(text: string, name: string): boolean {
  for (const offset of wordOffsets(text, name)) {
    let i = skipSpace(text, offset + name.length);
    if (text[i] === ')') return true;
    if (text[i] !== '(') continue;
    let depth = 0;
    for (; i < text.length; i++) {
      const c = text[i];
      if (c === '/' || c === '"' || c === "'" || c === '#') return true;
      if (c === '(') depth++;
      else if (c === ')' && --depth === 0) break;
    }
    if (i >= text.length) return true;
    const next = text[skipSpace(text, i + 1)];
    if (next === undefined || next === '{' || next === '/' || next === '#' || next === '\\' || /[A-Za-z_]/.test(next)) return true;
  }
  return false;
}

function isWordChar(c: string | undefined): boolean {
  return c !== undefined && /[A-Za-z0-9_]/.test(c);
}

function skipSpace(text: string, from: number): number {
  let i = from;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r' || text[i] === '\f' || text[i] === '\v')) i++;
  return i;
}
