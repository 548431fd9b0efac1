// A whole analysis kept with everything it read: each file's content name (null: absent), and each
// directory listing it took. It is reused only when every one of them is still the same, so a reused
// analysis is the one a fresh run would make. Whole-tree facts (Kbuild modules, call graphs, headers'
// includers) are inside it and change with any of their inputs.
import crypto from 'node:crypto';
import type { ModuleFacts, Plan } from '../types.js';

export interface AnalysisEntry {
  /** [path, content name or null] for every file the analysis read or looked for. */
  inputs: [string, string | null][];
  /** [directory, hash of its source listing] for every listing the analysis took. */
  listings: [string, string][];
  plan: Plan;
  modules: ModuleFacts[];
  /** The identity of the index the inputs were named against (null: none), and the files git reported modified then. */
  index?: string | null;
  modified?: string[];
}

export function listingHash(files: readonly string[]): string {
  return crypto.createHash('sha256').update(files.join('\0')).digest('hex');
}

export function encodeEntry(entry: AnalysisEntry): Buffer {
  return Buffer.from(JSON.stringify(entry), 'utf8');
}

export function decodeEntry(payload: Buffer): AnalysisEntry | null {
  try {
    const entry = JSON.parse(payload.toString('utf8')) as AnalysisEntry;
    return Array.isArray(entry.inputs) && Array.isArray(entry.listings) && entry.plan && Array.isArray(entry.modules) ? entry : null;
  } catch {
    return null;
  }
}
