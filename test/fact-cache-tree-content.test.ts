// Which files the fact cache names by their index blob id: only a plain tracked file git reports
// unmodified. Modified, assume-unchanged, skip-worktree, unmerged files and links are named by their
// bytes. Paths are found in git's own order (bytes: "a-b" before "a/b"), UTF-8 names included.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { gitBlobId, readDigests, TreeContent } from '../src/cache/tree-content.js';
import { commitAll, git } from './helpers/git-repo.js';
import { makeTempDir } from './helpers/temp.js';

function blobOf(repo: string, rel: string): string {
  return git(repo, ['rev-parse', `:${rel}`]).stdout.trim();
}

test('the index blob id names exactly the plain tracked files git reports unmodified', async () => {
  const repo = path.join(makeTempDir('tree-content'), 'repo');
  fs.mkdirSync(repo);
  git(repo, ['init', '--quiet', '--initial-branch=main']);
  const files: Record<string, string> = {
    'a-b.c': 'dash\n',
    'a/b.c': 'slash\n',
    'a0.c': 'zero\n',
    'modified.c': 'old\n',
    'assumed.c': 'old\n',
    'skipped.c': 'old\n',
    'conflict.c': 'base\n',
    'drivers/caf\u00e9.c': 'utf-8 name\r\nno final newline',
    'Makefile': 'obj-y += a0.o\n',
  };
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(repo, rel)), { recursive: true });
    fs.writeFileSync(path.join(repo, rel), text);
  }
  fs.symlinkSync('a0.c', path.join(repo, 'link.c'));
  commitAll(repo, 'base');
  // A merge left in conflict: conflict.c has three index entries.
  git(repo, ['checkout', '--quiet', '-b', 'other']);
  fs.writeFileSync(path.join(repo, 'conflict.c'), 'other\n');
  commitAll(repo, 'other');
  git(repo, ['checkout', '--quiet', 'main']);
  fs.writeFileSync(path.join(repo, 'conflict.c'), 'main\n');
  commitAll(repo, 'main');
  assert.notEqual(git(repo, ['merge', '--quiet', 'other'], { allowFailure: true }).status, 0);
  const clean = ['a-b.c', 'a/b.c', 'a0.c', 'drivers/caf\u00e9.c', 'Makefile'];
  const expected = new Map(clean.map((rel) => [rel, blobOf(repo, rel)]));

  fs.writeFileSync(path.join(repo, 'modified.c'), 'new\n');
  git(repo, ['update-index', '--assume-unchanged', 'assumed.c']);
  fs.writeFileSync(path.join(repo, 'assumed.c'), 'changed behind git\n');
  git(repo, ['update-index', '--skip-worktree', 'skipped.c']);

  const content = await TreeContent.of(fs.realpathSync(repo));
  for (const [rel, blob] of expected) assert.equal(content.cleanBlob(rel), blob, rel);
  for (const rel of ['modified.c', 'assumed.c', 'skipped.c', 'conflict.c', 'link.c', 'absent.c', 'a', 'a/b']) assert.equal(content.cleanBlob(rel), undefined, rel);
  assert.deepEqual(new Map(content.cleanFiles(['.c', '.h'])), new Map([...expected].filter(([rel]) => rel.endsWith('.c'))));
  for (const rel of ['modified.c', 'assumed.c', 'skipped.c', 'conflict.c']) assert.ok(content.untrustedPaths.includes(rel), rel);
  assert.ok(!content.untrustedPaths.includes('link.c'), 'git grep never reads a tracked symlink: nothing to search');
  // The files git does not vouch for are named by their bytes.
  assert.match(content.keyOf('assumed.c') ?? '', /^w:/);
  assert.equal(content.keyOf('a0.c'), `g:${expected.get('a0.c')}`);
  assert.equal(content.keyOf('absent.c'), null);
});

test('outside a git work tree nothing is vouched for', async () => {
  const dir = makeTempDir('tree-content-plain');
  fs.writeFileSync(path.join(dir, 'x.c'), 'x\n');
  const content = await TreeContent.of(fs.realpathSync(dir));
  assert.equal(content.indexed, false);
  assert.equal(content.cleanBlob('x.c'), undefined);
  assert.match(content.keyOf('x.c') ?? '', /^w:[0-9a-f]{64}$/);
});

test("a file changed behind git's back (same size, same inode, mtime restored) is not vouched for, whatever the tree's stat settings", async () => {
  const repo = path.join(makeTempDir('tree-content-stat'), 'repo');
  fs.mkdirSync(repo);
  git(repo, ['init', '--quiet', '--initial-branch=main']);
  // Settings that make git itself trust size and mtime alone.
  git(repo, ['config', 'core.trustctime', 'false']);
  git(repo, ['config', 'core.checkStat', 'minimal']);
  const file = path.join(repo, 'tern.c');
  fs.writeFileSync(file, 'pci_intx(pdev, 0);\r\nno final newline');
  // An hour old: the index entry is not racily clean, so git would not compare the bytes by itself.
  const old = new Date(Date.now() - 3_600_000);
  fs.utimesSync(file, old, old);
  commitAll(repo, 'base');
  const before = fs.statSync(file);
  // git compares whole seconds of ctime: the change is made in the next second.
  await new Promise((resolve) => setTimeout(resolve, 1050 - (Date.now() % 1000)));
  fs.writeFileSync(file, 'pci_intx(pdev, 1);\r\nno final newline', { flag: 'r+' });
  fs.utimesSync(file, before.atime, before.mtime);
  assert.equal(fs.statSync(file).ino, before.ino);
  assert.equal(git(repo, ['diff-files', '--name-only']).stdout, '', "the tree's own settings hide the change from git");

  const content = await TreeContent.of(fs.realpathSync(repo));
  assert.equal(content.cleanBlob('tern.c'), undefined);
  assert.ok(content.modified.has('tern.c'));
  assert.equal(content.keyOf('tern.c'), `w:${crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex')}`);
});

test('bytes the analysis read are named by the index blob only when they are that blob (a file edited after git diff-files looked)', async () => {
  const repo = path.join(makeTempDir('tree-content-read'), 'repo');
  fs.mkdirSync(repo);
  git(repo, ['init', '--quiet', '--initial-branch=main']);
  const original = Buffer.from('int probe(void)\r\n{\r\n\treturn 0;\r\n}', 'latin1');
  fs.writeFileSync(path.join(repo, 'drv.c'), original);
  commitAll(repo, 'base');
  const blob = blobOf(repo, 'drv.c');
  const content = await TreeContent.of(fs.realpathSync(repo));
  assert.equal(content.cleanBlob('drv.c'), blob);
  // Edited between git's look and the analysis's read: the bytes read are not the blob.
  const edited = Buffer.from('int probe(void)\r\n{\r\n\treturn 1;\r\n}', 'latin1');
  const hashOf = (bytes: Buffer) => `w:${crypto.createHash('sha256').update(bytes).digest('hex')}`;
  assert.equal(content.keyOfBytes('drv.c', original), `g:${blob}`);
  assert.equal(content.keyOfBytes('drv.c', edited), hashOf(edited));
  // Bytes read before the index was listed are kept as digests and named the same way.
  assert.equal(content.keyOfDigest('drv.c', readDigests(original)), `g:${blob}`);
  assert.equal(content.keyOfDigest('drv.c', readDigests(edited)), hashOf(edited));
  assert.equal(gitBlobId(original, 'sha1'), blob, "git's own blob id");
});
