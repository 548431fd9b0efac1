// Stable site ids: file, enclosing function, call text, and the index among equal calls in that
// function. Line numbers are left out on purpose, so decisions survive edits elsewhere in a file.
import type { CallSite } from '../types.js';

export function assignSiteIds<T extends Pick<CallSite, 'file' | 'function' | 'call' | 'line' | 'column'> & { id?: string }>(sites: T[]): void {
  const seen = new Map<string, number>();
  const ordered = [...sites].sort(compareSites);
  for (const site of ordered) {
    const base = `${site.file}::${site.function ?? '<file scope>'}::${site.call}`;
    const index = seen.get(base) ?? 0;
    seen.set(base, index + 1);
    site.id = `${base}#${index}`;
  }
}

export function compareSites(a: Pick<CallSite, 'file' | 'line' | 'column'>, b: Pick<CallSite, 'file' | 'line' | 'column'>): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column;
}
