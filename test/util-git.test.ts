// util/git: top-level detection, HEAD, dirty files, identity, and a wrapper that a hostile environment or
// repository configuration cannot turn against the user.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dirtyFiles, git, gitIdentity, gitText, gitTopLevel, gitTreeStatus, headCommit, isGitTopLevel } from '../src/util/git.js';
import { run, ToolMissingError } from '../src/util/proc.js';

// Hermetic: no user or system git configuration (an identity from ~/.gitconfig would leak in).
process.env.GIT_CONFIG_GLOBAL = '/dev/null';
process.env.GIT_CONFIG_NOSYSTEM = '1';
const COMMIT_ENV = {
  GIT_AUTHOR_NAME: 'Test Author',
  GIT_AUTHOR_EMAIL: 'author@example.org',
  GIT_COMMITTER_NAME: 'Test Committer',
  GIT_COMMITTER_EMAIL: 'committer@example.org',
};

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kcodemod-git-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return fs.realpathSync(dir);
}

function write(root: string, rel: string, content: string): void {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), content);
}

/** A repository with one commit holding a.c and sub/b.c. */
function repository(t: { after(fn: () => void): void }, gitignore?: string): string {
  const root = tempDir(t);
  write(root, 'a.c', 'int a;\n');
  write(root, 'sub/b.c', 'int b;\n');
  if (gitignore !== undefined) write(root, '.gitignore', gitignore);
  gitText(root, ['init', '-q']);
  gitText(root, ['add', '-f', '.']);
  gitText(root, ['commit', '-q', '-m', 'base'], { env: COMMIT_ENV });
  return root;
}

test('top level, subdirectory, and no repository at all', (t) => {
  const root = repository(t);
  assert.deepEqual(gitTreeStatus(root), { kind: 'top-level' });
  assert.equal(isGitTopLevel(root), true);
  assert.equal(gitTopLevel(root), root);
  assert.equal(isGitTopLevel(path.join(root, 'sub')), false);
  assert.equal(gitTopLevel(path.join(root, 'sub')), root);
  const plain = tempDir(t);
  assert.equal(isGitTopLevel(plain), false);
  assert.equal(gitTopLevel(plain), null);
  const status = gitTreeStatus(plain);
  assert.equal(status.kind, 'none');
  assert.match(status.kind === 'none' ? status.reason : '', /not a git repository/);
});

test('headCommit: null before the first commit, the full id after', (t) => {
  const empty = tempDir(t);
  gitText(empty, ['init', '-q']);
  assert.equal(headCommit(empty), null);
  const root = repository(t);
  assert.match(headCommit(root) ?? '', /^[0-9a-f]{40}$/);
  assert.equal(headCommit(root), gitText(root, ['rev-parse', 'HEAD']).trim());
  assert.equal(headCommit(tempDir(t)), null);
});

test('dirtyFiles lists tracked changes (staged or not) and untracked files that are not ignored', (t) => {
  const root = repository(t, 'build.o\n');
  assert.deepEqual(dirtyFiles(root), []);
  write(root, 'a.c', 'int a2;\n');
  fs.rmSync(path.join(root, 'sub/b.c'));
  write(root, 'staged.c', 'int s;\n');
  gitText(root, ['add', 'staged.c']);
  write(root, 'new dir/untracked.c', 'int u;\n');
  write(root, 'build.o', 'ignored');
  assert.deepEqual(dirtyFiles(root), ['a.c', 'new dir/untracked.c', 'staged.c', 'sub/b.c']);
});

test('dirtyFiles in a tree whose .gitignore is "/*": untracked files are ignored, tracked changes count', (t) => {
  const root = repository(t, '/*\n');
  write(root, 'sub/untracked.c', 'int u;\n');
  assert.deepEqual(dirtyFiles(root), []);
  write(root, 'sub/b.c', 'int b2;\n');
  assert.deepEqual(dirtyFiles(root), ['sub/b.c']);
});

