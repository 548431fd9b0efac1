// Searches a long file list on two threads: the main thread and one worker take chunks of the list from a
// shared counter. Measured on Linux 6.12 (59,932 .c/.h files, 2 cores): 0.75 s on one thread, 0.49 s
// with a worker (two workers and the main thread idle: the same). A worker costs ~30 ms to start (~150 ms
// when running from TypeScript sources through tsx), so short lists stay on one thread.
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { createWordMatcher } from './word-matcher.js';
import { CHUNK_SIZE, scanSources, sharedClaimer, WORKER_STARTED_SLOT, type ChunkClaimer, type ScanWorkerData, type SourceScan } from './read-sources.js';
import type { SkippedFile } from './skips.js';

export const PARALLEL_MIN_FILES = 4000;

export interface SearchResult {
  hits: string[];
  skipped: SkippedFile[];
  notes: string[];
}

/** PARALLEL: true/false forces the worker on/off; undefined decides by list length and core count. */
export async function searchFiles(root: string, files: string[], words: readonly string[], parallel?: boolean): Promise<SearchResult> {
  const matcher = createWordMatcher(words);
  const useWorker = parallel ?? (files.length >= PARALLEL_MIN_FILES && os.availableParallelism() >= 2);
  if (!useWorker) {
    const scan = scanSources(root, files, matcher);
    return { hits: scan.hits, skipped: scan.skipped, notes: [] };
  }

  const state = new Int32Array(new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT));
  const workerResult = startScanWorker({ root, files, words: [...matcher.words], shared: state.buffer as SharedArrayBuffer });
  const mine = scanSources(root, files, matcher, sharedClaimer(state, files.length));
  // The list is used up. A worker that has not started yet cannot take any chunk any more: drop it.
  if (Atomics.load(state, WORKER_STARTED_SLOT) === 0) {
    workerResult.cancel();
    return { hits: mine.hits, skipped: mine.skipped, notes: [] };
  }
  const theirs = await workerResult.done;
  if ('hits' in theirs) return { hits: [...mine.hits, ...theirs.hits], skipped: [...mine.skipped, ...theirs.skipped], notes: [] };

  // The worker failed: search again every chunk the main thread did not do itself.
  const rest = scanSources(root, files, matcher, claimerExcept(files.length, new Set(mine.chunks)));
  return {
    hits: [...mine.hits, ...rest.hits],
    skipped: [...mine.skipped, ...rest.skipped],
    notes: [`the scan worker thread failed (${theirs.failure}): its share was searched again on the main thread`],
  };
}

function claimerExcept(total: number, done: Set<number>): ChunkClaimer {
  let next = 0;
  return () => {
    while (next < total && done.has(next)) next += CHUNK_SIZE;
    if (next >= total) return -1;
    const start = next;
    next += CHUNK_SIZE;
    return start;
  };
}

export interface RunningWorker {
  done: Promise<SourceScan | { failure: string }>;
  cancel(): void;
}

/** Starts the scan worker on DATA's list; it takes chunks until the shared counter runs out. Never throws. */
export function startScanWorker(data: ScanWorkerData): RunningWorker {
  const fromSource = import.meta.url.endsWith('.ts');
  const entry = new URL(`./scan-worker${fromSource ? '.ts' : '.js'}`, import.meta.url).href;
  let worker: Worker;
  try {
    worker = new Worker(WORKER_BOOTSTRAP, { eval: true, workerData: { ...data, entry, tsxLoader: fromSource ? tsxLoaderUrl() : null } });
  } catch (error) {
    return { done: Promise.resolve({ failure: (error as Error).message }), cancel: () => {} };
  }
  worker.unref();
  const done = new Promise<SourceScan | { failure: string }>((resolve) => {
    worker.once('message', (scan: SourceScan) => resolve(scan));
    worker.once('error', (error) => resolve({ failure: error.message }));
    worker.once('exit', (code) => resolve({ failure: `exited with status ${code}` }));
  });
  return { done, cancel: () => void worker.terminate() };
}

// From TypeScript sources (tests, tsx) the worker must register tsx itself: on Node 20 workers do not
// inherit the main thread's loader hooks. The compiled build loads plain JavaScript and needs nothing.
const WORKER_BOOTSTRAP = `const { workerData } = require('node:worker_threads');
(async () => {
  if (workerData.tsxLoader) (await import(workerData.tsxLoader)).register();
  await import(workerData.entry);
})();`;

function tsxLoaderUrl(): string | null {
  try {
    return import.meta.resolve('tsx/esm/api');
  } catch {
    return null; // another TypeScript runtime: the worker may still load; if not, the caller recovers
  }
}
