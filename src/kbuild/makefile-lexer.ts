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

/**
 * The logical lines of SOURCE one at a time: a huge Makefile is read line by line, never split into
 * an array of all its lines at once.
 */
export function* logicalLines(source: string): Generator<LogicalLine> {
  let start = 0;
  let number = 0;
  const physical = (): string | null => {
    // As split('\n'): a text ending in a newline has an empty last line.
    if (start > source.length) return null;
    let end = source.indexOf('\n', start);
    if (end === -1) end = source.length;
    const line = source.slice(start, end);
    start = end + 1;
    number++;
    return line.endsWith('\r') ? line.slice(0, -1) : line;
  };
  for (let first = physical(); first !== null; first = physical()) {
    const line = number;
    // Joined once at the end: a million continued lines cost a million pieces, not a million copies.
    const parts = [first];
    let last = first;
    let next: string | null = null;
    while (endsWithContinuation(last) && (next = physical()) !== null) {
      // make turns backslash-newline plus the next line's leading blanks into one space.
      parts[parts.length - 1] = last.slice(0, -1);
      last = next.replace(/^[ \t]+/, '');
      parts.push(last);
    }
    if (endsWithContinuation(last)) parts[parts.length - 1] = last.slice(0, -1);
    yield { text: stripComment(parts.join(' ')), line, startsWithTab: first.startsWith('\t') };
  }
}

export function splitLogicalLines(source: string): LogicalLine[] {
  return [...logicalLines(source)];
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
