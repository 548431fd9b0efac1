// Byte-exact edits. An edit replaces a byte range of a file with new bytes; everything else is
// copied as it is, whatever the encoding, line endings or final newline.

export interface Edit {
  start: number;
  end: number;
  replacement: Buffer;
}

export function applyEdits(bytes: Buffer, edits: Edit[]): Buffer {
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i].start < sorted[i - 1].end) throw new Error(`overlapping edits at byte ${sorted[i].start}`);
  }
  const parts: Buffer[] = [];
  let at = 0;
  for (const e of sorted) {
    if (e.start < at || e.end > bytes.length || e.start > e.end) throw new Error(`edit ${e.start}-${e.end} is outside the file`);
    parts.push(bytes.subarray(at, e.start), e.replacement);
    at = e.end;
  }
  parts.push(bytes.subarray(at));
  return Buffer.concat(parts);
}

/** An ASCII replacement (identifiers, C code we generate): the same bytes in every encoding. */
export function ascii(text: string): Buffer {
  return Buffer.from(text, 'latin1');
}

/**
 * The tree as a series leaves it, patch by patch. Offsets from the original parse can still be
 * used after earlier edits to the same file: they are mapped through the edits applied so far.
 */
export class VirtualTree {
  private readonly current = new Map<string, Buffer | null>();
  private readonly applied = new Map<string, { start: number; end: number; delta: number }[]>();

  constructor(private readonly readOriginal: (rel: string) => Buffer | null) {}

  read(rel: string): Buffer | null {
    if (!this.current.has(rel)) this.current.set(rel, this.readOriginal(rel));
    return this.current.get(rel) ?? null;
  }

  /** Replaces the whole content (core patches that re-parse the current bytes). */
  write(rel: string, bytes: Buffer): void {
    this.read(rel);
    this.current.set(rel, bytes);
    // Offsets of the original file no longer map once a file is rewritten as a whole.
    this.applied.set(rel, [{ start: 0, end: Number.MAX_SAFE_INTEGER, delta: Number.NaN }]);
  }

  /** Maps an offset of the original file to the current content; NaN when it was rewritten. */
  mapOffset(rel: string, offset: number): number {
    let mapped = offset;
    for (const e of this.applied.get(rel) ?? []) {
      if (Number.isNaN(e.delta)) return Number.NaN;
      if (offset >= e.end) mapped += e.delta;
      else if (offset > e.start) return Number.NaN;
    }
    return mapped;
  }

  /** Applies edits given in ORIGINAL offsets. */
  applyOriginalEdits(rel: string, edits: Edit[]): Buffer {
    const before = this.read(rel);
    if (!before) throw new Error(`${rel} cannot be read`);
    const mapped = edits.map((e) => {
      const start = this.mapOffset(rel, e.start);
      const end = this.mapOffset(rel, e.end);
      if (Number.isNaN(start) || Number.isNaN(end)) throw new Error(`${rel}: an earlier patch rewrote the bytes at ${e.start}`);
      return { start, end, replacement: e.replacement };
    });
    const after = applyEdits(before, mapped);
    const log = this.applied.get(rel) ?? [];
    for (const e of edits) log.push({ start: e.start, end: e.end, delta: e.replacement.length - (e.end - e.start) });
    this.applied.set(rel, log);
    this.current.set(rel, after);
    return after;
  }
}
