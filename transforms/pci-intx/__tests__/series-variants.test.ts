// The series' variants, by shape (titles, phases and touched files in order) rather than by golden
// files: strategies, --split-final, --split, the final step on a tree without review sites (applied
// and checked with `kcodemod check`), trailers and the output options.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { runCli, describeRun, seriesArgs, FIXED_AUTHOR } from '../../../test/helpers/cli.js';
import { cloneRepo, git, gitAmAsAuthor } from '../../../test/helpers/git-repo.js';
import { makeTempDir } from '../../../test/helpers/temp.js';
import { readSeriesDir, readPatches, readCoverLetter, parseMail } from '../../../test/helpers/series-files.js';
import { examplesRepo, noReviewRepo, unmanagedCoreRepo, writeSeries, defaultSeries, applyFirstPatches, CORE_FILES } from './fixture-trees.js';
import { seriesShape, phasesOf, filesOfPhase, type PatchShape } from './series-shape.js';

const DEVRES = 'drivers/pci/devres.c';
const PCI_C = 'drivers/pci/pci.c';
const PRIVATE_H = 'drivers/pci/pci.h';
const PUBLIC_H = 'include/linux/pci.h';

/** examples/' default series, as EXPECTED.md's last section describes it. */
const EXAMPLES_PORTS: [PatchShape['phase'], string[]][] = [
  ['prepare', [DEVRES, PRIVATE_H, PUBLIC_H]],
  ['never-managed', ['drivers/ata/sata_dunlin.c']],
  ['never-managed', ['drivers/block/shrike/shrike.h']],
  ['never-managed', ['drivers/misc/petrel.c']],
  ['never-managed', ['drivers/misc/tern.c']],
  ['never-managed', ['drivers/parport/parport_lark.c']],
  ['never-managed', ['drivers/scsi/heron.c']],
  ['never-managed', ['drivers/scsi/kestrel/kestrel_hw.c']],
  ['never-managed', ['drivers/scsi/plover_debugfs.c', 'drivers/scsi/plover_main.c']],
  ['never-managed', ['drivers/tty/serial/linnet.c']],
  ['msi', ['drivers/pci/msi/api.c', 'drivers/pci/msi/msi.c']],
  ['always-managed', ['drivers/ata/pata_quill.c']],
  ['always-managed', ['drivers/hid/wren-sfh-hid/hub2/wren_sfh_irq.c']],
  ['always-managed', ['drivers/i2c/busses/i2c-pipit.c']],
  ['always-managed', ['drivers/misc/petrel.c']],
  ['always-managed', ['drivers/misc/plume.c', 'drivers/misc/swift_pci.c']],
  ['always-managed', ['drivers/net/wireless/finch/finch.c']],
];

function phaseAndFiles(shape: PatchShape[]): [string, string[]][] {
  return shape.map((p) => [p.phase, p.files]);
}

/** `kcodemod check` without checkpatch (examples/ has none; test/kernel runs it with checkpatch). */
function checkSeries(repo: string, seriesDir: string): string {
  const args = ['check', 'pci-intx', repo, '--series', seriesDir];
  const r = runCli(args);
  assert.equal(r.status, 0, describeRun(args, r));
  assert.doesNotMatch(r.stdout, /^FAIL/m);
  assert.match(r.stdout, /^plan after the series \(core unmanaged\): nothing left to port$/m);
  assert.match(r.stdout, /^check passed/m);
  return r.stdout;
}

const finalTrees = new Map<string, { clone: string; tree: string }>();

/** The tree id after applying the whole series to a clone of repo (once per series: callers only read the clone). */
function finalTree(repo: string, seriesDir: string, prefix: string): { clone: string; tree: string } {
  const key = `${repo}\0${seriesDir}`;
  if (!finalTrees.has(key)) {
    const clone = applyFirstPatches(repo, seriesDir, readPatches(seriesDir).length, prefix);
    finalTrees.set(key, { clone, tree: git(clone, ['rev-parse', 'HEAD^{tree}']).stdout.trim() });
  }
  return finalTrees.get(key)!;
}

test('examples/, --strategy thread (default): the thread\'s phases, one port patch per subsystem, no final step', async () => {
  const dir = await defaultSeries(examplesRepo().repo);
  assert.deepEqual(phaseAndFiles(seriesShape(dir)), EXAMPLES_PORTS);
  const cover = readCoverLetter(dir);
  assert.match(cover.text, /The never-managed ports are\s+not\s+strictly\s+needed,\s+but\s+keep\s+every\s+caller\s+explicit/, 'the cover letter names the other strategy and why it exists');
  assert.match(cover.text, /not\s+part\s+of\s+this\s+series/, 'the cover letter says why there is no final step');
});

