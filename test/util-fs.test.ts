// util/fs: reads confined to a tree, atomic file writes, path confinement, atomic directory replacement.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { assertInside, readTreeFile, replaceDirAtomic, writeFileAtomic } from '../src/util/fs.js';
import { run } from '../src/util/proc.js';

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kcodemod-fs-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Names in DIR other than the ones expected: temporary files left behind would show up here. */
function listing(dir: string): string[] {
  return fs.readdirSync(dir).sort();
}

test('readTreeFile returns the exact bytes of a tree file, following symlinks that stay inside', (t) => {
  const tree = tempDir(t);
  const bytes = Buffer.from([0x69, 0x6e, 0x74, 0xe9, 0x0d, 0x0a, 0x78]); // Latin-1, CRLF, no final newline
  fs.mkdirSync(path.join(tree, 'drivers'));
  fs.writeFileSync(path.join(tree, 'drivers/a.c'), bytes);
  fs.symlinkSync('drivers/a.c', path.join(tree, 'link.c'));
  assert.deepEqual(readTreeFile(tree, 'drivers/a.c'), bytes);
  assert.deepEqual(readTreeFile(tree, 'drivers/../drivers/a.c'), bytes);
  assert.deepEqual(readTreeFile(tree, 'link.c'), bytes);
});

test('readTreeFile refuses paths that escape the tree and files it must not read', (t) => {
  const outside = tempDir(t);
  fs.writeFileSync(path.join(outside, 'secret.c'), 'secret');
  const tree = tempDir(t);
  fs.mkdirSync(path.join(tree, 'sub'));
  fs.symlinkSync(path.join(outside, 'secret.c'), path.join(tree, 'escape.c'));
  fs.symlinkSync(outside, path.join(tree, 'sub', 'escape-dir'));
  fs.symlinkSync('self.c', path.join(tree, 'self.c'));
  run('mkfifo', [path.join(tree, 'pipe.c')]);
  const relativeOutside = path.relative(tree, path.join(outside, 'secret.c'));
  for (const rel of [relativeOutside, path.join(outside, 'secret.c'), '../x.c', 'sub/../../x.c', '', '.', 'a\0b', 'escape.c', 'sub/escape-dir/secret.c', 'self.c', 'sub', 'missing.c', 'pipe.c']) {
    assert.equal(readTreeFile(tree, rel), null, `must refuse ${JSON.stringify(rel)}`);
  }
  assert.equal(readTreeFile(path.join(tree, 'no-such-tree'), 'a.c'), null);
});

test('writeFileAtomic replaces the content, keeps the mode, leaves no temporary file', (t) => {
  const dir = tempDir(t);
  const file = path.join(dir, 'script.c');
  fs.writeFileSync(file, 'old');
  fs.chmodSync(file, 0o751);
  const bytes = Buffer.from([0xe9, 0x00, 0x0d, 0x0a]);
  writeFileAtomic(file, bytes);
  assert.deepEqual(fs.readFileSync(file), bytes);
  assert.equal(fs.statSync(file).mode & 0o7777, 0o751);
  writeFileAtomic(path.join(dir, 'new.c'), Buffer.from('new'));
  assert.equal(fs.readFileSync(path.join(dir, 'new.c'), 'latin1'), 'new');
  assert.deepEqual(listing(dir), ['new.c', 'script.c']);
});

test('writeFileAtomic refuses a symlink and reports a failed write in one line, leaving nothing behind', (t) => {
  const dir = tempDir(t);
  fs.writeFileSync(path.join(dir, 'target.c'), 'target');
  fs.symlinkSync('target.c', path.join(dir, 'link.c'));
  assert.throws(() => writeFileAtomic(path.join(dir, 'link.c'), Buffer.from('x')), /^Error: refusing to replace .*link\.c: it is a symlink$/);
  assert.equal(fs.readFileSync(path.join(dir, 'target.c'), 'latin1'), 'target');
  assert.throws(() => writeFileAtomic(path.join(dir, 'no-dir', 'a.c'), Buffer.from('x')), (error: Error) => {
    assert.match(error.message, /^cannot write .*no-dir\/a\.c: ENOENT/);
    assert.ok(!error.message.includes('\n'));
    return true;
  });
  fs.mkdirSync(path.join(dir, 'a-dir'));
  assert.throws(() => writeFileAtomic(path.join(dir, 'a-dir'), Buffer.from('x')), /not a regular file/);
  assert.deepEqual(listing(dir), ['a-dir', 'link.c', 'target.c']);
});

