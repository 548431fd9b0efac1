// The lock state along one C function body: which atomic sections (spinlock, rwlock, seqlock,
// irq-off, bh-off, RCU, preempt-off, atomic guard()) are open at each call. The body is walked in
// source order over the syntax tree; branches start from the same state and are merged ("may be
// held" wins), gotos carry their state to the label and breaks to the end of their loop, so an
// unlock on an early-return path does not count for the code after it.
import { isAlwaysCompiledBranch, isNeverCompiledBranch } from '../../parse/syntax.js';
import type { SyntaxNode } from '../../parse/parser.js';
import type { Evidence } from '../../types.js';
import { foldWhitespace } from '../../facts/lines.js';

// ---- Vocabulary: what opens and closes an atomic section --------------------------------------

type Family = 'spinlock' | 'seqlock' | 'irq' | 'bh' | 'rcu' | 'preempt' | 'guard';

const ACQUIRE: [RegExp, Family][] = [
  [/^(raw_)?spin_lock(_irq|_irqsave|_bh|_nested|_irqsave_nested|_nest_lock|_bh_nested)?$/, 'spinlock'],
  [/^(read|write)_lock(_irq|_irqsave|_bh)?$/, 'spinlock'],
  [/^bit_spin_lock$/, 'spinlock'],
  [/^(write_seqlock|read_seqlock_excl)(_irq|_irqsave|_bh)?$/, 'seqlock'],
  [/^(raw_)?local_irq_(disable|save)$/, 'irq'],
  [/^local_bh_disable$/, 'bh'],
  [/^rcu_read_lock(_bh|_sched)?$/, 'rcu'],
  [/^(preempt_disable(_notrace)?|get_cpu)$/, 'preempt'],
];

const RELEASE: [RegExp, Family][] = [
  [/^(raw_)?spin_unlock(_irq|_irqrestore|_bh)?$/, 'spinlock'],
  [/^(read|write)_unlock(_irq|_irqrestore|_bh)?$/, 'spinlock'],
  [/^(__)?bit_spin_unlock$/, 'spinlock'],
  [/^(write_sequnlock|read_sequnlock_excl)(_irq|_irqrestore|_bh)?$/, 'seqlock'],
  [/^(raw_)?local_irq_(enable|restore)$/, 'irq'],
  [/^local_bh_enable$/, 'bh'],
  [/^rcu_read_unlock(_bh|_sched)?$/, 'rcu'],
  [/^(preempt_enable(_no_resched|_notrace)?|put_cpu)$/, 'preempt'],
];

/** A trylock returns true when it took the lock: only the branch that knows that holds it. */
const TRYLOCK = /^((raw_)?spin_trylock(_irq|_irqsave|_bh)?|(read|write)_trylock|bit_spin_trylock)$/;

/** Lock classes of guard()/scoped_guard() (include/linux/cleanup.h users) that forbid sleeping. */
const ATOMIC_GUARD_CLASS = /^((raw_)?spinlock(_irq|_irqsave|_bh|_nested)?|(read|write)_lock(_irq|_irqsave|_bh)?|rcu|irq|irqsave|preempt|preempt_notrace)$/;


function acquireFamily(name: string): Family | null {
  return ACQUIRE.find(([re]) => re.test(name))?.[1] ?? null;
}

function releaseFamily(name: string): Family | null {
  return RELEASE.find(([re]) => re.test(name))?.[1] ?? null;
}

/** An atomic section open at some point of a function: what opened it, for the evidence. */
export interface Held {
  family: Family;
  /** The lock expression (first argument, without `&`), to pair an unlock with its lock. */
  key: string;
  evidence: Evidence;
}

/** null: the point cannot be reached (after return, goto, break). */
type State = Held[] | null;

/** A node's walk: yields the child walks it needs ([node, entry state]) and is sent their end states. */
type Walk = Generator<[SyntaxNode, Held[]], State, State>;

function merge(...states: State[]): State {
  let result: State = null;
  for (const s of states) if (s && (!result || s.length > result.length)) result = s;
  return result;
}

