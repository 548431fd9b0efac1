// Writes a rendered series into its output directory so that at every instant the directory's path
// holds the complete earlier series or the complete new one: the new directory is built beside it
// (same mode and group) and exchanged with it in one step (renameat2 RENAME_EXCHANGE, util/exchange).
// Other outputs of the run (--mbox) are written first and land right after it, or the exchange is
// undone. One writer at a time (util/output-lock). kcodemod's own files live in OUTDIR/.kcodemod/,
// so that `git am OUTDIR/*.patch` and `git send-email OUTDIR` see the mails only.

import fs from 'node:fs';
import crypto from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';
import type { RenderedFile } from './format-patch.js';
import { exchangeDirectories, ExchangeUnsupported } from '../util/exchange.js';
import { lockOutput } from '../util/output-lock.js';
import { removeOnExit, sweepStaleTemporaryDirectories, throwIfStopping } from '../util/temp-dirs.js';

/** kcodemod's directory inside a series directory. */
export const SERIES_STATE_DIR = '.kcodemod';
/** The list of the series' files; a directory holding it was written by kcodemod. */
export const SERIES_MARKER = `${SERIES_STATE_DIR}/series`;
/** The review decisions file (src/series/decisions.ts), kept across rewrites. */
export const DECISIONS_FILE = `${SERIES_STATE_DIR}/kcodemod-decisions.json`;
/** What each patch of the written series is (keys, site ids): `--previous` reads it for v2. */
export const SERIES_MANIFEST_FILE = `${SERIES_STATE_DIR}/kcodemod-series.json`;
/** Where earlier versions of kcodemod kept the same three files (read, never written). */
const LEGACY_FILES = { marker: '.kcodemod-series', decisions: 'kcodemod-decisions.json', manifest: 'kcodemod-series.json' } as const;
const CURRENT_FILES = { marker: SERIES_MARKER, decisions: DECISIONS_FILE, manifest: SERIES_MANIFEST_FILE } as const;
/** Names git format-patch gives: "0001-x.patch", "v2-0000-cover-letter.patch". */
const NUMBERED_PATCH = /^(v[A-Za-z0-9._-]*-)?\d{4,}-[A-Za-z0-9._-]*\.patch$/;

/** The path of a kcodemod file of the series directory DIR: where it is now, or where earlier versions kept it. */
export function seriesFilePath(dir: string, which: keyof typeof CURRENT_FILES): string {
  const current = join(dir, CURRENT_FILES[which]);
  if (fs.existsSync(current)) return current;
  const legacy = join(dir, LEGACY_FILES[which]);
  return fs.existsSync(legacy) ? legacy : current;
}

export interface ExtraOutput {
  /** Absolute path of a file written with the series (e.g. --mbox). */
  path: string;
  bytes: Buffer;
}

export interface WriteSeriesOptions {
  force: boolean;
  /** Called before each file is written; tests use it to inject a failure (a full disk). */
  beforeWrite?: (name: string) => void;
  /** The series manifest (not part of the mails). */
  manifest?: Buffer;
  /** Files that land with the series or not at all. */
  extraOutputs?: ExtraOutput[];
  /** Called after the directory is in place, before the other outputs land (tests: a failure there). */
  beforeLanding?: () => void;
}

function isLegacyOwn(name: string): boolean {
  return name === LEGACY_FILES.marker || name === LEGACY_FILES.decisions || name === LEGACY_FILES.manifest;
}

/** Entries of a series directory that kcodemod wrote (and replaces). */
function isOurs(dir: string, name: string): boolean {
  const stat = fs.lstatSync(join(dir, name));
  if (name === SERIES_STATE_DIR) return stat.isDirectory();
  return stat.isFile() && (isLegacyOwn(name) || NUMBERED_PATCH.test(name));
}

/** Every name must be a plain file name that resolves to an entry directly inside `dir`. */
function checkNames(dir: string, files: RenderedFile[]): void {
  const seen = new Set<string>();
  for (const { name } of files) {
    const target = resolve(dir, name);
    if (!name || name.includes('/') || name.includes('\\') || name.includes('\0') || dirname(target) !== dir || basename(target) !== name) {
      throw new Error(`refusing to write ${JSON.stringify(name)}: not a file name inside ${dir}`);
    }
    if (name === SERIES_STATE_DIR || isLegacyOwn(name)) throw new Error(`refusing to write ${name}: the name is reserved`);
    if (seen.has(name)) throw new Error(`two files of the series are both named ${name}`);
    seen.add(name);
  }
}

function describe(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const message = error instanceof Error ? error.message : String(error);
  return code && !message.startsWith(code) ? `${code}: ${message}` : message;
}

