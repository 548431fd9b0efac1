// The kernel-doc paragraph that announces a function's hybrid (sometimes-managed) behaviour:
//    *
//    * NOTE:
//    * This is a "hybrid" function: ...
// It becomes false once the function stops being hybrid, so the core patches remove it.

/** Byte range (within `doc`, the comment above a definition) of its hybrid NOTE paragraph, or null. */
export function hybridNoteRange(doc: string): { start: number; end: number } | null {
  const note = /(\r?\n) \*\r?\n \* NOTE:\r?\n(?: \*[^\n]*\n)*?(?= \*\/)/.exec(doc);
  if (!note || !/hybrid/i.test(note[0])) return null;
  const start = note.index + note[1].length;
  return { start, end: start + note[0].length - note[1].length };
}
