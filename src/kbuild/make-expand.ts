// A small subset of GNU make's expansion: variable references $(VAR) / ${VAR} / $X, substitution
// references $(VAR:.o=.c), and the text functions Kbuild Makefiles use to build object lists.
// Anything else is reported through the scope and expands to nothing.

export interface ExpansionScope {
  /** The expanded value of a variable, or undefined when the Makefile does not define it. */
  variable(name: string): string | undefined;
  /** Reports a reference the expander could not resolve. */
  problem(message: string): void;
}

export interface ExpandOptions {
  /**
   * For variable names (obj-$(CONFIG_X), CFLAGS_$(X).o): references that mention a CONFIG_ symbol
   * and references to variables the Makefile does not define stay as written, without a problem.
   */
  nameMode?: boolean;
}

const MAKE_FUNCTIONS = new Set([
  'subst', 'patsubst', 'strip', 'findstring', 'filter', 'filter-out', 'sort', 'word', 'wordlist', 'words',
  'firstword', 'lastword', 'dir', 'notdir', 'suffix', 'basename', 'addsuffix', 'addprefix', 'join', 'wildcard',
  'realpath', 'abspath', 'error', 'warning', 'info', 'shell', 'origin', 'flavor', 'foreach', 'if', 'or', 'and',
  'call', 'eval', 'file', 'value', 'let', 'intcmp',
]);

export function splitWords(text: string): string[] {
  return text.split(/\s+/).filter((w) => w !== '');
}

export function expandText(text: string, scope: ExpansionScope, options: ExpandOptions = {}): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const dollar = text.indexOf('$', i);
    if (dollar < 0) {
      out += text.slice(i);
      break;
    }
    out += text.slice(i, dollar);
    const next = text[dollar + 1];
    if (next === undefined) break;
    if (next === '$') {
      out += '$';
      i = dollar + 2;
      continue;
    }
    if (next !== '(' && next !== '{') {
      out += expandVariable(next, scope, options); // $X: a one-character variable name
      i = dollar + 2;
      continue;
    }
    const close = findClosing(text, dollar + 1);
    if (close < 0) {
      scope.problem(`unterminated reference "${text.slice(dollar)}"`);
      break;
    }
    const inner = text.slice(dollar + 2, close);
    if (options.nameMode && inner.includes('CONFIG_')) out += text.slice(dollar, close + 1);
    else out += expandReference(inner, scope, options);
    i = close + 1;
  }
  return out;
}

/** Index of the parenthesis closing the one at `open`, counting only the same kind, as make does. */
function findClosing(text: string, open: number): number {
  const opener = text[open];
  const closer = opener === '(' ? ')' : '}';
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === opener) depth++;
    else if (text[i] === closer && --depth === 0) return i;
  }
  return -1;
}

function expandReference(inner: string, scope: ExpansionScope, options: ExpandOptions): string {
  const fn = /^([a-z-]+)[ \t]/.exec(inner);
  if (fn && MAKE_FUNCTIONS.has(fn[1])) {
    const args = splitArguments(inner.slice(fn[0].length));
    return applyFunction(fn[1], args, scope, options);
  }
  const colon = topLevelIndex(inner, ':');
  if (colon >= 0) {
    const name = expandText(inner.slice(0, colon), scope, options);
    const rule = expandText(inner.slice(colon + 1), scope, options);
    const eq = rule.indexOf('=');
    if (eq < 0) {
      scope.problem(`reference "$(${inner})" not understood`);
      return '';
    }
    const from = rule.slice(0, eq);
    const to = rule.slice(eq + 1);
    const pattern = from.includes('%') ? from : `%${from}`;
    const replacement = from.includes('%') ? to : `%${to}`;
    return splitWords(expandVariable(name, scope, options)).map((w) => patsubstWord(pattern, replacement, w)).join(' ');
  }
  return expandVariable(expandText(inner, scope, options), scope, options);
}

function expandVariable(name: string, scope: ExpansionScope, options: ExpandOptions): string {
  const value = scope.variable(name);
  if (value !== undefined) return value;
  if (options.nameMode) return `$(${name})`;
  if (name.startsWith('CONFIG_')) scope.problem(`$(${name}) used in a value: the configuration is unknown, ignored`);
  else scope.problem(`variable $(${name}) is not defined in this Makefile, ignored`);
  return '';
}

function applyFunction(name: string, rawArgs: string[], scope: ExpansionScope, options: ExpandOptions): string {
  const args = rawArgs.map((a) => expandText(a, scope, options));
  const words = (k: number) => splitWords(args[k] ?? '');
  switch (name) {
    case 'addprefix':
      return words(1).map((w) => args[0].trim() + w).join(' ');
    case 'addsuffix':
      return words(1).map((w) => w + args[0].trim()).join(' ');
    case 'patsubst':
      return words(2).map((w) => patsubstWord(args[0].trim(), args[1].trim(), w)).join(' ');
    case 'subst':
      return (args[2] ?? '').split(args[0]).join(args[1] ?? '');
    case 'strip':
      return words(0).join(' ');
    case 'sort':
      return [...new Set(words(0))].sort().join(' ');
    case 'filter':
    case 'filter-out': {
      const patterns = words(0);
      const keep = name === 'filter';
      return words(1).filter((w) => patterns.some((p) => matchesPattern(p, w)) === keep).join(' ');
    }
    case 'error':
    case 'warning':
    case 'info':
      return '';
    default:
      scope.problem(`make function $(${name} ...) not supported, ignored`);
      return '';
  }
}

/** Splits function arguments at top-level commas (commas inside $(...) belong to inner calls). */
function splitArguments(text: string): string[] {
  const args: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(' || c === '{') depth++;
    else if (c === ')' || c === '}') depth--;
    else if (c === ',' && depth === 0) {
      args.push(text.slice(start, i));
      start = i + 1;
    }
  }
  args.push(text.slice(start));
  return args;
}

function topLevelIndex(text: string, char: string): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(' || c === '{') depth++;
    else if (c === ')' || c === '}') depth--;
    else if (c === char && depth === 0) return i;
  }
  return -1;
}

function matchesPattern(pattern: string, word: string): boolean {
  const percent = pattern.indexOf('%');
  if (percent < 0) return pattern === word;
  const prefix = pattern.slice(0, percent);
  const suffix = pattern.slice(percent + 1);
  return word.length >= prefix.length + suffix.length && word.startsWith(prefix) && word.endsWith(suffix);
}

function patsubstWord(pattern: string, replacement: string, word: string): string {
  const percent = pattern.indexOf('%');
  if (percent < 0) return word === pattern ? replacement : word;
  if (!matchesPattern(pattern, word)) return word;
  const stem = word.slice(percent, word.length - (pattern.length - percent - 1));
  return replacement.includes('%') ? replacement.replace('%', stem) : replacement;
}
