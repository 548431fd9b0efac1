// Reading the mails of a written series: subject, message body, diff and the paths it touches.

/** RFC 2047 encoded words as git writes them (UTF-8, Q or B); whitespace between two words goes. */
function decodeEncodedWords(text: string): string {
  const word = /=\?([^?\s]+)\?([QqBb])\?([^?\s]*)\?=/g;
  return text
    .replace(/(=\?[^?\s]+\?[QqBb]\?[^?\s]*\?=)\s+(?==\?)/g, '$1')
    .replace(word, (all, charset: string, encoding: string, data: string) => {
      if (!/^utf-?8$/i.test(charset) && !/^us-ascii$/i.test(charset)) return all;
      if (encoding.toUpperCase() === 'B') return Buffer.from(data, 'base64').toString('utf8');
      const bytes: number[] = [];
      for (let i = 0; i < data.length; i++) {
        if (data[i] === '_') bytes.push(0x20);
        else if (data[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(data.slice(i + 1, i + 3))) {
          bytes.push(parseInt(data.slice(i + 1, i + 3), 16));
          i += 2;
        } else bytes.push(data.charCodeAt(i));
      }
      return Buffer.from(bytes).toString('utf8');
    });
}

/** The unfolded headers of a mail (folded lines continue with whitespace). */
function mailHeaders(headerText: string): Map<string, string> {
  const headers = new Map<string, string>();
  let last = '';
  for (const line of headerText.split('\n')) {
    if (/^[ \t]/.test(line) && last) headers.set(last, `${headers.get(last)} ${line.trim()}`);
    else {
      const m = /^([A-Za-z0-9-]+):[ \t]?(.*)$/.exec(line);
      if (m) headers.set((last = m[1].toLowerCase()), m[2]);
    }
  }
  return headers;
}

/** git's quote_c_style, undone: the path bytes, read as UTF-8 like the renderer wrote them. */
function unquotePath(quoted: string): string {
  const bytes: number[] = [];
  const escapes: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92 };
  for (let i = 0; i < quoted.length; i++) {
    const ch = quoted[i];
    if (ch !== '\\') {
      bytes.push(quoted.charCodeAt(i));
      continue;
    }
    const octal = /^[0-7]{3}/.exec(quoted.slice(i + 1));
    if (octal) {
      bytes.push(parseInt(octal[0], 8));
      i += 3;
    } else {
      bytes.push(escapes[quoted[i + 1]] ?? quoted.charCodeAt(i + 1));
      i += 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** The paths of the `diff --git` headers of a patch (kcodemod never renames, so a/ and b/ agree). */
export function diffPaths(diff: string): string[] {
  const paths: string[] = [];
  for (const m of diff.matchAll(/^diff --git (?:"a\/((?:[^"\\]|\\.)*)" "b\/\1"|a\/(.+) b\/\2)$/gm)) {
    paths.push(m[1] !== undefined ? unquotePath(m[1]) : unquotePath(m[2]));
  }
  return paths;
}

export interface ParsedMail {
  subject: string;
  body: string;
  diff: string;
}

/** Subject, message body and diff of one mail renderSeries wrote. */
export function parseMail(bytes: Buffer, source: string): ParsedMail {
  const headerEnd = bytes.indexOf('\n\n');
  if (headerEnd === -1) throw new Error(`${source}: not a patch mail (no end of headers)`);
  const headers = mailHeaders(bytes.subarray(0, headerEnd).toString('utf8'));
  const subjectHeader = headers.get('subject');
  if (subjectHeader === undefined) throw new Error(`${source}: not a patch mail (no Subject: header)`);
  const subject = decodeEncodedWords(subjectHeader).replace(/^\[[^\]]*\]\s*/, '').trim();
  const bodyStart = headerEnd + 2;
  // The message ends at the "---" line before the diffstat; a mail without a diff (the cover letter) has none.
  const separator = bytes.subarray(bodyStart).toString('latin1').startsWith('---\n') ? bodyStart - 1 : bytes.indexOf('\n---\n', bodyStart - 1);
  const messageEnd = separator === -1 ? bytes.length : separator + 1;
  const body = bytes.subarray(bodyStart, messageEnd).toString('utf8').replace(/\n+$/, '');
  const rest = bytes.subarray(messageEnd).toString('latin1');
  const diffStart = rest.search(/^diff --git /m);
  // The signature ("-- " line) comes last; a removed "- ..." line inside a hunk looks the same.
  const signature = rest.lastIndexOf('\n-- \n');
  const diff = diffStart === -1 ? '' : rest.slice(diffStart, signature > diffStart ? signature + 1 : undefined);
  return { subject, body, diff };
}