test('examples/, --split module and --split file: one port patch per module / per file', async () => {
  const byModule = seriesShape(await writeSeries(examplesRepo().repo, ['--split', 'module']));
  const byFile = seriesShape(await writeSeries(examplesRepo().repo, ['--split', 'file']));
  // Per module, misc/plume and misc/swift_pci part; plover_main.c and plover_debugfs.c are one module.
  const expectedByModule = EXAMPLES_PORTS.flatMap(([phase, files]): [string, string[]][] =>
    phase === 'always-managed' && files.length === 2 ? files.map((f) => [phase, [f]]) : [[phase, files]],
  );
  assert.deepEqual(phaseAndFiles(byModule), expectedByModule);
  // Per file, plover parts too; the MSI core stays one patch, the prepare patch is the same.
  const expectedByFile = EXAMPLES_PORTS.flatMap(([phase, files]): [string, string[]][] =>
    (phase === 'always-managed' || phase === 'never-managed') && files.length === 2 ? files.map((f) => [phase, [f]]) : [[phase, files]],
  );
  assert.deepEqual(phaseAndFiles(byFile), expectedByFile);
  for (const p of byFile.filter((x) => x.phase === 'never-managed' || x.phase === 'always-managed')) assert.equal(p.files.length, 1, p.title);
});

