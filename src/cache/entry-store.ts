// The cache's files: one entry a file, written whole (temporary file, then rename) so a reader sees the
// old entry or the new one, never half of one. Each entry carries the length and SHA-256 of its payload:
// a truncated or corrupted file is simply not an entry. The directory is bounded in size: past the
// bound, the least recently used entries go. Nothing outside the directory is ever touched, and inside
// it only names this store writes.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** 256 MiB: a pci-regions analysis of Linux is ~10 MB, a tree's word index ~3 MB. */
export const DEFAULT_MAX_CACHE_BYTES = 256 * 1024 * 1024;

const MAGIC = 'kcodemod-facts 1';
const ENTRY_NAME = /^[a-z]+-[0-9a-f]{64}\.entry$/;
const TEMP_NAME = /^\.tmp-(\d+)-[0-9a-f]+$/;
/** What eviction keeps once over the bound: room for a few more entries before the next sweep. */
const KEEP_FRACTION = 0.75;

export class EntryStore {
  constructor(
    readonly directory: string,
    readonly maxBytes: number = DEFAULT_MAX_CACHE_BYTES,
  ) {}

  /** The payload stored under KIND/KEY, or null when there is none or it is damaged. */
  get(kind: string, key: string): Buffer | null {
    const file = this.pathOf(kind, key);
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(file);
    } catch {
      return null;
    }
    const payload = verifiedPayload(bytes);
    if (!payload) return null;
    // Marks the entry as recently used for eviction; a failure (read-only cache) costs nothing.
    try {
      const now = new Date();
      fs.utimesSync(file, now, now);
    } catch {
      /* still a valid entry */
    }
    return payload;
  }

  /** Stores PAYLOAD under KIND/KEY; a cache that cannot be written is no error, only a slower next run. */
  put(kind: string, key: string, payload: Buffer): boolean {
    const hash = crypto.createHash('sha256').update(payload).digest('hex');
    const header = Buffer.from(`${MAGIC} ${hash} ${payload.length}\n`, 'latin1');
    let temp: string | null = null;
    try {
      // Created only when missing: a run on a warm cache makes no mkdir call.
      if (!fs.existsSync(this.directory)) fs.mkdirSync(this.directory, { recursive: true, mode: 0o700 });
      temp = path.join(this.directory, `.tmp-${process.pid}-${crypto.randomBytes(6).toString('hex')}`);
      const fd = fs.openSync(temp, 'wx', 0o600);
      try {
        fs.writeSync(fd, header);
        fs.writeSync(fd, payload);
      } finally {
        fs.closeSync(fd);
      }
      fs.renameSync(temp, this.pathOf(kind, key));
      temp = null;
    } catch {
      return false;
    } finally {
      // rm's force covers only a missing file: a cache path that is no directory (ENOTDIR) is no error either.
      if (temp) removeQuietly(temp);
    }
    this.evict();
    return true;
  }

  /** Removes least recently used entries while the directory holds more than the bound, and dead writers' temporaries. */
  evict(): void {
    let names: string[];
    try {
      names = fs.readdirSync(this.directory);
    } catch {
      return;
    }
    const entries: { file: string; size: number; used: number }[] = [];
    let total = 0;
    for (const name of names) {
      const file = path.join(this.directory, name);
      const temp = TEMP_NAME.exec(name);
      if (temp) {
        if (!processAlive(Number(temp[1]))) fs.rmSync(file, { force: true });
        continue;
      }
      if (!ENTRY_NAME.test(name)) continue;
      try {
        const stat = fs.lstatSync(file);
        if (!stat.isFile()) continue;
        entries.push({ file, size: stat.size, used: stat.mtimeMs });
        total += stat.size;
      } catch {
        /* removed by another run meanwhile */
      }
    }
    if (total <= this.maxBytes) return;
    entries.sort((a, b) => a.used - b.used);
    for (const entry of entries) {
      if (total <= this.maxBytes * KEEP_FRACTION) break;
      fs.rmSync(entry.file, { force: true });
      total -= entry.size;
    }
  }

  pathOf(kind: string, key: string): string {
    return path.join(this.directory, `${kind}-${crypto.createHash('sha256').update(key).digest('hex')}.entry`);
  }
}

function verifiedPayload(bytes: Buffer): Buffer | null {
  const newline = bytes.indexOf(0x0a);
  if (newline < 0 || newline > 200) return null;
  const [magic1, magic2, hash, length] = bytes.subarray(0, newline).toString('latin1').split(' ');
  if (`${magic1} ${magic2}` !== MAGIC || !/^[0-9a-f]{64}$/.test(hash ?? '') || !/^\d+$/.test(length ?? '')) return null;
  const payload = bytes.subarray(newline + 1);
  if (payload.length !== Number(length)) return null;
  return crypto.createHash('sha256').update(payload).digest('hex') === hash ? payload : null;
}

function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function removeQuietly(file: string): void {
  try {
    fs.rmSync(file, { force: true });
  } catch {
    /* nothing was written there */
  }
}
