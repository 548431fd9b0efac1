// MAINTAINERS' answers kept per content of the file: a plan's subsystems from the cache are the parsed
// file's, for a file asked before and one never asked, and an edited MAINTAINERS gets answers of its own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { EntryStore } from '../src/cache/entry-store.js';
import { RememberedMaintainers } from '../src/cache/remembered-maintainers.js';
import { parseMaintainers, subsystemOf } from '../src/series/maintainers.js';
import { EXAMPLES_DIR } from './helpers/paths.js';
import { makeTempDir } from './helpers/temp.js';

function sourcesOf(dir: string, rel = ''): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const child = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) found.push(...sourcesOf(dir, child));
    else if (/\.[ch]$/.test(entry.name)) found.push(child);
  }
  return found.sort();
}

function answers(index: ReturnType<typeof parseMaintainers>, files: string[]): string {
  return JSON.stringify(files.map((file) => {
    const s = subsystemOf(file, index);
    return [file, s.name, s.section];
  }));
}

test('the answers kept for a MAINTAINERS are the parsed file\'s, and an edited file has its own', () => {
  const store = new EntryStore(path.join(makeTempDir('maintainers-facts'), 'facts'));
  const bytes = fs.readFileSync(path.join(EXAMPLES_DIR, 'MAINTAINERS'));
  const files = [...sourcesOf(EXAMPLES_DIR), 'Documentation/none.txt', 'drivers/unknown/x.c'];
  assert.ok(files.length > 20);
  const [asked, later] = [files.filter((_, i) => i % 2 === 0), files.filter((_, i) => i % 2 === 1)];
  const parsed = parseMaintainers(bytes);
  assert.ok(parsed.sections.some((s) => files.some((f) => parsed.sectionFor(f) === s)), 'some files have a section');

  const first = new RememberedMaintainers(store, bytes);
  assert.equal(answers(first, asked), answers(parsed, asked));
  first.save();
  const second = new RememberedMaintainers(store, bytes);
  assert.equal(answers(second, asked), answers(parsed, asked), 'kept answers');
  assert.equal(answers(second, later), answers(parsed, later), 'files never asked before');
  assert.equal(answers(second, files), answers(parsed, files));
  assert.deepEqual(second.matchingSections(files[0]), parsed.matchingSections(files[0]));

  // Every section moved to another file's pattern: the old answers must not be taken.
  const edited = Buffer.from(bytes.toString('latin1').replace(/^F:\s*drivers\//gm, 'F:\tsound/'), 'latin1');
  assert.notEqual(answers(parseMaintainers(edited), files), answers(parsed, files), 'the edit changes the answers');
  const third = new RememberedMaintainers(store, edited);
  assert.equal(answers(third, files), answers(parseMaintainers(edited), files));
});

test('an entry whose answer names no kept section (a damaged entry) is asked of the parsed file', () => {
  const store = new EntryStore(path.join(makeTempDir('maintainers-damaged'), 'facts'));
  const bytes = fs.readFileSync(path.join(EXAMPLES_DIR, 'MAINTAINERS'));
  const files = sourcesOf(EXAMPLES_DIR);
  const parsed = parseMaintainers(bytes);
  const first = new RememberedMaintainers(store, bytes);
  answers(first, files);
  first.save();
  // The entry's one payload rewritten (a valid entry, as the store checks it) with places that name nothing.
  const [name] = fs.readdirSync(store.directory).filter((n) => n.startsWith('maintainers-'));
  const entry = fs.readFileSync(path.join(store.directory, name));
  const kept = JSON.parse(entry.subarray(entry.indexOf(0x0a) + 1).toString('utf8')) as { files: Record<string, number> };
  for (const file of Object.keys(kept.files)) if (kept.files[file] !== -1) kept.files[file] = 9999;
  fs.rmSync(path.join(store.directory, name));
  const key = (first as unknown as { key: string }).key;
  store.put('maintainers', key, Buffer.from(JSON.stringify(kept), 'utf8'));
  assert.equal(fs.readdirSync(store.directory).filter((n) => n.startsWith('maintainers-')).length, 1);
  assert.equal(answers(new RememberedMaintainers(store, bytes), files), answers(parsed, files));
});
