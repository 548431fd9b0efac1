// Who signs the series: --from, else git config. A hostile or malformed identity is refused:
// it ends up in mail headers and trailers.
import { gitIdentity } from '../util/git.js';

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

/** --date accepts ISO 8601 or RFC 2822; the default is now. */
export function parseDate(text: string | undefined): Date {
  if (text === undefined) return new Date();
  const d = new Date(text);
  if (Number.isNaN(d.getTime())) throw new Error(`--date: cannot read "${text}" as a date (use e.g. 2024-09-06T10:00:00Z)`);
  return d;
}
