// Invariants of examples/, the small kernel-like tree the golden tests run on. These tests check
// the tree itself (its bytes, Makefiles, MAINTAINERS and EXPECTED.md), not kcodemod's output: a
// broken example would otherwise show up as a confusing golden-file failure.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { EXAMPLES_DIR } from './helpers/paths.js';

const EXAMPLES = EXAMPLES_DIR;

const LATIN1_FILE = 'drivers/parport/parport_lark.c';
const CRLF_FILE = 'drivers/misc/swift_pci.c';
const NO_FINAL_NEWLINE_FILE = 'drivers/misc/tern.c';
const BOM_FILE = 'drivers/misc/plume.c';
const SPECIAL_BYTES = new Set([LATIN1_FILE, CRLF_FILE, NO_FINAL_NEWLINE_FILE, BOM_FILE]);

function read(rel: string): Buffer {
  return fs.readFileSync(path.join(EXAMPLES, rel));
}

function readText(rel: string): string {
  return read(rel).toString('latin1');
}

/** Every file below dir, relative to EXAMPLES, sorted. */
function listFiles(dir = ''): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(path.join(EXAMPLES, dir), { withFileTypes: true })) {
    const rel = dir ? `${dir}/${entry.name}` : entry.name;
    if (entry.isDirectory()) found.push(...listFiles(rel));
    else found.push(rel);
  }
  return found.sort();
}

const allFiles = listFiles();
const cSources = allFiles.filter((f) => /\.[ch]$/.test(f));
const makefiles = allFiles.filter((f) => path.posix.basename(f) === 'Makefile');

function lines(text: string): string[] {
  return text.split('\n').map((l) => l.replace(/\r$/, ''));
}

/**
 * The text with comments, string and character literals blanked to spaces; newlines and
 * offsets are kept, so a match's line number is the line in the file.
 */
