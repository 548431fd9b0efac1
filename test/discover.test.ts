// Discover: which .c/.h files mention the words, through git grep (git top level) or a directory scan,
// on small trees made here: ignore-everything .gitignore, untracked sources, binary and unreadable files,
// symlink loops and escapes, nested repositories, whole-word matching, the worker-thread path.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { discoverCandidates } from '../src/discover/discover.js';
import { createWordMatcher } from '../src/discover/word-matcher.js';
import { CHUNK_SIZE, WORKER_STARTED_SLOT } from '../src/discover/read-sources.js';
import { startScanWorker } from '../src/discover/parallel-scan.js';
import { BAD_NAME_REASON, BINARY_REASON, NOT_REGULAR_REASON } from '../src/discover/skips.js';
import { git } from '../src/util/git.js';
import { run } from '../src/util/proc.js';

const GIT_ENV = {
  GIT_AUTHOR_NAME: 'Test Author',
  GIT_AUTHOR_EMAIL: 'author@example.org',
  GIT_COMMITTER_NAME: 'Test Committer',
  GIT_COMMITTER_EMAIL: 'committer@example.org',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
};

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kcodemod-discover-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function writeFiles(root: string, files: Record<string, string | Buffer>): void {
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), content);
  }
}

function gitOk(dir: string, args: string[]): string {
  const result = git(dir, args, { env: GIT_ENV });
  assert.equal(result.status, 0, `git ${args.join(' ')}: ${result.stderr}`);
  return result.stdout.toString('utf8');
}

const WORDS = ['pci_intx', 'pcim_enable_device'];

test('plain directory: whole words only, .c/.h only, sorted relative paths', async (t) => {
  const root = tempDir(t);
  writeFiles(root, {
    'drivers/a/call.c': 'void f(void) { pci_intx(pdev, 1); }\n',
    'drivers/a/ported.c': 'void f(void) { pci_intx_unmanaged(pdev, 1); }\n',
    'drivers/a/prefix.c': 'int xpci_intx;\n',
    'drivers/b/enable.h': '#define E pcim_enable_device\n',
    'drivers/b/notes.txt': 'pci_intx\n',
    'start.c': 'pci_intx',
    'latin1.c': Buffer.from([0xe9, ...Buffer.from('pci_intx'), 0xe9]),
    'other.c': 'int main(void) { return 0; }\n',
  });
  const result = await discoverCandidates(root, WORDS);
  assert.equal(result.method, 'scan');
  assert.deepEqual(result.files, ['drivers/a/call.c', 'drivers/b/enable.h', 'latin1.c', 'start.c']);
  assert.equal(result.filesScanned, 7);
  assert.deepEqual(result.skipped, []);
  assert.deepEqual(result.notes, []);
});

test('word matcher: no shared anchor, words inside words, matches at the buffer edges', () => {
  const unrelated = createWordMatcher(['alpha_one', 'beta_two']);
  assert.equal(unrelated.matches(Buffer.from('x = beta_two;')), true);
  assert.equal(unrelated.matches(Buffer.from('alpha_one')), true);
  assert.equal(unrelated.matches(Buffer.from('alpha_ones beta_two_')), false);
  const nested = createWordMatcher(['pci_enable_device', 'pci_enable_device_mem']);
  assert.equal(nested.matches(Buffer.from('pci_enable_device_mem(pdev)')), true);
  assert.equal(nested.matches(Buffer.from('pci_enable_device_memx(pdev)')), false);
  // The anchor occurs several times before the real match.
  assert.equal(createWordMatcher(['pci_intx']).matches(Buffer.from('pci_intxx pci_intx_unmanaged pci_intx')), true);
  assert.throws(() => createWordMatcher([]), /no words/);
  assert.throws(() => createWordMatcher(['a b']), /only C identifiers/);
});

test('binary .c files that mention a word are skipped with a reason; a FIFO is not read', async (t) => {
  const root = tempDir(t);
  writeFiles(root, {
    'blob.c': Buffer.concat([Buffer.from('pci_intx('), Buffer.from([0, 1, 2])]),
    'quiet-blob.c': Buffer.from([0, 1, 2]),
    'good.c': 'pci_intx(pdev, 0);\n',
  });
  run('mkfifo', [path.join(root, 'pipe.c')]);
  const result = await discoverCandidates(root, WORDS);
  assert.deepEqual(result.files, ['good.c']);
  assert.deepEqual(result.skipped, [
    { file: 'blob.c', reason: BINARY_REASON },
    { file: 'pipe.c', reason: NOT_REGULAR_REASON },
  ]);
});

