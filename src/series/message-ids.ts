// Message-IDs for --thread, in git format-patch's shape (<id.timestamp.git.sender>), derived from the
// series itself and its date instead of the clock: the same input gives the same mails, and two
// different series never share an ID.
import { createHash } from 'node:crypto';
import type { RenderedFile } from '../render/format-patch.js';

/** One Message-ID per mail (cover letter first) for the rendered `files`. */
export function seriesMessageIds(files: RenderedFile[], senderEmail: string, date: Date): string[] {
  const series = createHash('sha1');
  for (const file of files) series.update(file.bytes);
  const seriesId = series.digest('hex').slice(0, 16);
  const timestamp = Math.floor(date.getTime() / 1000);
  return files.map((_, i) => `<${i === 0 ? 'cover' : String(i).padStart(4, '0')}.${timestamp}.${seriesId}.git.${senderEmail}>`);
}

/** --in-reply-to as given ("id@host" or "<id@host>"), as a header value; null when it is no message id. */
export function normalizeMessageId(value: string): string | null {
  const bare = value.trim().replace(/^<(.*)>$/, '$1');
  return /^[^\s<>@]+@[^\s<>@]+$/.test(bare) ? `<${bare}>` : null;
}