test('no review sites: the final step is emitted, the series applies and the plan afterwards finds nothing', async () => {
  const { repo, head } = noReviewRepo();
  const dir = await defaultSeries(repo);
  const shape = seriesShape(dir);
  assert.deepEqual(phasesOf(shape), ['prepare', ...Array(9).fill('never-managed'), 'msi', ...Array(6).fill('always-managed'), 'remove']);
  const last = shape[shape.length - 1];
  assert.equal(last.title, 'PCI: Remove the hybrid behavior from pci_intx()');
  // One final patch: remove the branch (pci.c), return every pci_intx_unmanaged() user and remove it.
  assert.deepEqual(last.files, [...filesOfPhase(shape, 'never-managed', 'msi'), DEVRES, PCI_C, PUBLIC_H].sort());
  assert.doesNotMatch(readCoverLetter(dir).text, /not\s+part\s+of\s+this\s+series/);
  checkSeries(repo, dir);

  // The never-managed drivers and the MSI core end as they started; the core and the managed drivers changed.
  const { clone } = finalTree(repo, dir, 'no-review-final');
  const changed = git(clone, ['diff', '--name-only', head, 'HEAD']).stdout.trim().split('\n').sort();
  assert.deepEqual(changed, [...CORE_FILES, ...filesOfPhase(shape, 'always-managed')].sort());
  // Only pci_intx(): the region functions in the same file keep theirs (another migration's).
  const pciC = fs.readFileSync(path.join(clone, PCI_C), 'latin1');
  const pciIntx = /\nvoid pci_intx\(struct pci_dev \*pdev, int enable\)\n\{\n[^]*?\n\}\n/.exec(pciC)?.[0];
  assert.ok(pciIntx, 'pci.c still defines pci_intx()');
  assert.doesNotMatch(pciIntx, /pci_is_managed\s*\(/, 'pci_intx() lost its hybrid branch');
  const devres = fs.readFileSync(path.join(clone, DEVRES), 'latin1');
  assert.doesNotMatch(devres, /\bpci_intx_unmanaged\b|\b__pcim_intx\b/, 'no never-managed copy is left in devres.c');
  assert.doesNotMatch(fs.readFileSync(path.join(clone, PUBLIC_H), 'latin1'), /\bpci_intx_unmanaged\b/);
});

test('--split-final: the thread\'s two final patches (remove the hybrid branch, then pci_intx_unmanaged()), same end result', async () => {
  const { repo } = noReviewRepo();
  const oneFinal = await defaultSeries(repo);
  const twoFinals = await writeSeries(repo, ['--split-final']);
  const single = seriesShape(oneFinal);
  const split = seriesShape(twoFinals);
  assert.equal(split.length, single.length + 1);
  assert.deepEqual(split.slice(0, -2), single.slice(0, -1), 'everything before the final step is the same');
  const [removeHybrid, removeUnmanaged] = split.slice(-2);
  assert.deepEqual(removeHybrid, { title: 'PCI: Remove the hybrid behavior from pci_intx()', phase: 'remove', files: [PCI_C] });
  assert.equal(removeUnmanaged.title, 'PCI: Remove pci_intx_unmanaged()');
  assert.deepEqual(removeUnmanaged.files, [...filesOfPhase(split, 'never-managed', 'msi'), DEVRES, PUBLIC_H].sort());
  checkSeries(repo, twoFinals);
  assert.equal(finalTree(repo, twoFinals, 'split-final').tree, finalTree(repo, oneFinal, 'one-final').tree);
});

test('--strategy direct: make pcim_intx() public, managed ports, remove; nothing never-managed, no MSI patch; same end result', async () => {
  const { repo } = noReviewRepo();
  const direct = await writeSeries(repo, ['--strategy', 'direct']);
  const thread = await defaultSeries(repo);
  const shape = seriesShape(direct);
  const threadShape = seriesShape(thread);
  assert.deepEqual(shape[0], { title: 'PCI: Make pcim_intx() public', phase: 'prepare', files: [DEVRES, PRIVATE_H, PUBLIC_H] });
  assert.deepEqual(
    shape.slice(1, -1),
    threadShape.filter((p) => p.phase === 'always-managed'),
    'the managed ports are the thread\'s, in the same order',
  );
  assert.deepEqual(shape[shape.length - 1], { title: 'PCI: Remove the hybrid behavior from pci_intx()', phase: 'remove', files: [DEVRES, PCI_C] });
  // A file may hold sites of both kinds (petrel.c: two PCI drivers): only its managed ones are ported.
  const managedFiles = filesOfPhase(threadShape, 'always-managed');
  const untouched = filesOfPhase(threadShape, 'never-managed', 'msi').filter((f) => !managedFiles.includes(f));
  assert.ok(untouched.length > 0);
  for (const p of shape) for (const f of p.files) assert.ok(!untouched.includes(f), `${p.title} must not touch the never-managed/MSI file ${f}`);
  assert.match(readCoverLetter(direct).text, /direct order/);
  assert.match(readCoverLetter(direct).text, /The plan from the list\s+also\s+ports\s+them,\s+to\s+pci_intx_unmanaged\(\)\s+and\s+back/, 'the cover letter names the thread\'s plan as the alternative');
  checkSeries(repo, direct);
  assert.equal(finalTree(repo, direct, 'direct-final').tree, finalTree(repo, thread, 'thread-final').tree, 'both strategies end in the same tree');
});

test('--strategy direct on examples/: review sites still block the final step', async () => {
  const shape = seriesShape(await writeSeries(examplesRepo().repo, ['--strategy', 'direct']));
  assert.deepEqual(phasesOf(shape), ['prepare', ...Array(6).fill('always-managed')]);
});

test('--link adds Link: trailers to every patch, before Signed-off-by', async () => {
  const links = ['https://lore.kernel.org/r/one@example.org', 'https://example.org/two'];
  const dir = await writeSeries(examplesRepo().repo, links.flatMap((l) => ['--link', l]));
  for (const p of readPatches(dir)) {
    assert.deepEqual(p.trailers.slice(-3), [`Link: ${links[0]}`, `Link: ${links[1]}`, `Signed-off-by: ${FIXED_AUTHOR}`], p.name);
  }
});

test('--fixes and --stable on an unmanaged core: Fixes: and Cc: stable on every port', async () => {
  const fixes = '0123456789ab ("PCI: Make pci_intx() never managed")';
  const dir = await writeSeries((await unmanagedCoreRepo()).repo, ['--fixes', fixes, '--stable']);
  const patches = readPatches(dir);
  assert.ok(patches.length > 0);
  for (const p of patches) {
    assert.deepEqual(p.trailers, [`Fixes: ${fixes}`, 'Cc: stable@vger.kernel.org', `Signed-off-by: ${FIXED_AUTHOR}`], p.name);
  }
});

test('--fixes with a malformed value is a usage error (exit 2)', async () => {
  const out = path.join(makeTempDir('bad-fixes'), 'out');
  const args = seriesArgs((await unmanagedCoreRepo()).repo, out, ['--fixes', 'not a commit']);
  const r = runCli(args);
  assert.equal(r.status, 2, describeRun(args, r));
  assert.match(r.stderr, /^kcodemod: error: --fixes must look like/);
  assert.doesNotMatch(r.stderr, /^\s+at /m, 'no stack trace');
});

test('-v 2: the file names git format-patch -v 2 gives, and [PATCH v2 nn/NN] subjects', async () => {
  const { repo, head } = examplesRepo();
  const v2dir = await writeSeries(repo, ['-v', '2']);
  const v2 = readPatches(v2dir);
  const total = v2.length;
  assert.match(readCoverLetter(v2dir).subject, new RegExp(`^\\[PATCH v2 00/${total}\\] `));
  v2.forEach((p, i) => assert.match(p.subject, new RegExp(`^\\[PATCH v2 ${String(i + 1).padStart(2, '0')}/${total}\\] `)));
  // The From lines name real commits: git format-patch -v 2 on them is the oracle for the names
  // (the "v2-" counts against git's 64-character limit, so subjects are cut shorter).
  // series writes no object into the tree: git am in a clone makes the same commits.
  const last = /^From ([0-9a-f]{40}) /.exec(v2[v2.length - 1].text)![1];
  const author = /^From: (.*) <([^>]+)>$/m.exec(v2[0].text)!;
  const clone = cloneRepo(repo, 'am-v2');
  const made = gitAmAsAuthor(clone, readSeriesDir(v2dir).filter((f) => !/-0000-/.test(f.name)).map((f) => f.path), { name: author[1], email: author[2] });
  assert.equal(made[made.length - 1], last);
  const gitDir = path.join(makeTempDir('git-format-patch'), 'out');
  git(clone, ['format-patch', '--quiet', '-v', '2', '--cover-letter', '-n', '-o', gitDir, `${head}..${last}`]);
  assert.deepEqual(readSeriesDir(v2dir).map((f) => f.name), fs.readdirSync(gitDir).sort());
});

test('--subject-prefix "RFC PATCH": [RFC PATCH nn/NN] subjects, the rest unchanged', async () => {
  const plain = readSeriesDir(await defaultSeries(examplesRepo().repo));
  const rfcDir = await writeSeries(examplesRepo().repo, ['--subject-prefix', 'RFC PATCH']);
  const rfc = readSeriesDir(rfcDir);
  assert.deepEqual(rfc.map((f) => f.name), plain.map((f) => f.name));
  for (const p of [readCoverLetter(rfcDir), ...readPatches(rfcDir)]) assert.match(p.subject, /^\[RFC PATCH \d+\/\d+\] /);
  // Only the Subject header (folded anew at its new length) differs; commits carry no [PATCH] tag.
  const withoutSubject = (b: Buffer) => b.toString('latin1').replace(/^Subject: .*\n(?:[ \t].*\n)*/m, '');
  for (let i = 0; i < plain.length; i++) {
    assert.equal(withoutSubject(rfc[i].bytes), withoutSubject(plain[i].bytes), rfc[i].name);
    const [a, b] = [rfc[i], plain[i]].map((f) => parseMail(f.name, f.bytes));
    assert.equal(a.title, b.title);
  }
});

/** What `git format-patch --stdout` prints: the files in order, one blank line between two patches, none after the cover letter. */
function asGitStdout(files: { name: string; bytes: Buffer }[]): Buffer {
  return Buffer.concat(files.flatMap((f, i) => (i > 0 && !/0000-cover-letter\.patch$/.test(files[i - 1].name) ? [Buffer.from('\n'), f.bytes] : [f.bytes])));
}

test('--mbox FILE and --stdout hold the directory\'s files, as git format-patch --stdout would', () => {
  const { repo } = examplesRepo();
  const tmp = makeTempDir('mbox');
  const dir = path.join(tmp, 'out');
  const mbox = path.join(tmp, 'series.mbox');
  const withMbox = seriesArgs(repo, dir, ['--mbox', mbox]);
  const r1 = runCli(withMbox);
  assert.equal(r1.status, 0, describeRun(withMbox, r1));
  const expected = asGitStdout(readSeriesDir(dir));
  assert.ok(fs.readFileSync(mbox).equals(expected), '--mbox differs from the directory\'s files');

  const stdoutDir = path.join(tmp, 'not-written');
  const withStdout = seriesArgs(repo, stdoutDir, ['--stdout']);
  const r2 = runCli(withStdout);
  assert.equal(r2.status, 0, describeRun(withStdout, r2));
  assert.ok(r2.stdoutBytes.equals(expected), '--stdout differs from the directory\'s files');
  assert.ok(!fs.existsSync(stdoutDir), '--stdout writes no directory');
});
