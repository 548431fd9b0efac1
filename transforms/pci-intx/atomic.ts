// Whether a pci_intx() site may run in atomic context, where pcim_intx() must not be called: it
// allocates with GFP_KERNEL on first use and may sleep (the "might sleep" splat that started the
// seed thread). Three rules, from issue 8:
//   lock-held          a spinlock, rwlock, seqlock, irq-off, bh-off, RCU or preempt-off section
//                      (or an atomic guard()) is open at the call, in the call's own function;
//   hardirq-handler    the function is registered as a hard IRQ handler somewhere in the module;
//   callers-hold-lock  every caller in the module calls it in atomic context (two levels up).
// The lock state inside one function comes from lock-walk.ts. Callers are found by name within
// the module, honouring `static`: a static function is only called from its own file (two files
// of a module may each have a static function of one name).
import type { ParsedFile, SyntaxNode } from '../../src/sdk.js';
import type { Evidence } from '../../src/sdk.js';
import { functionNameOf, textualCall } from '../../src/sdk.js';
import { LineIndex, foldWhitespace, mentionsWord, wordOffsets } from '../../src/sdk.js';
import { LockWalk, calleeName, type Held } from './lock-walk.js';
import { ancestor, neverCompiled } from '../../src/sdk.js';

export type AtomicRule = 'lock-held' | 'hardirq-handler' | 'callers-hold-lock';

export interface AtomicContext {
  atomic: boolean;
  rule: AtomicRule | null;
  evidence: Evidence[];
  reason: string;
}

export interface SiteLocation {
  file: string;
  function: string | null;
  /** Byte offset of the callee name (the plan's calleeStart). */
  calleeStart: number;
}

/**
 * Functions that register an interrupt handler, with the argument index of the hard IRQ handler
 * and of the thread function (which runs in a kernel thread and may sleep).
 */
const IRQ_REGISTRARS: Record<string, { handler: number; thread?: number }> = {
  request_irq: { handler: 1 },
  request_threaded_irq: { handler: 1, thread: 2 },
  request_any_context_irq: { handler: 1 },
  request_percpu_irq: { handler: 1 },
  request_nmi: { handler: 1 },
  devm_request_irq: { handler: 2 },
  devm_request_threaded_irq: { handler: 2, thread: 3 },
  devm_request_any_context_irq: { handler: 2 },
  pci_request_irq: { handler: 2, thread: 3 },
  // libata passes its handler on to devm_request_irq().
  ata_host_activate: { handler: 2 },
};

const EXPORT_MACRO = /^EXPORT_SYMBOL(_GPL|_NS|_NS_GPL)?$/;

interface FunctionInfo {
  name: string;
  file: string;
  isStatic: boolean;
  walk: LockWalk;
}

interface Uses {
  /** `offset`: of the callee name, to look up the lock state there. */
  calls: { caller: FunctionInfo | null; offset: number; evidence: Evidence }[];
  /** Other uses of the name: a function pointer (or a macro) whose callers cannot be known. */
  references: Evidence[];
  exports: Evidence[];
  threadRegistrations: Evidence[];
}

interface CallerVerdict {
  atomic: boolean;
  evidence: Evidence[];
  /** Why, as a clause of the reason. */
  why: string;
}

const CALLER_LEVELS = 2;

function where(e: Evidence): string {
  return `${e.file}:${e.line}`;
}

function identifiersIn(node: SyntaxNode): string[] {
  if (node.type === 'identifier') return [node.text];
  return node.namedChildren.flatMap(identifiersIn);
}

function argumentsOf(call: SyntaxNode): SyntaxNode[] {
  return (call.childForFieldName('arguments')?.namedChildren ?? []).filter((c) => c.type !== 'comment');
}

/**
 * The name in a function definition or a file-scope prototype is not a use; a "prototype" inside
 * a function body is tree-sitter misreading a call after an unknown macro, which is.
 */
