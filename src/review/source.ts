// The function around a line of a C file, found the way kernel sources are laid out (a definition's
// body opens with "{" in the first column and closes with "}" there), for the review's source view.

export interface SourceExcerpt {
  /** 1-based number of the first line. */
  first: number;
  lines: string[];
}

/** The enclosing function of `line` (1-based) with its signature, or a window of lines around it when none is found. */
export function enclosingFunctionLines(text: string, line: number, context = 10): SourceExcerpt {
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  const at = Math.min(Math.max(1, line), lines.length) - 1;
  let open = -1;
  for (let i = at; i >= 0; i--) {
    if (lines[i].startsWith('}') && i < at) break;
    if (lines[i].startsWith('{')) {
      open = i;
      break;
    }
  }
  let close = -1;
  if (open !== -1) {
    for (let i = Math.max(at, open + 1); i < lines.length; i++) {
      if (lines[i].startsWith('}')) {
        close = i;
        break;
      }
    }
  }
  if (open === -1 || close === -1) {
    const first = Math.max(0, at - context);
    return { first: first + 1, lines: lines.slice(first, Math.min(lines.length, at + context + 1)) };
  }
  // The signature: the lines above the brace back to a blank line, a preprocessor line or the end of something else.
  let start = open;
  while (start > 0 && lines[start - 1].trim() !== '' && !/^(#|}|\s*\*\/|.*;\s*$)/.test(lines[start - 1])) start--;
  return { first: start + 1, lines: lines.slice(start, close + 1) };
}
