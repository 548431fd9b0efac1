// Bad trees and bad output places: odd files, C the parser cannot follow, Makefiles the
// Kbuild reader does not know, foreign or unwritable output directories, hostile subjects. Each case
// runs the real CLI (plans are read in-process, the series and the refusals end to end); the user's
// tree is compared byte for byte before and after every run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { runCli, describeRun, seriesArgs, testEnvironment, type CliResult } from './helpers/cli.js';
import { CLI, EXAMPLES_DIR } from './helpers/paths.js';
import { makeTempDir } from './helpers/temp.js';
import { copyTree, git, gitRepoFrom } from './helpers/git-repo.js';
import { assertUnchanged, diffsOf, patchFiles, snapshot } from './helpers/tree-snapshot.js';
import { assertErrorOf, commandLineError } from './helpers/command-line.js';
import { seriesInProcess } from './helpers/in-process.js';
import { parseIdentity } from '../src/series/identity.js';
import { analyzeTree } from '../src/pipeline.js';
import { buildSeries } from '../src/series/build.js';
import pciIntx from '../transforms/pci-intx/index.js';
import type { CallSite, Plan } from '../src/types.js';

function ok(args: string[], r: CliResult): void {
  assert.equal(r.status, 0, describeRun(args, r));
  assert.doesNotMatch(r.stderr, /^\s+at .+:\d+/m, describeRun(args, r));
}

/**
 * The plan of a tree, analysed in-process (the series run on the same tree goes through the CLI),
 * as plain JSON data like `plan --json` prints it.
 */
async function planOf(tree: string, options: { forceScan?: boolean } = {}): Promise<Plan> {
  const { plan } = await analyzeTree(pciIntx, tree, options);
  return JSON.parse(JSON.stringify(plan)) as Plan;
}

function sitesOf(plan: Plan, file: string): CallSite[] {
  return plan.callSites.filter((s) => s.file === file);
}

function appendLine(file: string, line: string): void {
  fs.appendFileSync(file, `${line}\n`);
}

test('output that would land on the kernel tree: --mbox over a tree file and the default -o inside the tree are refused', async () => {
  const tree = copyTree(EXAMPLES_DIR, 'into-tree');
  const before = snapshot(tree);
  const out = path.join(makeTempDir('into-tree-out'), 'series');
  const mbox = seriesArgs(tree, out, ['--mbox', path.join(tree, 'drivers/Makefile')]);
  const r = runCli(mbox);
  assert.equal(r.status, 1, describeRun(mbox, r));
  assert.match(r.stderr, /^kcodemod: error: --mbox .*drivers\/Makefile is inside the kernel tree: only apply writes there$/m);
  assert.equal(fs.existsSync(out), false);
  // A new file, an explicit -o, and both again through a symlinked parent: all inside the tree.
  const viaLink = path.join(makeTempDir('into-tree-link'), 'link');
  fs.symlinkSync(tree, viaLink);
  for (const extra of [
    ['--mbox', path.join(tree, 'new.mbox')],
    ['-o', path.join(tree, 'patches')],
    ['-o', path.join(viaLink, 'drivers', 'patches')],
    ['--mbox', path.join(viaLink, 'new', 'dir', 'series.mbox')],
  ]) {
    // In-process: the same check main() runs before any work (the --mbox case above ran end to end).
    const args = [...seriesArgs(tree, out), ...extra];
    assertErrorOf(args, await commandLineError(args), 1, /^(--mbox|-o\/--output) .* is inside the kernel tree: only apply writes there$/);
  }
  assert.equal(fs.existsSync(out), false);

  const defaultOut = ['series', 'pci-intx', '.', '--no-maintainers', '--from', 'A <a@example.org>'];
  const inside = runCli(defaultOut, { cwd: tree });
  assert.equal(inside.status, 1, describeRun(defaultOut, inside));
  assert.match(inside.stderr, /^kcodemod: error: the default output directory .*outgoing is inside the kernel tree: pass -o DIR$/m);
  assertUnchanged(tree, before, 'output aimed at the tree');
});

