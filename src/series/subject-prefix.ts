// Subject prefixes ("ata: ahci", "ALSA: hda", "PCI/MSI") as the subsystem writes them. In order:
// the person's config, what `git log` of the files shows, the prefixes the transform declares for
// the files it knows, a small table of well-known prefixes (by path, then by MAINTAINERS section),
// and finally the name of the files' directory.
import { firstLineOf } from '../errors.js';
import { readFileSync } from 'node:fs';
import { posix } from 'node:path';
import { git } from '../util/git.js';
import { hasControlCharacter } from '../discover/skips.js';
import type { Section } from './maintainers.js';

export type PrefixSource = 'config' | 'git log' | 'transform' | 'table' | 'path';

export interface SubjectPrefixContext {
  tree: string;
  /** The tree is a git repository with more than one commit (see treeHasHistory). */
  hasHistory: boolean;
  /** The MAINTAINERS section of the patch's subsystem, when known. */
  section: Section | null;
  /** Path (or path prefix ending in "/") -> prefix, from loadPrefixConfig. */
  overrides: Record<string, string>;
  /** Path (or path prefix ending in "/") -> prefix, as the transform declares them. */
  declared?: Readonly<Record<string, string>>;
  /** The Kbuild module every file belongs to, when they share one: names the driver when the
   *  files share neither a basename nor a directory (plover_main.c + plover_debugfs.c -> plover). */
  module?: string;
}

export interface SubjectPrefix {
  /** Without the trailing ": ", e.g. "ALSA: hda". */
  prefix: string;
  source: PrefixSource;
}

export function subjectPrefixFor(files: string[], ctx: SubjectPrefixContext): SubjectPrefix {
  const configured = configuredPrefix(files, ctx.overrides);
  if (configured !== null) return { prefix: configured, source: 'config' };
  if (ctx.hasHistory) {
    const learned = prefixFromHistory(ctx.tree, files);
    if (learned !== null) return { prefix: learned, source: 'git log' };
  }
  const declared = configuredPrefix(files, ctx.declared ?? {});
  if (declared !== null) return { prefix: declared, source: 'transform' };
  const known = tablePrefix(files, ctx.section, ctx.module);
  if (known !== null) return { prefix: known, source: 'table' };
  return { prefix: directoryPrefix(files), source: 'path' };
}

// ---------------------------------------------------------------------------------------------
// Config

/** Reads `{ "subjectPrefixes": { "drivers/ata/": "ata: foo" } }`; errors are one line. */
export function loadPrefixConfig(path: string): Record<string, string> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read prefix config ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`prefix config ${path} is not valid JSON: ${firstLineOf(error)}`);
  }
  if (!isPlainObject(parsed)) throw new Error(`prefix config ${path} must hold a JSON object`);
  const table = parsed.subjectPrefixes;
  if (table === undefined) return {};
  if (!isPlainObject(table)) throw new Error(`prefix config ${path}: "subjectPrefixes" must be an object of path -> prefix`);
  const prefixes: Record<string, string> = {};
  for (const [key, value] of Object.entries(table)) {
    if (typeof value !== 'string' || normalizePrefix(value) === '') {
      throw new Error(`prefix config ${path}: the prefix for "${key}" must be a non-empty string`);
    }
    // It becomes a Subject: a line break would start a header (Cc:) of its own.
    if (hasControlCharacter(value)) throw new Error(`prefix config ${path}: the prefix for ${JSON.stringify(key)} holds control characters`);
    prefixes[key] = normalizePrefix(value);
  }
  return prefixes;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** "ata: foo: " and "ata: foo" mean the same prefix. */
function normalizePrefix(value: string): string {
  return value.trim().replace(/:+$/, '').trim();
}

/** The longest override key that covers every file: the exact path, or a directory ("dir" or "dir/"). */
function configuredPrefix(files: string[], overrides: Readonly<Record<string, string>>): string | null {
  let best: string | null = null;
  for (const key of Object.keys(overrides)) {
    if (files.length > 0 && files.every((file) => pathIsUnder(file, key)) && (best === null || key.length > best.length)) {
      best = key;
    }
  }
  return best === null ? null : normalizePrefix(overrides[best]);
}

function pathIsUnder(file: string, key: string): boolean {
  if (key.endsWith('/')) return file.startsWith(key);
  return file === key || file.startsWith(`${key}/`);
}

// ---------------------------------------------------------------------------------------------
// git log

const HISTORY_DEPTH = 30;
/** Prefixes of tree-wide sweeps say nothing about the subsystem. */
const SWEEP_PREFIXES = new Set(['treewide', 'tree-wide', 'all']);

/** True when the tree is a git repository whose HEAD has more than one commit. */
export function treeHasHistory(tree: string): boolean {
  try {
    const result = git(tree, ['rev-list', '--max-count=2', 'HEAD'], { timeout: 30_000 });
    return result.status === 0 && result.stdout.toString('utf8').trim().split('\n').length >= 2;
  } catch {
    return false; // git not installed: no history to learn from
  }
}