function lastIndex<T>(list: T[], test: (item: T) => boolean): number {
  for (let i = list.length - 1; i >= 0; i--) if (test(list[i])) return i;
  return -1;
}

function lockKey(args: SyntaxNode | null): string {
  const first = args?.namedChildren.find((c) => c.type !== 'comment');
  return first ? first.text.replace(/\s+/g, '').replace(/^&/, '') : '';
}

export function calleeName(call: SyntaxNode): string | null {
  const fn = call.childForFieldName('function');
  return fn?.type === 'identifier' ? fn.text : null;
}

/** `guard(CLASS)(...)` or `scoped_guard(CLASS, ...)` as a statement: CLASS when it forbids sleeping. */
function atomicGuardClass(statement: SyntaxNode, macro: 'guard' | 'scoped_guard'): string | null {
  if (statement.type !== 'expression_statement') return null;
  const call = statement.namedChildren[0];
  if (call?.type !== 'call_expression') return null;
  const inner = macro === 'guard' ? call.childForFieldName('function') : call;
  if (inner?.type !== 'call_expression' || calleeName(inner) !== macro) return null;
  const cls = inner.childForFieldName('arguments')?.namedChildren[0];
  return cls?.type === 'identifier' && ATOMIC_GUARD_CLASS.test(cls.text) ? cls.text : null;
}

/**
 * Walks one function body and records, for every call, which atomic sections are open at it.
 * Branches are walked from the same entry state and merged, gotos carry their state to the
 * label, breaks to the end of their loop or switch; code that is never compiled (#if 0) is
 * walked for its calls but its lock changes are dropped.
 */
export class LockWalk {
  /** Open sections at each call, keyed by the byte offset of the callee name. */
  readonly heldAtCall = new Map<number, Held[]>();
  /** Open sections right after each call (in source order), for a use the walk did not see. */
  readonly heldAfterCall: { offset: number; held: Held[] }[] = [];
  private readonly atLabel = new Map<string, Held[]>();
  private readonly breakStates: Held[][][] = [];
  private readonly suppressedTrylocks = new Set<number>();

  constructor(
    private readonly file: string,
    private readonly functionName: string,
    private readonly lines: { lineOf(offset: number): number },
  ) {}

  walk(body: SyntaxNode): void {
    // Each node's walk is a generator that asks for its children's walks (yield [node, state]) and
    // gets their end states back: the nesting lives on this array, not on the call stack.
    const stack: Walk[] = [this.visit(body, [])];
    let result: State | undefined;
    while (stack.length > 0) {
      const step = stack[stack.length - 1].next(result as State);
      if (step.done) {
        stack.pop();
        result = step.value;
      } else {
        stack.push(this.visit(step.value[0], step.value[1]));
        result = undefined;
      }
    }
  }

  private evidence(node: SyntaxNode): Evidence {
    return { file: this.file, line: this.lines.lineOf(node.startIndex), function: this.functionName, call: foldWhitespace(node.text) };
  }

  private *visit(node: SyntaxNode, state: Held[]): Walk {
    switch (node.type) {
      case 'comment':
        return state;
      case 'compound_statement':
        return yield* this.sequence(node.namedChildren, state);
      case 'if_statement':
        return yield* this.ifStatement(node, state);
      case 'while_statement':
      case 'for_statement':
      case 'do_statement':
        return yield* this.loop(node, state);
      case 'switch_statement':
        return yield* this.switchStatement(node, state);
      case 'return_statement':
        yield* this.sequence(node.namedChildren, state);
        return null;
      case 'goto_statement': {
        const label = node.childForFieldName('label')?.text;
        if (label) this.atLabel.set(label, merge(this.atLabel.get(label) ?? null, state)!);
        return null;
      }
      case 'break_statement': {
        const target = this.breakStates.at(-1);
        if (!target) return state; // a break we cannot place: keep going rather than lose the state
        target.push(state);
        return null;
      }
      case 'continue_statement':
        return this.breakStates.length ? null : state;
      case 'preproc_if':
      case 'preproc_ifdef':
      case 'preproc_elif':
      case 'preproc_elifdef':
        return yield* this.preprocConditional(node, state);
      case 'call_expression':
        return yield* this.call(node, state);
      default:
        return yield* this.sequence(node.namedChildren, state);
    }
  }