test('an unreadable file is skipped with its reason and the scan goes on (root can still read it)', async (t) => {
  const root = tempDir(t);
  writeFiles(root, { 'locked.c': 'pci_intx(pdev, 1);\n', 'open.c': 'pci_intx(pdev, 1);\n' });
  fs.chmodSync(path.join(root, 'locked.c'), 0o000);
  let readable = true;
  try {
    fs.readFileSync(path.join(root, 'locked.c'));
  } catch {
    readable = false;
  }
  const result = await discoverCandidates(root, WORDS);
  if (readable) {
    // Running as root: mode 000 does not stop reads, so the file is an ordinary candidate.
    assert.deepEqual(result.files, ['locked.c', 'open.c']);
    assert.deepEqual(result.skipped, []);
  } else {
    assert.deepEqual(result.files, ['open.c']);
    assert.deepEqual(result.skipped, [{ file: 'locked.c', reason: 'could not be read (EACCES)' }]);
  }
});

test('symlinks: loops and links leaving the tree are reported and not followed; in-tree links are not searched twice', async (t) => {
  const outside = tempDir(t);
  writeFiles(outside, { 'secret.c': 'pci_intx(pdev, 1);\n', 'dir/deep.c': 'pci_intx(pdev, 1);\n' });
  const root = tempDir(t);
  writeFiles(root, { 'sub/real.c': 'pci_intx(pdev, 1);\n' });
  fs.symlinkSync(path.join(outside, 'secret.c'), path.join(root, 'escape.c'));
  fs.symlinkSync(path.join(outside, 'dir'), path.join(root, 'escape-dir'));
  fs.symlinkSync('loop-b.c', path.join(root, 'loop-a.c'));
  fs.symlinkSync('loop-a.c', path.join(root, 'loop-b.c'));
  fs.symlinkSync('..', path.join(root, 'sub', 'up'));
  fs.symlinkSync('real.c', path.join(root, 'sub', 'alias.c'));
  fs.symlinkSync('missing.c', path.join(root, 'dangling.c'));
  const result = await discoverCandidates(root, WORDS);
  assert.deepEqual(result.files, ['sub/real.c']);
  assert.equal(result.filesScanned, 1);
  assert.deepEqual(result.skipped, [
    { file: 'dangling.c', reason: 'symlink to a missing file' },
    { file: 'escape-dir', reason: 'symlink leads outside the tree (not followed)' },
    { file: 'escape.c', reason: 'symlink leads outside the tree (not followed)' },
    { file: 'loop-a.c', reason: 'symlink loop (not followed)' },
    { file: 'loop-b.c', reason: 'symlink loop (not followed)' },
  ]);
});

test('git tree whose .gitignore is "/*": force-added and untracked (ignored) sources are both found', async (t) => {
  const root = tempDir(t);
  writeFiles(root, {
    '.gitignore': '/*\n',
    'drivers/a/a.c': 'pci_intx(pdev, 1);\n',
    'drivers/a/b.c': 'pcim_enable_device(pdev);\n',
    'drivers/a/none.c': 'int x;\n',
    'include/h.h': 'void pci_intx(void *p, int e);\n',
  });
  gitOk(root, ['init', '-q']);
  gitOk(root, ['add', '-f', '.gitignore', 'drivers', 'include']);
  gitOk(root, ['commit', '-q', '-m', 'base']);
  writeFiles(root, { 'drivers/a/untracked.c': 'pci_intx(pdev, 0);\n', 'drivers/a/untracked-none.h': 'int y;\n' });
  assert.equal(gitOk(root, ['status', '--porcelain']), '', 'the untracked files are ignored by "/*"');

  const viaGit = await discoverCandidates(root, WORDS);
  assert.equal(viaGit.method, 'git-grep');
  assert.deepEqual(viaGit.files, ['drivers/a/a.c', 'drivers/a/b.c', 'drivers/a/untracked.c', 'include/h.h']);
  assert.equal(viaGit.filesScanned, 6);
  const viaScan = await discoverCandidates(root, WORDS, { forceScan: true });
  assert.equal(viaScan.method, 'scan');
  assert.deepEqual(viaScan.files, viaGit.files);
  assert.equal(viaScan.filesScanned, viaGit.filesScanned);
});

