// Whether a call may run in atomic context, where sleeping is not allowed. Three rules:
//   lock-held          a spinlock, rwlock, seqlock, irq-off, bh-off, RCU or preempt-off section
//                      (or an atomic guard()) is open at the call, in the call's own function;
//   hardirq-handler    the function is registered as a hard IRQ handler somewhere in the module;
//   callers-hold-lock  every caller in the module calls it in atomic context (two levels up).
// The lock state inside one function comes from lock-walk.ts; callers, static-ness and value uses
// from the module's call graph. Which functions register an IRQ handler is the caller's table:
// subsystems add their own registrars to the core ones.
import type { ParsedFile, SyntaxNode } from '../../parse/parser.js';
import type { Evidence } from '../../types.js';
import { functionNameOf, textualCall } from '../../facts/collect.js';
import { foldWhitespace } from '../../facts/lines.js';
import { ancestor, neverCompiled } from '../../parse/syntax.js';
import type { FunctionDef, ModuleCallGraph } from '../call-graph.js';
import { LockWalk, calleeName, type Held } from './lock-walk.js';

export type AtomicRule = 'lock-held' | 'hardirq-handler' | 'callers-hold-lock';

export interface AtomicContext {
  atomic: boolean;
  rule: AtomicRule | null;
  evidence: Evidence[];
  reason: string;
}

export interface CallLocation {
  file: string;
  /** Byte offset of the callee name. */
  calleeStart: number;
}

/** A function that registers an interrupt handler: the argument index of the hard IRQ handler and of the thread function (which runs in a kernel thread and may sleep). */
export interface IrqRegistrar {
  handler: number;
  thread?: number;
}

export type IrqRegistrars = Readonly<Record<string, IrqRegistrar>>;

const EXPORT_MACRO = /^EXPORT_SYMBOL(_GPL|_NS|_NS_GPL)?$/;

const CALLER_LEVELS = 2;

/** The uses of a function that decide whether its callers are known. */
interface Uses {
  calls: { caller: FunctionDef | null; offset: number; evidence: Evidence }[];
  /** A function pointer (or a macro) whose callers cannot be known. */
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

/** Where a value use sits as an argument of a call: the innermost call whose callee is named. */
interface ArgumentOf {
  call: SyntaxNode;
  callee: string;
  index: number;
}

function where(e: Evidence): string {
  return `${e.file}:${e.line}`;
}

function argumentsOf(call: SyntaxNode): SyntaxNode[] {
  return (call.childForFieldName('arguments')?.namedChildren ?? []).filter((c) => c.type !== 'comment');
}

/** The calls a node is an argument of (inside casts, conditionals, `&`), innermost first. */
function enclosingArguments(node: SyntaxNode): ArgumentOf[] {
  const found: ArgumentOf[] = [];
  let child = node;
  for (let n = node.parent; n && !/statement$|^(function_definition|translation_unit)$/.test(n.type); child = n, n = n.parent) {
    if (n.type !== 'argument_list' || n.parent?.type !== 'call_expression') continue;
    const callee = calleeName(n.parent);
    if (!callee) continue;
    const index = argumentsOf(n.parent).findIndex((a) => a.id === child.id);
    if (index !== -1) found.push({ call: n.parent, callee, index });
  }
  return found;
}

/**
 * The atomic-context analysis of one module over its call graph. Files are parsed through the
 * graph (lazily); each function body is walked once.
 */
export class ModuleAtomicContext {
  private readonly walks = new Map<FunctionDef, LockWalk>();
  private readonly usesCache = new Map<FunctionDef, Uses>();
  private readonly neverCompiledDefs = new Map<string, FunctionDef>();

  constructor(
    readonly graph: ModuleCallGraph,
    private readonly irqRegistrars: IrqRegistrars,
  ) {}

