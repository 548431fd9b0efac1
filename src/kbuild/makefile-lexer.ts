// Splits Makefile text into logical lines, the unit GNU make parses: backslash-newline joins
// physical lines, and a comment runs to the end of the logical line (so a comment ending in a
// backslash swallows the next line too, as in make).

export interface LogicalLine {
  /** The joined text, comment removed, not trimmed. */
  text: string;
  /** 1-based number of the first physical line. */
  line: number;
  /** The first physical line starts with a TAB: a recipe line when it follows a rule. */
  startsWithTab: boolean;
}

export function splitLogicalLines(source: string): LogicalLine[] {
  const physical = source.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  const lines: LogicalLine[] = [];
  for (let i = 0; i < physical.length; i++) {
    const first = i;
    let text = physical[i];
    while (endsWithContinuation(text) && i + 1 < physical.length) {
      i++;
      // make turns backslash-newline plus the next line's leading blanks into one space.
      text = text.slice(0, -1) + ' ' + physical[i].replace(/^[ \t]+/, '');
    }
    if (endsWithContinuation(text)) text = text.slice(0, -1);
    lines.push({ text: stripComment(text), line: first + 1, startsWithTab: physical[first].startsWith('\t') });
  }
  return lines;
}

/** An odd number of trailing backslashes: the last one escapes the newline. */
function endsWithContinuation(text: string): boolean {
  let count = 0;
  for (let i = text.length - 1; i >= 0 && text[i] === '\\'; i--) count++;
  return count % 2 === 1;
}

/** Removes a `#` comment; `\#` is a literal hash. */
function stripComment(text: string): string {
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\' && text[i + 1] === '#') {
      i++;
      continue;
    }
    if (text[i] === '#') return text.slice(0, i);
  }
  return text;
}
