// The renderer against real git: the same commits through `git format-patch --cover-letter -n` must
// give the same bytes, the patches must `git am --keep-cr` to the expected tree, and the output
// directory must never be left half-written.

import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sourceDirOf } from './helpers/paths.js';
import type { FileChange, SeriesModel, SeriesPatch } from '../src/series/model.js';
import { run, runText } from '../src/util/proc.js';
import { gitBlobId } from '../src/render/blob.js';
import { fileDiff } from '../src/render/diff.js';
import { diffstat } from '../src/render/diffstat.js';
import { gitDiffDrivers } from '../src/render/diff-drivers.js';
import { patchFileName } from '../src/render/file-names.js';
import { renderSeries, type RenderedFile, type RenderOptions } from '../src/render/format-patch.js';
import { parseIdent } from '../src/render/ident.js';
import { renderMbox } from '../src/render/mbox.js';
import { createSeriesCommits } from '../src/render/commits.js';
import { DECISIONS_FILE, SERIES_MARKER, writeSeriesDirectory } from '../src/render/output-dir.js';

// Keep the machine's git configuration (format.*, diff.*) out of the comparisons.
process.env.GIT_CONFIG_GLOBAL = '/dev/null';
process.env.GIT_CONFIG_NOSYSTEM = '1';

const FIXTURES = join(sourceDirOf(import.meta.url), 'fixtures', 'render');
const DATE = new Date('2026-11-24T08:00:00Z');
const GIT_DATE = '2026-11-24T08:00:00+0000';

function fixture(name: string): Buffer {
  return readFileSync(join(FIXTURES, name));
}

const createdDirs: string[] = [];
after(() => {
  for (const dir of createdDirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `kcodemod-render-${prefix}-`));
  createdDirs.push(dir);
  return dir;
}

function identEnv(author: string): NodeJS.ProcessEnv {
  const { name, email } = parseIdent(author);
  return {
    ...process.env,
    GIT_AUTHOR_NAME: name, GIT_AUTHOR_EMAIL: email, GIT_AUTHOR_DATE: GIT_DATE,
    GIT_COMMITTER_NAME: name, GIT_COMMITTER_EMAIL: email, GIT_COMMITTER_DATE: GIT_DATE,
  };
}

function git(cwd: string, args: string[], env: NodeJS.ProcessEnv = identEnv('Base Author <base@example.org>'), input?: Buffer | string): string {
  return runText('git', args, { cwd, env, input });
}

function replaceText(bytes: Buffer, from: string, to: string): Buffer {
  const text = bytes.toString('latin1');
  assert.ok(text.includes(from), `fixture text not found: ${from}`);
  return Buffer.from(text.split(from).join(to), 'latin1');
}

const LONG_PATH = 'drivers/net/ethernet/vendor-with-a-long-name/subdirectory/device-support.c';
const longFileBefore = Buffer.from(Array.from({ length: 80 }, (_, i) => `int value_${i} = ${i};\n`).join(''));
const longFileAfter = Buffer.from(Array.from({ length: 80 }, (_, i) => `int value_${i} = ${i < 60 ? i * 2 : i};\n`).join(''));
const headerBefore = Buffer.from(
  '/* SPDX-License-Identifier: GPL-2.0 */\n#ifndef LINUX_PCI_H\n#define LINUX_PCI_H\n\nstruct pci_dev;\n\n' +
    'void pci_set_master(struct pci_dev *dev);\nvoid pci_clear_master(struct pci_dev *dev);\n' +
    'int pci_enable_device(struct pci_dev *dev);\nint pcim_enable_device(struct pci_dev *pdev);\n' +
    'void pci_disable_device(struct pci_dev *dev);\nvoid pci_intx(struct pci_dev *dev, int enable);\n\n#endif\n',
);

/** A base tree: Latin-1, CRLF and no-final-newline files, kernel-like .gitattributes. */
function baseFiles(): Map<string, Buffer> {
  return new Map([
    ['.gitattributes', Buffer.from('*.c diff=cpp\n')],
    ['drivers/misc/frankel.c', fixture('latin1.c')],
    ['drivers/misc/crlf.c', fixture('crlf.c')],
    ['drivers/misc/nonl.c', fixture('nonl.c')],
    ['drivers/misc/obsolete.c', Buffer.from('/* nothing left here */\n')],
    ['drivers/pci/core.c', fixture('core.c')],
    ['include/linux/pci.h', headerBefore],
    [LONG_PATH, longFileBefore],
  ]);
}

