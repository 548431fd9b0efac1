// The Kbuild index: which module a C file belongs to. Lazy on purpose: a kernel tree has ~3000
// Makefiles and a plan asks about a few dozen files, so only the Makefiles of the asked files'
// directories and, when those do not declare the file, their ancestors are read (a composite can
// list objects of subdirectories: amd_sfh-objs += sfh1_1/amd_sfh_init.o). Each directory is read
// once. Decisions:
// - The nearest directory that declares the object wins; ancestors above it are not read.
// - The configuration is unknown, so every branch of ifeq/ifdef counts (union), and $(foo-y) also
//   takes the foo-$(CONFIG_...) lists.
// - An object built by two modules (a helper shared by two composites, or listed alone and in a
//   composite) belongs to the first one written in the Makefile; a note says so.
// - A module's sources are the members whose .c exists; members built from .S, Rust or generated
//   sources have no .c in the tree and are left out without a note (they hold no C to analyse).
//   The file asked about is always among its module's sources.
// - Only .c files have a module: a header belongs to the modules of the files that include it,
//   which is for the caller to work out; moduleOf() throws for anything else.
import { posix } from 'node:path';
import type { KbuildModule, KbuildNote } from '../types.js';
import { readDirectoryKbuild, type DirectoryKbuild, type Listing, type ObjectOwner } from './kbuild-makefile.js';

export type { Listing };

export interface KbuildModuleInfo extends KbuildModule {
  /** Where the module's obj- line is (file, 1-based line); null for an implicit module. */
  declaredAt: { file: string; line: number } | null;
  /** The Makefile line that puts the asked file in this module; null when no Makefile names it. */
  listing: Listing | null;
}

export interface KbuildIndex {
  /**
   * The module a source file (.c, relative to the tree) belongs to; a file in no composite is a
   * module by itself (implicit: true unless an obj- line names it directly). Returns a fresh object
   * on every call: compare modules by id. Throws for a path that is not a tree-relative .c file.
   */
  moduleOf(file: string): KbuildModuleInfo;
  /** Notes on Makefile syntax the reader did not understand (keeps going). Grows as Makefiles are read. */
  notes: KbuildNote[];
  /** How many Makefile/Kbuild files (included ones too) were read so far. */
  readonly makefilesRead: number;
}

export interface KbuildIndexOptions {
  /** Whether a tree-relative file exists; defaults to readFile(rel) !== null. */
  fileExists?: (rel: string) => boolean;
}

export function createKbuildIndex(readFile: (rel: string) => Buffer | null, options: KbuildIndexOptions = {}): KbuildIndex {
  const fileExists = options.fileExists ?? ((rel: string) => readFile(rel) !== null);
  const notes: KbuildNote[] = [];
  const directories = new Map<string, DirectoryKbuild | null>();
  const modules = new Map<string, KbuildModuleInfo>();
  let makefilesRead = 0;

  const readMakefile = (rel: string): string | null => {
    const bytes = readFile(rel);
    if (bytes === null) return null;
    makefilesRead++;
    return bytes.toString('latin1');
  };

  const directory = (dir: string): DirectoryKbuild | null => {
    if (directories.has(dir)) return directories.get(dir) ?? null;
    let result: DirectoryKbuild | null = null;
    // As in the kernel, a Kbuild file takes precedence over the Makefile of the same directory.
    for (const name of ['Kbuild', 'Makefile']) {
      const makefile = dir === '' ? name : `${dir}/${name}`;
      const text = readMakefile(makefile);
      if (text !== null) {
        result = readDirectoryKbuild(dir, makefile, text, readMakefile, notes);
        break;
      }
    }
    directories.set(dir, result);
    return result;
  };

  const moduleFromOwner = (owner: ObjectOwner): KbuildModuleInfo => {
    const id = owner.kind === 'composite' ? owner.composite.id : owner.goal.path.replace(/\.o$/, '');
    const known = modules.get(id);
    if (known) return known;
    const declared = owner.kind === 'composite' ? owner.composite : owner.goal;
    const members = owner.kind === 'composite' ? owner.composite.members : [owner.goal.path];
    const sources = members.map((object) => object.replace(/\.o$/, '.c')).filter(fileExists);
    const module: KbuildModuleInfo = { id, sources, configs: [...declared.configs], implicit: false, declaredAt: { ...declared.declaredAt }, listing: null };
    modules.set(id, module);
    return module;
  };
  const listingOf = (owner: ObjectOwner, object: string): Listing | null =>
    (owner.kind === 'composite' ? owner.composite.memberListings.get(object) : owner.goal.listing) ?? null;

  const moduleOf = (file: string): KbuildModuleInfo => {
    const source = posix.normalize(file).replace(/^\.\//, '');
    if (!source.endsWith('.c') || source.startsWith('../') || source.startsWith('/')) {
      throw new Error(`Kbuild index: expected a tree-relative .c file, got "${file}"`);
    }
    const object = source.replace(/\.c$/, '.o');
    const onPath = ancestors(source);
    for (const dir of onPath) {
      const owner = directory(dir)?.owners.get(object)?.[0];
      if (owner) return copyModule(moduleFromOwner(owner), source, listingOf(owner, object));
    }
    for (const dir of siblingBuilders(onPath)) {
      const owner = directory(dir)?.owners.get(object)?.[0];
      if (owner) return copyModule(moduleFromOwner(owner), source, listingOf(owner, object));
    }
    return { id: source.replace(/\.c$/, ''), sources: [source], configs: [], implicit: true, declaredAt: null, listing: null };
  };

  /**
   * A directory without a Makefile (drivers/gpu/drm/amd) is only a grouping: its files are built by
   * a sibling that an ancestor descends into (obj-y += amd/amdgpu/, whose Makefile lists
   * ../amdkfd/kfd_module.o). Those siblings, and only those, are worth reading.
   */
  const siblingBuilders = (onPath: string[]): string[] => {
    const groupings = new Set(onPath.filter((dir) => directory(dir) === null));
    const builders: string[] = [];
    for (const dir of onPath) {
      for (const descent of directory(dir)?.descents ?? []) {
        if (groupings.has(parentOf(descent)) && !onPath.includes(descent) && !builders.includes(descent)) builders.push(descent);
      }
    }
    return builders;
  };

  return {
    moduleOf,
    notes,
    get makefilesRead() {
      return makefilesRead;
    },
  };
}

/** Why a file is in its module, as one line: `drivers/x/Makefile:12 x-objs += y/z.o`; null when no Makefile names it. */
export function listingText(listing: Listing | null): string | null {
  return listing ? `${listing.file}:${listing.line} ${listing.statement}` : null;
}

/** The directories from the file's own up to the top of the tree ('' is the top). */
function ancestors(file: string): string[] {
  const dirs: string[] = [];
  for (let dir = parentOf(file); ; dir = parentOf(dir)) {
    dirs.push(dir);
    if (dir === '') return dirs;
  }
}

function parentOf(path: string): string {
  const parent = posix.dirname(path);
  return parent === '.' ? '' : parent;
}

/**
 * Modules are cached; each caller gets its own copy to sort or extend (compare modules by id). The
 * file asked about is among the sources even when fileExists() does not know it.
 */
function copyModule(module: KbuildModuleInfo, askedFile: string, listing: Listing | null): KbuildModuleInfo {
  return {
    ...module,
    listing: listing && { ...listing },
    sources: module.sources.includes(askedFile) ? [...module.sources] : [...module.sources, askedFile],
    configs: [...module.configs],
    declaredAt: module.declaredAt && { ...module.declaredAt },
  };
}