function isDeclarationName(node: SyntaxNode, parent: SyntaxNode): boolean {
  if (parent.type !== 'function_declarator' || parent.childForFieldName('declarator')?.id !== node.id) return false;
  const owner = ancestor(parent, (n) => n.type === 'declaration' || n.type === 'function_definition' || n.type === 'field_declaration');
  if (!owner) return false;
  if (owner.type !== 'declaration') return true;
  return !ancestor(owner, (n) => n.type === 'compound_statement');
}

/**
 * The atomic-context analysis of one module. Files are parsed through the caller's cache, and
 * only when their text mentions a name a question needs; each function body is walked once.
 */
export class ModuleAtomicity {
  private readonly files: string[];
  private readonly texts = new Map<string, string | null>();
  private readonly lineIndexes = new Map<string, LineIndex>();
  private readonly functions = new Map<string, FunctionInfo>();
  private readonly usesCache = new Map<string, Uses>();
  private readonly hardHandlers = new Map<string, Map<string, Evidence[]>>();

  /**
   * `moduleFiles`: the module's sources plus any header holding a site. `readFile`, when given,
   * lets files that do not mention a needed name go unparsed.
   */
  constructor(
    moduleFiles: string[],
    private readonly parseFile: (rel: string) => ParsedFile | null,
    private readonly readFile?: (rel: string) => Buffer | null,
  ) {
    this.files = [...new Set(moduleFiles)].sort();
  }

  /** null when the site's file cannot be parsed or the site is not inside a function body. */
  contextOf(site: SiteLocation): AtomicContext | null {
    const parsed = this.parseFile(site.file);
    if (!parsed) return null;
    const fn = this.functionAt(parsed, site.calleeStart);
    if (!fn) return null;
    const callee = /^[A-Za-z_]\w*/.exec(parsed.text.slice(site.calleeStart, site.calleeStart + 64))?.[0] ?? '';
    const siteCall = textualCall(parsed.text, site.calleeStart, callee)?.text ?? `${callee}()`;
    const held = this.heldAt(fn, site.calleeStart);
    if (held.length) {
      const open = held.map((h) => `${h.evidence.call} (line ${h.evidence.line})`).join(' and ');
      return {
        atomic: true,
        rule: 'lock-held',
        evidence: held.map((h) => ({ ...h.evidence, note: 'still held at the call' })),
        reason: `${siteCall} runs in atomic context: in ${fn.name}() it comes after ${open}, not released before it`,
      };
    }
    const registration = this.hardIrqRegistration(fn);
    if (registration) {
      return {
        atomic: true,
        rule: 'hardirq-handler',
        evidence: [{ ...registration, note: `registers ${fn.name}() as a hard IRQ handler` }],
        reason: `${siteCall} runs in hard interrupt context: ${fn.name}() is registered as an IRQ handler by ${registration.call} (${where(registration)})`,
      };
    }
    const callers = this.callersVerdict(fn, 1, new Set([this.keyOf(fn)]));
    if (callers.atomic) {
      return { atomic: true, rule: 'callers-hold-lock', evidence: callers.evidence, reason: `${siteCall} runs in atomic context: ${callers.why}` };
    }
    return {
      atomic: false,
      rule: null,
      evidence: callers.evidence,
      reason: `no atomic context found: no lock is held at ${siteCall} in ${fn.name}(), ${fn.name}() is not a hard IRQ handler, and ${callers.why}`,
    };
  }

  private keyOf(fn: FunctionInfo): string {
    return `${fn.file}:${fn.name}`;
  }

  private text(file: string): string | null {
    if (!this.texts.has(file)) {
      const bytes = this.readFile ? this.readFile(file) : null;
      this.texts.set(file, bytes ? bytes.toString('latin1') : (this.parseFile(file)?.text ?? null));
    }
    return this.texts.get(file) ?? null;
  }

