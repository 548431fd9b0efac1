// Reads one directory's Kbuild file (Kbuild or Makefile) into what it declares: the objects its
// obj-/lib- lists name, the composite objects (foo-y, foo-objs, foo-$(CONFIG_X)) among them, and the
// subdirectories it descends into. Mirrors scripts/Makefile.lib: foo.o in an obj- list is a
// composite when foo-objs, foo-y, foo-m or foo-<anything> is non-empty; members are relative to the
// Makefile's directory, and may sit in subdirectories (sfh1_1/amd_sfh_init.o).
import { posix } from 'node:path';
import type { KbuildNote } from '../types.js';
import { logicalLines } from './makefile-lexer.js';
import { parseStatements } from './makefile-statements.js';
import { MakeVariables, type ExpandedContribution } from './make-variables.js';
import { splitWords } from './make-expand.js';

export interface Declaration {
  file: string;
  line: number;
}

/** The Makefile line that names an object, as written there: why a source is in its module. */
export interface Listing extends Declaration {
  /** The assignment, reduced to the object: `amd_sfh-objs += sfh1_1/amd_sfh_init.o`. */
  statement: string;
}

/** An object named in an obj-/lib- list. */
export interface GoalObject {
  /** Tree-relative object path, e.g. drivers/ata/ahci.o */
  path: string;
  /** CONFIG_ symbols of the lists that name it (none for obj-y / obj-m). */
  configs: string[];
  declaredAt: Declaration;
  /** The first obj-/lib- line that names it. */
  listing: Listing;
}

export interface CompositeObject extends GoalObject {
  /** Tree-relative module id: the Makefile's directory + composite name, e.g. drivers/vfio/pci/vfio-pci-core */
  id: string;
  /** Tree-relative member object paths, in Makefile order. */
  members: string[];
  /** Member object path -> the first line that lists it. */
  memberListings: Map<string, Listing>;
}

export type ObjectOwner = { kind: 'composite'; composite: CompositeObject } | { kind: 'lone'; goal: GoalObject };

export interface DirectoryKbuild {
  dir: string;
  /** The file read: <dir>/Kbuild or <dir>/Makefile. */
  makefile: string;
  /** Tree-relative object path -> who builds it, first owner first (obj- list order). */
  owners: Map<string, ObjectOwner[]>;
  /** Tree-relative directories named as `obj-y += dir/` or `subdir-y += dir`: descents, not modules. */
  descents: string[];
}

/** Reads an included Makefile (tree-relative path); null when it does not exist. */
export type IncludeReader = (rel: string) => string | null;

const MAX_INCLUDE_DEPTH = 8;
// An include bomb (each file including another several times) grows as fanout^depth: the files one
// Makefile includes are bounded in number and bytes (Linux needs a handful). The Makefile itself is
// read whatever its size, line by line.
const MAX_INCLUDES = 256;
const MAX_INCLUDED_BYTES = 4 * 1024 * 1024;
// A huge file of lines the reader does not understand gives a few notes, not one per line.
const MAX_NOTES = 100;
// What is kept of a Makefile is its assignments: bounded (Linux's largest has ~800) so that a
// generated one of millions of lines costs seconds and megabytes, not minutes and gigabytes.
const MAX_ASSIGNMENTS = 20_000;
const CONFIG_SYMBOL = /CONFIG_[A-Za-z0-9_]+/g;

