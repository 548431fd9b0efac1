// Reads source files and keeps those that mention a word. Runs on the main thread and in the scan
// worker; both take chunks of one shared file list, so a busy core simply takes fewer chunks.
import fs from 'node:fs';
import path from 'node:path';
import type { WordMatcher } from './word-matcher.js';
import { BINARY_REASON, NOT_REGULAR_REASON, symlinkProblem, unreadableReason, type SkippedFile } from './skips.js';

export const CHUNK_SIZE = 128;

/** Hands out the next chunk of the file list: its first index, or -1 when every chunk is taken. */
export type ChunkClaimer = () => number;

export function sequentialClaimer(total: number): ChunkClaimer {
  let next = 0;
  return () => {
    if (next >= total) return -1;
    const start = next;
    next += CHUNK_SIZE;
    return start;
  };
}

/** Slots of the Int32Array shared between the main thread and the scan worker. */
export const NEXT_CHUNK_SLOT = 0;
export const WORKER_STARTED_SLOT = 1;

/** What the main thread hands the scan worker. */
export interface ScanWorkerData {
  root: string;
  files: string[];
  words: string[];
  /** SharedArrayBuffer behind the Int32Array with the slots above. */
  shared: SharedArrayBuffer;
}

/** Claims chunks through a counter in shared memory, so the main thread and a worker never overlap. */
export function sharedClaimer(state: Int32Array, total: number): ChunkClaimer {
  return () => {
    const start = Atomics.add(state, NEXT_CHUNK_SLOT, CHUNK_SIZE);
    return start < total ? start : -1;
  };
}

export interface SourceScan {
  /** Files that mention a word. */
  hits: string[];
  skipped: SkippedFile[];
  /** First indexes of the chunks this scan took. */
  chunks: number[];
}

class NotRegularFile extends Error {}

const WINDOW_BYTES = 1 << 20;

/**
 * Reads files through one reused 1 MB buffer: no allocation per file (60k files per kernel scan), and
 * flat memory for the few larger files (generated register headers reach 24 MB), which are read in
 * overlapping windows.
 */
class WindowReader {
  private readonly buffer = Buffer.allocUnsafe(WINDOW_BYTES);

  /**
   * Calls VISIT(window, first, last) for the file's consecutive windows until it returns false. Windows
   * are valid only during the call. O_NOFOLLOW: a symlink fails with ELOOP.
   */
  forEachWindow(abs: string, overlap: number, visit: (window: Buffer, first: boolean, last: boolean) => boolean): void {
    const fd = fs.openSync(abs, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK);
    try {
      if (!fs.fstatSync(fd).isFile()) throw new NotRegularFile();
      let carried = 0;
      for (let first = true; ; first = false) {
        let length = carried;
        let atEnd = false;
        while (length < this.buffer.length) {
          const count = fs.readSync(fd, this.buffer, length, this.buffer.length - length, null);
          if (count === 0) {
            atEnd = true;
            break;
          }
          length += count;
        }
        if (!visit(this.buffer.subarray(0, length), first, atEnd) || atEnd) return;
        this.buffer.copyWithin(0, length - overlap, length);
        carried = overlap;
      }
    } finally {
      fs.closeSync(fd);
    }
  }
}

/**
 * Searches FILES (relative to ROOT, a realpath) chunk by chunk as CLAIM hands them out. Binary files
 * (a NUL byte) that mention a word are skipped, not hits; unreadable files are skipped; symlinks are not
 * followed (reported only when they leave the tree or loop).
 */
export function scanSources(root: string, files: readonly string[], matcher: WordMatcher, claim: ChunkClaimer = sequentialClaimer(files.length)): SourceScan {
  const reader = new WindowReader();
  const result: SourceScan = { hits: [], skipped: [], chunks: [] };
  for (let start = claim(); start !== -1; start = claim()) {
    result.chunks.push(start);
    const end = Math.min(start + CHUNK_SIZE, files.length);
    for (let index = start; index < end; index++) scanOne(root, files[index], reader, matcher, result);
  }
  return result;
}

function scanOne(root: string, file: string, reader: WindowReader, matcher: WordMatcher, result: SourceScan): void {
  const abs = path.join(root, file);
  let matched = false;
  let binary = false;
  try {
    // Windows overlapping by N bytes hold any N + 1 consecutive bytes whole in one of them: here a word
    // with the byte on each side, which the window's open edges require.
    reader.forEachWindow(abs, matcher.longestWord + 1, (window, first, last) => {
      if (!matched) matched = matcher.matches(window, !first, !last);
      // NUL matters only for a file that matches; a file in several windows may match after its NUL.
      if (!binary && (matched || !(first && last))) binary = window.indexOf(0) !== -1;
      return !(matched && binary);
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (error instanceof NotRegularFile) result.skipped.push({ file, reason: NOT_REGULAR_REASON });
    else if (code === 'ELOOP') {
      const problem = symlinkProblem(root, abs);
      if (problem) result.skipped.push({ file, reason: problem });
    } else result.skipped.push({ file, reason: unreadableReason(error) });
    return;
  }
  if (!matched) return;
  if (binary) result.skipped.push({ file, reason: BINARY_REASON });
  else result.hits.push(file);
}