  private lines(parsed: ParsedFile): LineIndex {
    let index = this.lineIndexes.get(parsed.file);
    if (!index) this.lineIndexes.set(parsed.file, (index = new LineIndex(parsed.text)));
    return index;
  }

  private filesMentioning(word: string, among: string[] = this.files): ParsedFile[] {
    const found: ParsedFile[] = [];
    for (const file of among) {
      const text = this.text(file);
      if (!text || !mentionsWord(text, word)) continue;
      const parsed = this.parseFile(file);
      if (parsed) found.push(parsed);
    }
    return found;
  }

  private functionAt(parsed: ParsedFile, offset: number): FunctionInfo | null {
    const node = parsed.tree.rootNode.descendantForIndex(offset, offset + 1);
    const def = ancestor(node, (n) => n.type === 'function_definition');
    const name = def && functionNameOf(def);
    const body = def?.childForFieldName('body');
    if (!def || !name || !body) return null;
    const key = `${parsed.file}:${def.startIndex}`;
    let info = this.functions.get(key);
    if (!info) {
      const walk = new LockWalk(parsed.file, name, this.lines(parsed));
      walk.walk(body);
      const isStatic = def.children.some((c) => c.type === 'storage_class_specifier' && c.text === 'static');
      info = { name, file: parsed.file, isStatic, walk };
      this.functions.set(key, info);
    }
    return info;
  }

  /** The files where a use of the name means this function. */
  private scopeOf(fn: FunctionInfo): string[] {
    if (fn.isStatic && !fn.file.endsWith('.h')) return [fn.file];
    return this.files.filter((f) => f === fn.file || !this.definesStatic(f, fn.name));
  }

  private definesStatic(file: string, name: string): boolean {
    const parsed = this.filesMentioning(name, [file])[0];
    if (!parsed) return false;
    return wordOffsets(parsed.text, name).some((offset) => {
      const node = parsed.tree.rootNode.descendantForIndex(offset, offset + name.length);
      const def = node.parent?.type === 'function_declarator' ? ancestor(node, (n) => n.type === 'function_definition') : null;
      return !!def && functionNameOf(def) === name && def.children.some((c) => c.type === 'storage_class_specifier' && c.text === 'static');
    });
  }

  /** Open sections at the call; for a call the walk did not see (a parse error), those after the call before it. */
  private heldAt(fn: FunctionInfo, offset: number): Held[] {
    const recorded = fn.walk.heldAtCall.get(offset);
    if (recorded) return recorded;
    let before: Held[] = [];
    for (const { offset: at, held } of fn.walk.heldAfterCall) if (at < offset) before = held;
    return before;
  }

  /** Where `fn` is registered as a hard IRQ handler: only a file that names it can. */
  private hardIrqRegistration(fn: FunctionInfo): Evidence | null {
    for (const parsed of this.filesMentioning(fn.name, this.scopeOf(fn))) {
      const registration = this.hardIrqHandlersIn(parsed).get(fn.name)?.[0];
      if (registration) return registration;
    }
    return null;
  }

  /** The functions a file names as the hard handler of an IRQ registration. */
  private hardIrqHandlersIn(parsed: ParsedFile): Map<string, Evidence[]> {
    const cached = this.hardHandlers.get(parsed.file);
    if (cached) return cached;
    const handlers = new Map<string, Evidence[]>();
    for (const [registrar, slots] of Object.entries(IRQ_REGISTRARS)) {
      for (const offset of wordOffsets(parsed.text, registrar)) {
        const node = parsed.tree.rootNode.descendantForIndex(offset, offset + registrar.length);
        const call = node.parent;
        if (node.type !== 'identifier' || call?.type !== 'call_expression' || call.childForFieldName('function')?.id !== node.id) continue;
        if (neverCompiled(call)) continue;
        const handler = argumentsOf(call)[slots.handler];
        if (!handler) continue;
        const def = ancestor(call, (n) => n.type === 'function_definition');
        const evidence: Evidence = { file: parsed.file, line: this.lines(parsed).lineOf(offset), function: def ? functionNameOf(def) : null, call: foldWhitespace(call.text) };
        for (const name of identifiersIn(handler)) handlers.set(name, [...(handlers.get(name) ?? []), evidence]);
      }
    }
    this.hardHandlers.set(parsed.file, handlers);
    return handlers;
  }

