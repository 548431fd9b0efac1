// "Name <email>" as git stores it in a commit: git strips "crud" (spaces, dots, commas, quotes, ...)
// from both ends of name and email and drops '<', '>' and newlines inside (ident.c), so the rendered
// headers and the real commits agree on the same person.

export interface Ident {
  name: string;
  email: string;
}

function isCrud(ch: string): boolean {
  return ch.charCodeAt(0) <= 32 || '.,:;<>"\\\''.includes(ch);
}

/** git's strbuf_addstr_without_crud(). */
export function withoutCrud(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isCrud(text[start])) start++;
  while (end > start && isCrud(text[end - 1])) end--;
  return text.slice(start, end).replace(/[\n<>]/g, '');
}

/** Parses "Name <email>"; throws a one-line Error when it is not a usable identity. */
export function parseIdent(text: string): Ident {
  const match = /^([^<>]*)<([^<>]*)>\s*$/.exec(text);
  if (!match) throw new Error(`not an identity of the form "Name <email>": ${JSON.stringify(text)}`);
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x08\x0a-\x1f\x7f]/.test(text)) throw new Error(`identity contains control characters: ${JSON.stringify(text)}`);
  const name = withoutCrud(match[1]);
  const email = withoutCrud(match[2]);
  if (!name) throw new Error(`identity has an empty name: ${JSON.stringify(text)}`);
  if (!email) throw new Error(`identity has an empty email: ${JSON.stringify(text)}`);
  return { name, email };
}
