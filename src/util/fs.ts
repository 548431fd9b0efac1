// Filesystem access that cannot escape a directory and cannot leave half-written output behind.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

const realRoots = new Map<string, string>();

/** realpath of a tree root, cached: every tree file read would otherwise resolve it again. */
function realRoot(dir: string): string {
  let real = realRoots.get(dir);
  if (real === undefined) {
    real = fs.realpathSync.native(dir);
    realRoots.set(dir, real);
  }
  return real;
}

/** true when `candidate` is `dir` itself or below it (both absolute and normalized). */
export function isWithin(dir: string, candidate: string): boolean {
  if (candidate === dir) return true;
  return candidate.startsWith(dir.endsWith(path.sep) ? dir : dir + path.sep);
}

/** Refuses relative paths that are empty, absolute, hold a NUL byte or climb out with "..". */
function lexicallyInside(rel: string): boolean {
  if (!rel || rel.includes('\0') || path.isAbsolute(rel)) return false;
  const normalized = path.normalize(rel);
  return normalized !== '..' && !normalized.startsWith('..' + path.sep) && normalized !== '.';
}

/** The path the kernel actually opened for fd (race-free on Linux), or the realpath of `abs` elsewhere. */
function openedPath(fd: number, abs: string): string {
  try {
    return fs.readlinkSync(`/proc/self/fd/${fd}`);
  } catch {
    return fs.realpathSync.native(abs);
  }
}

/**
 * The bytes of TREE/REL, or null when the file is missing, unreadable, not a regular file, or not inside
 * the tree: REL is refused when absolute or climbing out with "..", and symlinks are followed only when
 * they resolve inside the tree. Never throws for a file problem (callers record "could not be read").
 */
export function readTreeFile(tree: string, rel: string): Buffer | null {
  if (!lexicallyInside(rel)) return null;
  let root: string;
  try {
    root = realRoot(tree);
  } catch {
    return null;
  }
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO named like a source must not hang the run.
    fd = fs.openSync(path.join(root, rel), fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  } catch {
    return null;
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) return null;
    if (!isWithin(root, openedPath(fd, path.join(root, rel)))) return null;
    return readAll(fd, stat.size);
  } catch {
    return null;
  } finally {
    fs.closeSync(fd);
  }
}

/** Reads an open file to its end; SIZE (from fstat) is a hint, the file may have changed since. */
function readAll(fd: number, size: number): Buffer {
  let buffer = Buffer.allocUnsafe(size + 1);
  let length = 0;
  for (;;) {
    if (length === buffer.length) {
      const bigger = Buffer.allocUnsafe(buffer.length * 2);
      buffer.copy(bigger, 0, 0, length);
      buffer = bigger;
    }
    const count = fs.readSync(fd, buffer, length, buffer.length - length, null);
    if (count === 0) return buffer.subarray(0, length);
    length += count;
  }
}

/**
 * Throws unless `candidate` lies strictly inside `dir`: lexically, and (for the part that exists) after
 * resolving symlinks, so a symlinked subdirectory cannot lead a write elsewhere. Returns the absolute path.
 */
export function assertInside(dir: string, candidate: string): string {
  const base = path.resolve(dir);
  const target = path.resolve(base, candidate);
  if (target === base || !isWithin(base, target)) throw new Error(`refusing path ${candidate}: it is outside ${dir}`);
  let existing = target;
  while (!fs.existsSync(existing) && existing !== base) existing = path.dirname(existing);
  if (fs.existsSync(base) && fs.existsSync(existing)) {
    const realBase = fs.realpathSync.native(base);
    const realExisting = fs.realpathSync.native(existing);
    if (!isWithin(realBase, realExisting) || (existing === target && realExisting === realBase)) {
      throw new Error(`refusing path ${candidate}: it resolves outside ${dir}`);
    }
  }
  return target;
}

