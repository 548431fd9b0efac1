// The fact cache's files: where they live ($XDG_CACHE_HOME), that the directory stays under its bound
// by dropping the least recently used entries, and that eviction touches nothing but its own entries
// (the kernel trees may live beside it, in ~/.cache/kcodemod/trees).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { EntryStore } from '../src/cache/entry-store.js';
import { factCacheDirectory } from '../src/cache/location.js';
import { engineFingerprintOf } from '../src/cache/fingerprints.js';
import { makeTempDir } from './helpers/temp.js';

test('the cache lives in $XDG_CACHE_HOME/kcodemod/facts, else ~/.cache/kcodemod/facts', () => {
  assert.equal(factCacheDirectory({ XDG_CACHE_HOME: '/srv/cache', HOME: '/home/ada' }), '/srv/cache/kcodemod/facts');
  assert.equal(factCacheDirectory({ HOME: '/home/ada' }), '/home/ada/.cache/kcodemod/facts');
  // The XDG specification ignores a relative path.
  assert.equal(factCacheDirectory({ XDG_CACHE_HOME: 'rel/cache', HOME: '/home/ada' }), '/home/ada/.cache/kcodemod/facts');
});

test('an entry reads back as written; a truncated, corrupted or foreign file is no entry', () => {
  const store = new EntryStore(path.join(makeTempDir('store-read'), 'facts'));
  assert.equal(store.get('analysis', 'k'), null);
  assert.ok(store.put('analysis', 'k', Buffer.from('payload \r\n\0 bytes', 'latin1')));
  assert.equal(store.get('analysis', 'k')?.toString('latin1'), 'payload \r\n\0 bytes');
  const file = store.pathOf('analysis', 'k');
  const whole = fs.readFileSync(file);
  fs.writeFileSync(file, whole.subarray(0, whole.length - 1));
  assert.equal(store.get('analysis', 'k'), null, 'truncated');
  const flipped = Buffer.from(whole);
  flipped[flipped.length - 1] ^= 1;
  fs.writeFileSync(file, flipped);
  assert.equal(store.get('analysis', 'k'), null, 'a byte changed');
  fs.writeFileSync(file, 'not an entry\n');
  assert.equal(store.get('analysis', 'k'), null, 'no header');
  assert.deepEqual(fs.readdirSync(store.directory).filter((name) => name.startsWith('.tmp-')), [], 'no temporary file is left');
});

test('eviction keeps the directory under its bound, drops the least recently used, and touches nothing else', () => {
  const cacheHome = makeTempDir('store-evict');
  const kcodemod = path.join(cacheHome, 'kcodemod');
  // Siblings the cache must never touch: a kernel tree beside it, a file of another tool in facts/.
  const treeFile = path.join(kcodemod, 'trees', 'hybrid-core', 'Makefile');
  fs.mkdirSync(path.dirname(treeFile), { recursive: true });
  fs.writeFileSync(treeFile, 'x'.repeat(50_000));
  const facts = path.join(kcodemod, 'facts');
  fs.mkdirSync(facts, { recursive: true });
  const foreign = path.join(facts, 'README');
  fs.writeFileSync(foreign, 'y'.repeat(50_000));

  const store = new EntryStore(facts, 10_000);
  const payload = Buffer.alloc(2_000, 0x61);
  const old = new Date(Date.now() - 3_600_000);
  for (let i = 0; i < 4; i++) {
    store.put('words', `k${i}`, payload);
    fs.utimesSync(store.pathOf('words', `k${i}`), old, new Date(old.getTime() + i * 1000));
  }
  // Reading k0 makes it the most recently used: k1 goes first.
  assert.ok(store.get('words', 'k0'));
  store.put('words', 'k4', payload);

  const entries = fs.readdirSync(facts).filter((name) => name.endsWith('.entry'));
  const total = entries.reduce((sum, name) => sum + fs.statSync(path.join(facts, name)).size, 0);
  assert.ok(total <= 10_000, `the entries take ${total} bytes, at most the bound`);
  assert.equal(store.get('words', 'k1'), null, 'the least recently used entry is gone');
  assert.ok(store.get('words', 'k0'), 'an entry read recently stays');
  assert.ok(store.get('words', 'k4'), 'the newest entry stays');
  assert.equal(fs.readFileSync(treeFile, 'utf8').length, 50_000, 'the kernel tree beside the cache is untouched');
  assert.equal(fs.readFileSync(foreign, 'utf8').length, 50_000, 'a file the store did not write is untouched');
});

test('a temporary file of a dead writer is swept, a live one is kept', () => {
  const facts = path.join(makeTempDir('store-temp'), 'facts');
  const store = new EntryStore(facts);
  fs.mkdirSync(facts, { recursive: true });
  const dead = path.join(facts, '.tmp-999999999-abcdef');
  const live = path.join(facts, `.tmp-${process.pid}-abcdef`);
  fs.writeFileSync(dead, 'half');
  fs.writeFileSync(live, 'half');
  store.put('words', 'k', Buffer.from('x'));
  assert.equal(fs.existsSync(dead), false);
  assert.equal(fs.existsSync(live), true);
});

test("the engine's fingerprint kept under its files' stat data is the one hashed from their bytes", () => {
  const dir = path.join(makeTempDir('store-engine'), 'facts');
  const store = new EntryStore(dir);
  const hashed = engineFingerprintOf();
  assert.match(hashed, /^[0-9a-f]{64}$/);
  // Files changed in the last two seconds (a build just made them) are read, not looked up.
  assert.equal(engineFingerprintOf(store, 0), hashed, 'hashed, not kept');
  assert.ok(!fs.existsSync(dir) || !fs.readdirSync(dir).some((name) => name.startsWith('engine-')), 'nothing kept for unsettled files');
  const later = Date.now() + 10_000;
  assert.equal(engineFingerprintOf(store, later), hashed, 'hashed and kept');
  assert.ok(fs.readdirSync(dir).some((name) => name.startsWith('engine-')), 'an entry was written');
  assert.equal(engineFingerprintOf(store, later), hashed, 'read back');
});

test('a cache path that is a file, not a directory: nothing is stored, nothing thrown', () => {
  const dir = path.join(makeTempDir('facts-not-a-dir'), 'facts');
  fs.writeFileSync(dir, 'a file where the directory should be');
  const store = new EntryStore(dir);
  assert.equal(store.put('analysis', 'key', Buffer.from('payload')), false);
  assert.equal(store.get('analysis', 'key'), null);
  assert.equal(fs.readFileSync(dir, 'utf8'), 'a file where the directory should be');
});
