// Byte offset -> 1-based line/column, for files decoded as Latin-1 (one char per byte).

export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  /** 1-based line of a byte offset. */
  lineOf(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  /** 1-based column (in bytes) of a byte offset. */
  columnOf(offset: number): number {
    return offset - this.starts[this.lineOf(offset) - 1] + 1;
  }

  lineStart(line: number): number {
    return this.starts[line - 1] ?? 0;
  }
}

export function foldWhitespace(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

const IDENT = /[A-Za-z0-9_]/;

/** Offsets where `word` occurs as a whole C identifier in text. */
export function wordOffsets(text: string, word: string): number[] {
  const found: number[] = [];
  for (let i = text.indexOf(word); i !== -1; i = text.indexOf(word, i + word.length)) {
    const before = i > 0 ? text[i - 1] : '';
    const after = text[i + word.length] ?? '';
    if (!IDENT.test(before) && !IDENT.test(after)) found.push(i);
  }
  return found;
}

/** True when text mentions word as a whole identifier. */
export function mentionsWord(text: string, word: string): boolean {
  for (let i = text.indexOf(word); i !== -1; i = text.indexOf(word, i + word.length)) {
    const before = i > 0 ? text[i - 1] : '';
    const after = text[i + word.length] ?? '';
    if (!IDENT.test(before) && !IDENT.test(after)) return true;
  }
  return false;
}
