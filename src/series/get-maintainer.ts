// To:/Cc: of a patch computed in-process with the rules of the tree's scripts/get_maintainer.pl as b4
// runs it (--nogit --nogit-fallback --nogit-chief-penguins --norolestats, once with --nol for To:, once
// with --nom for Cc:). What the script does, step by step:
// - the files of a patch: "diff --git a/X b/Y" (both), "--- X"/"+++ Y" without their first path component,
//   "rename from/to", " mode change"; string-sorted, each once;
// - per file, every section (THE REST too) not excluded by an X: pattern; the section's depth is that of
//   its LAST matching F: pattern ("/" count, +1 unless it ends in "/", -1 when it starts with "*") or 0
//   for an N: regex; sections are taken deepest first (perl's hash order between equal depths, which is
//   random per run: here MAINTAINERS order);
// - K: regexes match any line of the patch before the diff, and added/removed lines after it; those
//   sections come after every file's, string-sorted by their position in MAINTAINERS;
// - per section: L: lists (subscribers-only ones skipped), M: maintainers, R: reviewers, in line order;
//   a person counts once by name or address; .mailmap maps names and addresses; Linus is dropped;
// - a .yaml file adds the addresses written in it.
// "Fixes:" lines make the script add the fixed commit's signers from git history; that is not done here.
import fs from 'node:fs';
import path from 'node:path';
import type { MaintainersIndex, Section } from './maintainers.js';

export interface PatchRecipients {
  to: string[];
  cc: string[];
  /** Groups of sections of equal depth for one file: get_maintainer.pl orders these at random. */
  ties: string[][];
}

interface Roles {
  maintainers: boolean;
  lists: boolean;
}

interface CompiledPattern {
  regex: RegExp | null;
  /** Literal text every match starts with: a cheap test before the regex. */
  prefix: string;
  endsInSlash: boolean;
  slashes: number;
  depth: number;
  /** No "." or glob in it: get_maintainer.pl asks the disk whether it names a directory. */
  mayBeDirectory: boolean;
  raw: string;
}

type CompiledEntry =
  | { type: 'F' | 'X'; pattern: CompiledPattern }
  | { type: 'N'; regex: RegExp | null }
  | { type: 'K'; regex: RegExp | null }
  | { type: 'M' | 'R' | 'L'; value: string };

interface CompiledSection {
  section: Section;
  order: number;
  entries: CompiledEntry[];
}

export interface BuiltinRecipientsSource {
  /** `tieRank` orders sections of equal depth (lower first; unranked by MAINTAINERS order): perl's hash order is one of them. */
  recipientsFor(patch: string, tieRank?: Map<string, number>): PatchRecipients;
  /** To:/Cc: of one section by its title (as if a file matched only it); null when no section has it. */
  sectionRecipients(title: string): { to: string[]; cc: string[] } | null;
}

