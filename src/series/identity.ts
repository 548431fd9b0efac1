// Who signs the series: --from, else git config. A hostile or malformed identity is refused:
// it ends up in mail headers and trailers.
import { gitIdentity } from '../util/git.js';
import { withOffset, writtenOffset } from '../util/zoned-date.js';

const IDENTITY = /^([^<>\r\n\0]+?)\s*<([^<>\s@\0]+@[^<>\s\0]+)>$/;

export function parseIdentity(text: string): { name: string; email: string } | null {
  // A control character anywhere (a newline before "<", a NUL) could start a new mail header.
  if (/[\x00-\x1f\x7f]/.test(text)) return null;
  const m = IDENTITY.exec(text.trim());
  if (!m) return null;
  const name = m[1].trim();
  if (!name) return null;
  return { name, email: m[2] };
}

/** git config's identity for the tree (its own config, then the global one); null without git. */
function configuredIdentity(tree: string): string | null {
  try {
    return gitIdentity(tree);
  } catch {
    return null;
  }
}

export function resolveAuthor(from: string | undefined, tree: string): string {
  if (from !== undefined) {
    const id = parseIdentity(from);
    if (!id) throw new Error(`--from must look like "Name <email@example.org>" (one line, no control characters, no angle brackets in the name): got ${JSON.stringify(from.slice(0, 80))}`);
    return `${id.name} <${id.email}>`;
  }
  const configured = configuredIdentity(tree);
  const id = configured ? parseIdentity(configured) : null;
  if (id) return `${id.name} <${id.email}>`;
  throw new Error('no author for Signed-off-by: pass --from "Name <email>" or set git config user.name and user.email');
}

const MONTH_NAMES = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** The calendar day TEXT names (ISO "2024-02-30" or RFC 2822 "30 Feb 2024"), or null when it names none. */
function namedDay(text: string): { year: number; month: number; day: number } | null {
  const iso = /^\s*([+-]?\d{4,6})-(\d{2})-(\d{2})/.exec(text);
  if (iso) return { year: Number(iso[1]), month: Number(iso[2]), day: Number(iso[3]) };
  const rfc = /(?:^|[\s,])(\d{1,2})\s+([A-Za-z]{3})[a-z]*\.?\s+(\d{4})\b/.exec(text);
  if (rfc) return { year: Number(rfc[3]), month: MONTH_NAMES.indexOf(rfc[2].toLowerCase()) + 1, day: Number(rfc[1]) };
  return null;
}

/** --date accepts ISO 8601 or RFC 2822 of a real day between 1970 and 9999; the default is now. */
export function parseDate(text: string | undefined): Date {
  if (text === undefined) return new Date();
  const hint = '(use e.g. 2024-09-06T10:00:00Z)';
  const d = new Date(text);
  if (Number.isNaN(d.getTime())) throw new Error(`--date: cannot read "${text}" as a date ${hint}`);
  // Date rolls 30 February over into March: the day written must exist.
  const named = namedDay(text);
  if (named) {
    const lastDay = named.month < 1 || named.month > 12 ? 0 : named.month === 2 ? (isLeap(named.year) ? 29 : 28) : new Date(Date.UTC(2001, named.month, 0)).getUTCDate();
    if (named.day < 1 || named.day > lastDay) throw new Error(`--date: "${text}" names a day that does not exist ${hint}`);
  }
  const year = d.getUTCFullYear();
  if (year < 1970 || year > 9999) throw new Error(`--date: ${year} is outside the years git's dates can hold (1970 to 9999)`);
  const offset = writtenOffset(text);
  if (offset !== null && Math.abs(offset) > 14 * 60) throw new Error(`--date: "${text}" has a time zone more than 14 hours from UTC`);
  return withOffset(d, offset ?? 0);
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}
