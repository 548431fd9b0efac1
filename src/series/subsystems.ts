// Subsystems and subject prefixes of a tree, resolved once per run and cached per file.
import { parseMaintainers, subsystemOf, type MaintainersIndex } from './maintainers.js';
import { subjectPrefixFor, treeHasHistory } from './subject-prefix.js';
import { isGitTopLevel } from '../util/git.js';
import { ToolMissingError } from '../util/proc.js';

type Read = (rel: string) => Buffer | null;

// Both resolvers of a run read the same MAINTAINERS (~800 KB in Linux): parse it once per content.
const parsedMaintainers = new WeakMap<Buffer, MaintainersIndex>();

/** Makes the index of MAINTAINERS' bytes (default: parses them; a cache may answer instead). */
export type MaintainersReader = (bytes: Buffer) => MaintainersIndex;

function maintainersOf(read: Read, reader: MaintainersReader = parseMaintainers): MaintainersIndex | null {
  const bytes = read('MAINTAINERS');
  if (!bytes) return null;
  let index = parsedMaintainers.get(bytes);
  if (!index) {
    index = reader(bytes);
    parsedMaintainers.set(bytes, index);
  }
  return index;
}

/** file -> its MAINTAINERS section (or path group) and the section's maintainers. */
export function subsystemResolver(tree: string, read: Read, reader?: MaintainersReader): (file: string) => { name: string; maintainers: string[] } {
  let index: MaintainersIndex | null | undefined;
  const cache = new Map<string, { name: string; maintainers: string[] }>();
  return (file) => {
    let hit = cache.get(file);
    if (!hit) {
      if (index === undefined) index = maintainersOf(read, reader);
      const s = subsystemOf(file, index);
      hit = { name: s.name, maintainers: s.section?.maintainers ?? [] };
      cache.set(file, hit);
    }
    return hit;
  };
}

/** files -> the subject prefix their subsystem uses, and where it came from. */
export function subjectPrefixResolver(tree: string, read: Read, overrides: Record<string, string>, declared: Readonly<Record<string, string>> = {}, reader?: MaintainersReader): (files: string[], module?: string) => { prefix: string; source: string } {
  let index: MaintainersIndex | null | undefined;
  let hasHistory: boolean | undefined;
  const cache = new Map<string, { prefix: string; source: string }>();
  return (files, module) => {
    const key = `${module ?? ''}\0${files.join('\0')}`;
    let hit = cache.get(key);
    if (!hit) {
      if (index === undefined) index = maintainersOf(read, reader);
      // Only a tree that is its own repository has history of its own (examples/ lives in ours).
      hasHistory ??= isOwnRepository(tree) && treeHasHistory(tree);
      hit = subjectPrefixFor(files, { tree, hasHistory, section: index?.sectionFor(files[0]) ?? null, overrides, declared, module });
      cache.set(key, hit);
    }
    return hit;
  };
}

/** Whether TREE is a git work tree's top level; without git there is no history to learn from. */
function isOwnRepository(tree: string): boolean {
  try {
    return isGitTopLevel(tree);
  } catch (e) {
    if (e instanceof ToolMissingError) return false;
    throw e;
  }
}

/**
 * Gives each site of the plan its subsystem and the subject prefix its module's port patch gets
 * (computed from all of the module's site files), as `plan --json` reports them.
 */
export function annotateSubsystems(
  sites: { file: string; module: string; subsystem?: string; subjectPrefix?: string; subjectPrefixSource?: string }[],
  subsystems: (file: string) => { name: string },
  prefixes: (files: string[], module?: string) => { prefix: string; source: string },
): void {
  const moduleFiles = new Map<string, string[]>();
  for (const site of sites) moduleFiles.set(site.module, [...new Set([...(moduleFiles.get(site.module) ?? []), site.file])].sort());
  for (const site of sites) {
    const prefix = prefixes(moduleFiles.get(site.module)!, site.module);
    site.subsystem = subsystems(site.file).name;
    site.subjectPrefix = prefix.prefix;
    site.subjectPrefixSource = prefix.source;
  }
}