function temporaryName(target: string, kind: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${kind}-${process.pid}-${randomBytes(4).toString('hex')}`);
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function fsyncDirectory(dir: string): void {
  // Makes the rename itself durable; some filesystems refuse fsync on a directory, which is harmless.
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    /* best effort */
  }
}

/**
 * Replaces FILE with BYTES so that readers see the old or the new content, never a mix: the bytes go to a
 * temporary file in the same directory, are fsync'ed, then renamed over FILE. An existing file keeps its
 * mode. A symlink or non-regular FILE is refused (the rename would replace the link, not its target).
 */
export function writeFileAtomic(file: string, bytes: Uint8Array): void {
  let keepMode: number | null = null;
  try {
    const stat = fs.lstatSync(file);
    if (stat.isSymbolicLink()) throw new Error(`refusing to replace ${file}: it is a symlink`);
    if (!stat.isFile()) throw new Error(`refusing to replace ${file}: it is not a regular file`);
    keepMode = stat.mode & 0o7777;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const temporary = temporaryName(file, 'tmp');
  try {
    const fd = fs.openSync(temporary, 'wx', keepMode ?? 0o666);
    try {
      if (keepMode !== null) fs.fchmodSync(fd, keepMode); // the umask applied at creation
      fs.writeFileSync(fd, bytes);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temporary, file);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw new Error(`cannot write ${file}: ${errorText(error)}`, { cause: error });
  }
  fsyncDirectory(path.dirname(file));
}

function fsyncFilesBelow(dir: string): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) fsyncFilesBelow(full);
    else if (entry.isFile()) {
      const fd = fs.openSync(full, 'r');
      try {
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
    }
  }
  fsyncDirectory(dir);
}

/** The directory to replace (symlinks resolved) and whether it exists; refuses a non-directory. */
function existingDirectory(targetDir: string): { target: string; exists: boolean } {
  const resolved = path.resolve(targetDir);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(resolved);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { target: resolved, exists: false };
    throw new Error(`cannot use ${targetDir}: ${errorText(error)}`, { cause: error });
  }
  if (!stat.isDirectory()) throw new Error(`${targetDir} exists and is not a directory`);
  return { target: fs.realpathSync.native(resolved), exists: true };
}

/**
 * Replaces the directory TARGET with one made by BUILD, which fills a fresh temporary directory next to
 * TARGET (same filesystem, so renames work). If BUILD or any write fails (read-only filesystem, full
 * disk), the temporary directory is removed and TARGET is left exactly as it was. The swap is two renames
 * (old aside, new in place; the old one is restored if the second fails), then the old copy is deleted.
 * A symlink TARGET is resolved: the directory it points to is replaced, the link stays.
 */
export function replaceDirAtomic(targetDir: string, build: (tmpDir: string) => void): void {
  const { target, exists: targetExists } = existingDirectory(targetDir);

  const parent = path.dirname(target);
  let temporary: string;
  try {
    fs.mkdirSync(parent, { recursive: true });
    temporary = fs.mkdtempSync(path.join(parent, `.${path.basename(target)}.tmp-`));
  } catch (error) {
    throw new Error(`cannot write next to ${targetDir}: ${errorText(error)}`, { cause: error });
  }

  try {
    build(temporary);
    fsyncFilesBelow(temporary);
  } catch (error) {
    fs.rmSync(temporary, { recursive: true, force: true });
    throw error;
  }

  if (!targetExists) {
    try {
      fs.renameSync(temporary, target);
    } catch (error) {
      fs.rmSync(temporary, { recursive: true, force: true });
      throw new Error(`cannot create ${targetDir}: ${errorText(error)}`, { cause: error });
    }
    fsyncDirectory(parent);
    return;
  }

  const aside = temporaryName(target, 'old');
  try {
    fs.renameSync(target, aside);
  } catch (error) {
    fs.rmSync(temporary, { recursive: true, force: true });
    throw new Error(`cannot replace ${targetDir}: ${errorText(error)}`, { cause: error });
  }
  try {
    fs.renameSync(temporary, target);
  } catch (error) {
    try {
      fs.renameSync(aside, target);
    } finally {
      fs.rmSync(temporary, { recursive: true, force: true });
    }
    throw new Error(`cannot replace ${targetDir}: ${errorText(error)}`, { cause: error });
  }
  fsyncDirectory(parent);
  fs.rmSync(aside, { recursive: true, force: true });
}

/**
 * The bytes of FILE when it is a regular file (symlinks followed); throws `FILE: not a regular file`
 * otherwise. Opened without blocking, so a FIFO planted under that name cannot hang the run.
 */
export function readRegularFile(file: string): Buffer {
  const fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) throw Object.assign(new Error(`${file}: not a regular file`), { code: 'ENOTREG' });
    return fs.readFileSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
