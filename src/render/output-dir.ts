// Writes a rendered series into its output directory without ever leaving a half-written series:
// the new files are built in a temporary directory beside it and swapped in by rename; the
// decisions file of an earlier run is kept. A directory holding other files is refused unless
// forced, and then only our own numbered patch files are replaced, everything else stays.

import { copyFileSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { RenderedFile } from './format-patch.js';

/** Written into every series directory we create, so a later run recognizes it as ours. */
export const SERIES_MARKER = '.kcodemod-series';
/** The review decisions file (src/series/decisions.ts), kept across rewrites. */
export const DECISIONS_FILE = 'kcodemod-decisions.json';
/** What each patch of the written series is (keys, site ids): `--previous` reads it for v2. */
export const SERIES_MANIFEST_FILE = 'kcodemod-series.json';
/** Names git format-patch gives: "0001-x.patch", "v2-0000-cover-letter.patch". */
const NUMBERED_PATCH = /^(v[A-Za-z0-9._-]*-)?\d{4,}-[A-Za-z0-9._-]*\.patch$/;

export interface WriteSeriesOptions {
  force: boolean;
  /** Called before each file is written; tests use it to inject a failure (a full disk). */
  beforeWrite?: (name: string) => void;
  /** The series manifest, written beside the marker (not part of the mails). */
  manifest?: Buffer;
}

function isOurs(name: string): boolean {
  return name === SERIES_MARKER || name === DECISIONS_FILE || name === SERIES_MANIFEST_FILE || NUMBERED_PATCH.test(name);
}

/** Every name must be a plain file name that resolves to an entry directly inside `dir`. */
function checkNames(dir: string, files: RenderedFile[]): void {
  const seen = new Set<string>();
  for (const { name } of files) {
    const target = resolve(dir, name);
    if (!name || name.includes('/') || name.includes('\\') || name.includes('\0') || dirname(target) !== dir || basename(target) !== name) {
      throw new Error(`refusing to write ${JSON.stringify(name)}: not a file name inside ${dir}`);
    }
    if (name === SERIES_MARKER || name === DECISIONS_FILE || name === SERIES_MANIFEST_FILE) throw new Error(`refusing to write ${name}: the name is reserved`);
    if (seen.has(name)) throw new Error(`two files of the series are both named ${name}`);
    seen.add(name);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Writes the files (and the marker) into `target`, a fresh directory. */
function writeFiles(target: string, files: RenderedFile[], options: WriteSeriesOptions): void {
  for (const file of files) {
    options.beforeWrite?.(file.name);
    writeFileSync(join(target, file.name), file.bytes, { flag: 'wx' });
  }
  writeFileSync(join(target, SERIES_MARKER), files.map((f) => f.name).join('\n') + '\n', { flag: 'wx' });
  if (options.manifest) writeFileSync(join(target, SERIES_MANIFEST_FILE), options.manifest, { flag: 'wx' });
}

function stagingDir(dir: string, purpose: string): string {
  return mkdtempSync(join(dirname(dir), `.${basename(dir)}.${purpose}-`));
}

/** New directory or an earlier series: build beside it, then swap the whole directory in. */
function replaceWhole(dir: string, files: RenderedFile[], options: WriteSeriesOptions, exists: boolean): void {
  const staging = stagingDir(dir, 'new');
  try {
    writeFiles(staging, files, options);
    if (exists && existsSync(join(dir, DECISIONS_FILE))) copyFileSync(join(dir, DECISIONS_FILE), join(staging, DECISIONS_FILE));
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw new Error(`could not write the series to ${dir}: ${describe(error)}; nothing was changed`);
  }
  if (!exists) {
    renameSync(staging, dir);
    return;
  }
  const old = `${staging}.old`;
  renameSync(dir, old);
  try {
    renameSync(staging, dir);
  } catch (error) {
    renameSync(old, dir);
    rmSync(staging, { recursive: true, force: true });
    throw new Error(`could not replace ${dir}: ${describe(error)}; the earlier series is intact`);
  }
  rmSync(old, { recursive: true, force: true });
}

/** A foreign directory with --force: swap only our numbered patch files, with rollback on failure. */
function replaceOwnFiles(dir: string, files: RenderedFile[], options: WriteSeriesOptions, entries: string[]): void {
  const staging = stagingDir(dir, 'new');
  const backup = stagingDir(dir, 'old');
  const cleanUp = () => {
    rmSync(staging, { recursive: true, force: true });
    rmSync(backup, { recursive: true, force: true });
  };
  try {
    writeFiles(staging, files, options);
  } catch (error) {
    cleanUp();
    throw new Error(`could not write the series to ${dir}: ${describe(error)}; nothing was changed`);
  }
  const oldOwn = entries.filter((name) => (NUMBERED_PATCH.test(name) || name === SERIES_MARKER || name === SERIES_MANIFEST_FILE) && lstatSync(join(dir, name)).isFile());
  const movedOut: string[] = [];
  const movedIn: string[] = [];
  try {
    for (const name of oldOwn) {
      renameSync(join(dir, name), join(backup, name));
      movedOut.push(name);
    }
    for (const name of [...files.map((f) => f.name), SERIES_MARKER, ...(options.manifest ? [SERIES_MANIFEST_FILE] : [])]) {
      if (existsSync(join(dir, name))) throw new Error(`${name} exists and is not ours`);
      renameSync(join(staging, name), join(dir, name));
      movedIn.push(name);
    }
  } catch (error) {
    for (const name of movedIn) rmSync(join(dir, name), { force: true });
    for (const name of movedOut) renameSync(join(backup, name), join(dir, name));
    cleanUp();
    throw new Error(`could not replace the series in ${dir}: ${describe(error)}; the earlier files are intact`);
  }
  cleanUp();
}

/**
 * Writes `files` as the series in `dir`. The directory may be missing, hold an earlier kcodemod
 * series (replaced as a whole, keeping kcodemod-decisions.json), or hold other files: then this
 * throws unless `force`, which replaces only numbered patch files and keeps everything else.
 */
export function writeSeriesDirectory(dir: string, files: RenderedFile[], options: WriteSeriesOptions): void {
  const target = resolve(dir);
  checkNames(target, files);
  let exists = false;
  try {
    const stat = lstatSync(target);
    if (!stat.isDirectory()) throw new Error(`${dir} exists and is not a directory`);
    exists = true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (!exists) {
    mkdirSync(dirname(target), { recursive: true });
    replaceWhole(target, files, options, false);
    return;
  }
  const entries = readdirSync(target);
  const foreign = entries.filter((name) => !isOurs(name) || !lstatSync(join(target, name)).isFile());
  if (foreign.length === 0) {
    replaceWhole(target, files, options, true);
    return;
  }
  if (!options.force) {
    const shown = foreign.slice(0, 3).join(', ') + (foreign.length > 3 ? ', ...' : '');
    throw new Error(`${dir} holds files that are not a kcodemod series (${shown}); use --force to replace only the numbered patch files in it`);
  }
  replaceOwnFiles(target, files, options, entries);
}
