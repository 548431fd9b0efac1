// The text git prints after a hunk's "@@ ... @@": the nearest earlier line that looks like a
// function header, by git's default rule or by a userdiff driver's pattern (the kernel's
// .gitattributes selects `diff=cpp` for *.c and *.h).

import { isGitAlpha, isGitSpace } from './git-text.js';

/** Longest function-name text git keeps (xemit.c's func_line buffer). */
const FUNC_LINE_MAX = 80;

/** Returns the function-name text for a line (with its terminator), or null when it is none. */
export type FuncnameMatcher = (line: string) => string | null;

function trimTrailingSpace(text: string): string {
  let end = text.length;
  while (end > 0 && isGitSpace(text[end - 1])) end--;
  return text.slice(0, end);
}

/** xemit.c's def_ff(): a line starting with a letter, '_' or '$'. */
const defaultMatcher: FuncnameMatcher = (line) => {
  const first = line[0];
  if (!(isGitAlpha(first) || first === '_' || first === '$')) return null;
  return trimTrailingSpace(line.slice(0, FUNC_LINE_MAX));
};

const POSIX_SPACE = '[ \\t\\n\\v\\f\\r]';

/** A userdiff driver's funcname patterns: each [regexp, negate]. */
function regexMatcher(patterns: Array<[RegExp, boolean]>): FuncnameMatcher {
  return (line) => {
    let end = line.length;
    if (end > 0 && line[end - 1] === '\n') end -= end > 1 && line[end - 2] === '\r' ? 2 : 1;
    const text = line.slice(0, end);
    for (const [pattern, negate] of patterns) {
      const match = pattern.exec(text);
      if (!match) continue;
      if (negate) return null;
      const found = match[1] ?? match[0];
      return trimTrailingSpace(found.slice(0, FUNC_LINE_MAX));
    }
    return null;
  };
}

/** git 2.39 userdiff.c "cpp" funcname patterns (POSIX '.' matches any byte but newline). */
const cppMatcher = regexMatcher([
  [new RegExp(`^[ \\t]*[A-Za-z_][A-Za-z_0-9]*:${POSIX_SPACE}*($|/[/*])`), true],
  [new RegExp(`^((::${POSIX_SPACE}*)?[A-Za-z_][^\\n]*)$`), false],
]);

/** The matcher for a git diff driver name (`git check-attr diff`): only "cpp" is known, others get git's default rule. */
export function funcnameMatcher(driver: string | null | undefined): FuncnameMatcher {
  return driver === 'cpp' ? cppMatcher : defaultMatcher;
}
