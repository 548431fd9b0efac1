// Reading a written series directory: its numbered patches in order, their subjects and paths.
import fs from 'node:fs';
import path from 'node:path';
import { readRegularFile } from '../util/fs.js';
import { firstLine, git } from '../util/git.js';

export interface SeriesPatchFile {
  name: string;
  path: string;
  subject: string;
  bytes: Buffer;
}

const PATCH_NAME = /^(v\d+-)?(\d{4})-.+\.patch$/;

export function listSeriesPatches(dir: string): SeriesPatchFile[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch (e) {
    throw new Error(`cannot read the series directory ${dir}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const patches = names
    .filter((n) => PATCH_NAME.test(n) && !/-cover-letter\.patch$/.test(n))
    .sort()
    .map((name) => {
      const file = path.join(dir, name);
      let bytes: Buffer;
      try {
        bytes = readRegularFile(file);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        throw new Error(`cannot read the patch ${file}: ${code === 'ENOTREG' ? 'not a regular file' : (code ?? (e as Error).message)}`);
      }
      const m = /^Subject: (.*(?:\n [^\n]*)*)/m.exec(bytes.toString('utf8'));
      return { name, path: file, subject: m ? m[1].replace(/\n /g, ' ') : name, bytes };
    });
  if (patches.length === 0) throw new Error(`${dir} holds no numbered patches (NNNN-*.patch)`);
  return patches;
}

/**
 * Paths a set of patches touches, as git itself reads them (`git apply --numstat -z`: quoted names,
 * spaces, renames), so the ".." guard sees exactly the paths git am will write. DIR is where git runs
 * (the tree: nothing is applied, --numstat only reads the patch).
 */
export function touchedPaths(patches: Buffer[], dir: string): string[] {
  const paths = new Set<string>();
  for (const bytes of patches) {
    const result = git(dir, ['apply', '--numstat', '-z', '-'], { input: bytes });
    if (result.status !== 0) throw new Error(`git cannot read a patch of the series: ${firstLine(result.stderr, result.status)}`);
    const fields = result.stdout.toString('utf8').split('\0');
    for (let i = 0; i < fields.length; i++) {
      const m = /^[-\d]+\t[-\d]+\t([\s\S]*)$/.exec(fields[i]);
      if (!m) continue;
      // An empty name: the old and the new path follow as fields of their own.
      for (const p of m[1] === '' ? [fields[++i], fields[++i]] : [m[1]]) paths.add(p ?? '');
    }
    // --numstat names a rename by its new path only: the old one is in the "rename from" header.
    for (const m of bytes.toString('latin1').matchAll(/^(?:rename|copy) from (.*)$/gm)) {
      paths.add(Buffer.from(unquoteCStyle(m[1]), 'latin1').toString('utf8'));
    }
  }
  for (const p of paths) {
    if (p === '' || p.split('/').includes('..') || p.startsWith('/')) throw new Error(`a patch names a path outside the tree: ${JSON.stringify(p)}`);
  }
  return [...paths].sort();
}

/** git's C-style quoted name ("a\\tb", octal bytes) back to its bytes (as Latin-1 text); unquoted names as they are. */
function unquoteCStyle(name: string): string {
  if (!name.startsWith('"') || !name.endsWith('"')) return name;
  const escapes: Record<string, string> = { a: '\x07', b: '\b', t: '\t', n: '\n', v: '\v', f: '\f', r: '\r', '"': '"', '\\': '\\' };
  return name.slice(1, -1).replace(/\\([0-7]{3}|.)/g, (_, e: string) => (e.length === 3 ? String.fromCharCode(parseInt(e, 8)) : (escapes[e] ?? e)));
}