test('a tree without git: plan, series and audit work; check and apply say they need a git work tree', () => {
  const tree = copyTree(EXAMPLES_DIR, 'plain');
  const before = snapshot(tree);
  const out = path.join(makeTempDir('plain-out'), 'series');
  for (const args of [['plan', 'pci-intx', tree], ['audit', 'pci-intx', tree, '--json'], seriesArgs(tree, out)]) {
    const r = runCli(args);
    assert.ok(r.status === 0 || (args[0] === 'audit' && r.status === 1), describeRun(args, r));
    assert.doesNotMatch(r.stderr, /error/, describeRun(args, r));
  }
  assert.equal(patchFiles(out).length, 18);
  for (const args of [['check', 'pci-intx', tree, '--series', out], ['apply', 'pci-intx', tree, '--branch', 'port']]) {
    const r = runCli(args);
    assert.equal(r.status, 1, describeRun(args, r));
    assert.match(r.stderr, /^kcodemod: error: .* is not the top level of a git work tree/m);
  }
  assertUnchanged(tree, before, 'plan/series/audit/check/apply');
});

test('a git tree with uncommitted changes: apply refuses at once; series uses the working tree and leaves out base-commit', () => {
  const { repo } = gitRepoFrom(EXAMPLES_DIR, 'dirty');
  appendLine(path.join(repo, 'drivers/misc/tern.c'), '/* local change */');
  const before = snapshot(repo);
  const branchesBefore = git(repo, ['branch', '--list']).stdout;

  const applyArgs = ['apply', 'pci-intx', repo, '--branch', 'port', '--from', 'A <a@example.org>'];
  const apply = runCli(applyArgs);
  assert.equal(apply.status, 1, describeRun(applyArgs, apply));
  assert.match(apply.stderr, /^kcodemod: error: the tree has uncommitted changes \(drivers\/misc\/tern\.c\): apply needs a clean tree$/m);
  assert.doesNotMatch(apply.stderr, /warning/, 'refused before the analysis, not after it');
  assert.equal(git(repo, ['branch', '--list']).stdout, branchesBefore);

  const out = path.join(makeTempDir('dirty-out'), 'series');
  const args = seriesArgs(repo, out);
  const series = runCli(args);
  ok(args, series);
  assert.match(series.stderr, /warning: the tree has uncommitted changes \(drivers\/misc\/tern\.c\): the series reflects the working tree and has no base-commit/);
  for (const f of patchFiles(out)) assert.doesNotMatch(fs.readFileSync(path.join(out, f), 'latin1'), /^base-commit:/m, f);
  const tern = patchFiles(out).find((f) => /misc-tern/.test(f));
  assert.ok(tern);
  assert.match(fs.readFileSync(path.join(out, tern), 'latin1'), /local change/, 'the patch is made from the working-tree bytes');
  assertUnchanged(repo, before, 'apply and series on a dirty tree');
});