const UNMANAGED_FUNCTION =
  '\n/**\n * pci_intx_unmanaged - enables/disables PCI INTx for device dev,\n * unmanaged version\n * @pdev: the PCI device to operate on\n * @enable: boolean: whether to enable or disable PCI INTx\n */\n' +
  'void pci_intx_unmanaged(struct pci_dev *pdev, int enable)\n{\n\tpci_intx(pdev, enable);\n}\nEXPORT_SYMBOL_GPL(pci_intx_unmanaged);\n';

function makeModel(files: Map<string, Buffer>): SeriesModel {
  const core0 = files.get('drivers/pci/core.c')!;
  const core1 = replaceText(core0, 'EXPORT_SYMBOL_GPL(pci_intx);\n', 'EXPORT_SYMBOL_GPL(pci_intx);\n' + UNMANAGED_FUNCTION);
  let core2 = replaceText(core1, ' * pci_intx - enables/disables PCI INTx for device dev\n', ' * pci_intx - enables/disables PCI INTx for device dev (hybrid)\n');
  core2 = replaceText(
    core2,
    '\n/**\n * pci_check_and_mask_intx - mask INTx on pending interrupt\n * @dev: the PCI device to operate on\n */\nbool pci_check_and_mask_intx(struct pci_dev *dev)\n{\n\treturn false;\n}\nEXPORT_SYMBOL_GPL(pci_check_and_mask_intx);\n',
    '',
  );
  const crlf0 = files.get('drivers/misc/crlf.c')!;
  const frankel0 = files.get('drivers/misc/frankel.c')!;
  const nonl0 = files.get('drivers/misc/nonl.c')!;
  const header0 = files.get('include/linux/pci.h')!;
  const patch = (p: Partial<SeriesPatch> & Pick<SeriesPatch, 'key' | 'subject' | 'body' | 'trailers' | 'changes'>): SeriesPatch => ({
    phase: 'test', siteIds: [], dependsOn: [], subsystem: 'PCI', acksFrom: [], cautions: [], ...p,
  });
  const changes2: FileChange[] = [
    { path: 'drivers/misc/frankel.c', before: frankel0, after: replaceText(frankel0, 'pci_intx(', 'pci_intx_unmanaged(') },
    { path: 'drivers/misc/nonl.c', before: nonl0, after: replaceText(nonl0, 'pci_intx(pdev, 0); }', 'pci_intx_unmanaged(pdev, 0); }') },
    { path: 'drivers/misc/obsolete.c', before: files.get('drivers/misc/obsolete.c')!, after: null },
    { path: 'drivers/pci/core.c', before: core1, after: core2 },
    { path: 'include/linux/pci.h', before: header0, after: replaceText(header0, 'int enable);\n\n#endif', 'int enable);\nvoid pci_intx_unmanaged(struct pci_dev *pdev, int enable);\n\n#endif') },
    { path: LONG_PATH, before: longFileBefore, after: longFileAfter },
  ];
  return {
    transform: 'pci-intx', coreState: 'hybrid', strategy: 'thread', phases: [],
    patches: [
      patch({
        key: 'prepare',
        subject: 'PCI: Add pci_intx_unmanaged()',
        body: 'pci_intx() is hybrid: it uses devres when the device was enabled with\npcim_enable_device().   \n\nAdd a never-managed version for the drivers that need one.',
        trailers: ['Signed-off-by: Kcodemod Tester <tester@example.org>'],
        changes: [
          { path: 'drivers/pci/core.c', before: core0, after: core1 },
          { path: 'drivers/misc/crlf.c', before: crlf0, after: replaceText(crlf0, 'pci_intx(pdev, 1);', 'pcim_intx(pdev, 1);') },
          { path: 'include/linux/pci-intx.h', before: null, after: Buffer.from('/* SPDX-License-Identifier: GPL-2.0 */\nvoid pci_intx_unmanaged(struct pci_dev *pdev, int enable);\n') },
        ],
      }),
      patch({
        key: 'port-unmanaged:misc',
        subject: 'misc: frankel: Use pci_intx_unmanaged() instead of the hybrid pci_intx() in both paths',
        body: 'The Fr\u00e4nkel driver enables its device with pci_enable_device() in\nfrankel_setup(), so it never wants the managed behaviour.',
        trailers: ['Cc: J\u00f6rg M\u00fcller <jm@example.org>', 'Signed-off-by: Kcodemod Tester <tester@example.org>'],
        changes: changes2,
      }),
    ],
    cover: {
      subject: 'PCI: Stop pci_intx() from being hybrid',
      body: 'This series ports the drivers away from the hybrid pci_intx().\n\nSummary line two.\n',
    },
    notes: [],
  };
}