function maskCommentsAndStrings(text: string): string {
  let out = '';
  let i = 0;
  const blank = (s: string) => s.replace(/[^\n]/g, ' ');
  while (i < text.length) {
    if (text.startsWith('/*', i)) {
      const end = text.indexOf('*/', i + 2);
      const stop = end === -1 ? text.length : end + 2;
      out += blank(text.slice(i, stop));
      i = stop;
    } else if (text.startsWith('//', i)) {
      const end = text.indexOf('\n', i);
      const stop = end === -1 ? text.length : end;
      out += blank(text.slice(i, stop));
      i = stop;
    } else if (text[i] === '"' || text[i] === "'") {
      const quote = text[i];
      let j = i + 1;
      while (j < text.length && text[j] !== quote && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
      out += quote + blank(text.slice(i + 1, j)) + (j < text.length ? text[j] : '');
      i = j + 1;
    } else {
      out += text[i];
      i++;
    }
  }
  return out;
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** Uses of pci_intx found by plain text: outside comments and strings, not its prototype, definition or export. */
function textScanUses(): Set<string> {
  const uses = new Set<string>();
  for (const file of cSources) {
    const masked = maskCommentsAndStrings(readText(file));
    for (const m of masked.matchAll(/\bpci_intx\b/g)) {
      const offset = m.index ?? 0;
      const lineStart = masked.lastIndexOf('\n', offset) + 1;
      const before = masked.slice(lineStart, offset);
      if (/^\s*(extern\s+)?void\s+$/.test(before)) continue; // prototype or definition
      if (/EXPORT_SYMBOL\w*\(\s*$/.test(before)) continue;
      uses.add(`${file}:${lineOf(masked, offset)}`);
    }
  }
  return uses;
}

/** Rows of the markdown table whose header row starts with `headerStart`. */
function markdownTable(md: string, headerStart: string): Record<string, string>[] {
  const mdLines = md.split('\n');
  const headerIndex = mdLines.findIndex((l) => l.startsWith(headerStart));
  assert.notEqual(headerIndex, -1, `EXPECTED.md has no table starting with "${headerStart}"`);
  const cells = (l: string) => l.slice(1, l.lastIndexOf('|')).split('|').map((c) => c.trim());
  const header = cells(mdLines[headerIndex]);
  const rows: Record<string, string>[] = [];
  for (const l of mdLines.slice(headerIndex + 2)) {
    if (!l.startsWith('|')) break;
    const values = cells(l);
    assert.equal(values.length, header.length, `EXPECTED.md row has ${values.length} cells, header has ${header.length}: ${l}`);
    rows.push(Object.fromEntries(header.map((h, k) => [h, values[k]])));
  }
  return rows;
}

const expectedMd = readText('EXPECTED.md');
const siteRows = markdownTable(expectedMd, '| file | line | function | call |');
const nonSiteRows = markdownTable(expectedMd, '| file | line | text |');

test('the Latin-1 example holds bytes that are not UTF-8, and a call', () => {
  const bytes = read(LATIN1_FILE);
  assert.ok(bytes.includes(0xe9), 'expected the Latin-1 byte 0xe9 (e acute)');
  assert.ok(bytes.includes(0xa9), 'expected the Latin-1 byte 0xa9 (copyright sign)');
  assert.throws(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes), TypeError);
  // The line above the call is Latin-1, so a port's diff context carries a non-UTF-8 byte.
  const fileLines = lines(bytes.toString('latin1'));
  const callIndex = fileLines.findIndex((l) => l.includes('pci_intx('));
  assert.ok(callIndex > 0, 'a pci_intx() call');
  assert.match(fileLines[callIndex - 1], /[\x80-\xff]/, 'the line above the call should carry a Latin-1 comment');
});

test('the CRLF example ends every line in CR LF', () => {
  const bytes = read(CRLF_FILE);
  const lineFeeds = bytes.filter((b) => b === 0x0a).length;
  const crlfs = bytes.toString('latin1').split('\r\n').length - 1;
  const carriageReturns = bytes.filter((b) => b === 0x0d).length;
  assert.ok(lineFeeds > 50, `expected a real file, found ${lineFeeds} lines`);
  assert.equal(crlfs, lineFeeds, 'every LF is preceded by CR');
  assert.equal(carriageReturns, lineFeeds, 'no CR outside a CR LF pair');
  assert.equal(bytes.subarray(-2).toString('latin1'), '\r\n');
  assert.match(bytes.toString('latin1'), /pci_intx\(st->pdev, 1\);\r\n/);
});

test('the no-final-newline example ends without one, right after a call', () => {
  const bytes = read(NO_FINAL_NEWLINE_FILE);
  assert.equal(bytes.at(-1), '}'.charCodeAt(0));
  assert.ok(!bytes.includes(0x0d), 'no CR in this file');
  const tail = lines(bytes.toString('latin1')).slice(-4);
  assert.ok(tail.some((l) => l.includes('pci_intx(')), `a call within the last lines: ${JSON.stringify(tail)}`);
});

test('the BOM example starts with a UTF-8 byte order mark and is valid UTF-8', () => {
  const bytes = read(BOM_FILE);
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  assert.ok(/[^\x00-\x7f]/.test(text.slice(1)), 'non-ASCII text after the BOM');
  assert.ok(text.includes('pci_intx(pdev, 1);'));
});

test('every other example file is ASCII, LF-terminated, indented with tabs', () => {
  for (const file of allFiles.filter((f) => !SPECIAL_BYTES.has(f))) {
    const bytes = read(file);
    assert.ok(!bytes.some((b) => b > 0x7f || b === 0x0d), `${file}: non-ASCII byte or CR`);
    assert.equal(bytes.at(-1), 0x0a, `${file}: missing final newline`);
  }
  for (const file of cSources) {
    lines(readText(file)).forEach((l, k) => {
      assert.ok(!/^ {2,}\S/.test(l), `${file}:${k + 1} is indented with spaces`);
    });
    assert.match(readText(file), /^(\xef\xbb\xbf)?(\/\/|\/\*) SPDX-License-Identifier: GPL-2\.0( \*\/)?\r?\n/, `${file}: SPDX header`);
  }
});

/** Makefile text with continuation lines joined and comments removed. */
function kbuildText(rel: string): string {
  return readText(rel).replace(/\\\n/g, ' ').replace(/#.*$/gm, '');
}

test('every .c file is named by a Makefile, and every Makefile is reached from drivers/Makefile', () => {
  const objectsOf = new Map<string, string[]>(makefiles.map((m) => [path.posix.dirname(m), kbuildText(m).match(/[\w./-]+\.o\b/g) ?? []]));
  const subdirsOf = new Map<string, string[]>(makefiles.map((m) => [path.posix.dirname(m), kbuildText(m).match(/[\w-]+\/(?=\s|$)/g) ?? []]));

  for (const source of cSources.filter((f) => f.endsWith('.c'))) {
    let dir = path.posix.dirname(source);
    let owner: string | null = null;
    for (;;) {
      const object = `${path.posix.relative(dir, source).replace(/\.c$/, '')}.o`;
      if (objectsOf.get(dir)?.includes(object)) {
        owner = dir;
        break;
      }
      if (dir === 'drivers' || !dir.includes('/')) break;
      dir = path.posix.dirname(dir);
    }
    assert.ok(owner, `${source} is not named by any Makefile above it`);
  }

  for (const makefile of makefiles.filter((m) => m.startsWith('drivers/') && m !== 'drivers/Makefile')) {
    const dir = path.posix.dirname(makefile);
    const parent = path.posix.dirname(dir);
    assert.ok(subdirsOf.get(parent)?.includes(`${path.posix.basename(dir)}/`), `${parent}/Makefile does not descend into ${dir}/`);
  }
  assert.match(kbuildText('Makefile'), /drivers-y\s*:=\s*drivers\//);
});

test('every object a Makefile names is a source file or a composite it declares', () => {
  for (const makefile of makefiles) {
    const dir = path.posix.dirname(makefile);
    const text = kbuildText(makefile);
    const composites = new Set([...text.matchAll(/^\s*([\w-]+)-(?:y|objs|\$\([A-Z0-9_]+\))\s*[:+]?=/gm)].map((m) => m[1]));
    for (const object of text.match(/[\w./-]+\.o\b/g) ?? []) {
      const name = object.replace(/\.o$/, '');
      const source = path.posix.join(dir, `${name}.c`);
      assert.ok(composites.has(name) || fs.existsSync(path.join(EXAMPLES, source)), `${makefile}: ${object} has no ${source}`);
    }
  }
});

interface MaintainersSection {
  title: string;
  entries: { tag: string; value: string }[];
}

function parseMaintainers(text: string): MaintainersSection[] {
  const body = text.slice(text.indexOf('\nMaintainers List\n'));
  const sections: MaintainersSection[] = [];
  for (const block of body.split(/\n\n+/)) {
    const blockLines = block.split('\n').filter((l) => l !== '');
    if (blockLines.length < 2 || !/^[A-Z]:\t/.test(blockLines[1])) continue;
    const entries = blockLines.slice(1).map((l) => {
      const m = /^([A-Z]):\t(.+)$/.exec(l);
      assert.ok(m, `MAINTAINERS: malformed line in section ${blockLines[0]}: ${JSON.stringify(l)}`);
      return { tag: m[1], value: m[2] };
    });
    sections.push({ title: blockLines[0], entries });
  }
  return sections;
}

/** Kernel F: pattern semantics: trailing / is a directory tree, * does not cross /. */
function filePatternMatches(pattern: string, file: string): boolean {
  const regex = pattern
    .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '[^/]*');
  return new RegExp(`^${regex}${pattern.endsWith('/') ? '' : '$'}`).test(file);
}

test('MAINTAINERS parses into sections that cover every example file', () => {
  const sections = parseMaintainers(readText('MAINTAINERS'));
  assert.ok(sections.length >= 15, `found ${sections.length} sections`);
  const byTitle = new Map(sections.map((s) => [s.title, s]));
  const values = (title: string, tag: string) => byTitle.get(title)?.entries.filter((e) => e.tag === tag).map((e) => e.value) ?? [];

  for (const section of sections) {
    const tags = section.entries.map((e) => e.tag);
    assert.ok(tags.includes('M') && tags.includes('L') && tags.includes('F'), `${section.title}: needs M:, L: and F:`);
    assert.equal(tags.filter((t) => t === 'S').length, 1, `${section.title}: one S: line`);
    for (const m of values(section.title, 'M')) assert.match(m, /^[A-Z][a-z]+ [A-Z][a-z]+ <[a-z.]+@example\.org>$/);
    for (const l of values(section.title, 'L')) assert.match(l, /^linux-[a-z0-9]+@vger\.example\.org$/);
  }
  assert.deepEqual(values('THE REST', 'F'), ['*', '*/']);
  assert.deepEqual(values('PCI SUBSYSTEM', 'F'), ['drivers/pci/', 'include/linux/pci*']);
  assert.deepEqual(values('PCI MSI', 'F'), ['drivers/pci/msi/']);

  const specific = sections.filter((s) => s.title !== 'THE REST');
  // Sources only: drivers/Makefile and other shared Makefiles belong to THE REST, as in the kernel.
  for (const file of cSources) {
    const owners = specific.filter((s) => values(s.title, 'F').some((p) => filePatternMatches(p, file)));
    assert.ok(owners.length > 0, `${file} is only covered by THE REST`);
  }
  assert.ok(filePatternMatches('drivers/scsi/plover*', 'drivers/scsi/plover_debugfs.c'));
  assert.ok(!filePatternMatches('drivers/scsi/plover*', 'drivers/scsi/kestrel/plover.c'));
});

/** Name in the nearest function header above a line (kernel layout: the header starts in column 0). */
function enclosingFunctionByLayout(file: string, lineNo: number): string | null {
  const fileLines = lines(readText(file));
  for (let k = lineNo - 2; k >= 0; k--) {
    const m = /^[a-z][\w\s*]*?\b(\w+)\(/.exec(fileLines[k]);
    if (m && !fileLines[k].trimEnd().endsWith(';')) return m[1];
  }
  return null;
}

const REPLACEMENT_FOR: Record<string, string> = {
  managed: 'pcim_intx',
  unmanaged: 'pci_intx_unmanaged',
  core: 'pci_intx_unmanaged',
  review: 'null',
};

test('EXPECTED.md lists exactly the pci_intx uses a text scan finds', () => {
  const listed = new Set(siteRows.map((r) => `${r.file}:${r.line}`));
  assert.equal(listed.size, siteRows.length, 'no site listed twice');
  const scanned = textScanUses();
  assert.deepEqual([...scanned].sort(), [...listed].sort());
});

test('EXPECTED.md rows agree with the source lines they name', () => {
  for (const row of siteRows) {
    const line = lines(readText(row.file))[Number(row.line) - 1];
    assert.ok(line !== undefined, `${row.file}:${row.line} does not exist`);
    assert.ok(line.replace(/\s+/g, ' ').includes(row.call), `${row.file}:${row.line} does not hold ${row.call}`);
    if (row.function === '-') assert.match(line, /^#define /, `${row.file}:${row.line}: function '-' is for macro bodies`);
    else assert.equal(enclosingFunctionByLayout(row.file, Number(row.line)), row.function, `${row.file}:${row.line}: function`);

    assert.ok(row.classification in REPLACEMENT_FOR, `${row.file}:${row.line}: unknown classification ${row.classification}`);
    assert.equal(row.replacement, REPLACEMENT_FOR[row.classification], `${row.file}:${row.line}: replacement`);
    // review and MSI-core rows always need review; a port only when it may run in atomic context.
    const atomicPort = /atomic context/.test(row.why);
    assert.equal(row.needsReview, String(row.classification === 'review' || row.classification === 'core' || atomicPort), `${row.file}:${row.line}: needsReview`);
    assert.ok(row.why.endsWith('.') && row.why.length > 20, `${row.file}:${row.line}: give the reason`);
    assert.equal(row.classification === 'core', row.file.startsWith('drivers/pci/'), `${row.file}:${row.line}: core means drivers/pci/`);

    const moduleDir = path.posix.dirname(row.module);
    assert.ok(row.file.startsWith(`${moduleDir}/`), `${row.file}: module ${row.module} is not above it`);
  }
});

test('the enable calls EXPECTED.md cites are where it says', () => {
  let cited = 0;
  for (const row of siteRows) {
    const moduleDir = path.posix.dirname(row.module);
    for (const m of row.why.matchAll(/\b(pcim_enable_device|pci_enable_device(?:_mem|_io)?)\(([^()]*)\) \((?:line (\d+)|([\w./-]+\.c):(\d+))\)/g)) {
      const file = m[3] ? row.file : path.posix.join(moduleDir, m[4]);
      const lineNo = Number(m[3] ?? m[5]);
      const line = lines(readText(file))[lineNo - 1] ?? '';
      assert.ok(line.includes(`${m[1]}(${m[2]})`), `${file}:${lineNo} should hold ${m[1]}(${m[2]}) (cited for ${row.file}:${row.line})`);
      cited++;
    }
    if (row.classification === 'managed' || row.classification === 'unmanaged') {
      assert.match(row.why, /enable_device\w*\([^()]*\) \(/, `${row.file}:${row.line}: cite the enable call`);
    }
  }
  assert.ok(cited >= siteRows.filter((r) => r.classification === 'managed' || r.classification === 'unmanaged').length);
});

test('EXPECTED.md covers every case of the pci-intx classification', () => {
  const classes = new Set(siteRows.map((r) => r.classification));
  assert.deepEqual([...classes].sort(), ['core', 'managed', 'review', 'unmanaged']);
  assert.deepEqual(siteRows.filter((r) => r.classification === 'core').map((r) => r.file).sort(), ['drivers/pci/msi/api.c', 'drivers/pci/msi/msi.c']);
  for (const file of [LATIN1_FILE, CRLF_FILE, NO_FINAL_NEWLINE_FILE, BOM_FILE, 'drivers/block/shrike/shrike.h']) {
    assert.ok(siteRows.some((r) => r.file === file), `no site listed in ${file}`);
  }
  const reviewReasons = siteRows.filter((r) => r.classification === 'review').map((r) => r.why).join(' ');
  for (const reason of ['ERROR node', 'no enable call', '#if 0', 'different devices', 'macro', 'function pointer']) {
    assert.ok(reviewReasons.includes(reason), `no review site for: ${reason}`);
  }
});

test('the mentions EXPECTED.md calls non-sites mention pci_intx and are not found as uses', () => {
  const scanned = textScanUses();
  for (const row of nonSiteRows) {
    const line = lines(readText(row.file))[Number(row.line) - 1] ?? '';
    assert.match(line, /pci_intx/, `${row.file}:${row.line}`);
    assert.ok(!scanned.has(`${row.file}:${row.line}`), `${row.file}:${row.line} is a use, not a mention`);
  }
  assert.ok(!siteRows.some((r) => r.file === 'drivers/spi/spi-robin.c'), 'the ported driver has no site');
});

test('the PCI core has the hybrid shape of Linux v6.12', () => {
  const pciC = readText('drivers/pci/pci.c');
  const devres = readText('drivers/pci/devres.c');
  const publicHeader = readText('include/linux/pci.h');
  const privateHeader = readText('drivers/pci/pci.h');

  assert.match(pciC, /void pci_intx\(struct pci_dev \*pdev, int enable\)\n\{[^}]*if \(pci_is_managed\(pdev\)\) \{\n\t+WARN_ON_ONCE\(pcim_intx\(pdev, enable\) != 0\);\n\t+return;\n/);
  assert.match(pciC, /NOTE:\n \* This is a "hybrid" function/);
  assert.match(pciC, /^EXPORT_SYMBOL_GPL\(pci_intx\);$/m);
  for (const fn of ['pci_enable_device', 'pci_enable_device_mem', 'pci_enable_device_io']) {
    assert.match(pciC, new RegExp(`^int ${fn}\\(struct pci_dev \\*dev\\)$`, 'm'));
    assert.match(pciC, new RegExp(`^EXPORT_SYMBOL\\(${fn}\\);$`, 'm'));
  }

  assert.match(devres, /^static void __pcim_intx\(struct pci_dev \*pdev, int enable\)$/m);
  assert.match(devres, /static void pcim_intx_restore\([^)]*\)\n\{[^}]*__pcim_intx\(pdev, res->orig_intx\);/);
  assert.match(devres, /^static struct pcim_intx_devres \*get_or_create_intx_devres\(struct device \*dev\)$/m);
  assert.match(devres, /^int pcim_intx\(struct pci_dev \*pdev, int enable\)$/m);
  assert.doesNotMatch(devres, /EXPORT_SYMBOL\w*\(pcim_intx\)/);
  assert.doesNotMatch(maskCommentsAndStrings(devres), /\bpci_intx\s*\(/, 'devres.c must not call the hybrid pci_intx()');
  assert.match(devres, /^EXPORT_SYMBOL\(pcim_enable_device\);$/m);

  assert.match(privateHeader, /^int pcim_intx\(struct pci_dev \*dev, int enable\);$/m);
  assert.match(publicHeader, /^void pci_intx\(struct pci_dev \*dev, int enable\);$/m);
  assert.match(publicHeader, /^static inline int pci_is_managed\(struct pci_dev \*pdev\)$/m);
  assert.doesNotMatch(publicHeader, /\bpcim_intx\b|\bpci_intx_unmanaged\b/);

  const msi = readText('drivers/pci/msi/msi.c');
  assert.match(msi, /devm_add_action\(&dev->dev, pcim_msi_release, dev\)/);
  assert.match(msi, /static void pci_intx_for_msi\(struct pci_dev \*dev, int enable\)\n\{[^}]*pci_intx\(dev, enable\);/);
});