  /** Statements (or sub-expressions) in order, with guards, scoped guards and labels. */
  private *sequence(children: SyntaxNode[], entry: State): Walk {
    let state = entry;
    const guards: Held[] = [];
    for (let i = 0; i < children.length; i++) {
      const child = children[i];
      if (child.type === 'labeled_statement') {
        const label = child.childForFieldName('label')?.text ?? '';
        state = merge(state, this.atLabel.get(label) ?? null);
      }
      if (!state) {
        // No path reaches it (after a return, or a label only jumped to from below): walk it for
        // its calls only.
        yield [child, []];
        continue;
      }
      const current = state;
      const scoped = atomicGuardClass(child, 'scoped_guard');
      if (scoped && i + 1 < children.length) {
        const held: Held = { family: 'guard', key: scoped, evidence: this.evidence(child) };
        const after = (yield [children[++i], [...current, held]]);
        state = after && after.filter((h) => h !== held);
        continue;
      }
      if (child.type === 'compound_statement' && i > 0 && isMacroLoopHeader(children[i - 1])) {
        state = yield* this.loopBody(child, current);
        continue;
      }
      state = (yield [child, current]);
      const guard = atomicGuardClass(child, 'guard');
      if (guard && state) {
        const held: Held = { family: 'guard', key: guard, evidence: this.evidence(child.namedChildren[0]) };
        guards.push(held);
        state = [...state, held];
      }
    }
    // A guard() ends with its scope.
    return guards.length && state ? state.filter((h) => !guards.includes(h)) : state;
  }

  private *ifStatement(node: SyntaxNode, entry: Held[]): Walk {
    const condition = node.childForFieldName('condition');
    const trylock = condition ? trylockIn(condition) : null;
    if (trylock) this.suppressedTrylocks.add(trylock.call.id);
    const state = condition ? (yield [condition, entry]) : entry;
    if (!state) return null;
    let thenEntry = state;
    let elseEntry = state;
    if (trylock) {
      const held: Held = { family: 'spinlock', key: lockKey(trylock.call.childForFieldName('arguments')), evidence: this.evidence(trylock.call) };
      if (trylock.negated) elseEntry = [...state, held];
      else thenEntry = [...state, held];
    }
    const consequence = node.childForFieldName('consequence');
    const alternative = node.childForFieldName('alternative');
    const afterThen = consequence ? (yield [consequence, thenEntry]) : thenEntry;
    const afterElse = alternative ? (yield [alternative, elseEntry]) : elseEntry;
    return merge(afterThen, afterElse);
  }

  private *loop(node: SyntaxNode, entry: Held[]): Walk {
    const body = node.childForFieldName('body');
    if (node.type === 'do_statement') {
      const afterBody = body ? yield* this.loopBody(body, entry) : entry;
      const condition = node.childForFieldName('condition');
      return condition && afterBody ? (yield [condition, afterBody]) : afterBody;
    }
    let state: State = entry;
    for (const field of ['initializer', 'condition']) {
      const part = node.childForFieldName(field);
      if (part && state) state = (yield [part, state]);
    }
    if (!state) return null;
    let afterBody = body ? yield* this.loopBody(body, state) : state;
    const update = node.childForFieldName('update');
    if (update && afterBody) afterBody = (yield [update, afterBody]);
    return merge(state, afterBody);
  }

  /** A loop body: the loop may end after it, or at any break in it. */
  private *loopBody(body: SyntaxNode, entry: Held[]): Walk {
    this.breakStates.push([]);
    const afterBody = (yield [body, entry]);
    const breaks = this.breakStates.pop()!;
    return merge(entry, afterBody, ...breaks);
  }