interface Fixture {
  repo: string;
  base: string;
  model: SeriesModel;
}

function makeRepo(): Fixture {
  const repo = tempDir('repo');
  git(repo, ['init', '-q', '-b', 'main']);
  const files = baseFiles();
  for (const [path, bytes] of files) {
    mkdirSync(join(repo, path, '..'), { recursive: true });
    writeFileSync(join(repo, path), bytes);
  }
  git(repo, ['add', '.']);
  git(repo, ['commit', '-q', '-m', 'base']);
  return { repo, base: git(repo, ['rev-parse', 'HEAD']).trim(), model: makeModel(files) };
}

function diffDriverOf(repo: string, model: SeriesModel): (path: string) => string | null {
  const drivers = gitDiffDrivers(repo, model.patches.flatMap((p) => p.changes.map((c) => c.path)));
  return (path) => drivers.get(path) ?? null;
}

/** git format-patch on the same commits; the cover letter gets our subject and blurb put in. */
function gitFormatPatch(fx: Fixture, tip: string, author: string, extraArgs: string[]): RenderedFile[] {
  const out = tempDir('git-out');
  git(fx.repo, ['format-patch', '--cover-letter', '-n', '-q', '-o', out, ...extraArgs, `${fx.base}..${tip}`], identEnv(author));
  return readdirSync(out).sort().map((name) => {
    let bytes: Buffer = readFileSync(join(out, name));
    if (name.endsWith('0000-cover-letter.patch')) {
      bytes = replaceText(bytes, '*** SUBJECT HERE ***', fx.model.cover.subject);
      bytes = replaceText(bytes, '*** BLURB HERE ***\n', fx.model.cover.body);
    }
    return { name, bytes };
  });
}

function assertSameFiles(ours: RenderedFile[], theirs: RenderedFile[]): void {
  assert.deepEqual(ours.map((f) => f.name), theirs.map((f) => f.name));
  for (let i = 0; i < ours.length; i++) {
    assert.equal(ours[i].bytes.toString('latin1'), theirs[i].bytes.toString('latin1'), `${ours[i].name} differs from git's`);
  }
}

const AUTHOR = 'Kcodemod Tester <tester@example.org>';

function baseOptions(fx: Fixture, commitIds: string[] | null): RenderOptions {
  return {
    author: AUTHOR, date: DATE, subjectPrefix: 'PATCH', version: null, baseCommit: fx.base, commitIds,
    to: null, cc: null, numbered: true, abbrev: 7, diffDriver: diffDriverOf(fx.repo, fx.model),
  };
}

/**
 * createSeriesCommits leaves no object in the tree: for git format-patch to see the same commits, git am
 * makes them there (same messages, identity and dates give the same ids), on a detached HEAD.
 */
function landCommits(fx: Fixture, commits: string[], author: string): void {
  const files = renderSeries(fx.model, { ...baseOptions(fx, null), author, abbrev: undefined, diffDriver: undefined });
  const outDir = tempDir('land');
  writeSeriesDirectory(outDir, files, { force: false });
  git(fx.repo, ['checkout', '-q', '--detach']);
  git(fx.repo, ['am', '-q', '--keep-cr', ...files.slice(1).map((f) => join(outDir, f.name))], identEnv(author));
  assert.equal(git(fx.repo, ['rev-parse', 'HEAD']).trim(), commits.at(-1), 'git am made the same commits');
  git(fx.repo, ['checkout', '-q', 'main']);
}

