// MAINTAINERS: sections and "which section owns this file", with scripts/get_maintainer.pl's matching
// rules (read_maintainer_file, file_match_pattern, the pattern depth in get_maintainers):
// - F:/X: patterns become regexes: "." is literal, "*" is ".*", "?" is ".", "[...]" stays a class;
//   they match from the start of the path and are not anchored at the end.
// - A pattern ending in "/" matches everything below it; any other pattern matches only paths with the
//   same number of "/" (so "drivers/net/*" is one directory level, "*/net/*" any top level directory).
// - A literal pattern naming a directory without its trailing "/" counts as "dir/" (get_maintainer.pl
//   tests the pattern with -d; a file below it proves the directory exists, so no disk access here).
// - Depth of a pattern = its "/" count, +1 unless it ends in "/", -1 when it starts with "*"; N: regexes
//   have depth 0. X: patterns exclude the whole section for that file.
// The most specific section is the one with the deepest matching pattern (ties: the longer pattern, then
// the earlier section). THE REST is never chosen.

export interface Section {
  title: string;
  /** M: lines, "Name <address>". */
  maintainers: string[];
  /** R: lines. */
  reviewers: string[];
  /** L: lines as written, e.g. "alsa-devel@alsa-project.org (moderated for non-subscribers)". */
  lists: string[];
  /** S: line (e.g. "Maintained"), null when the section has none. */
  status: string | null;
  /** F: patterns as written. */
  files: string[];
  /** X: patterns as written. */
  excludes: string[];
  /** N: regexes as written. */
  regexes: string[];
  /** Every "X: value" line of the section in file order (get_maintainer.pl reads them in that order). */
  entries: Array<{ type: string; value: string }>;
}

export interface SectionMatch {
  section: Section;
  /** The pattern that made the section match (F: pattern or N: regex), as written. */
  pattern: string;
  /** get_maintainer.pl's pattern depth of that pattern. */
  depth: number;
}

export interface MaintainersIndex {
  sections: Section[];
  /** The most specific section for a tree-relative path; null when only THE REST (or nothing) matches. */
  sectionFor(file: string): Section | null;
  /** Every matching section except THE REST, most specific first. */
  matchingSections(file: string): SectionMatch[];
}

const CATCH_ALL_TITLE = 'THE REST';

interface FilePattern {
  raw: string;
  /** Compiled on first use: most patterns are never tried against a file. */
  regex: RegExp | null | undefined;
  belowDirectory: boolean;
  slashes: number;
  depth: number;
  /** For a literal pattern without a trailing "/": the directory it names when it is one. */
  literalDirectory: string | null;
}

interface CompiledSection {
  section: Section;
  order: number;
  excludes: FilePattern[];
}

interface IndexedPattern {
  owner: CompiledSection;
  pattern: FilePattern;
}

interface IndexedRegex {
  owner: CompiledSection;
  raw: string;
  regex: RegExp;
}

export function parseMaintainers(bytes: Buffer): MaintainersIndex {
  const sections = readSections(bytes.toString('utf8'));
  return buildIndex(sections);
}

function readSections(text: string): Section[] {
  const sections: Section[] = [];
  let lastTitle: string | null = null;
  let current: Section | null = null;
  for (const rawLine of text.split('\n')) {
    const line = rawLine.trimEnd();
    if (isTypeLine(line)) {
      if (!current) {
        current = emptySection(lastTitle ?? '');
        sections.push(current);
      }
      addEntry(current, line[0], line.slice(2).trimStart());
      continue;
    }
    const trimmed = line.trimStart();
    if (trimmed === '' || trimmed.startsWith('#')) continue; // get_maintainer.pl skips these entirely
    lastTitle = line;
    current = null;
  }
  return sections;
}

/** "X:" at the start of the line, X an upper-case letter (get_maintainer.pl's /^([A-Z]):/). */
function isTypeLine(line: string): boolean {
  const letter = line.charCodeAt(0);
  return letter >= 65 && letter <= 90 && line.charCodeAt(1) === 58;
}

function emptySection(title: string): Section {
  return { title, maintainers: [], reviewers: [], lists: [], status: null, files: [], excludes: [], regexes: [], entries: [] };
}

function addEntry(section: Section, type: string, value: string): void {
  section.entries.push({ type, value });
  switch (type) {
    case 'M': section.maintainers.push(value); break;
    case 'R': section.reviewers.push(value); break;
    case 'L': section.lists.push(value); break;
    case 'S': section.status = value; break;
    case 'F': section.files.push(value); break;
    case 'X': section.excludes.push(value); break;
    case 'N': section.regexes.push(value); break;
    default: break; // W:, Q:, B:, C:, P:, T:, K: are not needed here
  }
}

/** Patterns filed under the literal directory they start with: a file only meets those on its path. */
interface PatternTrieNode {
  patterns: IndexedPattern[];
  children: Map<string, PatternTrieNode>;
}

function newTrieNode(): PatternTrieNode {
  return { patterns: [], children: new Map() };
}

