// Statement deletion on real code: every call of the PCI region-release functions in the hybrid-core
// Linux 6.12 tree is planned for deletion on the file's real bytes. Every ok plan must re-parse with
// no new error, remove only bytes of the call's statement and its frame (no other code), and a
// sample of them, each alone, must pass checkpatch --strict: 0 errors and 0 warnings on the diff,
// and no new blank-line or brace complaint on the code around it (checkpatch -f before and after).
// The counts per form and per refusal reason are printed as test diagnostics.
// A missing tree fails the test with the command that builds it, as the other kernel tests: nothing is skipped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { kernelTree, kernelTreesDir } from './trees.js';
import { parseBytes, type ParsedFile } from '../../src/parse/parser.js';
import { countErrorNodes } from '../../src/parse/syntax.js';
import { collectFacts } from '../../src/facts/collect.js';
import { applyEdits } from '../../src/rewrite/edits.js';
import { deleteStatements, planStatementDeletion, type StatementDeletion } from '../../src/rewrite/delete-statement.js';

const TREE = path.join(kernelTreesDir, 'hybrid-core');
const CHECKPATCH = path.join(TREE, 'scripts', 'checkpatch.pl');
const RELEASES = ['pci_release_regions', 'pci_release_region', 'pci_release_selected_regions', 'pci_release_mem_regions'];
const SAMPLE_SIZE = 40;

interface Site {
  file: string;
  line: number;
  start: number;
  end: number;
  parsed: ParsedFile;
  result: StatementDeletion;
}

let planned: Site[] | null = null;

function sites(): Site[] {
  if (planned) return planned;
  kernelTree('hybrid-core');
  const listed = execFileSync('git', ['-C', TREE, 'grep', '-l', '-w', ...RELEASES.flatMap((n) => ['-e', n]), '--', '*.c', '*.h'], { encoding: 'utf8' });
  planned = [];
  for (const file of listed.trim().split('\n')) {
    const parsed = parseBytes(file, fs.readFileSync(path.join(TREE, file)));
    for (const use of collectFacts(parsed, RELEASES).uses) {
      if (use.kind !== 'call') continue;
      planned.push({ file, line: use.line, start: use.start, end: use.end, parsed, result: planStatementDeletion(parsed, use.start, use.end) });
    }
  }
  return planned;
}