test('the series is byte for byte what git format-patch --cover-letter -n writes for the same commits', () => {
  const fx = makeRepo();
  const headBefore = git(fx.repo, ['rev-parse', 'HEAD']);
  const commits = createSeriesCommits(fx.repo, fx.model, { author: AUTHOR, date: DATE });
  assert.equal(commits.length, 2);
  // the user's branch, index and work tree are untouched
  assert.equal(git(fx.repo, ['rev-parse', 'HEAD']), headBefore);
  assert.equal(git(fx.repo, ['status', '--porcelain']), '');
  assert.equal(git(fx.repo, ['for-each-ref', '--format=%(refname)']).trim(), 'refs/heads/main');
  landCommits(fx, commits, AUTHOR);

  const ours = renderSeries(fx.model, baseOptions(fx, commits));
  const theirs = gitFormatPatch(fx, commits[1], AUTHOR, [`--base=${fx.base}`]);
  assertSameFiles(ours, theirs);
  const cover = ours[0].bytes.toString('utf8');
  assert.match(cover, /^Kcodemod Tester \(2\):\n {2}PCI: Add pci_intx_unmanaged\(\)\n {2}misc: frankel: Use pci_intx_unmanaged\(\) instead of the hybrid\n {4}pci_intx\(\) in both paths\n/m);
  assert.match(cover, /\n\nbase-commit: [0-9a-f]{40}\n-- \n/);
  // the Latin-1 bytes travel unchanged
  assert.ok(ours[2].bytes.includes(Buffer.from('\t/* the Fr\xe4nkel bridge loses INTx \xb1 on resume */\n', 'latin1')));

  // mbox is `git format-patch --stdout`
  const stdout = run('git', ['format-patch', '--cover-letter', '-n', '--stdout', `--base=${fx.base}`, `${fx.base}..${commits[1]}`], { cwd: fx.repo, env: identEnv(AUTHOR) }).stdout;
  const expectedMbox = replaceText(replaceText(stdout, '*** SUBJECT HERE ***', fx.model.cover.subject), '*** BLURB HERE ***\n', fx.model.cover.body);
  assert.equal(renderMbox(ours).toString('latin1'), expectedMbox.toString('latin1'));
});

test('non-ASCII author, RFC prefix, reroll, To/Cc and 12-digit ids match git too', () => {
  const fx = makeRepo();
  const author = 'J\u00f6rg M\u00fcller-Thurgau <jm@example.org>';
  const commits = createSeriesCommits(fx.repo, fx.model, { author, date: DATE });
  landCommits(fx, commits, author);
  const to = ['Bjorn Helgaas <bhelgaas@google.com>', 'linux-pci@vger.kernel.org'];
  const cc = ['Philipp Stanner <pstanner@redhat.com>'];
  const ours = renderSeries(fx.model, {
    ...baseOptions(fx, commits), author, subjectPrefix: 'RFC PATCH', version: 2, baseCommit: null, abbrev: 12,
    to: [to, to, to], cc: [cc, cc, cc],
  });
  const theirs = gitFormatPatch(fx, commits[1], author, [
    '--subject-prefix=RFC PATCH', '-v', '2', '--abbrev=12', ...to.map((a) => `--to=${a}`), ...cc.map((a) => `--cc=${a}`),
  ]);
  assertSameFiles(ours, theirs);
  assert.ok(ours[1].bytes.toString('utf8').includes('From: =?UTF-8?q?J=C3=B6rg=20M=C3=BCller-Thurgau?= <jm@example.org>\n'));
  // git adds the MIME headers only where the message itself has non-ASCII
  assert.ok(!ours[1].bytes.toString('utf8').includes('MIME-Version'));
  assert.ok(ours[2].bytes.toString('utf8').includes('MIME-Version: 1.0\n'));
  // --no-numbered, and git's odd "[ v2 ...]" for an empty prefix
  const plain = renderSeries(fx.model, { ...baseOptions(fx, commits), author, numbered: false, baseCommit: null });
  const plainGit = gitFormatPatch(fx, commits[1], author, ['--no-numbered']);
  assertSameFiles(plain, plainGit);
  const bare = renderSeries(fx.model, { ...baseOptions(fx, commits), author, subjectPrefix: '', version: 2, baseCommit: null });
  assertSameFiles(bare, gitFormatPatch(fx, commits[1], author, ['--subject-prefix=', '-v', '2']));
});

