// Whether a call runs only on its function's failure path: every path from the function's entry
// through the call ends in a return of an error. The function body is executed abstractly over
// its syntax tree: branches fork, gotos jump to their label (so the unwind ladder at the end of a
// function is reached by the gotos and, unless a return stops it, by falling through), and the
// variables the function returns are tracked as "an error", "zero" or unknown, from assignments
// and from the conditions of the branches taken (`if (ret) goto err;` makes ret an error at err).
//
// A failure return: a negative constant, -EXXX, ERR_PTR()/ERR_CAST()/PTR_ERR(), or a returned
// variable known to hold an error on that path (assigned one, or tested non-zero by a condition
// the path took). A success return: 0, or a variable known to be zero. Anything else, a function
// returning void, a path the walk cannot follow, or too many paths: 'unknown'. The verdict is
// conservative because 'failure-only' may lead a migration to delete the call.
import type { ParsedFile, SyntaxNode } from '../parse/parser.js';
import { LineIndex, foldWhitespace } from '../facts/lines.js';
import { ancestor, isAlwaysCompiledBranch, isNeverCompiledBranch } from '../parse/syntax.js';

export type FailurePath = { kind: 'failure-only'; reason: string } | { kind: 'also-success'; reason: string; line: number } | { kind: 'unknown'; reason: string };

/** Abstract value of a returned variable on one path. */
type Value = 'error' | 'zero';
type Facts = ReadonlyMap<string, Value>;

interface Outcome {
  /** Failure returns reached through the call, as `return X (line N)`. */
  failures: string[];
  success: { line: number; text: string } | null;
  unknown: string | null;
}

const NONE: Outcome = { failures: [], success: null, unknown: null };
const MAX_STATES = 50000;
const ERROR_MAKERS = /^(ERR_PTR|ERR_CAST|PTR_ERR)$/;
const SEQUENCE = /^(compound_statement|case_statement|preproc_(if|ifdef|elif|elifdef|else))$/;
const LEAF_STATEMENT = /^(expression_statement|declaration|return_statement)$/;
const HEADER_STATEMENT = /^(if_statement|while_statement|for_statement|do_statement|switch_statement)$/;

class TooManyPaths extends Error {}

function merge(...outcomes: Outcome[]): Outcome {
  const failures = [...new Set(outcomes.flatMap((o) => o.failures))];
  return {
    failures,
    success: outcomes.find((o) => o.success)?.success ?? null,
    unknown: outcomes.find((o) => o.unknown)?.unknown ?? null,
  };
}

function unwrap(node: SyntaxNode): SyntaxNode {
  let n = node;
  for (;;) {
    if (n.type === 'parenthesized_expression' && n.namedChildren.length === 1) n = n.namedChildren[0];
    else if (n.type === 'call_expression' && /^(un)?likely$/.test(n.childForFieldName('function')?.text ?? '') && n.childForFieldName('arguments')?.namedChildren.length === 1)
      n = n.childForFieldName('arguments')!.namedChildren[0];
    else return n;
  }
}

function isZero(node: SyntaxNode): boolean {
  return node.type === 'number_literal' && /^0+[uUlL]*$/.test(node.text);
}

/** `-ENOMEM`, `-1`, `ERR_PTR(...)`, `PTR_ERR(...)`. */
function isErrorValue(node: SyntaxNode): boolean {
  const n = unwrap(node);
  if (n.type === 'unary_expression' && n.childForFieldName('operator')?.type === '-') {
    const arg = n.childForFieldName('argument');
    return !!arg && ((arg.type === 'identifier' && /^E[A-Z0-9_]+$/.test(arg.text)) || (arg.type === 'number_literal' && !isZero(arg)));
  }
  if (n.type === 'number_literal') return /^-/.test(n.text);
  return n.type === 'call_expression' && ERROR_MAKERS.test(n.childForFieldName('function')?.text ?? '');
}

function children(node: SyntaxNode): SyntaxNode[] {
  return node.namedChildren.filter((c) => c.type !== 'comment');
}

/** The statements of a sequence container, in order. */
function sequenceOf(container: SyntaxNode): SyntaxNode[] {
  const skip = new Set(['condition', 'name', 'alternative', 'value'].map((f) => container.childForFieldName(f)?.id));
  return children(container).filter((c) => !skip.has(c.id));
}

