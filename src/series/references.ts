// The discussions a series' messages cite, as kernel mails cite them: a mark "[n]" after the claim
// in the text, "Link: URL [n]" among the trailers, quotes with their author. A reference without a
// URL is named by title and author only: it gets no mark and no Link: trailer.
import type { ReferenceDecl } from '../vocabulary.js';
import { wrapText } from './wrap.js';

/** The references `ids` name, in that order. An id the transform never declared is its bug. */
export function citedReferences(references: readonly ReferenceDecl[], ids: readonly string[]): ReferenceDecl[] {
  return [...new Set(ids)].map((id) => {
    const ref = references.find((r) => r.id === id);
    if (!ref) throw new Error(`a message cites the reference "${id}", which the transform does not declare`);
    return ref;
  });
}

/** "[n]": n counts the cited references that have a URL, in citation order, as linkTrailers numbers them. */
export function citationMark(references: readonly ReferenceDecl[], ids: readonly string[], id: string): string {
  const linked = citedReferences(references, ids).filter((r) => r.url);
  const n = linked.findIndex((r) => r.id === id);
  return n === -1 ? '' : `[${n + 1}]`;
}

/** "Link: URL [n]" for each cited reference with a URL. */
export function linkTrailers(references: readonly ReferenceDecl[], ids: readonly string[]): string[] {
  return citedReferences(references, ids)
    .filter((r) => r.url)
    .map((r, i) => `Link: ${r.url} [${i + 1}]`);
}

/** 'As A wrote in <title> [n]: "quote"', for a paragraph of a message citing `ids`. */
export function attributedQuote(references: readonly ReferenceDecl[], ids: readonly string[], id: string): string {
  const [ref] = citedReferences(references, [id]);
  if (!ref.quote || !ref.author) throw new Error(`the reference "${id}" has no quote with its author`);
  const mark = citationMark(references, ids, id);
  return `As ${ref.author} wrote in ${ref.title}${mark ? ` ${mark}` : ''}: "${ref.quote}"`;
}

/**
 * The cover letter's list of the references `ids` cite, "[n]" as citationMark numbers them. A URL
 * stands on its own "Link: " line: longer than 75 columns if it must be, which checkpatch allows there.
 */
export function referencesSection(references: readonly ReferenceDecl[], ids: readonly string[], width = 75): string {
  const cited = citedReferences(references, ids);
  if (cited.length === 0) return '';
  const lines = ['References:', ''];
  for (const r of cited) {
    const mark = citationMark(references, ids, r.id) || '-';
    const hang = ' '.repeat(mark.length + 3);
    const item = wrapText(`${r.title}${r.author ? `, ${r.author}` : ''}`, width, hang);
    lines.push(`  ${mark} ${item.slice(hang.length)}`);
    if (r.url) lines.push(`${hang}Link: ${r.url}`);
  }
  return lines.join('\n');
}