test('git am --keep-cr of the patches gives exactly the expected tree', () => {
  const fx = makeRepo();
  const commits = createSeriesCommits(fx.repo, fx.model, { author: AUTHOR, date: DATE });
  landCommits(fx, commits, AUTHOR);
  const files = renderSeries(fx.model, { ...baseOptions(fx, null), abbrev: undefined, diffDriver: undefined });
  const outDir = tempDir('am-series');
  writeSeriesDirectory(outDir, files, { force: false });
  const clone = join(tempDir('clone'), 'tree');
  git(tmpdir(), ['clone', '-q', fx.repo, clone]);
  const patches = files.slice(1).map((f) => join(outDir, f.name));
  git(clone, ['am', '-q', '--keep-cr', ...patches], identEnv(AUTHOR));
  assert.equal(git(clone, ['rev-parse', 'HEAD^{tree}']), git(fx.repo, ['rev-parse', `${commits[1]}^{tree}`]));
  for (const patch of fx.model.patches) {
    for (const change of patch.changes) {
      const path = join(clone, change.path);
      const last = fx.model.patches.filter((p) => p.changes.some((c) => c.path === change.path)).at(-1)!;
      const expected = last.changes.find((c) => c.path === change.path)!.after;
      if (expected === null) assert.ok(!existsSync(path), `${change.path} should be deleted`);
      else assert.ok(readFileSync(path).equals(expected), `${change.path} differs after git am`);
    }
  }
  // the commits git am made carry the same messages
  assert.equal(git(clone, ['log', '--format=%B', '-2']), git(fx.repo, ['log', '--format=%B', '-2', commits[1]]));
});

test('rendering is deterministic', () => {
  const fx = makeRepo();
  const options = baseOptions(fx, null);
  const first = renderSeries(fx.model, options);
  const second = renderSeries(makeModel(baseFiles()), options);
  assert.deepEqual(second.map((f) => f.name), first.map((f) => f.name));
  second.forEach((f, i) => assert.ok(f.bytes.equals(first[i].bytes), `${f.name} differs between two renders`));
  assert.match(first[1].bytes.toString('utf8'), /^From 0{40} Mon Sep 17 00:00:00 2001\n/);
});

test('createSeriesCommits refuses a series that does not start from the committed content', () => {
  const fx = makeRepo();
  const model = makeModel(baseFiles());
  model.patches[0].changes[0] = { ...model.patches[0].changes[0], before: Buffer.from('something else\n') };
  assert.throws(() => createSeriesCommits(fx.repo, model, { author: AUTHOR, date: DATE }), /does not start from the committed content/);
  const notRepo = tempDir('not-a-repo');
  assert.throws(() => createSeriesCommits(notRepo, model, { author: AUTHOR, date: DATE }), /not a git repository with a commit/);
});

test('createSeriesCommits writes no object and no ref into the tree, and GIT_DIR and friends cannot send it elsewhere', () => {
  const fx = makeRepo();
  const other = makeRepo();
  const treeFilesBefore = runText('find', [join(fx.repo, '.git'), '-type', 'f']).split('\n').sort();
  const otherFilesBefore = runText('find', [join(other.repo, '.git'), '-type', 'f']).split('\n').sort();
  const saved = { ...process.env };
  process.env.GIT_DIR = join(other.repo, '.git');
  process.env.GIT_OBJECT_DIRECTORY = join(other.repo, '.git', 'objects');
  process.env.GIT_INDEX_FILE = join(other.repo, '.git', 'index');
  process.env.GIT_WORK_TREE = other.repo;
  let commits: string[];
  try {
    commits = createSeriesCommits(fx.repo, fx.model, { author: AUTHOR, date: DATE });
  } finally {
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
    Object.assign(process.env, saved);
  }
  assert.deepEqual(runText('find', [join(fx.repo, '.git'), '-type', 'f']).split('\n').sort(), treeFilesBefore);
  assert.deepEqual(runText('find', [join(other.repo, '.git'), '-type', 'f']).split('\n').sort(), otherFilesBefore);
  assert.equal(existsSync(join(fx.repo, '.git', 'refs', 'kcodemod')), false);
  // The ids are those git am makes of the mails on the same base: the tree of the last one matches.
  const files = renderSeries(fx.model, { ...baseOptions(fx, commits), abbrev: undefined, diffDriver: undefined });
  const outDir = tempDir('am-ids');
  writeSeriesDirectory(outDir, files, { force: false });
  const clone = join(tempDir('clone-ids'), 'tree');
  git(tmpdir(), ['clone', '-q', fx.repo, clone]);
  git(clone, ['am', '-q', '--keep-cr', ...files.slice(1).map((f) => join(outDir, f.name))], identEnv(AUTHOR));
  assert.equal(git(clone, ['rev-parse', 'HEAD']).trim(), commits[1]);
  // No temporary commit store is left behind either.
  assert.deepEqual(readdirSync(tmpdir()).filter((name) => name.startsWith(`kcodemod-commits-${process.pid}-`)), []);
});