/** Compiles the index's sections once; `tree` answers get_maintainer.pl's disk questions (-d, .mailmap, .yaml). */
export function builtinRecipients(tree: string, index: MaintainersIndex): BuiltinRecipientsSource {
  const directoryCache = new Map<string, boolean>();
  const isDirectory = (relative: string): boolean => {
    let known = directoryCache.get(relative);
    if (known === undefined) {
      try {
        known = fs.statSync(path.join(tree, relative)).isDirectory();
      } catch {
        known = false;
      }
      directoryCache.set(relative, known);
    }
    return known;
  };
  const sections = index.sections.map(compileSection);
  const keywordSections = sections.flatMap((s) =>
    s.entries.filter((e): e is { type: 'K'; regex: RegExp | null } => e.type === 'K').map((e) => ({ owner: s, regex: e.regex })),
  );
  const mailmap = readMailmap(tree);
  const penguin = 'Linus Torvalds <torvalds@linux-foundation.org>';

  function matchFile(file: string, tieRank?: Map<string, number>): { owners: CompiledSection[]; ties: string[][] } {
    const depthOf = new Map<CompiledSection, number>();
    for (const owner of sections) {
      const excluded = owner.entries.some((e) => e.type === 'X' && fileMatches(e.pattern, file));
      if (excluded) continue;
      for (const e of owner.entries) {
        if (e.type === 'F') {
          if (fileMatches(e.pattern, file)) depthOf.set(owner, e.pattern.depth);
        } else if (e.type === 'N') {
          if (e.regex?.test(file)) depthOf.set(owner, 0);
        }
      }
    }
    const rank = (s: CompiledSection) => tieRank?.get(s.section.title) ?? -1;
    const owners = [...depthOf.keys()].sort((a, b) => depthOf.get(b)! - depthOf.get(a)! || rank(a) - rank(b) || a.order - b.order);
    const ties: string[][] = [];
    for (let i = 0; i < owners.length; ) {
      let j = i + 1;
      while (j < owners.length && depthOf.get(owners[j]) === depthOf.get(owners[i])) j++;
      if (j - i > 1) ties.push(owners.slice(i, j).map((o) => o.section.title));
      i = j;
    }
    return { owners, ties };
  }

  function fileMatches(pattern: CompiledPattern, file: string): boolean {
    if (!file.startsWith(pattern.prefix)) return false;
    if (pattern.mayBeDirectory && isDirectory(pattern.raw)) {
      return file.startsWith(`${pattern.raw.replace(/\/+$/, '')}/`);
    }
    if (!pattern.regex?.test(file)) return false;
    return pattern.endsInSlash || countSlashes(file) === pattern.slashes;
  }

  function recipientsFor(patch: string, tieRank?: Map<string, number>): PatchRecipients {
    const { files, keywordLines } = readPatch(patch);
    const perFile = files.map((file) => matchFile(file, tieRank));
    const keywordOwners: CompiledSection[] = [];
    const keywordHits = new Set<number>();
    for (const { owner, regex } of keywordSections) {
      if (!regex) continue;
      if (keywordLines.some(({ text, inDiff }) => (inDiff ? /^[+-]/.test(text) && regex.test(text) : regex.test(text)))) {
        keywordHits.add(owner.order);
      }
    }
    // perl sorts the keyword hits as strings of their line index; MAINTAINERS order is the same
    // order for every index of one digit count, which is all the differential test could tell apart.
    for (const order of [...keywordHits].sort((a, b) => (String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0))) {
      keywordOwners.push(sections[order]);
    }
    const ordered = [...perFile.flatMap((m) => m.owners), ...keywordOwners];
    const yamlEmails = files.filter((f) => f.endsWith('.yaml') && !/\bMAINTAINERS$/.test(f)).flatMap((f) => fileEmails(tree, f));
    const compute = (roles: Roles): string[] => collect(ordered, roles, yamlEmails, mailmap, penguin);
    const to = compute({ maintainers: true, lists: false });
    const ccAll = compute({ maintainers: false, lists: true });
    const inTo = new Set(to.map(addressKey));
    return { to, cc: ccAll.filter((entry) => !inTo.has(addressKey(entry))), ties: perFile.flatMap((m) => m.ties) };
  }

  function sectionRecipients(title: string): { to: string[]; cc: string[] } | null {
    const owner = sections.find((s) => s.section.title === title);
    if (!owner) return null;
    const to = collect([owner], { maintainers: true, lists: false }, [], mailmap, penguin);
    const inTo = new Set(to.map(addressKey));
    const cc = collect([owner], { maintainers: false, lists: true }, [], mailmap, penguin).filter((e) => !inTo.has(addressKey(e)));
    return { to, cc };
  }

  return { recipientsFor, sectionRecipients };
}

function compileSection(section: Section, order: number): CompiledSection {
  const entries: CompiledEntry[] = [];
  for (const { type, value } of section.entries) {
    if (type === 'F' || type === 'X') entries.push({ type, pattern: compilePattern(value) });
    else if (type === 'N' || type === 'K') entries.push({ type, regex: compileExtendedRegex(value) });
    else if (type === 'M' || type === 'R' || type === 'L') entries.push({ type, value });
  }
  return { section, order, entries };
}

function compilePattern(raw: string): CompiledPattern {
  const converted = raw.replace(/\./g, '\\.').replace(/\*/g, '.*').replace(/\?/g, '.');
  let regex: RegExp | null;
  try {
    regex = new RegExp(`^${converted}`);
  } catch {
    regex = null;
  }
  const mayBeDirectory = !/[.*?]/.test(raw) && !raw.endsWith('/');
  // A directory pattern counts as "dir/": one "/" more, no +1; the depth comes out the same.
  const slashes = countSlashes(converted);
  const endsInSlash = converted.endsWith('/');
  let depth = slashes + (endsInSlash ? 0 : 1);
  if (converted.startsWith('.*')) depth = -1;
  const firstSpecial = raw.search(/[*?[\]\\(){}+|^$.]/);
  const prefix = firstSpecial < 0 ? raw : raw.slice(0, firstSpecial);
  return { regex, prefix, endsInSlash, slashes, depth, mayBeDirectory, raw };
}

function countSlashes(text: string): number {
  let count = 0;
  for (let at = text.indexOf('/'); at >= 0; at = text.indexOf('/', at + 1)) count++;
  return count;
}

/** A Perl regex written for /x: unescaped whitespace outside [...] and "#" comments mean nothing. */
function compileExtendedRegex(source: string): RegExp | null {
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      out += source.slice(i, i + 2);
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (c === '[') inClass = true;
    else if (/\s/.test(c)) continue;
    else if (c === '#') break;
    out += c;
  }
  try {
    return new RegExp(out, 'u');
  } catch {
    try {
      return new RegExp(out);
    } catch {
      return null;
    }
  }
}