export function readDirectoryKbuild(
  dir: string,
  makefile: string,
  text: string,
  readInclude: IncludeReader,
  notes: KbuildNote[],
): DirectoryKbuild {
  const found: KbuildNote[] = [];
  const noted = new Set<string>();
  let notesLeftOut = 0;
  const note = (file: string, line: number, message: string) => {
    const key = `${file}:${line}:${message}`;
    if (noted.has(key)) return;
    if (found.length >= MAX_NOTES) {
      notesLeftOut++;
      return;
    }
    noted.add(key);
    found.push({ file, line, message });
  };
  const here = dir === '' ? '.' : dir;
  const builtins = new Map([
    ['src', here],
    ['obj', here],
    ['srctree', '.'],
    ['objtree', '.'],
  ]);
  const variables = new MakeVariables(builtins, note);
  let includesRead = 0;
  let includedBytes = 0;
  let assignments = 0;
  readStatements(makefile, text, 0);
  variables.freeze();
  const declarations = collectDeclarations(dir, makefile, variables, note);
  // A Makefile that declares nothing is one that another Makefile includes (nouveau's nvkm/Kbuild,
  // amdgpu's display/Makefile), read here out of its context: what it failed to resolve is noise.
  if (declarations.owners.size > 0 || declarations.descents.length > 0) {
    notes.push(...found);
    if (notesLeftOut > 0) notes.push({ file: makefile, line: 0, message: `${notesLeftOut} more notes on ${makefile} and its includes not shown` });
  }
  return declarations;

  function readStatements(file: string, source: string, includeDepth: number): void {
    let conditionalDepth = 0;
    for (const statement of parseStatements(logicalLines(source))) {
      const { line } = statement;
      switch (statement.kind) {
        case 'if':
          conditionalDepth++;
          break;
        case 'else':
          if (conditionalDepth === 0) note(file, line, 'else without ifeq/ifdef');
          break;
        case 'endif':
          if (conditionalDepth === 0) note(file, line, 'endif without ifeq/ifdef');
          else conditionalDepth--;
          break;
        case 'assignment': {
          if (++assignments > MAX_ASSIGNMENTS) {
            // Said once; each including file stops too at its next assignment.
            if (assignments === MAX_ASSIGNMENTS + 1) note(file, line, `more than ${MAX_ASSIGNMENTS} assignments in ${makefile} and its includes: not read from here on`);
            return;
          }
          const name = variables.expandAt(statement.name, file, line, true).trim();
          if (statement.op === '!=') {
            note(file, line, `shell assignment to ${name} not supported, ignored`);
          } else if (statement.op === '?=') {
            if (!variables.isDefined(name)) variables.add(name, { text: statement.value, file, line, resets: false, op: statement.op });
          } else {
            const resets = statement.op !== '+=' && conditionalDepth === 0;
            variables.add(name, { text: statement.value, file, line, resets, op: statement.op });
          }
          break;
        }
        case 'include':
          for (const target of splitWords(variables.expandAt(statement.paths, file, line))) {
            includeFile(file, line, target, statement.optional, includeDepth);
          }
          break;
        case 'unknown':
          note(file, line, `line not understood: ${abbreviate(statement.text)}`);
          break;
      }
    }
    if (conditionalDepth > 0) note(file, 0, `${conditionalDepth} ifeq/ifdef block(s) not closed by endif`);
  }

  function includeFile(from: string, line: number, target: string, optional: boolean, depth: number): void {
    if (target.startsWith('/')) {
      note(from, line, `include of absolute path ${target} not followed`);
      return;
    }
    const rel = posix.normalize(target);
    if (rel.startsWith('../')) {
      note(from, line, `include of ${target} outside the tree not followed`);
      return;
    }
    if (depth >= MAX_INCLUDE_DEPTH) {
      note(from, line, `include of ${rel} not followed: includes nested deeper than ${MAX_INCLUDE_DEPTH}`);
      return;
    }
    if (includesRead >= MAX_INCLUDES) {
      note(from, line, `include of ${rel} not followed: ${makefile} already read ${MAX_INCLUDES} included files`);
      return;
    }
    const included = readInclude(rel);
    if (included === null) {
      if (!optional) note(from, line, `included file ${rel} not found`);
      return;
    }
    includesRead++;
    includedBytes += included.length;
    if (includedBytes > MAX_INCLUDED_BYTES) {
      note(from, line, `include of ${rel} not followed: the files ${makefile} includes pass ${MAX_INCLUDED_BYTES / 1024 / 1024} MB`);
      return;
    }
    readStatements(rel, included, depth + 1);
  }
}

