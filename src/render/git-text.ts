// Git's own character classes and text wrapping (utf8.c strbuf_add_wrapped_text), so headers,
// shortlog lines and quoted paths break and escape exactly where git breaks and escapes them.

/** git's isspace(): only space, tab, LF and CR (not VT/FF, not non-ASCII). */
export function isGitSpace(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r';
}

/** git's isalnum(): ASCII letters and digits only. */
export function isGitAlnum(ch: string | undefined): boolean {
  return ch !== undefined && /^[A-Za-z0-9]$/.test(ch);
}

/** git's isalpha(): ASCII letters only. */
export function isGitAlpha(ch: string | undefined): boolean {
  return ch !== undefined && /^[A-Za-z]$/.test(ch);
}

/** Removes trailing git-whitespace (strbuf_rtrim). */
export function gitRtrim(text: string): string {
  let end = text.length;
  while (end > 0 && isGitSpace(text[end - 1])) end--;
  return text.slice(0, end);
}

const ZERO_WIDTH = /^[\p{Mn}\p{Me}\u200B-\u200F\u2028-\u202E\u2060-\u2063]$/u;

/** Display width of one code point as git's utf8_width() counts it (wide East Asian = 2, combining = 0). */
export function charWidth(codePoint: number): number {
  const ch = String.fromCodePoint(codePoint);
  if (ZERO_WIDTH.test(ch)) return 0;
  const wide =
    (codePoint >= 0x1100 && codePoint <= 0x115f) ||
    (codePoint >= 0x2e80 && codePoint <= 0xa4cf && codePoint !== 0x303f) ||
    (codePoint >= 0xac00 && codePoint <= 0xd7a3) ||
    (codePoint >= 0xf900 && codePoint <= 0xfaff) ||
    (codePoint >= 0xfe30 && codePoint <= 0xfe6f) ||
    (codePoint >= 0xff00 && codePoint <= 0xff60) ||
    (codePoint >= 0xffe0 && codePoint <= 0xffe6) ||
    (codePoint >= 0x1f300 && codePoint <= 0x1f64f) ||
    (codePoint >= 0x1f900 && codePoint <= 0x1f9ff) ||
    (codePoint >= 0x20000 && codePoint <= 0x3fffd);
  return wide ? 2 : 1;
}

/** Display width of a string (git's utf8_strwidth). */
export function stringWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += charWidth(ch.codePointAt(0)!);
  return width;
}

/**
 * Port of git's strbuf_add_wrapped_text(): wraps `text` at `width` columns, the first line indented
 * by `indent1` (negative: that many columns are already used on the current line), the following
 * lines by `indent2`.
 */
export function wrapText(text: string, indent1: number, indent2: number, width: number): string {
  let out = '';
  let pos = 0;
  let bol = 0;
  let indent = indent1;
  let w = indent1;
  let space: number | null = null;
  if (indent < 0) {
    w = -indent;
    space = pos;
  }
  for (;;) {
    const c = text[pos];
    if (c === undefined || isGitSpace(c)) {
      let breakLine = false;
      if (w <= width || space === null) {
        let start = bol;
        if (c === undefined && pos === start) return out;
        if (space !== null) start = space;
        else out += ' '.repeat(Math.max(indent, 0));
        out += text.slice(start, pos);
        if (c === undefined) return out;
        space = pos;
        if (c === '\t') w |= 0x07;
        else if (c === '\n') {
          space++;
          if (text[space] === '\n') {
            out += '\n';
            breakLine = true;
          } else if (!isGitAlnum(text[space])) breakLine = true;
          else out += ' ';
        }
        if (!breakLine) {
          w++;
          pos++;
        }
      } else {
        breakLine = true;
      }
      if (breakLine) {
        out += '\n';
        const restart: number = space! + (isGitSpace(text[space!]) ? 1 : 0);
        pos = bol = restart;
        space = null;
        w = indent = indent2;
      }
      continue;
    }
    const codePoint = text.codePointAt(pos)!;
    w += charWidth(codePoint);
    pos += codePoint > 0xffff ? 2 : 1;
  }
}

/** Length of the last line of `text` (git's last_line_length), in bytes as git counts. */
export function lastLineLength(text: string): number {
  return Buffer.byteLength(text.slice(text.lastIndexOf('\n') + 1), 'utf8');
}

const C_ESCAPES: Record<string, string> = {
  '\x07': 'a', '\b': 'b', '\t': 't', '\n': 'n', '\v': 'v', '\f': 'f', '\r': 'r', '"': '"', '\\': '\\',
};

function mustQuoteByte(byte: number): boolean {
  return byte < 0x20 || byte === 0x22 || byte === 0x5c || byte >= 0x7f;
}

/** git's quote_c_style with core.quotePath=true: `name` (UTF-8 bytes) quoted when it needs to be. */
export function quotePathBytes(name: Buffer, prefix = ''): string {
  const full = Buffer.concat([Buffer.from(prefix, 'utf8'), name]);
  if (!full.some(mustQuoteByte)) return full.toString('latin1');
  let quoted = '"';
  for (const byte of full) {
    const ch = String.fromCharCode(byte);
    if (!mustQuoteByte(byte)) quoted += ch;
    else if (C_ESCAPES[ch]) quoted += '\\' + C_ESCAPES[ch];
    else quoted += '\\' + byte.toString(8).padStart(3, '0');
  }
  return quoted + '"';
}