  /** null when the call's file cannot be parsed or the call is not inside a function body. */
  contextOf(site: CallLocation): AtomicContext | null {
    const parsed = this.graph.parsed(site.file);
    if (!parsed) return null;
    const fn = this.graph.enclosing(site.file, site.calleeStart) ?? this.neverCompiledDefinition(parsed, site.calleeStart);
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
    const callers = this.callersVerdict(fn, 1, new Set([fn]));
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

  /**
   * A site inside `#if 0` is still reported: its function is read from the tree, though the call
   * graph leaves it out (nothing calls it, so its callers say nothing).
   */
  private neverCompiledDefinition(parsed: ParsedFile, offset: number): FunctionDef | null {
    const def = ancestor(parsed.tree.rootNode.descendantForIndex(offset, offset + 1), (n) => n.type === 'function_definition');
    const name = def && functionNameOf(def);
    if (!def || !name || !def.childForFieldName('body') || !neverCompiled(def)) return null;
    const key = `${parsed.file}:${def.startIndex}`;
    let fn = this.neverCompiledDefs.get(key);
    if (!fn) {
      const isStatic = def.children.some((c) => c.type === 'storage_class_specifier' && c.text === 'static');
      fn = { name, file: parsed.file, isStatic, line: this.graph.lineOf(parsed.file, def.startIndex), start: def.startIndex, end: def.endIndex };
      this.neverCompiledDefs.set(key, fn);
    }
    return fn;
  }

  private walkOf(fn: FunctionDef): LockWalk {
    let walk = this.walks.get(fn);
    if (!walk) {
      walk = new LockWalk(fn.file, fn.name, { lineOf: (offset) => this.graph.lineOf(fn.file, offset) });
      const parsed = this.graph.parsed(fn.file)!;
      const def = ancestor(parsed.tree.rootNode.descendantForIndex(fn.start, fn.start + 1), (n) => n.type === 'function_definition' && n.startIndex === fn.start);
      const body = def?.childForFieldName('body');
      if (body) walk.walk(body);
      this.walks.set(fn, walk);
    }
    return walk;
  }

  /** Open sections at the call; for a call the walk did not see (a parse error), those after the call before it. */
  private heldAt(fn: FunctionDef, offset: number): Held[] {
    const walk = this.walkOf(fn);
    const recorded = walk.heldAtCall.get(offset);
    if (recorded) return recorded;
    let before: Held[] = [];
    for (const { offset: at, held } of walk.heldAfterCall) if (at < offset) before = held;
    return before;
  }

  private evidenceAt(parsed: ParsedFile, offset: number, enclosing: FunctionDef | null, call: string): Evidence {
    return { file: parsed.file, line: this.graph.lineOf(parsed.file, offset), function: enclosing?.name ?? null, call };
  }

  /** Where `fn` is registered as a hard IRQ handler (the first such registration in the module). */
  private hardIrqRegistration(fn: FunctionDef): Evidence | null {
    for (const use of this.graph.valueUsesOf(fn)) {
      const parsed = this.graph.parsed(use.file)!;
      const node = parsed.tree.rootNode.descendantForIndex(use.offset, use.offset + fn.name.length);
      const registration = enclosingArguments(node).find((a) => this.irqRegistrars[a.callee]?.handler === a.index);
      if (!registration) continue;
      const offset = registration.call.startIndex;
      return this.evidenceAt(parsed, offset, use.enclosing, foldWhitespace(registration.call.text));
    }
    return null;
  }

  /** Every use of a function in the module: calls (with the calling function), pointers, exports. */
  private usesOf(fn: FunctionDef): Uses {
    const cached = this.usesCache.get(fn);
    if (cached) return cached;
    const uses: Uses = { calls: [], references: [], exports: [], threadRegistrations: [] };
    const calls = [
      ...this.graph.callersOf(fn).map((e) => ({ caller: e.caller as FunctionDef | null, file: e.file, offset: e.offset })),
      ...this.graph.strayCallsOf(fn).map((u) => ({ caller: null, file: u.file, offset: u.offset })),
    ].sort((a, b) => a.file.localeCompare(b.file) || a.offset - b.offset);
    for (const { caller, file, offset } of calls) {
      const parsed = this.graph.parsed(file)!;
      const node = parsed.tree.rootNode.descendantForIndex(offset, offset + fn.name.length);
      const parent = node.parent;
      const isCallee = parent?.type === 'call_expression' && parent.childForFieldName('function')?.id === node.id;
      const text = isCallee ? foldWhitespace(parent!.text) : (textualCall(parsed.text, offset, fn.name)?.text ?? fn.name);
      uses.calls.push({ caller, offset, evidence: this.evidenceAt(parsed, offset, caller, text) });
    }
    for (const use of this.graph.valueUsesOf(fn)) {
      const parsed = this.graph.parsed(use.file)!;
      const node = parsed.tree.rootNode.descendantForIndex(use.offset, use.offset + fn.name.length);
      const inMacro = ancestor(node, (n) => n.type === 'preproc_def' || n.type === 'preproc_function_def');
      const statement = inMacro ?? ancestor(node, (n) => /statement$|declaration$|^(init_declarator|initializer_pair|call_expression)$/.test(n.type)) ?? node;
      const evidence = this.evidenceAt(parsed, use.offset, use.enclosing, foldWhitespace(statement.text).slice(0, 160));
      const direct = node.parent?.type === 'argument_list' ? enclosingArguments(node)[0] : undefined;
      if (direct && EXPORT_MACRO.test(direct.callee)) {
        uses.exports.push({ ...evidence, call: foldWhitespace(direct.call.text) });
        continue;
      }
      if (direct && this.irqRegistrars[direct.callee]?.thread === direct.index) {
        uses.threadRegistrations.push({ ...evidence, call: foldWhitespace(direct.call.text) });
        continue;
      }
      uses.references.push(evidence);
    }
    this.usesCache.set(fn, uses);
    return uses;
  }

  /**
   * Is every call of `fn` in the module in atomic context? A lock held at the call, a hard IRQ
   * handler as caller, or (up to CALLER_LEVELS) a caller whose own calls all are.
   */
  private callersVerdict(fn: FunctionDef, level: number, visiting: Set<FunctionDef>): CallerVerdict {
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

  private callVerdict(name: string, caller: FunctionDef | null, offset: number, call: Evidence, level: number, visiting: Set<FunctionDef>): CallerVerdict {
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
    if (level < CALLER_LEVELS && !visiting.has(caller)) {
      const up = this.callersVerdict(caller, level + 1, new Set([...visiting, caller]));
      if (up.atomic) return { atomic: true, evidence: [callNote, ...up.evidence], why: `${caller.name}() calls it (${where(call)}), and ${up.why}` };
      return { atomic: false, evidence: [callNote, ...up.evidence], why: `${caller.name}() calls ${name}() without a lock (${where(call)}), and ${up.why}` };
    }
    const further = level >= CALLER_LEVELS ? ' (callers are followed two levels up)' : '';
    return { atomic: false, evidence: [callNote], why: `${caller.name}() calls ${name}() without a lock held (${where(call)})${further}` };
  }
}