test('patchFileName sanitizes hostile subjects exactly like git format-patch', () => {
  const subjects = [
    'ata: ahci: Use pcim_intx()',
    'a/b/c: ../../etc/passwd',
    '..',
    '...hidden...dots..here...',
    'line one\nline two',
    '\n\nleading blank lines',
    'first paragraph\n\nsecond paragraph',
    'Ünïcödé façade 日本語 ✓',
    '日本語',
    '-leading and trailing-',
    'x'.repeat(100),
    'net: a subject that is long enough to be truncated at sixty-four bytes by git format-patch',
    '\ttabs\tand  spaces__under_scores',
  ];
  const repo = tempDir('names');
  git(repo, ['init', '-q']);
  git(repo, ['commit', '-q', '--allow-empty', '-m', 'base']);
  const base = git(repo, ['rev-parse', 'HEAD']).trim();
  let parent = base;
  for (const subject of subjects) {
    writeFileSync(join(repo, 'f'), subject);
    git(repo, ['add', 'f']);
    const tree = git(repo, ['write-tree']).trim();
    parent = git(repo, ['commit-tree', tree, '-p', parent, '-F', '-'], undefined, `${subject}\n\nbody\n`).trim();
  }
  for (const version of [null, 3]) {
    const out = tempDir('names-out');
    git(repo, ['format-patch', '-q', '-o', out, ...(version ? ['-v', String(version)] : []), `${base}..${parent}`]);
    const theirs = readdirSync(out).sort();
    const ours = subjects.map((s, i) => patchFileName(i + 1, s, version));
    assert.deepEqual(ours, theirs);
  }
  // git refuses NUL in messages; by its rules a NUL is a separator like any non-title byte
  assert.equal(patchFileName(1, 'a\0b', null), '0001-a-b.patch');
  for (const subject of subjects) assert.ok(!patchFileName(7, subject, 2).includes('/'));
});

test('fileDiff hunks match git diff for random block edits (fixed seed)', () => {
  let seed = 12345;
  const random = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  const vocabulary = ['', '', '{', '}', '\tfoo();', '\tbar();', 'int x;', 'static int f(void)', '\t\treturn 0;', '\tif (a)', '/* c */', '\xe9t\xe9\r'];
  const pick = () => vocabulary[Math.floor(random() * vocabulary.length)];
  const dir = tempDir('fuzz');
  for (let n = 0; n < 120; n++) {
    const before = Array.from({ length: 5 + Math.floor(random() * 40) }, pick);
    const after = [...before];
    const at = Math.floor(random() * (after.length + 1));
    const kind = random();
    const size = 1 + Math.floor(random() * 4);
    if (kind < 0.4) after.splice(at, 0, ...Array.from({ length: size }, pick));
    else if (kind < 0.8) after.splice(at, size);
    else after.splice(at, 1, pick());
    const a = Buffer.from(before.join('\n') + (random() < 0.2 ? '' : '\n'), 'latin1');
    const b = Buffer.from(after.join('\n') + (random() < 0.2 ? '' : '\n'), 'latin1');
    if (a.equals(b)) continue;
    writeFileSync(join(dir, 'a.c'), a);
    writeFileSync(join(dir, 'b.c'), b);
    const theirs = run('git', ['diff', '--no-index', '--no-color', '--abbrev=12', 'a.c', 'b.c'], { cwd: dir }).stdout.toString('latin1');
    const ours = fileDiff({ path: 'a.c', before: a, after: b }).toString('latin1');
    const hunks = (text: string) => text.slice(text.indexOf('\n@@'));
    const indexLine = (text: string) => /\nindex .*\n/.exec(text)![0];
    assert.equal(hunks(ours), hunks(theirs), `case ${n}`);
    assert.equal(indexLine(ours), indexLine(theirs), `case ${n}`);
  }
});

