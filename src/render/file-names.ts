// Patch file names exactly as git format-patch makes them (pretty.c format_sanitized_subject,
// log-tree.c fmt_output_subject): only [A-Za-z0-9._] survive, runs of anything else become one
// '-', ".." collapses, the name is cut to 64 bytes with its ".patch". Such a name can never hold
// a '/' or be "..", so it cannot leave the output directory.

import { parseMessage } from './message.js';

/** git's --filename-max-length default. */
const PATCH_NAME_MAX = 64;
const SUFFIX = '.patch';

function isTitleChar(ch: string): boolean {
  return /^[A-Za-z0-9._]$/.test(ch);
}

/** format_sanitized_subject(). */
export function sanitizeSubject(text: string): string {
  let out = '';
  let space = 2;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (isTitleChar(ch)) {
      if (space === 1) out += '-';
      space = 0;
      out += ch;
      if (ch === '.') while (text[i + 1] === '.') i++;
    } else {
      space |= 1;
    }
  }
  return out.replace(/[.-]+$/, '');
}

function fileName(index: number, sanitized: string, version: number | null): string {
  if (!Number.isInteger(index) || index < 0) throw new Error(`patch index must be a non-negative integer (got ${index})`);
  const maxLength = PATCH_NAME_MAX - (SUFFIX.length + 1);
  const reroll = version === null ? '' : `${sanitizeSubject(`v${version}`)}-`;
  const name = `${reroll}${String(index).padStart(4, '0')}-${sanitized}`;
  return name.slice(0, maxLength) + SUFFIX;
}

/** The file name git gives patch `index` (1-based) with this subject, e.g. "v2-0001-ata-ahci-Use-pcim_intx.patch". */
export function patchFileName(index: number, subject: string, version: number | null): string {
  // %f sanitizes only the first line of the message (git 2.39), even when the subject goes on.
  return fileName(index, sanitizeSubject(parseMessage(subject + '\n').firstLine), version);
}

/** "0000-cover-letter.patch" (with "vN-" for a reroll). */
export function coverLetterFileName(version: number | null): string {
  return fileName(0, 'cover-letter', version);
}