test('git tree: a binary tracked match is skipped, tracked symlinks are neither counted nor followed', async (t) => {
  const outside = tempDir(t);
  writeFiles(outside, { 'secret.c': 'pci_intx(pdev, 1);\n' });
  const root = tempDir(t);
  writeFiles(root, { 'a.c': 'pci_intx(pdev, 1);\n', 'blob.c': Buffer.from([0x70, 0, ...Buffer.from(' pci_intx ')]) });
  fs.symlinkSync(path.join(outside, 'secret.c'), path.join(root, 'escape.c'));
  gitOk(root, ['init', '-q']);
  gitOk(root, ['add', '.']);
  gitOk(root, ['commit', '-q', '-m', 'base']);
  const result = await discoverCandidates(root, WORDS);
  assert.equal(result.method, 'git-grep');
  assert.deepEqual(result.files, ['a.c']);
  assert.equal(result.filesScanned, 2);
  assert.deepEqual(result.skipped, [{ file: 'blob.c', reason: BINARY_REASON }]);
});

test('a directory inside a git repository is scanned as a plain directory (like examples/)', async (t) => {
  const repo = tempDir(t);
  writeFiles(repo, { '.gitignore': 'examples/ignored.c\n', 'top.c': 'pci_intx(pdev, 1);\n', 'examples/tracked.c': 'pci_intx(pdev, 1);\n' });
  gitOk(repo, ['init', '-q']);
  gitOk(repo, ['add', '.']);
  gitOk(repo, ['commit', '-q', '-m', 'base']);
  writeFiles(repo, { 'examples/ignored.c': 'pcim_enable_device(pdev);\n' });
  const result = await discoverCandidates(path.join(repo, 'examples'), WORDS);
  assert.equal(result.method, 'scan');
  assert.deepEqual(result.files, ['ignored.c', 'tracked.c']);
});

test('a git repository inside a plain directory: the scan enters it but never its .git', async (t) => {
  const root = tempDir(t);
  writeFiles(root, { 'outer.c': 'pci_intx(pdev, 1);\n', 'nested/inner.c': 'pci_intx(pdev, 1);\n' });
  gitOk(path.join(root, 'nested'), ['init', '-q']);
  writeFiles(root, { 'nested/.git/stray.c': 'pci_intx(pdev, 1);\n' });
  const outer = await discoverCandidates(root, WORDS);
  assert.equal(outer.method, 'scan');
  assert.deepEqual(outer.files, ['nested/inner.c', 'outer.c']);
  // The nested repository itself is a git top level: git is used, and its file is untracked.
  const inner = await discoverCandidates(path.join(root, 'nested'), WORDS);
  assert.equal(inner.method, 'git-grep');
  assert.deepEqual(inner.files, ['inner.c']);
});

test('without git on PATH the tree is scanned, with a note', async (t) => {
  const root = tempDir(t);
  writeFiles(root, { 'a.c': 'pci_intx(pdev, 1);\n' });
  gitOk(root, ['init', '-q']);
  const savedPath = process.env.PATH;
  process.env.PATH = path.join(root, 'no-such-bin');
  t.after(() => {
    process.env.PATH = savedPath;
  });
  const result = await discoverCandidates(root, WORDS);
  process.env.PATH = savedPath;
  assert.equal(result.method, 'scan');
  assert.deepEqual(result.files, ['a.c']);
  assert.deepEqual(result.notes, ['git is not installed: searched the directory instead of using git grep']);
});

test('file names that are not valid UTF-8 are reported by both methods', async (t) => {
  const root = tempDir(t);
  writeFiles(root, { 'a.c': 'pci_intx(pdev, 1);\n' });
  // "fé.c" in Latin-1: the byte 0xE9 alone is not UTF-8.
  fs.writeFileSync(Buffer.concat([Buffer.from(root + '/f'), Buffer.from([0xe9]), Buffer.from('.c')]), 'pci_intx(pdev, 1);\n');
  const scanned = await discoverCandidates(root, WORDS);
  assert.deepEqual(scanned.files, ['a.c']);
  assert.deepEqual(scanned.skipped, [{ file: 'f\uFFFD.c', reason: BAD_NAME_REASON }]);
  gitOk(root, ['init', '-q']);
  const viaGit = await discoverCandidates(root, WORDS);
  assert.equal(viaGit.method, 'git-grep');
  assert.deepEqual(viaGit.files, ['a.c']);
  assert.deepEqual(viaGit.skipped, [{ file: 'f\uFFFD.c', reason: BAD_NAME_REASON }]);
});