test('gitBlobId is git hash-object; diffstat scales and truncates like git diff --stat=72 --summary', () => {
  const dir = tempDir('blob');
  const bytes = Buffer.from('caf\xe9\r\nno newline', 'latin1');
  writeFileSync(join(dir, 'x'), bytes);
  assert.equal(gitBlobId(bytes), runText('git', ['hash-object', '--no-filters', 'x'], { cwd: dir }).trim());
  assert.equal(gitBlobId(Buffer.alloc(0)), 'e69de29bb2d1d6434b8b29ae775ad8c2e48c5391');

  const wide = Buffer.from(Array.from({ length: 400 }, (_, i) => `line ${i}\n`).join(''));
  const changes: FileChange[] = [
    { path: LONG_PATH, before: longFileBefore, after: longFileAfter },
    { path: `${LONG_PATH.replace('.c', '')}/and/an/even/deeper/level/of/directories/file.c`, before: null, after: Buffer.from('x\n') },
    { path: 'a.c', before: null, after: Buffer.from('x\n') },
    { path: 'big.c', before: wide, after: Buffer.alloc(0) },
    { path: 'gone.c', before: Buffer.from('bye\n'), after: null },
  ];
  const repo = tempDir('stat');
  git(repo, ['init', '-q']);
  for (const side of ['before', 'after'] as const) {
    for (const change of changes) {
      const path = join(repo, change.path);
      mkdirSync(join(path, '..'), { recursive: true });
      if (change[side] === null) rmSync(path, { force: true });
      else writeFileSync(path, change[side]!);
    }
    git(repo, ['add', '-A']);
    git(repo, ['commit', '-q', '--allow-empty', '-m', side]);
  }
  const theirs = git(repo, ['diff', '--stat=72', '--summary', 'HEAD~1', 'HEAD']);
  assert.equal(diffstat(changes), theirs);
});

test('bad input gets one-line errors', () => {
  const fx = makeRepo();
  const options = baseOptions(fx, null);
  assert.throws(() => renderSeries(fx.model, { ...options, author: 'no email here' }), /not an identity/);
  assert.throws(() => fileDiff({ path: '../escape.c', before: null, after: Buffer.from('x\n') }), /not a path inside the tree/);
  assert.throws(() => fileDiff({ path: 'bin.c', before: null, after: Buffer.from([0x41, 0, 0x42]) }), /binary/);
  const withNul = makeModel(baseFiles());
  withNul.patches[0].body = 'a\0b';
  assert.throws(() => renderSeries(withNul, options), /NUL/);
  assert.throws(() => renderSeries(fx.model, { ...options, to: [['a@b']] }), /to has 1 entries for 3 mails/);
  assert.equal(parseIdent('  A. B. Smith Jr. <a@b.org> ').name, 'A. B. Smith Jr');
});

// ---- writeSeriesDirectory

function series(tag: string, count = 2): RenderedFile[] {
  return Array.from({ length: count + 1 }, (_, i) => ({
    name: i === 0 ? '0000-cover-letter.patch' : `000${i}-${tag}-patch-${i}.patch`,
    bytes: Buffer.from(`${tag} ${i}\n`),
  }));
}

/** Entries of DIR, with those of its .kcodemod/ directory as ".kcodemod/NAME". */
function listing(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => (name === '.kcodemod' ? readdirSync(join(dir, name)).map((inner) => `${name}/${inner}`) : [name])).sort();
}

test('writeSeriesDirectory creates a new directory and replaces an earlier series whole, keeping decisions', () => {
  const dir = join(tempDir('out'), 'outgoing');
  writeSeriesDirectory(dir, series('old', 3), { force: false });
  assert.deepEqual(listing(dir), [SERIES_MARKER, '0000-cover-letter.patch', '0001-old-patch-1.patch', '0002-old-patch-2.patch', '0003-old-patch-3.patch'].sort());
  mkdirSync(join(dir, '.kcodemod'), { recursive: true });
  writeFileSync(join(dir, DECISIONS_FILE), '{"version":1}\n');
  writeSeriesDirectory(dir, series('new', 1), { force: false });
  assert.deepEqual(listing(dir), [SERIES_MARKER, '0000-cover-letter.patch', '0001-new-patch-1.patch', DECISIONS_FILE].sort());
  assert.equal(readFileSync(join(dir, DECISIONS_FILE), 'utf8'), '{"version":1}\n');
  assert.equal(readFileSync(join(dir, '0000-cover-letter.patch'), 'utf8'), 'new 0\n');
  // nothing left beside it
  assert.deepEqual(readdirSync(join(dir, '..')), ['outgoing']);
});