  private *switchStatement(node: SyntaxNode, entry: Held[]): Walk {
    const condition = node.childForFieldName('condition');
    const state = condition ? (yield [condition, entry]) : entry;
    if (!state) return null;
    const body = node.childForFieldName('body');
    this.breakStates.push([]);
    let current: State = null;
    let hasDefault = false;
    for (const child of body?.namedChildren ?? []) {
      if (child.type === 'case_statement') {
        const value = child.childForFieldName('value');
        if (!value) hasDefault = true;
        current = merge(current, state);
        current = yield* this.sequence(child.namedChildren.filter((c) => c.id !== value?.id), current);
      } else {
        current = yield* this.sequence([child], current ?? state);
      }
    }
    const breaks = this.breakStates.pop()!;
    return merge(current, ...breaks, hasDefault ? null : state);
  }

  private *preprocConditional(node: SyntaxNode, entry: Held[]): Walk {
    const skip = new Set([node.childForFieldName('condition')?.id, node.childForFieldName('name')?.id]);
    const alternative = node.childForFieldName('alternative');
    const body = node.namedChildren.filter((c) => !skip.has(c.id) && c.id !== alternative?.id);
    const afterThen = yield* this.sequence(body, entry);
    const afterElse = alternative ? (yield [alternative, entry]) : entry;
    if (isNeverCompiledBranch(node)) return afterElse;
    if (isAlwaysCompiledBranch(node)) return afterThen;
    return merge(afterThen, afterElse);
  }

  private *call(node: SyntaxNode, entry: Held[]): Walk {
    const fn = node.childForFieldName('function');
    const args = node.childForFieldName('arguments');
    let state: State = entry;
    if (fn && fn.type !== 'identifier') state = (yield [fn, state]);
    if (args && state) state = (yield [args, state]);
    if (!state || fn?.type !== 'identifier') return state;
    this.heldAtCall.set(fn.startIndex, state);
    const after = this.effect(fn.text, node, args, state);
    this.heldAfterCall.push({ offset: fn.startIndex, held: after });
    return after;
  }

  private effect(name: string, node: SyntaxNode, args: SyntaxNode | null, state: Held[]): Held[] {
    const acquired = acquireFamily(name) ?? (TRYLOCK.test(name) && !this.suppressedTrylocks.has(node.id) ? 'spinlock' : null);
    if (acquired) return [...state, { family: acquired, key: lockKey(args), evidence: this.evidence(node) }];
    const released = releaseFamily(name);
    if (!released) return state;
    const key = lockKey(args);
    let index = lastIndex(state, (h) => h.family === released && h.key === key);
    if (index === -1) index = lastIndex(state, (h) => h.family === released);
    // Releasing what the caller took (a __releases() function): nothing of ours to close.
    return index === -1 ? state : [...state.slice(0, index), ...state.slice(index + 1)];
  }
}

/** `for_each_x(...) {`: tree-sitter reads the macro as a call statement followed by a block. */
function isMacroLoopHeader(node: SyntaxNode): boolean {
  if (node.type !== 'expression_statement') return false;
  const call = node.namedChildren[0];
  return call?.type === 'call_expression' && !node.text.trimEnd().endsWith(';');
}

/** A trylock the condition tests directly (`if (spin_trylock(l))` or `if (!spin_trylock(l))`). */
function trylockIn(condition: SyntaxNode): { call: SyntaxNode; negated: boolean } | null {
  let expr: SyntaxNode | null = condition;
  let negated = false;
  for (;;) {
    if (!expr) return null;
    if (expr.type === 'parenthesized_expression') expr = expr.namedChildren[0] ?? null;
    else if (expr.type === 'unary_expression' && expr.childForFieldName('operator')?.type === '!') {
      negated = !negated;
      expr = expr.childForFieldName('argument');
    } else break;
  }
  if (expr.type !== 'call_expression') return null;
  const name = calleeName(expr);
  return name && TRYLOCK.test(name) ? { call: expr, negated } : null;
}

