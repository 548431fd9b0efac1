// Renders a SeriesModel as the files `git format-patch --cover-letter -n` writes: the cover letter
// (summary, shortlog, overall diffstat, base-commit) and one mail per patch.

import type { FileChange, SeriesModel, SeriesPatch } from '../series/model.js';
import { NULL_OBJECT_ID } from './blob.js';
import { analyzeChange, checkChange, formatFileDiff, isNoOp, type DiffOptions } from './diff.js';
import { formatDiffstat, sortChanges } from './diffstat.js';
import { coverLetterFileName, patchFileName } from './file-names.js';
import { parseIdent, type Ident } from './ident.js';
import { addressHeader, fromHeader, hasNonAscii, mboxFromLine, MIME_HEADERS, rfc2822Date, subjectHeader } from './mail-headers.js';
import { commitMessage, parseMessage, remainderLines, textLines } from './message.js';
import { formatShortlog } from './shortlog.js';
import { defaultSignature, formatSignature } from './signature.js';

export interface RenderOptions {
  /** "Name <email>"; non-ASCII names are RFC 2047-encoded like git does. */
  author: string;
  /** Author date of every patch and date of the cover letter (printed in UTC). */
  date: Date;
  /** "PATCH", "RFC PATCH" (may be empty). */
  subjectPrefix: string;
  /** Reroll count: "[PATCH v2 01/10]" and "v2-0001-..." names; null for none. */
  version: number | null;
  /** Text after the cover letter's diffstat, where git format-patch --range-diff puts it. */
  coverAppendix?: string;
  /** "base-commit: <sha>" in the cover letter; null leaves it out. */
  baseCommit: string | null;
  /** Per patch, the commit id for its "From <sha>" line; null: 40 zeros. */
  commitIds: string[] | null;
  /** Per mail (index 0 = cover letter, i = patch i), the To:/Cc: addresses; null for none. */
  to: string[][] | null;
  cc: string[][] | null;
  /** -n: "[PATCH n/N]" tags (git numbers whenever there is a cover letter). */
  numbered: boolean;
  /** Hex digits of blob ids on `index` lines (default 12; git's own default depends on the repo size). */
  abbrev?: number;
  /** The git diff driver of a path (`git check-attr diff`), for hunk-header function names. */
  diffDriver?: (path: string) => string | null;
  /** Signature text after "-- " (default: the running git's version, else "kcodemod"). */
  signature?: string;
  /** --thread: per mail (0 = cover letter) its Message-ID, every patch answering the cover letter; mails
   *  meant to be sent as they are, so Subject lines are not folded. */
  thread?: { messageIds: string[]; inReplyTo: string | null };
}

export interface RenderedFile {
  name: string;
  bytes: Buffer;
}

interface PreparedPatch {
  patch: SeriesPatch;
  message: string;
  title: string;
  bodyLines: string[];
  /** Checked, in diff order; their line diffs are made when the patch is rendered and let go after it. */
  changes: FileChange[];
}

function checkOptions(model: SeriesModel, options: RenderOptions): void {
  const count = model.patches.length;
  if (count === 0) throw new Error('the series has no patches');
  if (options.version !== null && (!Number.isInteger(options.version) || options.version < 1)) {
    throw new Error(`version must be a positive integer (got ${options.version})`);
  }
  if (options.commitIds && options.commitIds.length !== count) {
    throw new Error(`commitIds has ${options.commitIds.length} entries for ${count} patches`);
  }
  for (const id of options.commitIds ?? []) {
    if (!/^[0-9a-f]{40}$/.test(id)) throw new Error(`not a full commit id: ${JSON.stringify(id)}`);
  }
  if (options.baseCommit !== null && !/^[0-9a-f]{40}$/.test(options.baseCommit)) {
    throw new Error(`base commit is not a full commit id: ${JSON.stringify(options.baseCommit)}`);
  }
  for (const [name, lists] of [['to', options.to], ['cc', options.cc]] as const) {
    if (lists && lists.length !== count + 1) throw new Error(`${name} has ${lists.length} entries for ${count + 1} mails (cover letter + patches)`);
  }
  if (/[\r\n\0]/.test(options.subjectPrefix)) throw new Error('subject prefix contains a line break or NUL');
}

function preparePatch(patch: SeriesPatch, number: number): PreparedPatch {
  const seen = new Set<string>();
  for (const change of patch.changes) {
    if (seen.has(change.path)) throw new Error(`patch ${number} changes ${change.path} twice`);
    seen.add(change.path);
  }
  const message = commitMessage(patch);
  const parsed = parseMessage(message);
  if (parsed.title === '') throw new Error(`patch ${number} has an empty subject`);
  const changes = sortChanges(patch.changes);
  for (const change of changes) checkChange(change);
  if (changes.every(isNoOp)) throw new Error(`patch ${number} ("${parsed.title}") changes nothing`);
  while (parsed.bodyLines.length > 0 && parsed.bodyLines[parsed.bodyLines.length - 1] === '') parsed.bodyLines.pop();
  return { patch, message, title: parsed.title, bodyLines: parsed.bodyLines, changes };
}