test('dirtyFiles does not let the repository configuration run a filesystem monitor program', (t) => {
  const root = repository(t);
  const marker = path.join(tempDir(t), 'monitor-ran');
  const hook = path.join(path.dirname(marker), 'monitor.sh');
  fs.writeFileSync(hook, `#!/bin/sh\ntouch '${marker}'\nexit 1\n`, { mode: 0o755 });
  gitText(root, ['config', 'core.fsmonitor', hook]);
  assert.deepEqual(dirtyFiles(root), []);
  assert.equal(fs.existsSync(marker), false, 'core.fsmonitor from the repository was run');
  // Nor may status refresh (rewrite) the user's index.
  const indexBefore = fs.statSync(path.join(root, '.git/index')).mtimeMs;
  write(root, 'a.c', 'int a;\n'); // same content, new mtime: a refresh would rewrite the index
  dirtyFiles(root);
  assert.equal(fs.statSync(path.join(root, '.git/index')).mtimeMs, indexBefore);
  // Plain `git status` would have rewritten it: the check above can fail.
  run('git', ['-C', root, '-c', 'core.fsmonitor=false', 'status', '--porcelain'], { env: { ...process.env, GIT_OPTIONAL_LOCKS: '1' } });
  assert.notEqual(fs.statSync(path.join(root, '.git/index')).mtimeMs, indexBefore);
});

test('gitIdentity: "Name <email>" from the config, null when unset or malformed', (t) => {
  const root = repository(t);
  assert.equal(gitIdentity(root), null);
  gitText(root, ['config', 'user.name', 'Ada Lovelace']);
  assert.equal(gitIdentity(root), null, 'a name without an email is no identity');
  gitText(root, ['config', 'user.email', 'ada@example.org']);
  assert.equal(gitIdentity(root), 'Ada Lovelace <ada@example.org>');
  gitText(root, ['config', 'user.name', 'Evil <x@y> Name']);
  assert.equal(gitIdentity(root), null);
});

test('git ignores GIT_DIR / GIT_WORK_TREE from the environment: it always works on the tree it is given', (t) => {
  const root = repository(t);
  const other = repository(t);
  const saved = { dir: process.env.GIT_DIR, workTree: process.env.GIT_WORK_TREE };
  process.env.GIT_DIR = path.join(other, '.git');
  process.env.GIT_WORK_TREE = other;
  try {
    assert.equal(isGitTopLevel(root), true);
    assert.equal(gitText(root, ['rev-parse', '--absolute-git-dir']).trim(), path.join(root, '.git'));
  } finally {
    if (saved.dir === undefined) delete process.env.GIT_DIR;
    else process.env.GIT_DIR = saved.dir;
    if (saved.workTree === undefined) delete process.env.GIT_WORK_TREE;
    else process.env.GIT_WORK_TREE = saved.workTree;
  }
});

test('failures: a one-line error from gitText, a status from git, ToolMissingError without git', (t) => {
  const plain = tempDir(t);
  assert.throws(() => gitText(plain, ['rev-parse', 'HEAD']), (error: Error) => {
    assert.match(error.message, /^git rev-parse failed in .*: fatal: not a git repository/);
    assert.ok(!error.message.includes('\n'));
    return true;
  });
  assert.notEqual(git(plain, ['rev-parse', 'HEAD']).status, 0);
  const savedPath = process.env.PATH;
  process.env.PATH = path.join(plain, 'no-bin');
  try {
    assert.throws(() => isGitTopLevel(plain), ToolMissingError);
  } finally {
    process.env.PATH = savedPath;
  }
});

test('git stops a command that runs past its timeout', (t) => {
  const root = repository(t);
  // An alias of this test's own making that sleeps: without the timeout the call would take 10 s.
  const started = Date.now();
  assert.throws(() => git(root, ['-c', 'alias.nap=!sleep 10', 'nap'], { timeout: 300 }), /^Error: git -c in .*: took longer than 0.3 s and was stopped$/);
  assert.ok(Date.now() - started < 5000);
});
