// Which .c files include a header: a header's uses belong to the modules of its includers.
// Quoted includes are resolved relative to the including file, so a driver-local header is
// included from its own directory tree; that is where we look (never the whole kernel).
import path from 'node:path';

const MAX_FILES = 2000;

/** `listSources(dir)`: the .c/.h files below a tree-relative directory. */
export function findIncluders(header: string, readFile: (rel: string) => Buffer | null, listSources: (dir: string) => string[]): string[] {
  const headerDir = path.posix.dirname(header);
  // Search the header's directory and its parent's tree (drivers often keep headers one level up).
  const searchRoot = headerDir.split('/').length > 2 ? path.posix.dirname(headerDir) : headerDir;
  const found: string[] = [];
  const candidates = listSources(searchRoot).filter((f) => f.endsWith('.c')).slice(0, MAX_FILES);
  for (const rel of candidates) {
    const bytes = readFile(rel);
    if (bytes && includes(bytes.toString('latin1'), rel, header)) found.push(rel);
  }
  return found.sort();
}

function includes(text: string, includer: string, header: string): boolean {
  const base = path.posix.basename(header);
  if (!text.includes(base)) return false;
  const re = /^[ \t]*#[ \t]*include[ \t]*"([^"]+)"/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (path.posix.normalize(path.posix.join(path.posix.dirname(includer), m[1])) === header) return true;
  }
  return false;
}
