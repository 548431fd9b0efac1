// Reading a written series directory: its numbered patches in order, their subjects and paths.
import fs from 'node:fs';
import path from 'node:path';
import { readRegularFile } from '../util/fs.js';

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

/** Paths a set of patches touches, from their `diff --git a/X b/X` lines. */
export function touchedPaths(patches: Buffer[]): string[] {
  const paths = new Set<string>();
  for (const bytes of patches) {
    const text = bytes.toString('latin1');
    const re = /^diff --git a\/(\S+) b\/(\S+)$/gm;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      for (const p of [m[1], m[2]]) {
        if (p.split('/').includes('..') || p.startsWith('/')) throw new Error(`a patch names a path outside the tree: ${p}`);
        paths.add(p);
      }
    }
  }
  return [...paths].sort();
}
