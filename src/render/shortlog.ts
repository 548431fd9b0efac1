// The cover letter's shortlog as format-patch writes it (shortlog.c with wrap 72, indents 2 and 4):
// "Author (N):" blocks sorted by name, each subject in series order.

import { isGitSpace, wrapText } from './git-text.js';
import { parseMessage } from './message.js';

export interface ShortlogEntry {
  author: string;
  /** The patch's title (format_subject of its message). */
  title: string;
}

/** shortlog.c insert_one_record(): leading space and a "[PATCH...]" tag are dropped. */
function onelineOf(title: string): string {
  let oneline = title;
  let start = 0;
  while (start < oneline.length && isGitSpace(oneline[start])) start++;
  oneline = oneline.slice(start);
  if (oneline.startsWith('[PATCH')) {
    const eol = oneline.indexOf('\n');
    const eob = oneline.indexOf(']');
    if (eob !== -1 && (eol === -1 || eob < eol)) oneline = oneline.slice(eob + 1);
  }
  start = 0;
  while (start < oneline.length && isGitSpace(oneline[start]) && oneline[start] !== '\n') start++;
  return parseMessage(oneline.slice(start)).title;
}

export function formatShortlog(entries: ShortlogEntry[]): string {
  const byAuthor = new Map<string, string[]>();
  for (const entry of entries) {
    const list = byAuthor.get(entry.author) ?? [];
    list.push(onelineOf(entry.title));
    byAuthor.set(entry.author, list);
  }
  // git keeps authors in a string_list sorted with strcmp: compare UTF-8 bytes.
  const authors = [...byAuthor.keys()].sort((a, b) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')));
  let out = '';
  for (const author of authors) {
    const titles = byAuthor.get(author)!;
    out += `${author} (${titles.length}):\n`;
    for (const title of titles) out += wrapText(title, 2, 4, 72) + '\n';
    out += '\n';
  }
  return out;
}