test('assertInside accepts paths below the directory and refuses the rest, symlinks included', (t) => {
  const outside = tempDir(t);
  const dir = tempDir(t);
  fs.symlinkSync(outside, path.join(dir, 'out'));
  fs.symlinkSync('.', path.join(dir, 'self'));
  assert.equal(assertInside(dir, '0001-pci-fix.patch'), path.join(dir, '0001-pci-fix.patch'));
  assert.equal(assertInside(dir, 'new/sub/file'), path.join(dir, 'new/sub/file'));
  assert.equal(assertInside(dir, path.join(dir, 'x')), path.join(dir, 'x'));
  for (const bad of ['../x', '/etc/passwd', '.', '', 'a/../../x', 'out/file', 'out', 'self']) {
    assert.throws(() => assertInside(dir, bad), /^Error: refusing path/, `must refuse ${JSON.stringify(bad)}`);
  }
});

test('replaceDirAtomic creates, then replaces a directory; no temporary directory is left', (t) => {
  const parent = tempDir(t);
  const target = path.join(parent, 'outgoing');
  replaceDirAtomic(target, (tmp) => fs.writeFileSync(path.join(tmp, '0001-a.patch'), 'one'));
  assert.deepEqual(listing(target), ['0001-a.patch']);
  replaceDirAtomic(target, (tmp) => {
    fs.writeFileSync(path.join(tmp, '0001-b.patch'), 'two');
    fs.mkdirSync(path.join(tmp, 'sub'));
    fs.writeFileSync(path.join(tmp, 'sub', 'x'), 'x');
  });
  assert.deepEqual(listing(target), ['0001-b.patch', 'sub']);
  assert.deepEqual(listing(parent), ['outgoing']);
});

test('replaceDirAtomic: a failing build (e.g. disk full half-way) leaves the old directory intact', (t) => {
  const parent = tempDir(t);
  const target = path.join(parent, 'outgoing');
  fs.mkdirSync(target);
  fs.writeFileSync(path.join(target, '0001-old.patch'), 'old');
  const full = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
  assert.throws(
    () =>
      replaceDirAtomic(target, (tmp) => {
        fs.writeFileSync(path.join(tmp, '0001-new.patch'), 'new');
        throw full;
      }),
    /ENOSPC/,
  );
  assert.deepEqual(listing(target), ['0001-old.patch']);
  assert.equal(fs.readFileSync(path.join(target, '0001-old.patch'), 'latin1'), 'old');
  assert.deepEqual(listing(parent), ['outgoing']);
});

test('replaceDirAtomic refuses a file in the way and replaces the directory behind a symlink', (t) => {
  const parent = tempDir(t);
  fs.writeFileSync(path.join(parent, 'file'), 'x');
  assert.throws(() => replaceDirAtomic(path.join(parent, 'file'), () => {}), /^Error: .*file exists and is not a directory$/);
  fs.mkdirSync(path.join(parent, 'real'));
  fs.writeFileSync(path.join(parent, 'real', 'old'), 'old');
  fs.symlinkSync('real', path.join(parent, 'link'));
  replaceDirAtomic(path.join(parent, 'link'), (tmp) => fs.writeFileSync(path.join(tmp, 'new'), 'new'));
  assert.ok(fs.lstatSync(path.join(parent, 'link')).isSymbolicLink());
  assert.deepEqual(listing(path.join(parent, 'real')), ['new']);
  assert.deepEqual(listing(parent), ['file', 'link', 'real']);
});
