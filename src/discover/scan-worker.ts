// The scan worker: takes chunks of the shared file list alongside the main thread (see parallel-scan.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { createWordMatcher } from './word-matcher.js';
import { scanSources, sharedClaimer, WORKER_STARTED_SLOT, type ScanWorkerData } from './read-sources.js';

const data = workerData as ScanWorkerData;
const state = new Int32Array(data.shared);
// Set before the first claim: the main thread reads it to know whether it must wait for this worker.
Atomics.store(state, WORKER_STARTED_SLOT, 1);
const result = scanSources(data.root, data.files, createWordMatcher(data.words), sharedClaimer(state, data.files.length));
parentPort?.postMessage(result);