  /** Every use of a function in its scope: calls (with the calling function), pointers, exports. */
  private usesOf(fn: FunctionInfo): Uses {
    const key = this.keyOf(fn);
    const cached = this.usesCache.get(key);
    if (cached) return cached;
    const name = fn.name;
    const uses: Uses = { calls: [], references: [], exports: [], threadRegistrations: [] };
    for (const parsed of this.filesMentioning(name, this.scopeOf(fn))) {
      for (const offset of wordOffsets(parsed.text, name)) {
        const node = parsed.tree.rootNode.descendantForIndex(offset, offset + name.length);
        if (ancestor(node, (n) => n.type === 'comment' || n.type === 'string_literal')) continue;
        if (neverCompiled(node)) continue;
        const parent = node.parent;
        if (node.type === 'identifier' && parent && isDeclarationName(node, parent)) continue;
        const def = ancestor(node, (n) => n.type === 'function_definition');
        const inMacro = ancestor(node, (n) => n.type === 'preproc_def' || n.type === 'preproc_function_def');
        const statement = inMacro ?? ancestor(node, (n) => /statement$|declaration$|^(init_declarator|initializer_pair|call_expression)$/.test(n.type)) ?? node;
        const evidence: Evidence = {
          file: parsed.file,
          line: this.lines(parsed).lineOf(offset),
          function: def ? functionNameOf(def) : null,
          call: foldWhitespace(statement.text).slice(0, 160),
        };
        const isCallee = parent?.type === 'call_expression' && parent.childForFieldName('function')?.id === node.id;
        // Inside a parse error the call may not be a call_expression: read it from the text.
        const misparsedCall = node.type !== 'identifier' && !inMacro ? textualCall(parsed.text, offset, name) : null;
        if (isCallee || misparsedCall) {
          const text = isCallee ? foldWhitespace(parent!.text) : misparsedCall!.text;
          uses.calls.push({ caller: this.functionAt(parsed, offset), offset, evidence: { ...evidence, call: text } });
          continue;
        }
        const outerCall = parent?.type === 'argument_list' ? parent.parent : null;
        const outerName = outerCall ? calleeName(outerCall) : null;
        if (outerName && EXPORT_MACRO.test(outerName)) {
          uses.exports.push({ ...evidence, call: foldWhitespace(outerCall!.text) });
          continue;
        }
        const threadSlot = outerName ? IRQ_REGISTRARS[outerName]?.thread : undefined;
        if (threadSlot !== undefined && argumentsOf(outerCall!)[threadSlot]?.id === node.id) {
          uses.threadRegistrations.push({ ...evidence, call: foldWhitespace(outerCall!.text) });
          continue;
        }
        uses.references.push(evidence);
      }
    }
    this.usesCache.set(key, uses);
    return uses;
  }

