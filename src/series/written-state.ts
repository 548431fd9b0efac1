// Whether the series an output directory holds is what would be written now: the files its
// manifest lists against the files rendered from the current decisions. What changes with every run
// without a decision behind it (the author date when --date is not given, and so the commit ids of
// the "From <id>" lines) is not a difference.
import fs from 'node:fs';
import path from 'node:path';
import { seriesFilePath } from '../render/output-dir.js';
import { parseSeriesManifest } from './versions/manifest.js';

export type WrittenSeriesState =
  | { kind: 'none' }
  | { kind: 'current' }
  | { kind: 'stale'; reason: string };

export interface WouldWriteFile {
  name: string;
  bytes: Buffer;
}

/** A mail's text without its run-dependent lines: the mbox "From <commit id>" line and the Date: header. */
function comparable(bytes: Buffer): string {
  const text = bytes.toString('latin1');
  const headerEnd = text.indexOf('\n\n');
  const header = (headerEnd === -1 ? text : text.slice(0, headerEnd))
    .split('\n')
    .filter((line, index) => !(index === 0 && /^From [0-9a-f]{40} /.test(line)) && !/^Date: /.test(line))
    .join('\n');
  return headerEnd === -1 ? header : header + text.slice(headerEnd);
}

/**
 * The state of the series in `dir`: none (no kcodemod series there), current, or stale with why.
 * `wouldWrite` is what `w` would write now (cover letter first), or null when it cannot be written.
 */
export function writtenSeriesState(dir: string, wouldWrite: readonly WouldWriteFile[] | null): WrittenSeriesState {
  const manifestPath = seriesFilePath(dir, 'manifest');
  if (!fs.existsSync(manifestPath)) return { kind: 'none' };
  let listed: string[];
  try {
    const manifest = parseSeriesManifest(fs.readFileSync(manifestPath, 'utf8'), manifestPath);
    listed = [manifest.cover.file, ...manifest.patches.map((patch) => patch.file)];
  } catch (error) {
    return { kind: 'stale', reason: `its manifest cannot be read (${(error as Error).message.split('\n')[0]})` };
  }
  if (!wouldWrite) return { kind: 'stale', reason: 'the decisions now cannot be written as they are' };
  const writtenPatches = listed.length - 1;
  const nowPatches = wouldWrite.length - 1;
  if (writtenPatches !== nowPatches) return { kind: 'stale', reason: `${writtenPatches} patch${writtenPatches === 1 ? '' : 'es'} written, ${nowPatches} now` };
  let differing = 0;
  wouldWrite.forEach((file, index) => {
    let onDisk: Buffer | null = null;
    try {
      onDisk = fs.readFileSync(path.join(dir, listed[index]));
    } catch {
      onDisk = null;
    }
    if (listed[index] !== file.name || onDisk === null || comparable(onDisk) !== comparable(file.bytes)) differing++;
  });
  if (differing === 0) return { kind: 'current' };
  return { kind: 'stale', reason: `${differing} of ${wouldWrite.length} files differ from what w writes now` };
}