test('files that cannot be read as sources: FIFO, dangling link, directory named .c, link loop, links outside, binary', async () => {
  const outside = makeTempDir('outside');
  fs.writeFileSync(path.join(outside, 'evil.c'), 'static void evil(struct pci_dev *pdev) { pci_intx(pdev, 1); }\n');
  const tree = copyTree(EXAMPLES_DIR, 'oddfiles');
  const misc = path.join(tree, 'drivers/misc');
  assert.equal(spawnSync('mkfifo', [path.join(misc, 'fifo.c')]).status, 0, 'mkfifo');
  fs.symlinkSync('nowhere.c', path.join(misc, 'dangling.c'));
  fs.mkdirSync(path.join(misc, 'folder.c'));
  fs.symlinkSync('loop_b.c', path.join(misc, 'loop_a.c'));
  fs.symlinkSync('loop_a.c', path.join(misc, 'loop_b.c'));
  fs.symlinkSync(path.join(outside, 'evil.c'), path.join(misc, 'evil.c'));
  fs.symlinkSync(outside, path.join(tree, 'drivers/outside'));
  fs.writeFileSync(path.join(misc, 'blob.c'), Buffer.concat([Buffer.from('\x7fELF\0\0\0'), Buffer.from(' pci_intx(pdev, 1); pcim_enable_device(pdev);\n')]));
  appendLine(path.join(misc, 'Makefile'), 'obj-$(CONFIG_ODD) += fifo.o dangling.o folder.o loop_a.o evil.o blob.o');
  appendLine(path.join(tree, 'drivers/Makefile'), 'obj-y += outside/');
  // Directory links back up the tree, named in Makefiles: neither the walk nor Kbuild may loop.
  fs.symlinkSync('..', path.join(tree, 'drivers/up'));
  fs.symlinkSync('.', path.join(misc, 'self'));
  appendLine(path.join(tree, 'drivers/Makefile'), 'obj-y += up/');
  appendLine(path.join(misc, 'Makefile'), 'obj-y += self/');
  const before = snapshot(tree);

  const plan = await planOf(tree);
  assert.equal(plan.callSites.length, (await planOf(EXAMPLES_DIR, { forceScan: true })).callSites.length, 'the same sites as examples/, none twice');
  const skipped = new Map(plan.coverage.skipped.map((s) => [s.file, s.reason]));
  assert.equal(skipped.get('drivers/misc/fifo.c'), 'not a regular file');
  assert.equal(skipped.get('drivers/misc/dangling.c'), 'symlink to a missing file');
  assert.equal(skipped.get('drivers/misc/loop_a.c'), 'symlink loop (not followed)');
  assert.equal(skipped.get('drivers/misc/evil.c'), 'symlink leads outside the tree (not followed)');
  assert.equal(skipped.get('drivers/outside'), 'symlink leads outside the tree (not followed)');
  assert.equal(skipped.get('drivers/misc/blob.c'), 'binary file (contains a NUL byte)');
  const odd = /drivers\/(misc\/(fifo|dangling|folder|loop_|evil|blob)|outside)/;
  assert.deepEqual(plan.callSites.filter((s) => odd.test(s.file)), [], 'no site from a file that is not a readable source of the tree');
  assert.equal(sitesOf(plan, 'drivers/misc/tern.c').length, 2, 'the rest of the tree is analysed as usual');

  const out = path.join(makeTempDir('oddfiles-out'), 'series');
  const args = seriesArgs(tree, out);
  const r = runCli(args);
  ok(args, r);
  for (const f of patchFiles(out)) assert.doesNotMatch(fs.readFileSync(path.join(out, f), 'latin1'), /evil|blob\.c|fifo\.c/, f);
  assertUnchanged(tree, before, 'plan and series over odd files');
  assert.equal(fs.readFileSync(path.join(outside, 'evil.c'), 'utf8').includes('pci_intx(pdev, 1)'), true, 'the file outside is untouched');
});

test('in a git tree, a binary .c file is skipped and a symlink leading outside is not followed', async () => {
  const outside = makeTempDir('outside-git');
  fs.writeFileSync(path.join(outside, 'evil.c'), 'static void evil(struct pci_dev *pdev) { pci_intx(pdev, 1); }\n');
  const tree = copyTree(EXAMPLES_DIR, 'oddgit');
  fs.symlinkSync(path.join(outside, 'evil.c'), path.join(tree, 'drivers/misc/evil.c'));
  fs.writeFileSync(path.join(tree, 'drivers/misc/blob.c'), Buffer.from('\0\0 pci_intx(pdev, 1);\n'));
  appendLine(path.join(tree, 'drivers/misc/Makefile'), 'obj-$(CONFIG_ODD) += evil.o blob.o');
  git(tree, ['init', '--quiet']);
  git(tree, ['add', '-f', '-A']);
  git(tree, ['commit', '--quiet', '-m', 'base']);
  const before = snapshot(tree);
  const plan = await planOf(tree);
  assert.equal(plan.coverage.discoverMethod, 'git-grep');
  assert.deepEqual(plan.coverage.skipped, [{ file: 'drivers/misc/blob.c', reason: 'binary file (contains a NUL byte)' }]);
  assert.deepEqual(plan.callSites.filter((s) => /evil|blob/.test(s.file)), []);
  assertUnchanged(tree, before, 'plan in a git tree');
});