test('writeSeriesDirectory recognizes a series without marker (numbered patches + decisions) as ours', () => {
  const dir = tempDir('bare');
  writeFileSync(join(dir, '0001-x.patch'), 'x');
  // Where earlier versions kept the decisions: moved into .kcodemod/.
  writeFileSync(join(dir, 'kcodemod-decisions.json'), '{}');
  writeSeriesDirectory(dir, series('new', 1), { force: false });
  assert.deepEqual(listing(dir), [SERIES_MARKER, '0000-cover-letter.patch', '0001-new-patch-1.patch', DECISIONS_FILE].sort());
  assert.equal(readFileSync(join(dir, DECISIONS_FILE), 'utf8'), '{}');
});

test('writeSeriesDirectory refuses foreign files; --force replaces only our numbered patches', () => {
  const dir = tempDir('foreign');
  writeFileSync(join(dir, 'notes.txt'), 'mine');
  mkdirSync(join(dir, 'sub'));
  writeFileSync(join(dir, '0001-older.patch'), 'old');
  writeFileSync(join(dir, 'kcodemod-decisions.json'), '{}');
  assert.throws(() => writeSeriesDirectory(dir, series('new'), { force: false }), (error: Error) => {
    assert.match(error.message, /holds files that are not a kcodemod series \(notes\.txt, sub\); use --force/);
    assert.ok(!error.message.includes('\n'));
    return true;
  });
  assert.deepEqual(listing(dir), ['0001-older.patch', 'kcodemod-decisions.json', 'notes.txt', 'sub']);
  writeSeriesDirectory(dir, series('new'), { force: true });
  assert.deepEqual(listing(dir), [SERIES_MARKER, '0000-cover-letter.patch', '0001-new-patch-1.patch', '0002-new-patch-2.patch', DECISIONS_FILE, 'notes.txt', 'sub'].sort());
  assert.equal(readFileSync(join(dir, 'notes.txt'), 'utf8'), 'mine');
  assert.deepEqual(readdirSync(join(dir, '..')).filter((n) => n.startsWith('.')), []);
});

test('a failure while writing leaves the earlier series intact', () => {
  const dir = join(tempDir('fail'), 'outgoing');
  writeSeriesDirectory(dir, series('old'), { force: false });
  writeFileSync(join(dir, DECISIONS_FILE), '{}');
  const before = listing(dir);
  const failOnSecond = (name: string) => {
    if (name.startsWith('0001')) throw new Error('ENOSPC: no space left on device');
  };
  assert.throws(() => writeSeriesDirectory(dir, series('new'), { force: false, beforeWrite: failOnSecond }), /no space left on device; nothing was changed/);
  assert.deepEqual(listing(dir), before);
  assert.equal(readFileSync(join(dir, '0001-old-patch-1.patch'), 'utf8'), 'old 1\n');
  assert.deepEqual(readdirSync(join(dir, '..')), ['outgoing']);

  // forced into a foreign directory where a new name is taken by a directory: rolled back
  const foreign = tempDir('fail-foreign');
  writeFileSync(join(foreign, 'keep.txt'), 'k');
  writeFileSync(join(foreign, '0001-old.patch'), 'old');
  mkdirSync(join(foreign, '0002-new-patch-2.patch'));
  assert.throws(() => writeSeriesDirectory(foreign, series('new'), { force: true }), /could not write the series to .*: EEXIST.*; nothing was changed/);
  assert.deepEqual(listing(foreign), ['0001-old.patch', '0002-new-patch-2.patch', 'keep.txt']);
  assert.equal(readFileSync(join(foreign, '0001-old.patch'), 'utf8'), 'old');
});

test('writeSeriesDirectory never writes outside the directory', () => {
  const dir = tempDir('escape');
  for (const name of ['../evil.patch', '/tmp/evil.patch', '..', 'a/b.patch', '', SERIES_MARKER]) {
    assert.throws(() => writeSeriesDirectory(dir, [{ name, bytes: Buffer.from('x') }], { force: false }), /refusing to write/);
  }
  assert.deepEqual(listing(dir), []);
  const file = join(dir, 'plain-file');
  writeFileSync(file, 'x');
  assert.throws(() => writeSeriesDirectory(file, series('x'), { force: true }), /exists and is not a directory/);
});
