// Why a file was not searched: the reasons reported in coverage.skipped, shared by both methods.
import fs from 'node:fs';
import { isWithin } from '../util/fs.js';

export interface SkippedFile {
  file: string;
  reason: string;
}

export const BINARY_REASON = 'binary file (contains a NUL byte)';
export const NOT_REGULAR_REASON = 'not a regular file';
export const BAD_NAME_REASON = 'file name is not valid UTF-8';
export const CONTROL_NAME_REASON = 'file name holds control characters (they would reach mails and terminals raw)';

/** Control characters (C0, DEL, C1): a name holding one is skipped, never put in a mail or on a terminal. */
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTER = /[\x00-\x1f\x7f-\x9f]/;

export function hasControlCharacter(name: string): boolean {
  return CONTROL_CHARACTER.test(name);
}

/** NAME with its control characters escaped (\n, \u001b), for the one place it is shown: the skip list. */
export function escapedName(name: string): string {
  // eslint-disable-next-line no-control-regex
  return name.replace(/[\x00-\x1f\x7f-\x9f\\]/g, (c) => JSON.stringify(c).slice(1, -1));
}
export const MISSING_TARGET_REASON = 'symlink to a missing file';

export function unreadableReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return `could not be read (${code ?? (error as Error).message})`;
}

/**
 * Why the symlink ABS is not followed, or null for a link that stays inside the tree (ROOT, a realpath):
 * its target is searched under its own name, so following it would only find the same file twice.
 */
export function symlinkProblem(root: string, abs: string): string | null {
  try {
    return isWithin(root, fs.realpathSync.native(abs)) ? null : 'symlink leads outside the tree (not followed)';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') return 'symlink loop (not followed)';
    if (code === 'ENOENT') return MISSING_TARGET_REASON;
    return `symlink could not be resolved (${code ?? (error as Error).message})`;
  }
}

export function bySkippedFile(a: SkippedFile, b: SkippedFile): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : 0;
}
