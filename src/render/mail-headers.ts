// Mail headers exactly as git's pretty.c writes them for format-patch: RFC 2047 for non-ASCII
// names and subjects, RFC 822 quoting for names with specials, folding at 78 columns, RFC 2822 dates.

import { isGitSpace, lastLineLength, wrapText } from './git-text.js';
import type { Ident } from './ident.js';
import { formatOffset, offsetOf } from '../util/zoned-date.js';

/** The ident line format-patch writes for a commit: "From <sha> Mon Sep 17 00:00:00 2001". */
export function mboxFromLine(commitId: string): string {
  return `From ${commitId} Mon Sep 17 00:00:00 2001\n`;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** RFC 2822 date in UTC as git prints it ("Tue, 1 Dec 2026 08:00:00 +0000": the day is not padded). */
export function rfc2822Date(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new Error('invalid date');
  const pad = (n: number) => String(n).padStart(2, '0');
  // The wall clock of the zone the date was given in (util/zoned-date), as git prints it.
  const offset = offsetOf(date);
  const local = new Date(date.getTime() + offset * 60_000);
  return (
    `${WEEKDAYS[local.getUTCDay()]}, ${local.getUTCDate()} ${MONTHS[local.getUTCMonth()]} ${local.getUTCFullYear()} ` +
    `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())} ${formatOffset(offset)}`
  );
}

export function hasNonAscii(text: string): boolean {
  // eslint-disable-next-line no-control-regex
  return /[^\x00-\x7f]/.test(text);
}

/** needs_rfc2047_encoding(): non-ASCII, a newline, or "=?" in the text. */
function needsRfc2047(text: string): boolean {
  return hasNonAscii(text) || text.includes('\n') || text.includes('=?');
}

function isRfc2047Special(byte: number, forAddress: boolean): boolean {
  if (byte >= 0x80 || byte < 0x20 || byte === 0x7f) return true;
  const ch = String.fromCharCode(byte);
  if (ch === '=' || ch === '?' || ch === '_' || isGitSpace(ch)) return true;
  if (!forAddress) return false;
  return !(/[A-Za-z0-9]/.test(ch) || ch === '!' || ch === '*' || ch === '+' || ch === '-' || ch === '/');
}

/** add_rfc2047(): Q-encoded words of whole characters, folded to 76 columns. */
function rfc2047(text: string, usedColumns: number, forAddress: boolean): string {
  const maxEncodedLength = 76;
  let out = '=?UTF-8?q?';
  let lineLength = usedColumns + 'UTF-8'.length + 5;
  for (const ch of text) {
    const bytes = Buffer.from(ch, 'utf8');
    const special = bytes.length > 1 || isRfc2047Special(bytes[0], forAddress);
    const encodedLength = special ? 3 * bytes.length : 1;
    if (lineLength + encodedLength + 2 > maxEncodedLength) {
      out += '?=\n =?UTF-8?q?';
      lineLength = 'UTF-8'.length + 5 + 1;
    }
    out += special ? Array.from(bytes, (b) => '=' + b.toString(16).toUpperCase().padStart(2, '0')).join('') : ch;
    lineLength += encodedLength;
  }
  return out + '?=';
}

const RFC822_SPECIALS = '()<>[]:;@,."\\';

/**
 * The "From: " header (pp_user_info), folded like git. `encode` is false for the cover letter:
 * git 2.39 writes its From: and Subject: without RFC 2047 (raw UTF-8).
 */
export function fromHeader(ident: Ident, encode = true): string {
  let header = 'From: ';
  let maxLength = 78;
  if (encode && needsRfc2047(ident.name)) {
    header += rfc2047(ident.name, lastLineLength(header), true);
    maxLength = 76;
  } else if ([...ident.name].some((ch) => RFC822_SPECIALS.includes(ch))) {
    const quoted = '"' + ident.name.replace(/["\\]/g, '\\$&') + '"';
    header += wrapText(quoted, -6, 1, maxLength);
  } else {
    header += wrapText(ident.name, -6, 1, maxLength);
  }
  if (maxLength < lastLineLength(header) + 2 + Buffer.byteLength(ident.email, 'utf8') + 1) header += '\n';
  return `${header} <${ident.email}>\n`;
}

/** The "Subject: [PREFIX n/N] title" header (pp_title_line), RFC 2047 or folded at 78 columns. */
export function subjectHeader(tag: string, title: string, encode = true, fold = true): string {
  const start = `Subject: ${tag}`;
  if (encode && needsRfc2047(title)) return `${start}${rfc2047(title, lastLineLength(start), false)}\n`;
  // Unfolded, a Subject may run to 998 bytes (RFC 5322); b4 0.12 fails on folded ones.
  if (!fold) return `${start}${title}\n`;
  return `${start}${wrapText(title, -lastLineLength(start), 1, 78)}\n`;
}

export const MIME_HEADERS = 'MIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit\n';

/** "To:"/"Cc:" headers as format-patch folds --to/--cc: one address per line, continued by 4 spaces. */
export function addressHeader(name: 'To' | 'Cc', addresses: string[]): string {
  if (addresses.length === 0) return '';
  for (const address of addresses) {
    if (/[\r\n\0]/.test(address)) throw new Error(`${name}: address contains a line break or NUL: ${JSON.stringify(address)}`);
  }
  const safe = addresses.map(withoutControlBytes);
  return `${name}: ` + safe.map((a, i) => (i ? '    ' : '') + a + (i + 1 < safe.length ? ',' : '') + '\n').join('');
}

// eslint-disable-next-line no-control-regex
const CONTROL_BYTE = /[\x00-\x1f\x7f]/;

/**
 * Names come from MAINTAINERS, which is the tree's text: a control byte (ESC, BEL) in a display name
 * is RFC 2047-encoded so that no terminal or mail reader interprets it; an address part that holds
 * one cannot be a mailbox and is refused.
 */
function withoutControlBytes(address: string): string {
  if (!CONTROL_BYTE.test(address)) return address;
  const m = /^(.*?)\s*<([^<>]*)>$/.exec(address);
  if (!m || CONTROL_BYTE.test(m[2])) throw new Error(`address contains a control character: ${JSON.stringify(address)}`);
  return `${rfc2047(m[1], 4, true)} <${m[2]}>`;
}