interface PatchLines {
  files: string[];
  keywordLines: Array<{ text: string; inDiff: boolean }>;
}

function readPatch(patch: string): PatchLines {
  const files: string[] = [];
  const keywordLines: Array<{ text: string; inDiff: boolean }> = [];
  let inDiff = false;
  let m: RegExpExecArray | null;
  for (const line of patch.split('\n')) {
    if ((m = /^ mode change [0-7]+ => [0-7]+ (\S+)\s*$/.exec(line))) files.push(m[1]);
    else if ((m = /^rename (?:from|to) (\S+)\s*$/.exec(line))) files.push(m[1]);
    else if ((m = /^diff --git a\/(\S+) b\/(\S+)\s*$/.exec(line))) files.push(m[1], m[2]);
    else if (/^Fixes:\s+[0-9a-fA-F]{6,40}/.test(line)) continue;
    else if ((m = /^\+\+\+\s+(\S+)/.exec(line) ?? /^---\s+(\S+)/.exec(line))) {
      files.push(m[1].replace(/^[^/]*\//, ''));
      inDiff = true;
    } else if (/^@@ -(\d+),(\d+)/.test(line)) continue;
    else keywordLines.push({ text: line, inDiff });
  }
  const sorted = [...new Set(files)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { files: sorted, keywordLines };
}

// --- addresses, as parse_email / format_email / push_email_address / deduplicate_email do them ---

function escapeName(name: string): string {
  if (/[^A-Za-z0-9_ \-]/.test(name)) return `"${name.replace(/(?<!\\)"/g, '\\"')}"`;
  return name;
}

function parseEmail(formatted: string): { name: string; address: string } {
  let name = '';
  let address = '';
  let m: RegExpExecArray | null;
  if ((m = /^([^<]+)<(.+@.*)>.*$/.exec(formatted))) {
    name = m[1];
    address = m[2];
  } else if ((m = /^\s*<(.+@\S*)>.*$/.exec(formatted))) {
    address = m[1];
  } else if ((m = /^(.+@\S*).*$/.exec(formatted))) {
    address = m[1];
  }
  name = escapeName(name.trim().replace(/^"|"$/g, ''));
  return { name, address: address.trim() };
}

function formatEmail(name: string, address: string): string {
  const cleanName = escapeName(name.trim().replace(/^"|"$/g, ''));
  const cleanAddress = address.trim();
  return cleanName === '' ? cleanAddress : `${cleanName} <${cleanAddress}>`;
}

interface Mailmap {
  names: Map<string, string>;
  addresses: Map<string, string>;
}

function readMailmap(tree: string): Mailmap {
  const mailmap: Mailmap = { names: new Map(), addresses: new Map() };
  let text: string;
  try {
    text = fs.readFileSync(path.join(tree, '.mailmap'), 'utf8');
  } catch {
    return mailmap;
  }
  let m: RegExpExecArray | null;
  for (let line of text.split('\n')) {
    line = line.replace(/#.*$/, '').trim();
    if (line === '') continue;
    if ((m = /^([^<]+)<([^>]+)>$/.exec(line))) {
      const { name, address } = parseEmail(`${m[1].trimEnd()} <${m[2]}>`);
      mailmap.names.set(address, name);
    } else if ((m = /^<([^>]+)>\s*<([^>]+)>$/.exec(line))) {
      mailmap.addresses.set(m[2], m[1]);
    } else if ((m = /^(.+)<([^>]+)>\s*<([^>]+)>$/.exec(line))) {
      const real = parseEmail(`${m[1].trimEnd()} <${m[2]}>`);
      mailmap.names.set(m[3], real.name);
      mailmap.addresses.set(m[3], real.address);
    } else if ((m = /^(.+)<([^>]+)>\s*(.+)\s*<([^>]+)>$/.exec(line))) {
      const real = parseEmail(`${m[1].trimEnd()} <${m[2]}>`);
      const wrong = parseEmail(`${m[3].trimEnd()} <${m[4]}>`);
      const wrongEmail = formatEmail(wrong.name, wrong.address);
      mailmap.names.set(wrongEmail, real.name);
      mailmap.addresses.set(wrongEmail, real.address);
    }
  }
  return mailmap;
}

function mailmapEmail(line: string, mailmap: Mailmap): string {
  const { name, address } = parseEmail(line);
  const email = formatEmail(name, address);
  let realName = name;
  let realAddress = address;
  const key = mailmap.names.has(email) || mailmap.addresses.has(email) ? email : address;
  if (mailmap.names.has(key)) realName = mailmap.names.get(key)!;
  if (mailmap.addresses.has(key)) realAddress = mailmap.addresses.get(key)!;
  return formatEmail(realName, realAddress);
}

/** One get_maintainer.pl run over the ordered sections, for one choice of roles. */
function collect(ordered: CompiledSection[], roles: Roles, yamlEmails: string[], mailmap: Mailmap, penguin: string): string[] {
  const namesInUse = new Set<string>();
  const addressesInUse = new Set<string>();
  let people: string[] = [];
  const lists: string[] = [];
  const listsInUse = new Set<string>();
  const pushPerson = (line: string): void => {
    const { name, address } = parseEmail(line);
    if (address === '') return;
    if (name === '' && address === '') return;
    if (name !== '' && namesInUse.has(name.toLowerCase())) return;
    if (addressesInUse.has(address.toLowerCase())) return;
    people.push(formatEmail(name, address));
    if (name !== '') namesInUse.add(name.toLowerCase());
    addressesInUse.add(address.toLowerCase());
  };
  for (const owner of ordered) {
    for (const entry of owner.entries) {
      if (entry.type === 'L') {
        if (!roles.lists) continue;
        const m = /([^\s]+)\s+(.*)$/.exec(entry.value);
        const address = m ? m[1] : entry.value;
        const additional = m ? m[2] : '';
        if (additional.includes('subscribers-only')) continue;
        if (listsInUse.has(address.toLowerCase())) continue;
        listsInUse.add(address.toLowerCase());
        lists.push(address);
      } else if (entry.type === 'M') {
        if (roles.maintainers) pushPerson(entry.value);
      } else if (entry.type === 'R') {
        pushPerson(entry.value);
      }
    }
  }
  const dedupNames = new Map<string, [string, string]>();
  const dedupAddresses = new Map<string, [string, string]>();
  const deduplicate = (email: string): string => {
    const first = parseEmail(email);
    let { name, address } = parseEmail(mailmapEmail(formatEmail(first.name, first.address), mailmap));
    const byName = name !== '' ? dedupNames.get(name.toLowerCase()) : undefined;
    const byAddress = dedupAddresses.get(address.toLowerCase());
    if (byName) [name, address] = byName;
    else if (byAddress) [name, address] = byAddress;
    else {
      dedupNames.set(name.toLowerCase(), [name, address]);
      dedupAddresses.set(address.toLowerCase(), [name, address]);
    }
    return mailmapEmail(formatEmail(name, address), mailmap);
  };
  people = people.map(deduplicate);
  const dedupedLists = lists.map(deduplicate);
  people = people.filter((email) => !email.includes(penguin));
  for (const email of yamlEmails) pushPerson(mailmapEmail(email, mailmap));
  const seen = new Set<string>();
  return [...people, ...dedupedLists].filter((line) => !seen.has(line) && (seen.add(line), true));
}

/** The addresses written in a file, cleaned as clean_file_emails does (only .yaml files are read by default). */
function fileEmails(tree: string, file: string): string[] {
  let text: string;
  try {
    const full = path.join(tree, file);
    if (!fs.statSync(full).isFile()) return [];
    text = fs.readFileSync(full, 'utf8');
  } catch {
    return [];
  }
  const found = text.match(/[\p{L}"' ,.+-]*\s*[,]*\s*[(<{]?[A-Za-z0-9_.+-]+@[A-Za-z0-9.-]+\.[A-Za-z0-9]+[)>}]?/gu) ?? [];
  const cleaned = found.map((raw) => {
    const withBrackets = raw.replace(/[(<{]?([A-Za-z0-9_.+-]+@[A-Za-z0-9.-]+)[)>}]?/g, '<$1>');
    let { name, address } = parseEmail(withBrackets);
    name = name.replace(/^"(.*)"$/, '$1');
    const parts = name.split(/[^\p{L}',.+-]/u);
    while (parts.length && parts[parts.length - 1] === '') parts.pop(); // perl's split drops trailing empty fields
    const words = parts.filter((w) => !/^[',.+-]$/.test(w));
    if (words.length > 2) {
      const [first, middle, last] = words.slice(-3);
      const initials =
        (first.length === 1 && /\p{L}/u.test(first)) || (first.length === 2 && first.endsWith('.')) ||
        middle.length === 1 || (middle.length === 2 && middle.endsWith('.'));
      name = initials ? `${first} ${middle} ${last}` : `${middle} ${last}`;
    } else {
      name = words.join(' ');
    }
    if (/[,.]$/.test(name)) name = name.slice(0, -1);
    if (/^[,.]/.test(name)) name = name.slice(1);
    return formatEmail(name, address);
  });
  const seen = new Set<string>();
  return cleaned.filter((e) => !seen.has(e) && (seen.add(e), true));
}

function addressKey(entry: string): string {
  const bracketed = /<([^>]+)>/.exec(entry);
  return (bracketed ? bracketed[1] : entry).trim().toLowerCase();
}
