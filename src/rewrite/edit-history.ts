// Edits applied one round after another, each round planned on the bytes the previous rounds left.
// The history remembers where every byte came from, so offsets of the original file can still be
// found in the current bytes, and all the rounds together read as edits of the original file.
import { applyEdits, type Edit } from './edits.js';

type Segment = { kind: 'original'; start: number; end: number } | { kind: 'inserted'; bytes: Buffer };

export class EditHistory {
  private segments: Segment[];
  private bytes: Buffer;

  constructor(private readonly original: Buffer) {
    this.bytes = original;
    this.segments = original.length > 0 ? [{ kind: 'original', start: 0, end: original.length }] : [];
  }

  get current(): Buffer {
    return this.bytes;
  }

  /** Applies edits given in offsets of the CURRENT bytes. */
  apply(edits: Edit[]): Buffer {
    this.bytes = applyEdits(this.bytes, edits);
    for (const e of [...edits].sort((a, b) => b.start - a.start)) this.replace(e);
    return this.bytes;
  }

  /** Where a byte of the original file is now; null when it was replaced. `end` may equal a segment's end. */
  currentOffset(originalOffset: number, asEnd = false): number | null {
    let at = 0;
    for (const s of this.segments) {
      if (s.kind === 'inserted') {
        at += s.bytes.length;
        continue;
      }
      const inside = asEnd ? originalOffset > s.start && originalOffset <= s.end : originalOffset >= s.start && originalOffset < s.end;
      if (inside) return at + (originalOffset - s.start);
      at += s.end - s.start;
    }
    if (!asEnd && originalOffset === this.original.length && this.segments.at(-1)?.kind === 'original') return this.bytes.length;
    return null;
  }

  /** All rounds as edits of the original file. */
  originalEdits(): Edit[] {
    const edits: Edit[] = [];
    let originalAt = 0;
    let pending: Buffer[] = [];
    const flush = (until: number) => {
      if (until > originalAt || pending.length > 0) edits.push({ start: originalAt, end: until, replacement: Buffer.concat(pending) });
      pending = [];
    };
    for (const s of this.segments) {
      if (s.kind === 'inserted') {
        pending.push(s.bytes);
        continue;
      }
      flush(s.start);
      originalAt = s.end;
    }
    flush(this.original.length);
    return edits;
  }

  private replace(edit: Edit): void {
    const out: Segment[] = [];
    let at = 0;
    let inserted = false;
    const insert = () => {
      if (!inserted && edit.replacement.length > 0) out.push({ kind: 'inserted', bytes: edit.replacement });
      inserted = true;
    };
    for (const s of this.segments) {
      const length = s.kind === 'inserted' ? s.bytes.length : s.end - s.start;
      const from = at;
      const to = at + length;
      at = to;
      if (to <= edit.start || from >= edit.end) {
        if (from >= edit.end && !inserted) insert();
        out.push(s);
        continue;
      }
      // The segment overlaps the replaced range: keep its parts outside it.
      const keepBefore = Math.max(0, edit.start - from);
      const keepAfter = Math.max(0, to - edit.end);
      if (keepBefore > 0) out.push(slice(s, 0, keepBefore));
      insert();
      if (keepAfter > 0) out.push(slice(s, length - keepAfter, length));
    }
    insert();
    this.segments = out;
  }
}

function slice(s: Segment, from: number, to: number): Segment {
  if (s.kind === 'inserted') return { kind: 'inserted', bytes: s.bytes.subarray(from, to) };
  return { kind: 'original', start: s.start + from, end: s.start + to };
}