  /**
   * Is every call of `fn` in the module in atomic context? A lock held at the call, a hard IRQ
   * handler as caller, or (up to CALLER_LEVELS) a caller whose own calls all are.
   */
  private callersVerdict(fn: FunctionInfo, level: number, visiting: Set<string>): CallerVerdict {
    const uses = this.usesOf(fn);
    const name = fn.name;
    const notAtomic = (why: string, evidence: Evidence[] = []): CallerVerdict => ({ atomic: false, evidence, why });
    if (uses.threadRegistrations.length) {
      const t = uses.threadRegistrations[0];
      return notAtomic(`${name}() is registered as a threaded IRQ handler's thread function (${t.call}, ${where(t)}): it runs in a kernel thread, where sleeping is allowed`, [
        { ...t, note: `registers ${name}() as the thread function` },
      ]);
    }
    if (uses.exports.length) {
      const e = uses.exports[0];
      return notAtomic(`${name}() is exported (${e.call}, ${where(e)}): its callers in other modules are unknown`);
    }
    if (uses.references.length) {
      const r = uses.references[0];
      return notAtomic(`${name}() is used as a function pointer (${r.call}, ${where(r)}): its callers are unknown, so it is not assumed atomic`);
    }
    if (!uses.calls.length) return notAtomic(`${name}() has no caller in the module`);
    const verdicts = uses.calls.map(({ caller, offset, evidence }) => this.callVerdict(name, caller, offset, evidence, level, visiting));
    const atomicCalls = verdicts.filter((v) => v.atomic);
    const firstNot = verdicts.find((v) => !v.atomic);
    if (firstNot) {
      // The rule asks for every call; a person should still know when some are atomic.
      const partly = atomicCalls.length ? ` (though ${atomicCalls.length} of its ${verdicts.length} calls are in atomic context)` : '';
      return notAtomic(firstNot.why + partly, [...firstNot.evidence, ...atomicCalls.flatMap((v) => v.evidence)]);
    }
    const callers = [...new Set(uses.calls.map((c) => `${c.caller!.name}()`))].join(', ');
    return {
      atomic: true,
      evidence: verdicts.flatMap((v) => v.evidence),
      why: `${name}() is only called in atomic context (${uses.calls.length} call(s) in the module, from ${callers}): ${verdicts.map((v) => v.why).join('; ')}`,
    };
  }

  private callVerdict(name: string, caller: FunctionInfo | null, offset: number, call: Evidence, level: number, visiting: Set<string>): CallerVerdict {
    if (!caller) return { atomic: false, evidence: [], why: `${name}() is called outside a function body (${call.call}, ${where(call)}), where the context is unknown` };
    const held = this.heldAt(caller, offset);
    const callNote = { ...call, note: `calls ${name}()` };
    if (held.length) {
      return {
        atomic: true,
        evidence: [callNote, ...held.map((h) => ({ ...h.evidence, note: `held at the call of ${name}()` }))],
        why: `${caller.name}() calls it under ${held.at(-1)!.evidence.call} (${where(call)})`,
      };
    }
    const registration = this.hardIrqRegistration(caller);
    if (registration) {
      return {
        atomic: true,
        evidence: [callNote, { ...registration, note: `registers ${caller.name}() as a hard IRQ handler` }],
        why: `${caller.name}() calls it (${where(call)}) and is a hard IRQ handler (${registration.call}, ${where(registration)})`,
      };
    }
    const key = this.keyOf(caller);
    if (level < CALLER_LEVELS && !visiting.has(key)) {
      const up = this.callersVerdict(caller, level + 1, new Set([...visiting, key]));
      if (up.atomic) return { atomic: true, evidence: [callNote, ...up.evidence], why: `${caller.name}() calls it (${where(call)}), and ${up.why}` };
      return { atomic: false, evidence: [callNote, ...up.evidence], why: `${caller.name}() calls ${name}() without a lock (${where(call)}), and ${up.why}` };
    }
    const further = level >= CALLER_LEVELS ? ' (callers are followed two levels up)' : '';
    return { atomic: false, evidence: [callNote], why: `${caller.name}() calls ${name}() without a lock held (${where(call)})${further}` };
  }
}

/** One site, one module (builds the module's analysis each time: use ModuleAtomicity for many sites). */
export function atomicContextOf(site: SiteLocation, moduleFiles: string[], parseFile: (rel: string) => ParsedFile | null): AtomicContext | null {
  return new ModuleAtomicity([...moduleFiles, site.file], parseFile).contextOf(site);
}
