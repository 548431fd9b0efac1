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

export function parseStatements(lines: LogicalLine[]): Statement[] {
  const statements: Statement[] = [];
  let inRuleContext = false;
  for (let i = 0; i < lines.length; i++) {
    const { text: raw, line, startsWithTab } = lines[i];
    const text = raw.trim();
    if (text === '') continue;
    if (inRuleContext && startsWithTab) continue; // a recipe line: shell, not make

    if (CONDITIONAL_START.test(text)) {
      statements.push({ kind: 'if', line });
      continue;
    }
    if (/^else(\s|$)/.test(text)) {
      statements.push({ kind: 'else', line });
      continue;
    }
    if (/^endif(\s|$)/.test(text)) {
      statements.push({ kind: 'endif', line });
      continue;
    }
    inRuleContext = false;

    const withoutPrefix = text.replace(/^((export|override|private)\s+)+/, '');
    if (/^define(\s|$)/.test(withoutPrefix)) {
      const block = readDefine(lines, i, withoutPrefix);
      if (block.name !== null && block.closed) statements.push({ kind: 'assignment', line, name: block.name, op: '=', value: block.body });
      else statements.push({ kind: 'unknown', line, text: block.closed ? text : `${text} (no endef)` });
      i = block.lastIndex;
      continue;
    }
    const include = /^(-include|sinclude|include)\s+(.*)$/.exec(withoutPrefix);
    if (include) {
      statements.push({ kind: 'include', line, paths: include[2], optional: include[1] !== 'include' });
      continue;
    }
    if (/^(unexport|vpath|undefine)(\s|$)/.test(withoutPrefix) || DIAGNOSTIC_CALL.test(withoutPrefix)) continue;

    const split = splitAtOperator(withoutPrefix);
    if (split?.kind === 'assignment') {
      const name = split.name.trim();
      if (name !== '' && !/\s/.test(stripReferences(name))) {
        statements.push({ kind: 'assignment', line, name, op: split.op, value: split.value.trim() });
        continue;
      }
    } else if (split?.kind === 'rule') {
      inRuleContext = true;
      continue;
    } else if (text !== withoutPrefix && !/\s/.test(withoutPrefix)) {
      continue; // `export VAR`: marks a variable for the environment, declares nothing
    }
    statements.push({ kind: 'unknown', line, text });
  }
  return statements;
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

/** Reads a define ... endef block (nesting counted) starting at lines[start]. */
function readDefine(
  lines: LogicalLine[],
  start: number,
  header: string,
): { name: string | null; body: string; lastIndex: number; closed: boolean } {
  const name = /^define\s+([^\s:+?!=]+)/.exec(header)?.[1] ?? null;
  const body: string[] = [];
  let depth = 1;
  let i = start + 1;
  for (; i < lines.length; i++) {
    const text = lines[i].text.trim();
    if (/^((export|override)\s+)*define(\s|$)/.test(text)) depth++;
    else if (/^endef(\s|$)/.test(text) && --depth === 0) break;
    body.push(lines[i].text);
  }
  return { name, body: body.join('\n'), lastIndex: Math.min(i, lines.length - 1), closed: i < lines.length };
}