/** The most common prefix of the files' recent subjects (ties: the most recent); null with < 2 commits. */
export function prefixFromHistory(tree: string, files: string[]): string | null {
  const result = git(tree, ['log', '--no-merges', '--no-show-signature', '--format=%s', `-n${HISTORY_DEPTH}`, '--', ...files], { timeout: 60_000 });
  if (result.status !== 0) return null;
  const subjects = result.stdout.toString('utf8').split('\n').filter((line) => line.trim() !== '');
  if (subjects.length < 2) return null;
  const counts = new Map<string, number>();
  for (const subject of subjects) {
    const prefix = prefixOfSubject(subject);
    if (prefix !== null && !SWEEP_PREFIXES.has(prefix.toLowerCase())) counts.set(prefix, (counts.get(prefix) ?? 0) + 1);
  }
  let best: string | null = null;
  for (const [prefix, count] of counts) {
    if (best === null || count > (counts.get(best) ?? 0)) best = prefix; // Map order = newest first
  }
  return best;
}

/**
 * The prefix of a "prefix: Text" subject: the leading "word: " parts, where a word has no spaces
 * ("ALSA: hda: Fix x" -> "ALSA: hda", "net/mlx5e: Fix a: b" -> "net/mlx5e"); null for reverts,
 * merges and subjects without one.
 */
export function prefixOfSubject(subject: string): string | null {
  if (/^(Revert|Reapply|Merge)\b/.test(subject)) return null;
  const parts: string[] = [];
  let rest = subject;
  for (let match = /^([^\s:]+): +/.exec(rest); match; match = /^([^\s:]+): +/.exec(rest)) {
    parts.push(match[1]);
    rest = rest.slice(match[0].length);
  }
  if (parts.length === 0 || rest.trim() === '') return null;
  return parts.join(': ');
}

// ---------------------------------------------------------------------------------------------
// Well-known prefixes

/** How a rule names the driver below its directory; null: the rule's prefix alone. */
type DriverNamer = (below: string[][]) => string | null;

interface PathRule {
  directory: string;
  prefix: string;
  driver?: DriverNamer;
  /** Between prefix and driver: ": " ("ata: ahci") or "/" ("xen/pciback"). */
  joiner?: string;
}

/** The one basename (without extension) the files share, e.g. ahci.c + ahci.h -> "ahci". */
function sharedBasename(below: string[][]): string | null {
  const names = new Set(below.map((components) => stripExtension(components[components.length - 1])));
  return names.size === 1 ? [...names][0] : null;
}

/** The directory at `level` below the rule's directory that holds every file. */
function sharedSubdirectory(level: number): DriverNamer {
  return (below) => {
    const names = new Set(below.map((components) => (components.length > level + 1 ? components[level] : null)));
    const [only] = names;
    return names.size === 1 && only ? only : null;
  };
}

function firstOf(...namers: DriverNamer[]): DriverNamer {
  return (below) => {
    for (const namer of namers) {
      const name = namer(below);
      if (name !== null) return name;
    }
    return null;
  };
}

function withoutPrefix(text: string, namer: DriverNamer): DriverNamer {
  return (below) => namer(below)?.replace(new RegExp(`^${text}`), '') ?? null;
}

function stripExtension(name: string): string {
  return name.replace(/\.[^.]+$/, '');
}

