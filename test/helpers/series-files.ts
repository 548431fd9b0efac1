// Reading a written series back: file names, subjects, touched files and trailers of each mail.
import fs from 'node:fs';
import path from 'node:path';

export interface SeriesFile {
  name: string;
  path: string;
  bytes: Buffer;
}

export interface PatchMail {
  name: string;
  /** The whole Subject header, unfolded: "[PATCH 01/15] PCI: ..." */
  subject: string;
  /** The subject without its "[...]" tag. */
  title: string;
  /** Paths of the `diff --git a/X b/X` sections, in order. */
  files: string[];
  /** The message body between the headers and the `---` line (trailers included). */
  message: string;
  /** `Key: value` lines at the end of the message. */
  trailers: string[];
  headers: Map<string, string>;
  text: string;
}

/** The files of a series directory in name order (decisions file and other non-patches excluded). */
export function readSeriesDir(dir: string): SeriesFile[] {
  return fs
    .readdirSync(dir)
    .filter((n) => n.endsWith('.patch'))
    .sort()
    .map((name) => ({ name, path: path.join(dir, name), bytes: fs.readFileSync(path.join(dir, name)) }));
}

/** Parses one mail of a series. Patches may carry Latin-1 bytes: read as latin1, never re-encoded. */
export function parseMail(name: string, bytes: Buffer): PatchMail {
  const text = bytes.toString('latin1');
  const headerEnd = text.indexOf('\n\n');
  const headerLines = text.slice(0, headerEnd).split('\n').slice(1); // drop the "From <sha>" line
  const headers = new Map<string, string>();
  let last = '';
  for (const line of headerLines) {
    if (/^[ \t]/.test(line) && last) headers.set(last, `${headers.get(last)} ${line.trim()}`);
    else {
      const m = /^([A-Za-z-]+): ?(.*)$/.exec(line);
      if (m) {
        last = m[1];
        headers.set(last, m[2]);
      }
    }
  }
  const subject = headers.get('Subject') ?? '';
  const bodyStart = headerEnd + 2;
  const separator = text.indexOf('\n---\n', bodyStart - 1);
  const message = text.slice(bodyStart, separator === -1 ? undefined : separator + 1);
  const messageLines = message.replace(/\n+$/, '').split('\n');
  const trailers: string[] = [];
  for (let i = messageLines.length - 1; i >= 0 && /^[A-Z][A-Za-z-]+: \S/.test(messageLines[i]); i--) trailers.unshift(messageLines[i]);
  const files = [...text.matchAll(/^diff --git a\/(\S+) b\/\S+$/gm)].map((m) => m[1]);
  return { name, subject, title: subject.replace(/^\[[^\]]*\]\s*/, ''), files, message, trailers, headers, text };
}

/** The numbered patches of a series directory (the cover letter is left out). */
export function readPatches(dir: string): PatchMail[] {
  return readSeriesDir(dir)
    .filter((f) => !/(^|-)0000-cover-letter\.patch$/.test(f.name))
    .map((f) => parseMail(f.name, f.bytes));
}

export function readCoverLetter(dir: string): PatchMail {
  const cover = readSeriesDir(dir).find((f) => /(^|-)0000-cover-letter\.patch$/.test(f.name));
  if (!cover) throw new Error(`${dir} has no cover letter`);
  return parseMail(cover.name, cover.bytes);
}
