// A patch's commit message, built once and read back the way git's pretty.c reads it, so the mail
// and the real commit (createSeriesCommits) always say the same thing, whatever the subject holds.

import type { SeriesPatch } from '../series/model.js';
import { gitRtrim } from './git-text.js';

/**
 * git's `stripspace` cleanup (what `git commit` and `git am` apply): trailing whitespace removed,
 * runs of blank lines collapsed, no blank lines at either end.
 */
export function stripspace(text: string): string {
  const out: string[] = [];
  let pendingBlank = false;
  for (const raw of text.split('\n')) {
    const line = gitRtrim(raw);
    if (line === '') {
      pendingBlank = out.length > 0;
      continue;
    }
    if (pendingBlank) out.push('');
    pendingBlank = false;
    out.push(line);
  }
  return out.length > 0 ? out.join('\n') + '\n' : '';
}

/**
 * The commit message: subject, blank line, body, blank line, trailers, cleaned up like `git commit`
 * does, so the message survives a format-patch / `git am` round trip unchanged.
 */
export function commitMessage(patch: Pick<SeriesPatch, 'subject' | 'body' | 'trailers'>): string {
  const message = stripspace([patch.subject, patch.body, patch.trailers.join('\n')].join('\n\n'));
  if (message.includes('\0')) throw new Error(`patch "${patch.subject.slice(0, 60)}": message contains a NUL byte`);
  return message;
}

function splitLinesKeepingEnds(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/** is_blank_line(): the line without trailing whitespace, or null when nothing is left. */
function trimmedOrBlank(line: string): string | null {
  const trimmed = gitRtrim(line);
  return trimmed === '' ? null : trimmed;
}

export interface ParsedMessage {
  /** The first paragraph joined with spaces (format_subject). */
  title: string;
  /** The first line of the title, as %f (the file name) sees it. */
  firstLine: string;
  /** Every further line, trailing whitespace removed, leading blank lines skipped (pp_remainder). */
  bodyLines: string[];
}

/** Reads a message as git does for format-patch. */
export function parseMessage(message: string): ParsedMessage {
  const lines = splitLinesKeepingEnds(message);
  let index = 0;
  while (index < lines.length && trimmedOrBlank(lines[index]) === null) index++;
  const firstLine = (lines[index] ?? '').replace(/\n$/, '');
  const titleParts: string[] = [];
  for (; index < lines.length; index++) {
    const trimmed = trimmedOrBlank(lines[index]);
    if (trimmed === null) break;
    titleParts.push(trimmed);
  }
  return { title: titleParts.join(' '), firstLine, bodyLines: remainderLines(lines.slice(index)) };
}

/** pp_remainder(): skips leading blank lines, strips trailing whitespace of every line. */
export function remainderLines(lines: string[]): string[] {
  const out: string[] = [];
  for (const line of lines) {
    const trimmed = gitRtrim(line);
    if (trimmed === '' && out.length === 0) continue;
    out.push(trimmed);
  }
  return out;
}

/** Splits free text (e.g. the cover letter body) into lines with their ends, for remainderLines. */
export function textLines(text: string): string[] {
  return splitLinesKeepingEnds(text);
}