test('files larger than the read window: matches across and at window edges, a NUL far from the match', async (t) => {
  const root = tempDir(t);
  const window = 1 << 20;
  const overlap = Math.max(...WORDS.map((w) => w.length)) + 1;
  const matcher = createWordMatcher(WORDS);
  const expected: string[] = [];
  // The longest word placed at every offset around the end of the first window and the start of the
  // second, between neighbours that make it a whole word or not.
  for (let at = window - overlap - 3; at <= window + 1; at++) {
    for (const [before, after] of [[' ', '('], ['x', ' '], [' ', '_']]) {
      const bytes = Buffer.alloc(window + 4096, 0x20);
      bytes.write(`${before}pcim_enable_device${after}`, at - 1, 'latin1');
      const name = `at${at}-${before === ' ' ? 'sp' : before}-${after === ' ' ? 'sp' : after === '(' ? 'paren' : 'under'}.c`;
      fs.writeFileSync(path.join(root, name), bytes);
      if (matcher.matches(bytes)) expected.push(name);
    }
  }
  const lateBinary = Buffer.alloc(3 * window, 0x20);
  lateBinary[10] = 0;
  lateBinary.write(' pci_intx(', 2 * window + 5, 'latin1');
  fs.writeFileSync(path.join(root, 'late-binary.c'), lateBinary);
  const result = await discoverCandidates(root, WORDS);
  assert.equal(expected.length, (window + 1 - (window - overlap - 3) + 1), 'one variant per offset is a whole word');
  assert.deepEqual(result.files, expected.sort());
  assert.deepEqual(result.skipped, [{ file: 'late-binary.c', reason: BINARY_REASON }]);
});

test('the two-thread search finds exactly what the one-thread search finds', async (t) => {
  const root = tempDir(t);
  const files: Record<string, string> = {};
  for (let i = 0; i < CHUNK_SIZE * 6 + 17; i++) {
    files[`d${i % 7}/f${i}.c`] = i % 5 === 0 ? `void f${i}(void) { pci_intx(pdev, 1); }\n` : `int v${i} = pci_intx_${i};\n`;
  }
  writeFiles(root, files);
  fs.writeFileSync(path.join(root, 'd0/bin.c'), Buffer.from([0, ...Buffer.from(' pci_intx ')]));
  const single = await discoverCandidates(root, WORDS, { parallel: false });
  const parallel = await discoverCandidates(root, WORDS, { parallel: true });
  assert.equal(single.files.length, Math.ceil((CHUNK_SIZE * 6 + 17) / 5));
  assert.deepEqual(parallel, single);

  // The main thread usually finishes such a short list before the worker is up: run the worker alone.
  const list = Object.keys(files).sort();
  const state = new Int32Array(new SharedArrayBuffer(8));
  const worker = startScanWorker({ root: fs.realpathSync(root), files: list, words: WORDS, shared: state.buffer as SharedArrayBuffer });
  const byWorker = await worker.done;
  assert.ok('hits' in byWorker, `worker failed: ${JSON.stringify(byWorker)}`);
  assert.equal(Atomics.load(state, WORKER_STARTED_SLOT), 1);
  assert.deepEqual(byWorker.chunks.length, Math.ceil(list.length / CHUNK_SIZE));
  assert.deepEqual(byWorker.hits.sort(), single.files);
});

test('a missing tree or a file instead of a directory is a one-line error', async (t) => {
  const root = tempDir(t);
  writeFiles(root, { 'file.c': 'int x;\n' });
  await assert.rejects(discoverCandidates(path.join(root, 'nope'), WORDS), /^Error: tree .*nope does not exist$/);
  await assert.rejects(discoverCandidates(path.join(root, 'file.c'), WORDS), /is not a directory$/);
});
