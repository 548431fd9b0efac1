// util/git: top-level detection, HEAD, dirty files, identity, and a wrapper that a hostile environment or
// repository configuration cannot turn against the user.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tracedCommands } from './helpers/trace.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from './helpers/paths.js';
import { dirtyFiles, git, gitAsync, gitIdentity, gitText, gitTopLevel, gitTreeStatus, headCommit, isGitTopLevel } from '../src/util/git.js';
import { gitDiffDrivers } from '../src/render/diff-drivers.js';
import { prefixFromHistory, treeHasHistory } from '../src/series/subject-prefix.js';
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

test("no read-only git command runs a program from the tree's config: fsmonitor, filters, textconv, hooks, signatures", async (t) => {
  const root = repository(t);
  const markers = path.join(tempDir(t), 'ran');
  fs.mkdirSync(markers);
  const program = (name: string) => {
    const file = path.join(markers, `${name}.sh`);
    fs.writeFileSync(file, `#!/bin/sh\ntouch '${path.join(markers, name)}'\ncat\n`, { mode: 0o755 });
    return file;
  };
  write(root, '.gitattributes', '*.c filter=evil diff=evil\n');
  gitText(root, ['add', '.gitattributes']);
  gitText(root, ['commit', '-q', '-m', 'attributes'], { env: COMMIT_ENV });
  gitText(root, ['config', 'core.fsmonitor', program('fsmonitor')]);
  gitText(root, ['config', 'filter.evil.clean', program('clean')]);
  gitText(root, ['config', 'filter.evil.smudge', program('smudge')]);
  gitText(root, ['config', 'filter.evil.process', program('process')]);
  gitText(root, ['config', 'diff.evil.textconv', program('textconv')]);
  gitText(root, ['config', 'diff.external', program('external')]);
  gitText(root, ['config', 'gpg.program', program('gpg')]);
  gitText(root, ['config', 'log.showSignature', 'true']);
  gitText(root, ['config', 'core.hooksPath', markers]);
  fs.writeFileSync(path.join(markers, 'post-index-change'), `#!/bin/sh\ntouch '${path.join(markers, 'hook')}'\n`, { mode: 0o755 });
  // A stale stat makes status hash the file again, through the clean filter if one were allowed.
  fs.utimesSync(path.join(root, 'a.c'), new Date(2001, 0, 1), new Date(2001, 0, 1));

  assert.deepEqual(dirtyFiles(root), []);
  assert.equal(gitDiffDrivers(root, ['a.c']).get('a.c'), 'evil');
  assert.equal(treeHasHistory(root), true);
  prefixFromHistory(root, ['a.c']);
  await gitAsync(root, ['grep', '-l', '-z', '-e', 'int', '--', '*.c']);
  git(root, ['log', '-p', '-1', '--', 'a.c']);
  git(root, ['diff', 'HEAD~1', '--', 'a.c']);
  assert.deepEqual(fs.readdirSync(markers).filter((name) => !name.endsWith('.sh') && name !== 'post-index-change'), []);

  // The same calls as the user's own git (apply's git am) do run them: the check above can fail.
  git(root, ['status', '--porcelain'], { runsRepositoryPrograms: true });
  assert.ok(fs.readdirSync(markers).some((name) => name === 'fsmonitor' || name === 'clean' || name === 'process'));
});

test('configuration and repository locations injected through the environment are dropped; GIT_COMMITTER_* stays', (t) => {
  const root = repository(t);
  const saved = { ...process.env };
  process.env.GIT_CONFIG_COUNT = '1';
  process.env.GIT_CONFIG_KEY_0 = 'user.name';
  process.env.GIT_CONFIG_VALUE_0 = 'Injected';
  process.env.GIT_CONFIG_PARAMETERS = "'user.email'='injected@example.org'";
  process.env.GIT_OBJECT_DIRECTORY = path.join(tempDir(t), 'objects');
  process.env.GIT_INDEX_FILE = path.join(tempDir(t), 'index');
  process.env.GIT_COMMITTER_NAME = 'From The Environment';
  process.env.GIT_COMMITTER_EMAIL = 'env@example.org';
  try {
    assert.equal(git(root, ['config', '--get', 'user.name']).status, 1);
    assert.equal(git(root, ['config', '--get', 'user.email']).status, 1);
    assert.equal(gitText(root, ['var', 'GIT_COMMITTER_IDENT']).split(' <')[0], 'From The Environment');
    assert.deepEqual(dirtyFiles(root), []);
  } finally {
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
    Object.assign(process.env, saved);
  }
});

test('every git command of src/ and transforms/ starts in util/git (one place for the environment and the config guards)', () => {
  const root = REPO_ROOT;
  const offenders: string[] = [];
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const child = `${rel}/${entry.name}`;
      if (entry.isDirectory() && !/^(__tests__|__testfixtures__|node_modules)$/.test(entry.name)) walk(child);
      else if (/\.tsx?$/.test(entry.name) && child !== 'src/util/git.ts') {
        const text = fs.readFileSync(path.join(root, child), 'utf8');
        if (/\b(run|runText|runAsync|spawn|spawnSync|execFile|execFileSync)\(\s*['"]git['"]/.test(text)) offenders.push(child);
      }
    }
  };
  walk('src');
  walk('transforms');
  assert.deepEqual(offenders, []);
});

test('the config is read once while it is unchanged, and again once it changed: a filter added meanwhile never runs', async (t) => {
  const root = repository(t);
  const markers = tempDir(t);
  write(root, '.gitattributes', '*.c filter=evil\n');
  gitText(root, ['add', '.gitattributes']);
  gitText(root, ['commit', '-q', '-m', 'attributes'], { env: COMMIT_ENV });
  // Settled config files: changed more than a second before they are read.
  const old = new Date(Date.now() - 3_600_000);
  for (const file of ['.git/config', '.git']) fs.utimesSync(path.join(root, file), old, old);

  const unchanged = await tracedCommands(() => {
    assert.equal(isGitTopLevel(root), true);
    assert.equal(isGitTopLevel(root), true);
    assert.deepEqual(dirtyFiles(root), []);
    assert.deepEqual(dirtyFiles(root), []);
  });
  assert.equal(unchanged.filter((line) => / config --null /.test(line)).length, 1, 'one config read');
  assert.equal(unchanged.filter((line) => / rev-parse --show-toplevel/.test(line)).length, 1, 'one top-level question');

  const clean = path.join(markers, 'clean.sh');
  fs.writeFileSync(clean, `#!/bin/sh\ntouch '${path.join(markers, 'ran')}'\ncat\n`, { mode: 0o755 });
  gitText(root, ['config', 'filter.evil.clean', clean]);
  fs.utimesSync(path.join(root, 'a.c'), new Date(2001, 0, 1), new Date(2001, 0, 1));
  const changed = await tracedCommands(() => assert.deepEqual(dirtyFiles(root), []));
  assert.equal(changed.filter((line) => / config --null /.test(line)).length, 1, 'the changed config is read again');
  assert.equal(fs.existsSync(path.join(markers, 'ran')), false, 'the filter added meanwhile did not run');
});