// Conventions from the kernel's history: ata names the file ("ata: libata-core:"), networking and
// most driver trees name the driver directory, xen and drm join with "/". The most specific rule wins.
const PATH_RULES: PathRule[] = [
  { directory: 'drivers/ata/', prefix: 'ata', driver: sharedBasename },
  { directory: 'sound/pci/hda/', prefix: 'ALSA: hda' },
  { directory: 'sound/pci/', prefix: 'ALSA', driver: firstOf(sharedSubdirectory(0), sharedBasename) },
  { directory: 'sound/soc/', prefix: 'ASoC', driver: firstOf(sharedSubdirectory(0), sharedBasename) },
  { directory: 'sound/', prefix: 'ALSA' },
  { directory: 'drivers/hid/amd-sfh-hid/', prefix: 'HID: amd_sfh' },
  { directory: 'drivers/hid/', prefix: 'HID', driver: withoutPrefix('hid-', firstOf(sharedSubdirectory(0), sharedBasename)) },
  { directory: 'drivers/pci/', prefix: 'PCI' },
  { directory: 'drivers/vfio/pci/', prefix: 'vfio/pci' },
  { directory: 'drivers/vfio/', prefix: 'vfio' },
  { directory: 'drivers/net/wireless/', prefix: 'wifi', driver: firstOf(sharedSubdirectory(1), sharedSubdirectory(0)) },
  { directory: 'drivers/net/ethernet/', prefix: 'net', driver: firstOf(sharedSubdirectory(1), sharedSubdirectory(0)) },
  { directory: 'drivers/net/', prefix: 'net', driver: sharedSubdirectory(0) },
  { directory: 'drivers/ntb/hw/', prefix: 'ntb', driver: sharedSubdirectory(0) },
  { directory: 'drivers/ntb/', prefix: 'ntb' },
  { directory: 'drivers/misc/', prefix: 'misc', driver: firstOf(sharedBasename, sharedSubdirectory(0)) },
  { directory: 'drivers/staging/', prefix: 'staging', driver: sharedSubdirectory(0) },
  { directory: 'drivers/xen/', prefix: 'xen', joiner: '/', driver: withoutPrefix('xen-', firstOf(sharedSubdirectory(0), sharedBasename)) },
  { directory: 'drivers/scsi/', prefix: 'scsi', driver: firstOf(sharedSubdirectory(0), sharedBasename) },
  { directory: 'drivers/gpu/drm/', prefix: 'drm', joiner: '/', driver: sharedSubdirectory(0) },
  { directory: 'drivers/infiniband/hw/', prefix: 'RDMA', joiner: '/', driver: sharedSubdirectory(0) },
  { directory: 'drivers/media/', prefix: 'media', driver: firstOf(sharedSubdirectory(1), sharedBasename) },
  { directory: 'drivers/mmc/host/', prefix: 'mmc', driver: sharedBasename },
  { directory: 'drivers/i2c/busses/', prefix: 'i2c', driver: withoutPrefix('i2c-', sharedBasename) },
  { directory: 'drivers/i2c/', prefix: 'i2c' },
  { directory: 'drivers/gpio/', prefix: 'gpio', driver: withoutPrefix('gpio-', sharedBasename) },
  { directory: 'drivers/tty/serial/', prefix: 'serial', driver: firstOf(sharedBasename, sharedSubdirectory(0)) },
  { directory: 'drivers/parport/', prefix: 'parport', driver: sharedBasename },
  { directory: 'drivers/spi/', prefix: 'spi', driver: withoutPrefix('spi-', sharedBasename) },
  { directory: 'drivers/block/', prefix: 'block', driver: firstOf(sharedSubdirectory(0), sharedBasename) },
];

// When the files span directories (e.g. drivers/pci/ and include/linux/pci.h), the section decides.
const SECTION_PREFIXES: Record<string, string> = {
  'PCI SUBSYSTEM': 'PCI',
  'LIBATA SUBSYSTEM (Serial and Parallel ATA drivers)': 'ata',
  'SOUND': 'ALSA',
  'HID CORE LAYER': 'HID',
  'VFIO DRIVER': 'vfio',
  'NETWORKING DRIVERS (WIRELESS)': 'wifi',
  'NETWORKING DRIVERS': 'net',
  'NTB DRIVER CORE': 'ntb',
  'CHAR and MISC DRIVERS': 'misc',
  'STAGING SUBSYSTEM': 'staging',
  'XEN HYPERVISOR INTERFACE': 'xen',
};

/** Headers under include/ follow the code they belong to: the prefix comes from the other files. */
function codeFiles(files: string[]): string[] {
  const code = files.filter((file) => !file.startsWith('include/'));
  return code.length > 0 ? code : files;
}

export function tablePrefix(files: string[], section: Section | null, module?: string): string | null {
  const code = codeFiles(files);
  const rule = PATH_RULES.filter((candidate) => code.length > 0 && code.every((file) => file.startsWith(candidate.directory)))
    .sort((a, b) => b.directory.length - a.directory.length)[0];
  if (rule) {
    const below = code.map((file) => file.slice(rule.directory.length).split('/'));
    const moduleName = module && code.every((file) => file.startsWith(`${posix.dirname(module)}/`)) ? posix.basename(module) : null;
    const driver = rule.driver?.(below) ?? (rule.driver && moduleName ? moduleName : null);
    return driver ? `${rule.prefix}${rule.joiner ?? ': '}${driver}` : rule.prefix;
  }
  if (section && SECTION_PREFIXES[section.title]) return SECTION_PREFIXES[section.title];
  return null;
}

/** The last component of the directory the files share ("drivers/foo/bar/x.c" -> "bar"). */
export function directoryPrefix(files: string[]): string {
  const code = codeFiles(files);
  const directories = code.map((file) => posix.dirname(file).split('/'));
  const shared: string[] = [];
  for (let level = 0; directories.every((d) => d.length > level && d[level] === directories[0][level] && d[level] !== '.'); level++) {
    shared.push(directories[0][level]);
  }
  if (shared.length > 0) return shared[shared.length - 1];
  return code.length === 1 ? stripExtension(posix.basename(code[0])) : 'treewide';
}
