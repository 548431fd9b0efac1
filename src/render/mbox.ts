// `git format-patch --stdout`: the mails one after another. Between two patches git prints one
// extra blank line (log-tree's separator between entries); the cover letter gets none after it.

import type { RenderedFile } from './format-patch.js';

const COVER_LETTER = /^(v[^-]*-)?0000-cover-letter\.patch$/;

export function renderMbox(files: RenderedFile[]): Buffer {
  const parts: Buffer[] = [];
  files.forEach((file, i) => {
    if (i > 0 && !COVER_LETTER.test(files[i - 1].name)) parts.push(Buffer.from('\n'));
    parts.push(file.bytes);
  });
  return Buffer.concat(parts);
}