/** fmt_output_email_subject(): "[PATCH v2 03/10] ". */
function subjectTag(options: RenderOptions, number: number, total: number): string {
  // git builds "<prefix> v<N>" even for an empty prefix ("[ v2 1/2]").
  const prefix = options.subjectPrefix + (options.version !== null ? ` v${options.version}` : '');
  if (options.numbered) return `[${prefix}${prefix ? ' ' : ''}${String(number).padStart(String(total).length, '0')}/${total}] `;
  return prefix ? `[${prefix}] ` : '';
}

/** git format-patch --thread's headers: the cover letter answers --in-reply-to, each patch the cover letter. */
function threadHeaders(thread: RenderOptions['thread'], mail: number): string {
  if (!thread) return '';
  const parents = [...(thread.inReplyTo ? [thread.inReplyTo] : []), ...(mail > 0 ? [thread.messageIds[0]] : [])];
  let headers = `Message-ID: ${thread.messageIds[mail]}\n`;
  if (parents.length) headers += `In-Reply-To: ${parents[parents.length - 1]}\nReferences: ${parents.join('\n\t')}\n`;
  return headers;
}

function headerBlock(
  commitId: string, ident: Ident, date: string, subject: string, need8bit: boolean, to: string[], cc: string[], encode: boolean,
  threading = '',
): string {
  return (
    mboxFromLine(commitId) + threading + fromHeader(ident, encode) + `Date: ${date}\n` + subject +
    (need8bit ? MIME_HEADERS : '') + addressHeader('To', to) + addressHeader('Cc', cc) + '\n'
  );
}

/** The series' overall change per path: first `before`, last `after`. */
function combinedChanges(patches: SeriesPatch[]): FileChange[] {
  const byPath = new Map<string, FileChange>();
  for (const patch of patches) {
    for (const change of patch.changes) {
      const earlier = byPath.get(change.path);
      byPath.set(change.path, { path: change.path, before: earlier ? earlier.before : change.before, after: change.after });
    }
  }
  return [...byPath.values()].filter((c) => !(c.before === null && c.after === null));
}

function renderPatch(prepared: PreparedPatch, header: string, diffOptions: (path: string) => DiffOptions, signature: string): Buffer {
  const body = prepared.bodyLines.length > 0 ? prepared.bodyLines.join('\n') + '\n' : '';
  const changes = prepared.changes.map(analyzeChange);
  const diffs = changes.map((c) => formatFileDiff(c, diffOptions(c.change.path)));
  return Buffer.concat([
    Buffer.from(header + body + '---\n' + formatDiffstat(changes) + '\n', 'utf8'),
    ...diffs,
    Buffer.from(formatSignature(signature), 'utf8'),
  ]);
}

export function renderSeries(model: SeriesModel, options: RenderOptions): RenderedFile[] {
  checkOptions(model, options);
  const ident = parseIdent(options.author);
  const date = rfc2822Date(options.date);
  const signature = options.signature ?? defaultSignature();
  const diffOptions = (path: string): DiffOptions => ({ abbrev: options.abbrev, diffDriver: options.diffDriver?.(path) ?? null });
  const prepared = model.patches.map((patch, i) => preparePatch(patch, i + 1));
  const total = prepared.length;
  const commitId = (i: number) => options.commitIds?.[i] ?? NULL_OBJECT_ID;
  const files: RenderedFile[] = [];

  // Cover letter: git marks it 8-bit when any commit (author included) has non-ASCII; its own text
  // counts too here (git 2.39 forgets it). Like git 2.39, its From:/Subject: are not RFC 2047-encoded.
  const coverTitle = parseMessage(model.cover.subject + '\n').title;
  const coverNeeds8bit =
    hasNonAscii(ident.name + ident.email) || prepared.some((p) => hasNonAscii(p.message)) ||
    hasNonAscii(model.cover.subject) || hasNonAscii(model.cover.body);
  let cover = headerBlock(
    commitId(total - 1), ident, date, subjectHeader(subjectTag(options, 0, total), coverTitle, false, !options.thread), coverNeeds8bit,
    options.to?.[0] ?? [], options.cc?.[0] ?? [], false, threadHeaders(options.thread, 0),
  );
  cover += remainderLines(textLines(model.cover.body)).map((line) => line + '\n').join('') + '\n';
  cover += formatShortlog(prepared.map((p) => ({ author: ident.name, title: p.title })));
  cover += formatDiffstat(sortChanges(combinedChanges(model.patches)).map(analyzeChange)) + '\n';
  if (options.coverAppendix) cover += `\n${options.coverAppendix.replace(/\n*$/, '\n')}`;
  if (options.baseCommit) cover += `\nbase-commit: ${options.baseCommit}\n`;
  cover += formatSignature(signature);
  files.push({ name: coverLetterFileName(options.version), bytes: Buffer.from(cover, 'utf8') });

  prepared.forEach((p, i) => {
    const header = headerBlock(
      commitId(i), ident, date, subjectHeader(subjectTag(options, i + 1, total), p.title, true, !options.thread), hasNonAscii(p.message),
      options.to?.[i + 1] ?? [], options.cc?.[i + 1] ?? [], true, threadHeaders(options.thread, i + 1),
    );
    files.push({ name: patchFileName(i + 1, p.patch.subject, options.version), bytes: renderPatch(p, header, diffOptions, signature) });
  });
  return files;
}
