// What besides the tree decides an analysis: the engine's code (its own files, the parser's versions,
// the plan's schema) and the transform's code (its module and every file it imports, relative imports
// followed: an external transform changes without a version bump). A change to either is a new key.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { SCHEMA_VERSION } from '../types.js';
import type { EntryStore } from './entry-store.js';

const engineDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let engine: string | null = null;

/**
 * A hash of the engine's own files (src/ under tsx, dist/src/ compiled), the parser's versions and the
 * schema. With STORE, the hash is kept under the files' stat data (size, times, inode): a run on an
 * unchanged engine reads none of them. Files changed within two seconds of the run are always read.
 */
export function engineFingerprint(store?: EntryStore): string {
  engine ??= engineFingerprintOf(store);
  return engine;
}

/** engineFingerprint without the run's memo, as a run at NOW (ms) makes it. */
export function engineFingerprintOf(store?: EntryStore, now = Date.now()): string {
  const files = filesBelow(engineDir);
  const header = `schema ${SCHEMA_VERSION}\0node ${process.version}\0${dependencyVersions()}`;
  let statKey: string | null = null;
  if (store) {
    const settledBefore = now - 2000;
    const stats = files.map((file) => fs.statSync(file));
    if (stats.every((stat) => stat.mtimeMs < settledBefore && stat.ctimeMs < settledBefore)) {
      statKey = [header, ...files.map((file, i) => `${path.relative(engineDir, file)}:${stats[i].size}:${stats[i].mtimeMs}:${stats[i].ctimeMs}:${stats[i].ino}`)].join('\n');
      const kept = store.get(ENGINE_KIND, statKey)?.toString('latin1');
      if (kept && /^[0-9a-f]{64}$/.test(kept)) return kept;
    }
  }
  const hash = crypto.createHash('sha256');
  hash.update(header);
  for (const file of files) hash.update(`${path.relative(engineDir, file)}\0`).update(fs.readFileSync(file)).update('\0');
  const fingerprint = hash.digest('hex');
  if (store && statKey) store.put(ENGINE_KIND, statKey, Buffer.from(fingerprint, 'latin1'));
  return fingerprint;
}

const ENGINE_KIND = 'engine';

function dependencyVersions(): string {
  const require = createRequire(import.meta.url);
  let versions = '';
  for (const dependency of ['tree-sitter', 'tree-sitter-c']) {
    try {
      versions += `${dependency} ${(require(`${dependency}/package.json`) as { version: string }).version}\0`;
    } catch {
      versions += `${dependency} unknown\0`;
    }
  }
  return versions;
}

function filesBelow(dir: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...filesBelow(full));
    else if (entry.isFile() && /\.(m|c)?(js|ts)$/.test(entry.name) && !/\.d\.ts$/.test(entry.name)) found.push(full);
  }
  return found;
}

// `import ... from 'x'`, `export ... from 'x'`, `import 'x'`, `import('x')`: the specifiers a module loads.
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(?\s*)(['"])([^'"\n]+)\1/g;
const EXTENSIONS = ['', '.ts', '.js', '.mts', '.mjs', '.cts', '.cjs', '/index.ts', '/index.js'];

/**
 * A hash of ENTRY and every file it reaches through relative imports (as tsx resolves them: `./x.js` may
 * be `./x.ts`). Package imports are the engine's (`kcodemod/sdk`) or node's, and so are the engine's own
 * files a built-in transform imports by path: the engine's fingerprint covers them. An import that
 * cannot be resolved is hashed by its text.
 */
export function transformFingerprint(entry: string): string {
  const hash = crypto.createHash('sha256');
  const seen = new Set<string>();
  const pending = [path.resolve(entry)];
  while (pending.length) {
    const file = pending.shift()!;
    if (seen.has(file)) continue;
    seen.add(file);
    let text: Buffer;
    try {
      text = fs.readFileSync(file);
    } catch {
      hash.update(`missing ${file}\0`);
      continue;
    }
    hash.update(`${file}\0`).update(text).update('\0');
    for (const match of text.toString('utf8').matchAll(SPECIFIER)) {
      const specifier = match[2];
      if (!specifier.startsWith('.')) continue;
      const resolved = resolveRelative(path.dirname(file), specifier);
      if (resolved && resolved.startsWith(engineDir + path.sep)) hash.update(`engine ${path.relative(engineDir, resolved)}\0`);
      else if (resolved) pending.push(resolved);
      else hash.update(`unresolved ${file} ${specifier}\0`);
    }
  }
  return hash.digest('hex');
}

function resolveRelative(dir: string, specifier: string): string | null {
  const base = path.resolve(dir, specifier);
  const stems = [base, base.replace(/\.(m|c)?js$/, '')];
  for (const stem of stems) {
    for (const extension of EXTENSIONS) {
      const candidate = stem + extension;
      try {
        if (fs.statSync(candidate).isFile()) return candidate;
      } catch {
        /* next candidate */
      }
    }
  }
  return null;
}
