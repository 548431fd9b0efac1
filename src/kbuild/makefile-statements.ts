// Classifies logical Makefile lines into the few statements a Kbuild reader cares about.
// Rules and their recipes are recognised only to be skipped: they never declare objects.
import type { LogicalLine } from './makefile-lexer.js';

export type AssignOp = '=' | ':=' | '::=' | ':::=' | '+=' | '?=' | '!=';

export type Statement =
  | { kind: 'assignment'; line: number; name: string; op: AssignOp; value: string }
  | { kind: 'if'; line: number }
  | { kind: 'else'; line: number }
  | { kind: 'endif'; line: number }
  | { kind: 'include'; line: number; paths: string; optional: boolean }
  | { kind: 'unknown'; line: number; text: string };

const CONDITIONAL_START = /^(ifeq|ifneq|ifdef|ifndef)(\s|\(|$)/;
const DIAGNOSTIC_CALL = /^\$[({](info|warning|error)\s/;

/** The statements of LINES one at a time (a huge Makefile is never held as a list of statements). */
export function* parseStatements(lines: Iterable<LogicalLine>): Generator<Statement> {
  let inRuleContext = false;
  const iterator = lines[Symbol.iterator]();
  for (let next = iterator.next(); !next.done; next = iterator.next()) {
    const { text: raw, line, startsWithTab } = next.value;
    const text = raw.trim();
    if (text === '') continue;
    if (inRuleContext && startsWithTab) continue; // a recipe line: shell, not make

    if (CONDITIONAL_START.test(text)) {
      yield { kind: 'if', line };
      continue;
    }
    if (/^else(\s|$)/.test(text)) {
      yield { kind: 'else', line };
      continue;
    }
    if (/^endif(\s|$)/.test(text)) {
      yield { kind: 'endif', line };
      continue;
    }
    inRuleContext = false;

    const withoutPrefix = text.replace(/^((export|override|private)\s+)+/, '');
    if (/^define(\s|$)/.test(withoutPrefix)) {
      const block = readDefine(iterator, withoutPrefix);
      if (block.name !== null && block.closed) yield { kind: 'assignment', line, name: block.name, op: '=', value: block.body };
      else yield { kind: 'unknown', line, text: block.closed ? text : `${text} (no endef)` };
      continue;
    }
    const include = /^(-include|sinclude|include)\s+(.*)$/.exec(withoutPrefix);
    if (include) {
      yield { kind: 'include', line, paths: include[2], optional: include[1] !== 'include' };
      continue;
    }
    if (/^(unexport|vpath|undefine)(\s|$)/.test(withoutPrefix) || DIAGNOSTIC_CALL.test(withoutPrefix)) continue;

    const split = splitAtOperator(withoutPrefix);
    if (split?.kind === 'assignment') {
      const name = split.name.trim();
      if (name !== '' && !/\s/.test(stripReferences(name))) {
        yield { kind: 'assignment', line, name, op: split.op, value: split.value.trim() };
        continue;
      }
    } else if (split?.kind === 'rule') {
      inRuleContext = true;
      continue;
    } else if (text !== withoutPrefix && !/\s/.test(withoutPrefix)) {
      continue; // `export VAR`: marks a variable for the environment, declares nothing
    }
    yield { kind: 'unknown', line, text };
  }
}

type OperatorSplit = { kind: 'assignment'; name: string; op: AssignOp; value: string } | { kind: 'rule' };

/** Finds the first `=` or `:` outside $(...) and decides between an assignment and a rule. */
function splitAtOperator(text: string): OperatorSplit | null {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '$' && (text[i + 1] === '(' || text[i + 1] === '{')) {
      depth++;
      i++;
    } else if (depth > 0 && (c === '(' || c === '{')) depth++;
    else if (depth > 0 && (c === ')' || c === '}')) depth--;
    else if (depth === 0 && c === '=') {
      const prev = text[i - 1];
      if (prev === '+' || prev === '?' || prev === '!') {
        return { kind: 'assignment', name: text.slice(0, i - 1), op: `${prev}=` as AssignOp, value: text.slice(i + 1) };
      }
      return { kind: 'assignment', name: text.slice(0, i), op: '=', value: text.slice(i + 1) };
    } else if (depth === 0 && c === ':') {
      for (const op of [':::=', '::=', ':='] as const) {
        if (text.startsWith(op, i)) return { kind: 'assignment', name: text.slice(0, i), op, value: text.slice(i + op.length) };
      }
      return { kind: 'rule' };
    }
  }
  return null;
}

/** The name with every $(...) removed, to check it is a single word. */
function stripReferences(name: string): string {
  let out = '';
  let depth = 0;
  for (let i = 0; i < name.length; i++) {
    const c = name[i];
    if (c === '$' && (name[i + 1] === '(' || name[i + 1] === '{')) {
      depth++;
      i++;
    } else if (depth > 0 && (c === '(' || c === '{')) depth++;
    else if (depth > 0 && (c === ')' || c === '}')) depth--;
    else if (depth === 0) out += c;
  }
  return out;
}

/** Reads the rest of a define ... endef block (nesting counted) from LINES, up to its endef. */
function readDefine(lines: Iterator<LogicalLine>, header: string): { name: string | null; body: string; closed: boolean } {
  const name = /^define\s+([^\s:+?!=]+)/.exec(header)?.[1] ?? null;
  const body: string[] = [];
  let depth = 1;
  for (let next = lines.next(); !next.done; next = lines.next()) {
    const text = next.value.text.trim();
    if (/^((export|override)\s+)*define(\s|$)/.test(text)) depth++;
    else if (/^endef(\s|$)/.test(text) && --depth === 0) return { name, body: body.join('\n'), closed: true };
    body.push(next.value.text);
  }
  return { name, body: body.join('\n'), closed: false };
}
