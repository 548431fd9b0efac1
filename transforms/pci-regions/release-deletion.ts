// Deleting the releases a managed driver no longer needs, through the engine's statement deletion:
// all of a file's releases at once, in source order, so that two in one block end consistent; with
// them the local declarations they leave unused (orphaned-declaration.ts).
import type { Edit } from '../../src/sdk.js';
import { deleteStatements } from '../../src/sdk.js';
import { orphanedDeclarations } from './orphaned-declaration.js';

interface Deletable {
  callStart: number;
  callEnd: number;
}

/** Per release (same order): null when it can go, else why it cannot. */
export function deletionRefusals(file: string, bytes: Buffer, releases: Deletable[]): (string | null)[] {
  const ordered = [...releases].sort((a, b) => a.callStart - b.callStart);
  const { results, edits } = deleteStatements(file, bytes, ordered.map((r) => ({ start: r.callStart, end: r.callEnd })));
  const byStart = new Map(ordered.map((r, i) => [r.callStart, results[i]]));
  const deletable = ordered.filter((_, i) => results[i].ok);
  const orphans = orphanedDeclarations(file, bytes, deletable, edits);
  return releases.map((r) => {
    const result = byStart.get(r.callStart)!;
    return result.ok ? (orphans.refusals.get(r.callStart) ?? null) : result.reason;
  });
}

/** The edits (in the file's original offsets) that delete these releases' statements. */
export function deletionEdits(file: string, bytes: Buffer, releases: Deletable[]): Edit[] {
  if (releases.length === 0) return [];
  const ordered = [...releases].sort((a, b) => a.callStart - b.callStart);
  const { results, edits } = deleteStatements(file, bytes, ordered.map((r) => ({ start: r.callStart, end: r.callEnd })));
  const refused = results.findIndex((r) => !r.ok);
  if (refused >= 0) {
    const r = results[refused];
    throw new Error(`${file}: the release at byte ${ordered[refused].callStart} cannot be deleted: ${r.ok ? '' : r.reason}`);
  }
  const orphans = orphanedDeclarations(file, bytes, ordered, edits);
  const [orphaning] = orphans.refusals;
  if (orphaning) throw new Error(`${file}: the release at byte ${orphaning[0]} cannot be deleted: ${orphaning[1]}`);
  return [...edits, ...orphans.edits];
}