function collectDeclarations(
  dir: string,
  makefile: string,
  variables: MakeVariables,
  note: (file: string, line: number, message: string) => void,
): DirectoryKbuild {
  const goals = new Map<string, GoalObject>();
  const descents: string[] = [];
  const memberLists = new Map<string, string[]>(); // composite base name -> names of its member lists

  const goalAssignments: (ExpandedContribution & { listName: string; configs: string[] })[] = [];
  for (const name of variables.names()) {
    const goal = /^(obj|lib)-(y|m|n|\$[({].*|)$/.exec(name);
    const subdir = /^subdir-(y|m|\$.*)$/.exec(name);
    if (goal) {
      const configs = configSymbols(goal[2]);
      for (const assignment of variables.valueByAssignment(name)) goalAssignments.push({ ...assignment, listName: name, configs });
    } else if (subdir) {
      for (const word of splitWords(variables.value(name) ?? '')) addUnique(descents, treePath(dir, word));
    } else {
      const list = splitListName(name);
      if (list) memberLists.set(list.base, [...(memberLists.get(list.base) ?? []), name]);
    }
  }
  // Textual order across obj-y, obj-m and obj-$(CONFIG_...): "first" means first written.
  goalAssignments.sort((a, b) => a.sequence - b.sequence);
  for (const assignment of goalAssignments) {
    const at = { file: assignment.file, line: assignment.line };
    for (const word of splitWords(assignment.text)) {
      const path = treePath(dir, word);
      if (word.endsWith('/')) addUnique(descents, path);
      else if (word.endsWith('.o')) {
        const existing = goals.get(path);
        if (existing) existing.configs = mergeUnique(existing.configs, assignment.configs);
        else goals.set(path, { path, configs: [...assignment.configs], declaredAt: at, listing: { ...at, statement: `${assignment.listName} ${assignment.op} ${word}` } });
      } else note(at.file, at.line, `${word} in ${assignment.listName} is neither an object (.o) nor a directory (/), ignored`);
    }
  }

  const owners = new Map<string, ObjectOwner[]>();
  const addOwner = (object: string, owner: ObjectOwner) => {
    const list = owners.get(object) ?? [];
    list.push(owner);
    owners.set(object, list);
  };
  for (const goal of goals.values()) {
    const base = posix.relative(dir === '' ? '.' : dir, goal.path).replace(/\.o$/, '');
    const lists = memberLists.get(base);
    const memberListings = lists ? compositeMembers(dir, lists, variables, note) : new Map<string, Listing>();
    const members = [...memberListings.keys()];
    if (members.length === 0) {
      addOwner(goal.path, { kind: 'lone', goal });
      continue;
    }
    const composite: CompositeObject = { ...goal, id: goal.path.replace(/\.o$/, ''), members, memberListings };
    for (const member of members) addOwner(member, { kind: 'composite', composite });
  }
  for (const [object, list] of owners) {
    if (list.length < 2) continue;
    const names = list.map(ownerName);
    const second = list[1].kind === 'composite' ? list[1].composite.declaredAt : list[1].goal.declaredAt;
    note(second.file, second.line, `${object} is built by ${names.join(' and ')}; its module is taken to be the first, ${names[0]}`);
  }
  return { dir, makefile, owners, descents };
}

function compositeMembers(
  dir: string,
  listNames: string[],
  variables: MakeVariables,
  note: (file: string, line: number, message: string) => void,
): Map<string, Listing> {
  // In Makefile order; the first line that lists a member is its listing.
  const members = new Map<string, Listing>();
  for (const listName of listNames) {
    for (const assignment of variables.valueByAssignment(listName)) {
      for (const word of splitWords(assignment.text)) {
        const path = treePath(dir, word);
        if (word.endsWith('.o')) {
          if (!members.has(path)) members.set(path, { file: assignment.file, line: assignment.line, statement: `${listName} ${assignment.op} ${word}` });
        } else note(assignment.file, assignment.line, `${word} in ${listName} is not an object (.o), ignored`);
      }
    }
  }
  return members;
}

/**
 * Splits a list variable name into composite base and selector: foo-y, foo-objs, foo-m, foo-,
 * foo-$(CONFIG_X). The first dash followed by a selector wins, so snd-hda-codec-y -> snd-hda-codec.
 */
function splitListName(name: string): { base: string; selector: string } | null {
  for (let dash = name.indexOf('-'); dash > 0; dash = name.indexOf('-', dash + 1)) {
    const selector = name.slice(dash + 1);
    if (/^(y|m|objs|)$/.test(selector) || selector.startsWith('$(') || selector.startsWith('${')) {
      return { base: name.slice(0, dash), selector };
    }
  }
  return null;
}

function ownerName(owner: ObjectOwner): string {
  return owner.kind === 'composite' ? `composite ${owner.composite.id}` : `${owner.goal.path} as an object of its own`;
}

function configSymbols(selector: string): string[] {
  return [...new Set(selector.match(CONFIG_SYMBOL) ?? [])];
}

function treePath(dir: string, word: string): string {
  return posix.normalize(dir === '' ? word : `${dir}/${word}`).replace(/\/$/, '');
}

function addUnique(list: string[], item: string): void {
  if (!list.includes(item)) list.push(item);
}

function mergeUnique(a: string[], b: string[]): string[] {
  return [...new Set([...a, ...b])];
}

function abbreviate(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