function buildIndex(sections: Section[]): MaintainersIndex {
  const root = newTrieNode();
  const regexes: IndexedRegex[] = [];

  sections.forEach((section, order) => {
    if (section.title === CATCH_ALL_TITLE) return;
    const owner: CompiledSection = {
      section,
      order,
      excludes: section.excludes.map(compileFilePattern),
    };
    for (const raw of section.files) {
      const pattern = compileFilePattern(raw);
      let node = root;
      for (const component of literalDirectories(raw)) {
        let child = node.children.get(component);
        if (!child) node.children.set(component, (child = newTrieNode()));
        node = child;
      }
      node.patterns.push({ owner, pattern });
    }
    for (const raw of section.regexes) {
      const regex = compilePerlRegex(raw);
      if (regex) regexes.push({ owner, raw, regex });
    }
  });

  function matchingSections(file: string): SectionMatch[] {
    const best = new Map<CompiledSection, SectionMatch>();
    const consider = (owner: CompiledSection, pattern: string, depth: number): void => {
      const known = best.get(owner);
      if (!known || compareSpecificity({ depth, pattern }, known) < 0) {
        best.set(owner, { section: owner.section, pattern, depth });
      }
    };
    const components = file.split('/');
    let node: PatternTrieNode | undefined = root;
    for (let level = 0; node; level++) {
      for (const { owner, pattern } of node.patterns) {
        if (filePatternMatches(pattern, file)) consider(owner, pattern.raw, pattern.depth);
      }
      node = level < components.length - 1 ? node.children.get(components[level]) : undefined;
    }
    for (const { owner, raw, regex } of regexes) {
      if (regex.test(file)) consider(owner, raw, 0);
    }
    return [...best.entries()]
      .filter(([owner]) => !owner.excludes.some((x) => filePatternMatches(x, file)))
      .sort(([a, ma], [b, mb]) => compareSpecificity(ma, mb) || a.order - b.order)
      .map(([, match]) => match);
  }

  return {
    sections,
    matchingSections,
    sectionFor: (file) => matchingSections(file)[0]?.section ?? null,
  };
}

/** Negative when `a` is more specific: deeper pattern first, then the longer one. */
function compareSpecificity(a: { depth: number; pattern: string }, b: { depth: number; pattern: string }): number {
  return b.depth - a.depth || b.pattern.length - a.pattern.length;
}

function countSlashes(text: string): number {
  let count = 0;
  for (let at = text.indexOf('/'); at >= 0; at = text.indexOf('/', at + 1)) count++;
  return count;
}

const GLOB_OR_REGEX_CHAR = /[*?[\]\\(){}+|^$]/;

/** The leading directory components of a pattern that hold no glob (every match lies below them). */
function literalDirectories(raw: string): string[] {
  const components = raw.split('/').slice(0, -1);
  const firstGlob = components.findIndex((c) => c === '' || GLOB_OR_REGEX_CHAR.test(c));
  return firstGlob < 0 ? components : components.slice(0, firstGlob);
}

function compileFilePattern(raw: string): FilePattern {
  const belowDirectory = raw.endsWith('/');
  const slashes = countSlashes(raw);
  let depth = slashes + (belowDirectory ? 0 : 1);
  if (raw.startsWith('*')) depth = -1;
  // get_maintainer.pl's -d test runs on the converted pattern, so only names without "." or globs qualify.
  const literalDirectory = !belowDirectory && !/[.*?[\]]/.test(raw) ? `${raw}/` : null;
  return { raw, regex: undefined, belowDirectory, slashes, depth, literalDirectory };
}

function patternRegex(pattern: FilePattern): RegExp | null {
  if (pattern.regex === undefined) {
    const source = pattern.raw.replace(/\./g, '\\.').replace(/\*/g, '.*').replace(/\?/g, '.');
    try {
      pattern.regex = new RegExp(`^${source}`);
    } catch {
      pattern.regex = null; // Perl syntax JavaScript rejects: such a pattern never matches here
    }
  }
  return pattern.regex;
}

function filePatternMatches(pattern: FilePattern, file: string): boolean {
  if (pattern.literalDirectory !== null && file.startsWith(pattern.literalDirectory)) return true;
  if (!patternRegex(pattern)?.test(file)) return false;
  return pattern.belowDirectory || countSlashes(file) === pattern.slashes;
}

/** N: values are Perl regexes (matched with /x, but no kernel N: line holds whitespace). */
function compilePerlRegex(raw: string): RegExp | null {
  try {
    return new RegExp(raw);
  } catch {
    return null;
  }
}

// Without MAINTAINERS a subsystem is the file's directory, at most three components deep
// ("drivers/ata", "sound/pci/hda", "drivers/pci/msi"); under the directories below that group many
// vendors' drivers, one level deeper per vendor/driver ("drivers/net/ethernet/intel/e1000e").
const PATH_GROUP_DEPTH: Array<[prefix: string, depth: number]> = [
  ['drivers/net/ethernet/', 5],
  ['drivers/net/wireless/', 5],
  ['drivers/gpu/drm/', 4],
  ['drivers/media/pci/', 4],
  ['drivers/ntb/hw/', 4],
  ['sound/soc/codecs/', 3],
];
const DEFAULT_PATH_GROUP_DEPTH = 3;

export function pathGroupOf(file: string): string {
  const directories = file.split('/').slice(0, -1);
  if (directories.length === 0) return file;
  const depth = PATH_GROUP_DEPTH.find(([prefix]) => file.startsWith(prefix))?.[1] ?? DEFAULT_PATH_GROUP_DEPTH;
  return directories.slice(0, depth).join('/');
}

/** The subsystem a file belongs to: its MAINTAINERS section, or its path group without one. */
export function subsystemOf(file: string, index: MaintainersIndex | null): { name: string; section: Section | null } {
  const section = index?.sectionFor(file) ?? null;
  return section ? { name: section.title, section } : { name: pathGroupOf(file), section: null };
}