/** A point of the walk: the statement about to run, what is known, and whether the call has run. */
interface State {
  node: SyntaxNode;
  facts: Facts;
  passed: boolean;
}

/**
 * Every state reachable from the function's entry is visited once (a worklist, so loops and
 * backward gotos end); the returns reached after the call make the outcome.
 */
class FunctionWalk {
  private readonly labels = new Map<string, SyntaxNode>();
  private readonly afterCache = new Map<number, SyntaxNode | null>();
  private readonly sequences = new Map<number, SyntaxNode[]>();
  private readonly seen = new Set<string>();
  private readonly work: State[] = [];
  private readonly outcomes: Outcome[] = [];

  constructor(
    private readonly body: SyntaxNode,
    /** The statement the call belongs to: executing it passes the call. */
    private readonly host: SyntaxNode,
    /** The variables the function returns: the only ones worth tracking. */
    private readonly returned: Set<string>,
    private readonly lines: LineIndex,
    /** An int-like return: non-zero tested by a condition is an error, 0 is success. Not so for pointers and bool. */
    private readonly intLike: boolean,
  ) {
    for (const label of body.descendantsOfType('labeled_statement')) {
      const name = label.childForFieldName('label')?.text;
      if (name) this.labels.set(name, label);
    }
  }

  run(): Outcome {
    this.push(this.body, new Map(), false);
    for (let state = this.work.pop(); state; state = this.work.pop()) {
      if (this.seen.size > MAX_STATES) throw new TooManyPaths();
      this.step(state.node, state.facts, state.passed);
    }
    return merge(...this.outcomes);
  }

  private line(node: SyntaxNode): number {
    return this.lines.lineOf(node.startIndex);
  }