/** Writes the series, its marker and manifest into the new directory STAGING. */
function writeFiles(staging: string, files: RenderedFile[], options: WriteSeriesOptions): void {
  for (const file of files) {
    options.beforeWrite?.(file.name);
    writeDurably(join(staging, file.name), file.bytes);
  }
  fs.mkdirSync(join(staging, SERIES_STATE_DIR), { recursive: true });
  writeDurably(join(staging, SERIES_MARKER), Buffer.from(files.map((f) => f.name).join('\n') + '\n'));
  if (options.manifest) writeDurably(join(staging, SERIES_MANIFEST_FILE), options.manifest);
}

function writeDurably(file: string, bytes: Uint8Array): void {
  const fd = fs.openSync(file, 'wx', 0o666);
  try {
    fs.writeFileSync(fd, bytes);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function fsyncDirectory(dir: string): void {
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Temporary names beside TARGET carry the pid, so a later run can sweep those of a killed one. */
function stagingPrefix(target: string): string {
  return `.${basename(target)}.kcodemod-new-`;
}

function stagingName(target: string): string {
  return join(dirname(target), `${stagingPrefix(target)}${process.pid}-${crypto.randomBytes(4).toString('hex')}`);
}

/** The old directory's mode and group on the new one (before any file, so a setgid group is inherited). */
function keepModeAndGroup(staging: string, old: fs.Stats): void {
  fs.chmodSync(staging, old.mode & 0o7777);
  const now = fs.statSync(staging);
  if (now.gid !== old.gid) {
    try {
      fs.chownSync(staging, now.uid, old.gid);
    } catch {
      // not a member of that group: the directory gets ours, as any new file would
    }
  }
}

/** Hard links of everything in DIR except our own entries (a --force run over a foreign directory). */
function linkForeignEntries(from: string, to: string): void {
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    if (isOurs(from, entry.name)) continue;
    linkTree(join(from, entry.name), join(to, entry.name));
  }
}

/** FROM's tree again at TO: directories made (same modes), everything else hard-linked. Iterative: any depth. */
function linkTree(from: string, to: string): void {
  const pending: Array<[string, string]> = [[from, to]];
  while (pending.length > 0) {
    const [source, copy] = pending.pop() as [string, string];
    const stat = fs.lstatSync(source);
    if (!stat.isDirectory()) {
      fs.linkSync(source, copy);
      continue;
    }
    fs.mkdirSync(copy);
    fs.chmodSync(copy, stat.mode & 0o7777);
    for (const name of fs.readdirSync(source)) pending.push([join(source, name), join(copy, name)]);
  }
}

/**
 * The first entry of DIR's tree that this process could not remove (a directory it cannot list or
 * change, an entry of a sticky directory owned by someone else), or null. Checked before the exchange:
 * after it, the earlier series is removed, and a half-removed one cannot be put back. Iterative: any depth.
 */
export function unremovableEntry(dir: string): string | null {
  const uid = process.getuid?.();
  const pending = [dir];
  while (pending.length > 0) {
    const current = pending.pop() as string;
    try {
      fs.accessSync(current, fs.constants.R_OK | fs.constants.W_OK | fs.constants.X_OK);
    } catch {
      return current;
    }
    const stat = fs.lstatSync(current);
    const sticky = (stat.mode & 0o1000) !== 0 && uid !== undefined && uid !== 0 && stat.uid !== uid;
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      if (sticky && fs.lstatSync(path).uid !== uid) return path;
      if (entry.isDirectory()) pending.push(path);
    }
  }
  return null;
}

/** Throws, in one line, when DIR exists and holds files that are not a kcodemod series and FORCE is not given. */
export function refuseForeignDirectory(dir: string, force: boolean): void {
  const target = resolve(dir);
  if (force || !fs.existsSync(target) || !fs.lstatSync(target).isDirectory()) return;
  const foreign = fs.readdirSync(target).filter((name) => !isOurs(target, name));
  if (foreign.length === 0) return;
  const shown = foreign.slice(0, 3).join(', ') + (foreign.length > 3 ? ', ...' : '');
  throw new Error(`${dir} holds files that are not a kcodemod series (${shown}); use --force to replace only the numbered patch files in it`);
}

/**
 * Writes `files` as the series in `dir`. The directory may be missing, hold an earlier kcodemod
 * series (replaced as a whole, keeping the review decisions), or hold other files: then this throws
 * unless `force`, which replaces only numbered patch files and keeps everything else.
 */
export function writeSeriesDirectory(dir: string, files: RenderedFile[], options: WriteSeriesOptions): void {
  const target = resolve(dir);
  checkNames(target, files);
  throwIfStopping();
  const lock = lockOutput(target, 'the output directory');
  try {
    writeLocked(dir, target, files, options);
  } finally {
    lock.release();
  }
}

function writeLocked(dir: string, target: string, files: RenderedFile[], options: WriteSeriesOptions): void {
  sweepStaleTemporaryDirectories(stagingPrefix(target), dirname(target));
  for (const extra of options.extraOutputs ?? []) sweepStaleTemporaryDirectories(stagingPrefix(extra.path), dirname(extra.path));
  for (const extra of options.extraOutputs ?? []) {
    const stat = fs.lstatSync(extra.path, { throwIfNoEntry: false });
    if (stat && !stat.isFile()) throw new Error(`refusing to replace ${extra.path}: it is not a regular file`);
  }
  let old: fs.Stats | null = null;
  try {
    old = fs.lstatSync(target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (old && !old.isDirectory()) throw new Error(`${dir} exists and is not a directory`);
  let foreign: string[] = [];
  if (old) {
    foreign = fs.readdirSync(target).filter((name) => !isOurs(target, name));
    if (foreign.length && !options.force) {
      const shown = foreign.slice(0, 3).join(', ') + (foreign.length > 3 ? ', ...' : '');
      throw new Error(`${dir} holds files that are not a kcodemod series (${shown}); use --force to replace only the numbered patch files in it`);
    }
    const stuck = unremovableEntry(target);
    if (stuck) {
      const where = stuck === target ? dir : join(dir, stuck.slice(target.length + 1));
      throw new Error(`${where} is not writable: the earlier series could not be removed; nothing was changed`);
    }
  } else {
    fs.mkdirSync(dirname(target), { recursive: true });
  }

  const staging = stagingName(target);
  const temporaries: string[] = [staging];
  const forget = removeOnExit(staging);
  const extras: Array<{ temporary: string; path: string }> = [];
  const cleanUp = () => {
    for (const t of temporaries) fs.rmSync(t, { recursive: true, force: true });
    forget();
  };
  try {
    fs.mkdirSync(staging, { mode: 0o777 });
    if (old) {
      keepModeAndGroup(staging, old);
      if (foreign.length) linkForeignEntries(target, staging);
      const decisions = seriesFilePath(target, 'decisions');
      if (fs.existsSync(decisions)) {
        fs.mkdirSync(join(staging, SERIES_STATE_DIR), { recursive: true });
        fs.copyFileSync(decisions, join(staging, DECISIONS_FILE));
      }
    }
    writeFiles(staging, files, options);
    for (const extra of options.extraOutputs ?? []) {
      const temporary = stagingName(extra.path);
      temporaries.push(temporary);
      removeOnExit(temporary);
      writeDurably(temporary, extra.bytes);
      extras.push({ temporary, path: extra.path });
    }
    fsyncDirectory(staging);
  } catch (error) {
    cleanUp();
    throw new Error(`could not write the series to ${dir}: ${describe(error)}; nothing was changed`);
  }

  // The commit point: the directory, then the other outputs; any failure puts the old ones back.
  let exchanged = false;
  try {
    throwIfStopping();
    if (old) {
      swapDirectories(staging, target);
      exchanged = true;
    } else {
      fs.renameSync(staging, target);
    }
    try {
      options.beforeLanding?.();
      for (const extra of extras) fs.renameSync(extra.temporary, extra.path);
    } catch (error) {
      if (exchanged) swapDirectories(staging, target);
      else fs.renameSync(target, staging);
      exchanged = false;
      throw error;
    }
  } catch (error) {
    cleanUp();
    throw new Error(`could not replace the series in ${dir}: ${describe(error)}; the earlier files are intact`);
  }
  fsyncDirectory(dirname(target));
  // What is left under the staging name is the earlier series (checked removable above; a failure
  // now leaves it under a name the next run sweeps).
  try {
    cleanUp();
  } catch (error) {
    throw new Error(`the series was written to ${dir}, but the earlier one could not be removed: ${describe(error)}; it is left in ${staging}`);
  }
}

/** The atomic exchange; where the filesystem has none, two renames (a kill between them leaves STAGING.old). */
function swapDirectories(staging: string, target: string): void {
  const moving = fs.lstatSync(staging);
  try {
    exchangeDirectories(staging, target);
  } catch (error) {
    // The helper can be stopped (Ctrl-C reaches it too) after its system call: then the exchange is done.
    const now = fs.lstatSync(target, { throwIfNoEntry: false });
    if (now && now.ino === moving.ino && now.dev === moving.dev) return;
    if (!(error instanceof ExchangeUnsupported)) throw error;
    const aside = `${staging}.old`;
    fs.renameSync(target, aside);
    try {
      fs.renameSync(staging, target);
    } catch (second) {
      fs.renameSync(aside, target);
      throw second;
    }
    fs.renameSync(aside, staging);
  }
}