/** The code a deletion removed besides the call: comments and whitespace dropped. */
function removedCode(site: Site): string {
  const text = site.parsed.text;
  if (!site.result.ok) return '';
  const removed = site.result.edits.map((e) => text.slice(e.start, e.end)).join('\n');
  const call = text.slice(site.start, site.end);
  return removed
    .replace(call, ' ')
    .replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

test('every call of the region releases in hybrid-core gets a deletion plan or a reason', (t) => {
  const all = sites();
  assert.ok(all.length > 600, `found ${all.length} calls`);
  const forms = new Map<string, number>();
  const reasons = new Map<string, string[]>();
  for (const site of all) {
    const where = `${site.file}:${site.line}`;
    if (!site.result.ok) {
      assert.ok(site.result.reason.length > 10, `${where}: a reason is given`);
      const kind = site.result.reason.replace(/`[^`]*`/g, '`…`');
      reasons.set(kind, [...(reasons.get(kind) ?? []), where]);
      continue;
    }
    forms.set(site.result.form, (forms.get(site.result.form) ?? 0) + 1);
    const { edits } = site.result;
    assert.ok(edits.length > 0, `${where}: edits`);
    for (const e of edits) assert.equal(e.replacement.length, 0, `${where}: a deletion only removes bytes`);
    assert.ok(edits.some((e) => e.start <= site.start && site.end <= e.end), `${where}: the call is removed`);
    const after = applyEdits(site.parsed.bytes, edits);
    const kept = Buffer.concat(gapsBetween(site.parsed.bytes, edits));
    assert.deepEqual(after, kept, `${where}: every byte outside the deleted ranges stays`);
    const errorsBefore = countErrorNodes(site.parsed.tree.rootNode);
    assert.ok(countErrorNodes(parseBytes(site.file, after).tree.rootNode) <= errorsBefore, `${where}: no new parse error`);
    // Only the call's own statement and its frame (if/else/label/#ifdef/braces) went: no other code.
    const code = removedCode(site);
    assert.equal((code.match(/;/g) ?? []).length, 1, `${where}: one statement removed, not \`${code}\``);
    assert.doesNotMatch(code, /\b(?!(?:if|sizeof|defined)\b)[A-Za-z_]\w*\s*\(/, `${where}: no other call removed: \`${code}\``);
  }
  for (const form of ['statement', 'if', 'after-label']) assert.ok((forms.get(form) ?? 0) > 0, `the ${form} form occurs`);
  t.diagnostic(`calls: ${all.length}; ok: ${all.length - [...reasons.values()].flat().length}`);
  for (const [form, n] of [...forms].sort((a, b) => b[1] - a[1])) t.diagnostic(`ok ${form}: ${n}`);
  for (const [reason, where] of [...reasons].sort((a, b) => b[1].length - a[1].length)) {
    t.diagnostic(`refused ${where.length}: ${reason} (${where.slice(0, 3).join(', ')}${where.length > 3 ? ', ...' : ''})`);
  }
});

test('files with several calls: all deleted together give one consistent result', (t) => {
  const byFile = new Map<string, Site[]>();
  for (const site of sites()) byFile.set(site.file, [...(byFile.get(site.file) ?? []), site]);
  let files = 0;
  let deleted = 0;
  for (const [file, list] of byFile) {
    if (list.length < 2) continue;
    files++;
    const { parsed } = list[0];
    const together = deleteStatements(file, parsed.bytes, list);
    assert.deepEqual(applyEdits(parsed.bytes, together.edits), together.bytes, `${file}: the edits rebuild the bytes`);
    assert.ok(countErrorNodes(parseBytes(file, together.bytes).tree.rootNode) <= countErrorNodes(parsed.tree.rootNode), `${file}: no new parse error`);
    for (const e of together.edits) assert.equal(e.replacement.length, 0, `${file}: only removals`);
    // Each call alone that could go can go together with the others (in this tree no two share a statement).
    list.forEach((site, i) => assert.equal(together.results[i].ok, site.result.ok, `${file}:${site.line}: same decision together as alone`));
    deleted += together.results.filter((r) => r.ok).length;
  }
  assert.ok(files > 0);
  t.diagnostic(`${files} files with several calls: ${deleted} calls deleted together`);
});

function gapsBetween(bytes: Buffer, edits: { start: number; end: number }[]): Buffer[] {
  const parts: Buffer[] = [];
  let at = 0;
  for (const e of [...edits].sort((a, b) => a.start - b.start)) {
    parts.push(bytes.subarray(at, e.start));
    at = e.end;
  }
  parts.push(bytes.subarray(at));
  return parts;
}

/** Up to `size` ok sites, taking the forms in turn so that the rare ones are all in. */
function sample(all: Site[], size: number): Site[] {
  const byForm = new Map<string, Site[]>();
  for (const s of all) if (s.result.ok) byForm.set(s.result.form, [...(byForm.get(s.result.form) ?? []), s]);
  const queues = [...byForm.values()].map((list) => spread(list));
  const picked: Site[] = [];
  while (picked.length < size && queues.some((q) => q.length > 0)) {
    for (const q of queues) if (q.length > 0 && picked.length < size) picked.push(q.shift()!);
  }
  return picked;
}

/** The list reordered so that its first items are spread over the whole list (many files, not the first ones). */
function spread<T>(list: T[]): T[] {
  const out: T[] = [];
  const step = 7;
  for (let offset = 0; offset < step; offset++) for (let i = offset; i < list.length; i += step) out.push(list[i]);
  return out;
}

const STYLE_COMPLAINT = /blank line|braces|\{\}/i;

test('checkpatch --strict finds nothing new in 40 deletions, each alone', (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kcodemod-delete-'));
  try {
    const picked = sample(sites(), SAMPLE_SIZE);
    assert.equal(picked.length, SAMPLE_SIZE);
    for (const site of picked) {
      if (!site.result.ok) continue;
      const where = `${site.file}:${site.line} (${site.result.form})`;
      const before = site.parsed.bytes;
      const after = applyEdits(before, site.result.edits);
      const oldFile = path.join(dir, 'old.c');
      const newFile = path.join(dir, 'new.c');
      fs.writeFileSync(oldFile, before);
      fs.writeFileSync(newFile, after);
      const diff = spawnSync('diff', ['-u', '--label', `a/${site.file}`, '--label', `b/${site.file}`, oldFile, newFile]).stdout;
      const onDiff = checkpatch(['--ignore', 'COMMIT_MESSAGE,MISSING_SIGN_OFF', '-'], diff);
      // --terse prints nothing for a clean patch, else the findings and a total line.
      const total = /total: (\d+) errors, (\d+) warnings, (\d+) checks/.exec(onDiff);
      assert.ok(total || onDiff === '', `${where}: checkpatch ran:\n${onDiff}`);
      assert.equal(total ? `${total[1]} errors, ${total[2]} warnings` : 'clean', total ? '0 errors, 0 warnings' : 'clean', `${where}:\n${diff}\n${onDiff}`);
      assert.deepEqual(onDiff.split('\n').filter((l) => STYLE_COMPLAINT.test(l)), [], `${where}:\n${diff}`);
      // checkpatch -f on the code around the deletion, before and after: no new blank-line/brace complaint.
      const newComplaints = aroundComplaints(dir, site.parsed.text, after.toString('latin1'), site.result.edits);
      assert.deepEqual(newComplaints, [], `${where}: new style complaints around the deletion:\n${diff}`);
    }
    t.diagnostic(`checked ${picked.length} deletions: ${[...new Set(picked.map((s) => s.result.ok && s.result.form))].join(', ')}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

function checkpatch(args: string[], input?: Buffer): string {
  const run = spawnSync('perl', [CHECKPATCH, '--strict', '--no-tree', '--terse', ...args], { input, encoding: 'latin1' });
  return run.stdout;
}

/** Blank-line and brace complaints of `checkpatch -f` on the lines around the edits that the deletion added. */
function aroundComplaints(dir: string, before: string, after: string, edits: { start: number; end: number }[]): string[] {
  const first = Math.min(...edits.map((e) => e.start));
  const last = Math.max(...edits.map((e) => e.end));
  const removedLines = edits.reduce((n, e) => n + (before.slice(e.start, e.end).match(/\n/g) ?? []).length, 0);
  const lines = (text: string) => text.split('\n');
  const from = Math.max(0, lineIndexOf(before, first) - 40);
  const to = lineIndexOf(before, last) + 40;
  const oldWindow = lines(before).slice(from, to).join('\n') + '\n';
  const newWindow = lines(after).slice(from, to - removedLines).join('\n') + '\n';
  const complaints = (window: string, name: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, Buffer.from(window, 'latin1'));
    return checkpatch(['-f', file])
      .split('\n')
      .filter((l) => STYLE_COMPLAINT.test(l))
      .map((l) => l.replace(/^[^:]*:\d+: /, ''));
  };
  const old = complaints(oldWindow, 'old-window.c');
  const added: string[] = [];
  for (const c of complaints(newWindow, 'new-window.c')) {
    const i = old.indexOf(c);
    if (i === -1) added.push(c);
    else old.splice(i, 1);
  }
  return added;
}

function lineIndexOf(text: string, offset: number): number {
  return (text.slice(0, offset).match(/\n/g) ?? []).length;
}