test('a Makefile with syntax the Kbuild reader does not know: the run goes on and coverage notes it', async () => {
  const tree = copyTree(EXAMPLES_DIR, 'kbuild');
  fs.appendFileSync(
    path.join(tree, 'drivers/misc/Makefile'),
    ['define TERN_RULES', 'obj-y += nothing.o', 'endef', '$(eval $(call TERN_RULES))', 'obj-$(CONFIG_X) += $(patsubst %.c,%.o,$(wildcard *.c))', 'include $(srctree)/no-such.mk', '%.o: %.S ; @echo', ''].join('\n'),
  );
  const plan = await planOf(tree);
  const notes = plan.coverage.kbuildNotes.filter((n) => n.file === 'drivers/misc/Makefile');
  assert.ok(notes.some((n) => /\$\(eval/.test(n.message)), JSON.stringify(notes));
  assert.ok(notes.some((n) => /no-such\.mk/.test(n.message)), JSON.stringify(notes));
  assert.ok(notes.every((n) => n.line > 0 && n.message.length > 0));
  assert.equal(sitesOf(plan, 'drivers/misc/tern.c').length, 2);
  const text = runCli(['plan', 'pci-intx', tree]);
  assert.match(text.stdout, /\d+ Kbuild notes/);
});

const HAWK = `// SPDX-License-Identifier: GPL-2.0
#include <linux/pci.h>

#define HAWK_INTX(d, on) pci_intx(d, on)
#define hawk_intx pci_intx

struct hawk_ops {
	void (*intx)(struct pci_dev *, int);
};

static const struct hawk_ops hawk_default_ops = {
	.intx = pci_intx,
};

static void hawk_call_later(void (*fn)(struct pci_dev *, int), struct pci_dev *pdev)
{
	fn(pdev, 1);
}

static void hawk_irq_on(struct pci_dev *pdev)
{
	pci_intx(pdev, 1);
}

static void hawk_pass(struct pci_dev *pdev)
{
	hawk_call_later(pci_intx, pdev);
}

#if 0
static void hawk_old(struct pci_dev *pdev)
{
	pci_intx(pdev, 0);
}
#endif

static int hawk_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	int ret = pci_enable_device(pdev);

	if (ret)
		return ret;
	hawk_irq_on(pdev);
	HAWK_INTX(pdev, 1);
	hawk_intx(pdev, 1);
	return 0;
}
`;

const HAWK_BROKEN = `
static void hawk_broken(struct pci_dev *pdev)
{
	int x = ((( ;
	pci_intx(pdev, 0) +++ ];
}
`;

test('C the parser cannot follow: macro bodies, #if 0, ERROR nodes, function pointers and wrapper macros become review sites with reasons', async () => {
  const withError = copyTree(EXAMPLES_DIR, 'hawk');
  fs.writeFileSync(path.join(withError, 'drivers/misc/hawk.c'), HAWK + HAWK_BROKEN);
  appendLine(path.join(withError, 'drivers/misc/Makefile'), 'obj-$(CONFIG_HAWK) += hawk.o');
  const clean = copyTree(EXAMPLES_DIR, 'hawk-clean');
  fs.writeFileSync(path.join(clean, 'drivers/misc/hawk.c'), HAWK);
  appendLine(path.join(clean, 'drivers/misc/Makefile'), 'obj-$(CONFIG_HAWK) += hawk.o');

  const sites = sitesOf(await planOf(withError), 'drivers/misc/hawk.c');
  const at = (line: number) => {
    const s = sites.find((x) => x.line === line);
    assert.ok(s, `a site at hawk.c:${line} (sites: ${sites.map((x) => x.line).join(', ')})`);
    return s;
  };
  const review: [number, RegExp][] = [
    [4, /body of macro HAWK_INTX\(\)/],
    [5, /used here as a value|macro/],
    [12, /used here as a value/],
    [27, /used here as a value/],
    [33, /inside "#if 0"/],
    [52, /could not parse \(an ERROR node\)/],
  ];
  for (const [line, reason] of review) {
    const s = at(line);
    assert.equal(s.classification, 'review', `hawk.c:${line}`);
    assert.equal(s.replacement, null, `hawk.c:${line} is never rewritten`);
    assert.equal(s.needsReview, true);
    assert.match(s.reason, reason, `hawk.c:${line}`);
  }
  assert.equal(sites.length, review.length + 1, 'no use silently skipped, none invented');
  // The direct call is classified as usual, and the ERROR node elsewhere in the file changes nothing for it.
  const direct = at(22);
  assert.equal(direct.classification, 'unmanaged');
  assert.equal(direct.replacement, 'pci_intx_unmanaged');
  const cleanDirect = sitesOf(await planOf(clean), 'drivers/misc/hawk.c').find((s) => s.line === 22);
  assert.ok(cleanDirect);
  assert.deepEqual({ ...direct, id: null }, { ...cleanDirect, id: null });

  // Review sites stay out of the series; the direct call is ported.
  const out = path.join(makeTempDir('hawk-out'), 'series');
  const args = seriesArgs(withError, out);
  const r = runCli(args);
  ok(args, r);
  assert.match(r.stderr, /left out: drivers\/misc\/hawk\.c:33 hawk_old: the call sits inside "#if 0"/);
  const [hawkPatch, ...more] = diffsOf(out, 'drivers/misc/hawk.c');
  assert.ok(hawkPatch && more.length === 0, 'one patch ports hawk.c');
  assert.deepEqual(hawkPatch.match(/^[-+]\t.*$/gm), ['-\tpci_intx(pdev, 1);', '+\tpci_intx_unmanaged(pdev, 1);']);
});

test('an output directory with foreign files: refused without --force; with it only our numbered patches are replaced', () => {
  const parent = makeTempDir('foreign');
  const out = path.join(parent, 'outgoing');
  fs.mkdirSync(out);
  fs.writeFileSync(path.join(out, 'notes.txt'), 'my notes\n');
  fs.writeFileSync(path.join(out, '0001-an-old-patch.patch'), 'old\n');
  fs.writeFileSync(path.join(out, 'kcodemod-decisions.json'), '{"version":1,"transform":"pci-intx","sites":{},"modules":{},"patches":{}}\n');
  fs.mkdirSync(path.join(out, 'drafts'));
  fs.writeFileSync(path.join(out, 'drafts', '0002-draft.patch'), 'draft\n');
  const before = snapshot(out);

  const args = seriesArgs(EXAMPLES_DIR, out);
  const refused = runCli(args);
  assert.equal(refused.status, 1, describeRun(args, refused));
  assert.match(refused.stderr, /^kcodemod: error: .*outgoing holds files that are not a kcodemod series \(.*notes\.txt.*\); use --force/m);
  assertUnchanged(out, before, 'a refused series');

  const forced = runCli([...args, '--force']);
  ok(args, forced);
  const after = snapshot(out);
  assert.equal(after.get('notes.txt'), before.get('notes.txt'));
  assert.equal(after.get('.kcodemod/kcodemod-decisions.json'), before.get('kcodemod-decisions.json'), 'the decisions file is kept (moved into .kcodemod/)');
  assert.equal(after.get('drafts/0002-draft.patch'), before.get('drafts/0002-draft.patch'), 'a subdirectory is not ours');
  assert.equal(after.has('0001-an-old-patch.patch'), false, 'an old numbered patch is replaced');
  assert.equal(patchFiles(out).length, 18);
  assert.deepEqual(
    fs.readdirSync(parent).filter((n) => n !== 'outgoing'),
    [],
    'no staging directory is left behind',
  );
});

test('rewriting an earlier series keeps its decisions file; a simulated full disk leaves the old series intact', async () => {
  const parent = makeTempDir('rewrite');
  const out = path.join(parent, 'series');
  // The earlier series (in-process); the rewrites below run the CLI.
  await seriesInProcess(seriesArgs(EXAMPLES_DIR, out));
  fs.writeFileSync(path.join(out, '.kcodemod', 'kcodemod-decisions.json'), '{"version":1,"transform":"pci-intx","sites":{},"modules":{},"patches":{}}\n');
  const before = snapshot(out);

  // A file-size limit makes writes fail with EFBIG as a full disk would (root ignores read-only modes).
  // SIGXFSZ is ignored by the shell before exec, so node sees the error instead of being killed.
  const full = spawnSync('bash', ['-c', 'trap "" XFSZ; ulimit -f 4; exec "$@"', 'kcodemod', process.execPath, CLI, ...seriesArgs(EXAMPLES_DIR, out, ['--from', 'Bob Other <bob@example.org>'])], {
    env: testEnvironment(),
  });
  const stderr = full.stderr.toString('utf8');
  assert.equal(full.status, 1, stderr);
  assert.match(stderr, /^kcodemod: error: could not write the series to .*series: EFBIG: file too large, write; nothing was changed$/m);
  assertUnchanged(out, before, 'a failed rewrite');
  assert.deepEqual(fs.readdirSync(parent), ['series'], 'no staging directory is left behind');

  const again = seriesArgs(EXAMPLES_DIR, out, ['--from', 'Bob Other <bob@example.org>']);
  ok(again, runCli(again));
  const after = snapshot(out);
  assert.equal(after.get('.kcodemod/kcodemod-decisions.json'), before.get('.kcodemod/kcodemod-decisions.json'));
  assert.match(fs.readFileSync(path.join(out, '0001-PCI-Add-pci_intx_unmanaged-and-make-pcim_intx-public.patch'), 'utf8'), /^From: Bob Other <bob@example\.org>$/m);
});

test('hostile patch subjects from a decisions file: file names sanitized like git format-patch, never outside the output directory', async () => {
  const { plan, files } = await analyzeTree(pciIntx, EXAMPLES_DIR);
  const keys = buildSeries({
    transform: pciIntx,
    plan,
    files,
    options: { split: 'subsystem', author: 'A <a@example.org>', links: [], decisions: null, options: { strategy: 'thread', 'split-final': false, fixes: null, stable: false } },
    prefixOverrides: {},
  }).patches.map((p) => p.key);
  const hostile = [
    '../../../../tmp/escaped',
    '/etc/passwd',
    'a/b/../../c\nBcc: victim@example.org',
    '..',
    '.',
    '-',
    `${'very long '.repeat(400)}end`,
    'x\u001b[31mred\u0007 \u00e9\u4e2d',
    `${'/'.repeat(300)}`,
  ];
  assert.ok(keys.length >= hostile.length, `enough patches (${keys.length})`);
  const patches = Object.fromEntries(hostile.map((subject, i) => [keys[i], { subject }]));
  const parent = makeTempDir('subjects');
  const decisions = path.join(parent, 'decisions.json');
  fs.writeFileSync(decisions, JSON.stringify({ version: 1, transform: 'pci-intx', sites: {}, modules: {}, patches }));
  const out = path.join(parent, 'out', 'series');
  const args = seriesArgs(EXAMPLES_DIR, out, ['--decisions', decisions]);
  const r = runCli(args);
  ok(args, r);
  assert.deepEqual(fs.readdirSync(parent).sort(), ['decisions.json', 'out']);
  assert.deepEqual(fs.readdirSync(path.join(parent, 'out')), ['series']);
  const names = fs.readdirSync(out).filter((n) => n.endsWith('.patch'));
  assert.equal(names.length, 18);
  for (const name of names) {
    assert.match(name, /^\d{4}-[A-Za-z0-9._-]*\.patch$/, name);
    assert.ok(Buffer.byteLength(name) <= 64, name);
    assert.ok(fs.lstatSync(path.join(out, name)).isFile());
  }
  assert.ok(names.includes('0001-.-.-.-.-tmp-escaped.patch'), names.join(' '));
  assert.ok(names.includes('0002-etc-passwd.patch'), names.join(' '));
  const third = fs.readFileSync(path.join(out, names.find((n) => n.startsWith('0003-'))!), 'latin1');
  assert.match(third, /^Subject: \[PATCH 03\/17\] a\/b\/\.\.\/\.\.\/c Bcc: victim@example\.org$/m, 'a newline in a subject never starts a header');
  assert.doesNotMatch(third, /^Bcc:/m);
  for (const name of names) {
    const headers = fs.readFileSync(path.join(out, name), 'latin1').split('\n\n')[0];
    assert.doesNotMatch(headers, /[\x00-\x08\x0b-\x1f\x7f]/, `${name}: no raw control byte in a mail header`);
  }
});

test('parseIdentity refuses control characters anywhere, including NUL (which argv cannot carry)', () => {
  for (const text of ['Ada <ada@example.org>\0', 'A\0da <ada@example.org>', 'Ada <ada@exa\0mple.org>', 'Ada\n<ada@example.org>', 'Ada <ada@example.org>\n', '\tAda <ada@example.org>']) {
    assert.equal(parseIdentity(text), null, JSON.stringify(text));
  }
  assert.deepEqual(parseIdentity('Ada Example <ada@example.org>'), { name: 'Ada Example', email: 'ada@example.org' });
  assert.deepEqual(parseIdentity('  José Ünïcode <jose@example.org> '), { name: 'José Ünïcode', email: 'jose@example.org' });
});
