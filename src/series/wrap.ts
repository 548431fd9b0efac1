// Commit-message text in kernel style: paragraphs wrapped at 72 columns; "- " items get a
// hanging indent; a word longer than the width (a URL) stands alone on its line.

export const MESSAGE_WIDTH = 72;
/** checkpatch's limit for a line of a mail's text: the cover letter's tables stay within it. */
export const COVER_WIDTH = 75;

export function wrapText(text: string, width = MESSAGE_WIDTH, indent = ''): string {
  const bullet = /^(- |\* |\d+\. )/.exec(text);
  const first = bullet ? bullet[1] : '';
  const hang = ' '.repeat(first.length);
  const words = text.slice(first.length).split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = indent + first;
  let empty = true;
  for (const w of words) {
    if (!empty && line.length + 1 + w.length > width) {
      lines.push(line);
      line = indent + hang + w;
    } else {
      line = empty ? line + w : `${line} ${w}`;
    }
    empty = false;
  }
  lines.push(line);
  return lines.join('\n');
}

/** Paragraphs separated by blank lines; consecutive "- " items stay together without blank lines between. */
export function wrapParagraphs(paragraphs: string[], width = MESSAGE_WIDTH): string {
  let out = '';
  paragraphs.forEach((p, i) => {
    const isItem = /^- /.test(p);
    const prevItem = i > 0 && /^- /.test(paragraphs[i - 1]);
    if (i > 0) out += isItem && prevItem ? '\n' : '\n\n';
    out += wrapText(p, width);
  });
  return out;
}