  private push(node: SyntaxNode, facts: Facts, passed: boolean): void {
    const key = `${node.id}|${passed ? 1 : 0}|${[...facts].map(([k, v]) => `${k}=${v}`).join(',')}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.work.push({ node, facts, passed });
  }

  /** An outcome matters only for a path that ran the call. */
  private end(passed: boolean, outcome: Outcome): void {
    if (passed) this.outcomes.push(outcome);
  }

  private sequenceOf(container: SyntaxNode): SyntaxNode[] {
    let seq = this.sequences.get(container.id);
    if (!seq) this.sequences.set(container.id, (seq = sequenceOf(container)));
    return seq;
  }

  /** Where control goes when `node` completes normally; null at the end of the function. */
  private after(node: SyntaxNode): SyntaxNode | null {
    if (this.afterCache.has(node.id)) return this.afterCache.get(node.id)!;
    const parent = node.parent;
    let to: SyntaxNode | null;
    if (!parent || parent.type === 'function_definition') to = null;
    // The end of a loop's body goes back to the loop, which may run the body again or end.
    else if (/^(while|for|do)_statement$/.test(parent.type) && parent.childForFieldName('body')?.id === node.id) to = parent;
    else {
      const seq = SEQUENCE.test(parent.type) ? this.sequenceOf(parent) : [];
      const i = seq.findIndex((s) => s.id === node.id);
      to = i !== -1 && i + 1 < seq.length ? seq[i + 1] : parent.id === this.body.id ? null : this.after(parent);
    }
    this.afterCache.set(node.id, to);
    return to;
  }

  /** Where a break goes (after the innermost loop or switch) or a continue (back to the loop). */
  private jumpTarget(node: SyntaxNode, isBreak: boolean): SyntaxNode | null | undefined {
    const target = ancestor(node, (n) => /^(while|for|do)_statement$/.test(n.type) || (isBreak && n.type === 'switch_statement') || n.id === this.body.id);
    if (!target || target.id === this.body.id) return undefined;
    return isBreak ? this.after(target) : target;
  }

  private goTo(to: SyntaxNode | null, facts: Facts, passed: boolean): void {
    if (to) this.push(to, facts, passed);
    else this.end(passed, { ...NONE, unknown: 'a path through the call reaches the end of the function without a return' });
  }

  private next(node: SyntaxNode, facts: Facts, passed: boolean): void {
    this.goTo(this.after(node), facts, passed);
  }

  private step(node: SyntaxNode, facts: Facts, passed: boolean): void {
    const passes = passed || node.id === this.host.id;
    switch (node.type) {
      case 'compound_statement':
      case 'case_statement':
      case 'preproc_else': {
        const first = this.sequenceOf(node)[0];
        return first ? this.push(first, facts, passed) : this.next(node, facts, passed);
      }
      case 'comment':
      case 'preproc_call':
      case 'preproc_def':
      case 'preproc_function_def':
      case 'preproc_include':
        return this.next(node, facts, passed);
      case 'preproc_if':
      case 'preproc_ifdef':
      case 'preproc_elif':
      case 'preproc_elifdef': {
        const first = this.sequenceOf(node)[0];
        const alternative = node.childForFieldName('alternative');
        if (!isNeverCompiledBranch(node)) {
          if (first) this.push(first, facts, passed);
          else this.next(node, facts, passed);
        }
        if (!isAlwaysCompiledBranch(node)) {
          if (alternative) this.push(alternative, facts, passed);
          else this.next(node, facts, passed);
        }
        return;
      }
      case 'labeled_statement': {
        const inner = children(node).find((c) => c.type !== 'statement_identifier');
        return inner ? this.push(inner, facts, passed) : this.next(node, facts, passed);
      }
      case 'expression_statement':
      case 'declaration':
        return this.next(node, this.assign(node, facts), passes);
      case 'return_statement':
        return this.end(passes, this.returns(node, facts));
      case 'goto_statement': {
        const name = node.childForFieldName('label')?.text ?? '';
        const label = this.labels.get(name);
        if (!label) return this.end(passes, { ...NONE, unknown: `goto ${name} has no label in the function (line ${this.line(node)})` });
        return this.push(label, facts, passes);
      }
      case 'break_statement':
      case 'continue_statement': {
        const isBreak = node.type === 'break_statement';
        const target = this.jumpTarget(node, isBreak);
        if (target === undefined) return this.end(passed, { ...NONE, unknown: `a ${isBreak ? 'break' : 'continue'} the walk cannot place (line ${this.line(node)})` });
        return this.goTo(target, facts, passed);
      }
      case 'if_statement': {
        const condition = node.childForFieldName('condition');
        const entry = condition ? this.assign(condition, facts) : facts;
        const consequence = node.childForFieldName('consequence');
        const alternative = node.childForFieldName('alternative');
        const elseStatement = alternative ? children(alternative)[0] : null;
        const thenFacts = condition ? this.refine(condition, true, entry) : entry;
        const elseFacts = condition ? this.refine(condition, false, entry) : entry;
        if (consequence) this.push(consequence, thenFacts, passes);
        else this.next(node, thenFacts, passes);
        if (elseStatement) this.push(elseStatement, elseFacts, passes);
        else this.next(node, elseFacts, passes);
        return;
      }
      case 'while_statement':
      case 'for_statement':
      case 'do_statement': {
        if (node.id === this.host.id) return this.end(true, { ...NONE, unknown: `the call is in the header of a loop (line ${this.line(node)})` });
        const entry = this.forget(node, facts, (n) => n.id !== node.childForFieldName('body')?.id);
        const body = node.childForFieldName('body');
        if (body) this.push(body, entry, passed);
        // A do loop runs its body at least once; taking its exit too adds a path, never hides one.
        return this.next(node, entry, passed);
      }
      case 'switch_statement': {
        const condition = node.childForFieldName('condition');
        const entry = condition ? this.assign(condition, facts) : facts;
        const cases = children(node.childForFieldName('body') ?? node).filter((c) => c.type === 'case_statement');
        for (const c of cases) this.push(c, entry, passes);
        if (!cases.some((c) => !c.childForFieldName('value'))) this.next(node, entry, passes);
        return;
      }
      default: {
        // An ERROR region or a statement the walk does not model: stepped over unless the call is
        // in it or it may leave the function.
        const holdsCall = node.startIndex <= this.host.startIndex && this.host.endIndex <= node.endIndex;
        if (holdsCall || /\b(return|goto|break|continue)\b/.test(node.text)) {
          return this.end(true, { ...NONE, unknown: `cannot follow the ${node.type.replace(/_/g, ' ')} at line ${this.line(node)}` });
        }
        return this.next(node, facts, passed);
      }
    }
  }

  /** The return's verdict for a path that passed the call. */
  private returns(node: SyntaxNode, facts: Facts): Outcome {
    const value = children(node)[0];
    const text = foldWhitespace(node.text);
    const line = this.line(node);
    if (!value) return { ...NONE, unknown: `the function returns no value (${text}, line ${line})` };
    const v = unwrap(value);
    if (isErrorValue(v)) return { ...NONE, failures: [`${text} (line ${line})`] };
    if (isZero(v) && this.intLike) return { ...NONE, success: { line, text } };
    if (v.type === 'identifier') {
      const known = facts.get(v.text);
      if (known === 'error') return { ...NONE, failures: [`${text} (line ${line}, ${v.text} holds an error there)`] };
      if (known === 'zero') return { ...NONE, success: { line, text: `${text} with ${v.text} == 0` } };
      return { ...NONE, unknown: `${text} (line ${line}): whether ${v.text} holds an error there is not known` };
    }
    return { ...NONE, unknown: `${text} (line ${line}) is neither an error nor 0` };
  }

  /** Assignments to returned variables in a statement or condition. */
  private assign(node: SyntaxNode, facts: Facts): Facts {
    let result: Map<string, Value> | null = null;
    const set = (name: string, value: Value | null) => {
      if (!this.returned.has(name)) return;
      result ??= new Map(facts);
      if (value) result.set(name, value);
      else result.delete(name);
    };
    const valueOf = (expr: SyntaxNode | null): Value | null => {
      if (!expr) return null;
      const e = unwrap(expr);
      if (isZero(e)) return 'zero';
      if (isErrorValue(e)) return 'error';
      if (e.type === 'identifier') return (result ?? facts).get(e.text) ?? null;
      return null;
    };
    const topLevel = node.type === 'expression_statement' ? children(node)[0] : null;
    for (const a of [...(node.type === 'assignment_expression' ? [node] : []), ...node.descendantsOfType('assignment_expression')]) {
      const left = a.childForFieldName('left');
      if (left?.type !== 'identifier') continue;
      const plain = a.childForFieldName('operator')?.text === '=' || a.children[1]?.text === '=';
      set(left.text, plain && a.id === topLevel?.id ? valueOf(a.childForFieldName('right')) : null);
    }
    // `read_value(dev, &ret)`: whatever the callee writes is not known.
    for (const address of node.descendantsOfType('pointer_expression')) {
      const arg = address.childForFieldName('argument');
      if (address.childForFieldName('operator')?.type === '&' && arg?.type === 'identifier') set(arg.text, null);
    }
    for (const u of node.descendantsOfType('update_expression')) {
      const arg = u.childForFieldName('argument');
      if (arg?.type === 'identifier') set(arg.text, null);
    }
    if (node.type === 'declaration') {
      for (const d of node.descendantsOfType('init_declarator')) {
        const name = d.childForFieldName('declarator');
        if (name?.type === 'identifier') set(name.text, valueOf(d.childForFieldName('value')));
      }
      for (const d of children(node)) if (d.type === 'identifier') set(d.text, null);
    }
    return result ?? facts;
  }

  /** Assignments anywhere in a loop's header: their value is not known. */
  private forget(loop: SyntaxNode, facts: Facts, inHeader: (n: SyntaxNode) => boolean): Facts {
    let result: Facts = facts;
    for (const part of children(loop).filter(inHeader)) result = this.assign(part, result);
    return result === facts ? facts : new Map([...result].filter(([k]) => facts.get(k) === result.get(k)));
  }

  /** What a condition being `truth` says about the returned variables. */
  private refine(condition: SyntaxNode, truth: boolean, facts: Facts): Facts {
    if (!this.intLike) return facts;
    const c = unwrap(condition);
    const set = (name: string, value: Value): Facts => (this.returned.has(name) ? new Map(facts).set(name, value) : facts);
    if (c.type === 'identifier') return set(c.text, truth ? 'error' : 'zero');
    if (c.type === 'assignment_expression') {
      const left = c.childForFieldName('left');
      return left?.type === 'identifier' ? set(left.text, truth ? 'error' : 'zero') : facts;
    }
    if (c.type === 'unary_expression' && c.childForFieldName('operator')?.type === '!') {
      const arg = c.childForFieldName('argument');
      return arg ? this.refine(arg, !truth, facts) : facts;
    }
    if (c.type !== 'binary_expression') return facts;
    const op = c.childForFieldName('operator')?.type;
    const left = c.childForFieldName('left');
    const right = c.childForFieldName('right');
    if (!left || !right) return facts;
    if (op === '&&') return truth ? this.refine(right, true, this.refine(left, true, facts)) : facts;
    if (op === '||') return truth ? facts : this.refine(right, false, this.refine(left, false, facts));
    const l = unwrap(left);
    const variable = l.type === 'assignment_expression' ? l.childForFieldName('left') : l;
    if (variable?.type !== 'identifier') return facts;
    // `ret == -EAGAIN` true: an error.
    if (isErrorValue(right)) return op === '==' && truth ? set(variable.text, 'error') : facts;
    if (!isZero(unwrap(right))) return facts;
    if (op === '!=') return set(variable.text, truth ? 'error' : 'zero');
    if (op === '==') return set(variable.text, truth ? 'zero' : 'error');
    // `ret < 0` true is an error; false says only that it is not negative.
    if (op === '<' && truth) return set(variable.text, 'error');
    return facts;
  }
}

/** The statement whose execution runs the call: its statement, or the loop or if whose header holds it. */
function hostOf(call: SyntaxNode, body: SyntaxNode): SyntaxNode | null {
  for (let n: SyntaxNode | null = call, child: SyntaxNode = call; n && n.id !== body.id; child = n, n = n.parent) {
    if (LEAF_STATEMENT.test(n.type)) return n;
    if (HEADER_STATEMENT.test(n.type) && child.id !== n.childForFieldName('body')?.id && child.id !== n.childForFieldName('consequence')?.id && child.id !== n.childForFieldName('alternative')?.id) return n;
  }
  return null;
}

/** `void f(...)`, also behind attributes tree-sitter reads as types (`static __init void f(...)`). */
function returnsVoid(def: SyntaxNode, body: SyntaxNode): boolean {
  if (def.childForFieldName('declarator')?.type !== 'function_declarator') return false;
  if (def.children.some((c) => c.type === 'primitive_type' && c.text === 'void')) return true;
  return !body.descendantsOfType('return_statement').some((r) => children(r).length > 0);
}

/** Not a pointer (NULL and ERR_PTR are its values) nor a bool. */
function returnsIntLike(def: SyntaxNode): boolean {
  const type = def.childForFieldName('type')?.text ?? '';
  return def.childForFieldName('declarator')?.type === 'function_declarator' && !/^(_Bool|bool)$/.test(type);
}

function returnedVariables(body: SyntaxNode): Set<string> {
  const names = new Set<string>();
  for (const r of body.descendantsOfType('return_statement')) {
    const value = children(r)[0];
    if (value && unwrap(value).type === 'identifier') names.add(unwrap(value).text);
  }
  return names;
}

export function failurePathOf(parsed: ParsedFile, callStart: number): FailurePath {
  const at = parsed.tree.rootNode.descendantForIndex(callStart, callStart + 1);
  const call = ancestor(at, (n) => n.type === 'call_expression');
  if (!call) return { kind: 'unknown', reason: 'no call at this offset' };
  const def = ancestor(call, (n) => n.type === 'function_definition');
  const body = def?.childForFieldName('body');
  if (!def || !body) return { kind: 'unknown', reason: 'the call is not inside a function body' };
  if (returnsVoid(def, body)) return { kind: 'unknown', reason: 'the function returns void: its failure path cannot be told from its returns' };
  const host = hostOf(call, body);
  if (!host) return { kind: 'unknown', reason: 'the statement holding the call was not found' };
  const lines = new LineIndex(parsed.text);
  let outcome: Outcome;
  try {
    outcome = new FunctionWalk(body, host, returnedVariables(body), lines, returnsIntLike(def)).run();
  } catch (e) {
    if (e instanceof TooManyPaths) return { kind: 'unknown', reason: 'the function has too many paths to follow' };
    throw e;
  }
  if (outcome.success) {
    return { kind: 'also-success', reason: `a path through the call returns success: ${outcome.success.text} (line ${outcome.success.line})`, line: outcome.success.line };
  }
  if (outcome.unknown) return { kind: 'unknown', reason: outcome.unknown };
  if (!outcome.failures.length) return { kind: 'unknown', reason: 'no path from the function entry reaches the call' };
  return { kind: 'failure-only', reason: `every path through the call returns an error: ${outcome.failures.slice(0, 3).join('; ')}${outcome.failures.length > 3 ? '; …' : ''}` };
}
