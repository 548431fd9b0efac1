// What discovery learnt from one index, named by the index's own checksum, for one set of words: which
// tracked .c/.h files mention a word (by their blobs, as the word index says), which the index does not
// vouch for, and how many there are. A warm run that finds the same index takes these at once and asks
// git only which files changed since (`git diff-files`): no listing of the index, no word lookups.
import type { SkippedFile } from '../discover/skips.js';
import type { EntryStore } from './entry-store.js';

const KIND = 'snapshot';

export interface IndexSnapshot {
  /** Tracked plain .c/.h files whose index blob mentions a word. */
  hits: string[];
  /** Tracked .c/.h files the index itself does not vouch for (unmerged, skip-worktree, assume-unchanged), or whose blob no search answered for yet. */
  untrusted: string[];
  /** Tracked regular .c/.h files, and the tracked names that cannot be searched. */
  trackedCount: number;
  trackedBadNames: SkippedFile[];
}

export function loadSnapshot(store: EntryStore, key: string): IndexSnapshot | null {
  const payload = store.get(KIND, key);
  if (!payload) return null;
  try {
    const snapshot = JSON.parse(payload.toString('utf8')) as IndexSnapshot;
    return Array.isArray(snapshot.hits) && Array.isArray(snapshot.untrusted) && typeof snapshot.trackedCount === 'number' && Array.isArray(snapshot.trackedBadNames) ? snapshot : null;
  } catch {
    return null;
  }
}

export function saveSnapshot(store: EntryStore, key: string, snapshot: IndexSnapshot): void {
  store.put(KIND, key, Buffer.from(JSON.stringify(snapshot), 'utf8'));
}
