// `series pci-regions` on the fixture tree: one port per subsystem, each message naming the enable
// call, the functions replaced and every release dropped with its path; the patches apply with
// git am and leave nothing to port; the final core patch comes only once nothing is unsettled.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { FIXED_AUTHOR, FIXED_DATE, describeRun, runCli } from '../../../test/helpers/cli.js';
import { cloneRepo, git, gitAm, gitRepoFrom } from '../../../test/helpers/git-repo.js';
import { readCoverLetter, readPatches } from '../../../test/helpers/series-files.js';
import { makeTempDir } from '../../../test/helpers/temp.js';
import { seriesInProcess } from '../../../test/helpers/in-process.js';
import { SETTLED_TREE, planOf, regionsRepo } from './regions-tree.js';

/** The series of `repo`, written in-process (examples.test.ts runs the CLI's series of pci-regions). */
async function writeSeries(repo: string, extra: string[] = []): Promise<string> {
  const out = path.join(makeTempDir('regions-series'), 'out');
  await seriesInProcess(['series', 'pci-regions', repo, '-o', out, '--no-maintainers', '--from', FIXED_AUTHOR, '--date', FIXED_DATE, ...extra]);
  return out;
}

/** Kernel style: what and why in a few sentences, functions named instead of file:line (which goes stale). */
function assertConcise(out: string): void {
  for (const p of readPatches(out)) {
    const prose = p.message.split('\n').filter((l) => !p.trailers.includes(l)).join('\n');
    assert.doesNotMatch(prose, /\b[\w./-]+\.[ch]:\d+/, `${p.name} cites a file:line`);
    assert.doesNotMatch(prose, /^- /m, `${p.name}: a bullet list`);
    const words = prose.split(/\s+/).filter(Boolean).length;
    assert.ok(words <= 130, `${p.name} has ${words} words`);
  }
  const long = readCoverLetter(out).message.split('\n').filter((l) => l.length > 75);
  assert.deepEqual(long, [], 'cover letter lines over 75 columns');
}

/** The settled case as a git repository. */
function settledRepo(): string {
  return gitRepoFrom(SETTLED_TREE, 'regions-settled').repo;
}

function assertMessagesWrapped(out: string): void {
  for (const p of readPatches(out)) {
    for (const line of p.message.split('\n')) assert.ok(line.length <= 72, `${p.name}: a message line is longer than 72 columns: ${line}`);
  }
}

test('with review sites left: the ports, no final core patch, and the cover letter says why', async () => {
  const out = await writeSeries(regionsRepo());
  const patches = readPatches(out);
  assert.deepEqual(
    patches.map((p) => p.title),
    ['misc: Use pcim_request_all_regions() and drop the manual releases', 'net: Use always-managed region requests and drop the releases'],
  );
  const heron = patches[0].message;
  assert.match(heron, /heron_pci \(heron_driver\) and twin \(twin_main_driver\) enable their\s+devices with pcim_enable_device\(\)/);
  assert.match(heron, /Replace pci_request_regions\(\) with pcim_request_all_regions\(\)/);
  // The releases by function (the error path of a probe), in a sentence: no file:line, no list.
  assert.match(heron, /Drop the manual releases in the error path of heron_probe\(\),\s+heron_remove\(\) and twin_main_remove\(\): devres\s+releases\s+the\s+regions\s+there\s+anyway/);
  assertConcise(out);
  assert.match(patches[1].message, /Replace pci_request_region\(\) with pcim_request_region\(\) and\s+pci_request_regions\(\) with pcim_request_all_regions\(\)/);
  assertMessagesWrapped(out);
  assert.match(readCoverLetter(out).message, /Needs review, not in this series:[\s\S]*drivers\/net\/skua\.c:22 skua_probe\(\)/);
});

test('the ports apply with git am and leave nothing to port; CRLF lines stay CRLF', async () => {
  const out = await writeSeries(regionsRepo());
  const clone = cloneRepo(regionsRepo(), 'regions-am');
  gitAm(clone, readPatches(out).map((p) => path.join(out, p.name)));
  const after = (await planOf(clone)).callSites.filter((s) => s.action !== 'none');
  assert.deepEqual(after, [], 'nothing left to port after the series');
  const plover = fs.readFileSync(path.join(clone, 'drivers/net/plover.c'), 'latin1');
  assert.ok(plover.includes('\tret = pcim_request_region(pdev, 0, "plover");\r\n'));
  assert.ok(plover.includes('\tret = plover_setup(pdev);\r\n\r\n\treturn ret;\r\n'), 'the unbraced if went with its only statement');
  assert.ok(!/\r(?!\n)|[^\r]\n/.test(plover), 'every line still ends in CR LF');
  const heron = fs.readFileSync(path.join(clone, 'drivers/misc/heron_pci.c'), 'latin1');
  assert.ok(heron.includes('err_release:\n\treturn ret;\n}'), 'the label stays before the return');
  assert.ok(heron.includes('\tpci_iounmap(pdev, hx->regs);\n}\n'));
});

test('once nothing is unsettled: the final core patch removes the branches, and the tree ends migrated', async () => {
  const repo = settledRepo();
  const out = await writeSeries(repo);
  const patches = readPatches(out);
  assert.equal(patches.at(-1)!.title, 'PCI: Remove the hybrid behavior from the region functions');
  assert.deepEqual(patches.at(-1)!.files, ['drivers/pci/pci.c']);
  assertMessagesWrapped(out);
  assertConcise(out);
  const clone = cloneRepo(repo, 'regions-settled-am');
  gitAm(clone, patches.map((p) => path.join(out, p.name)));
  const plan = await planOf(clone);
  assert.equal(plan.core.state, 'migrated');
  assert.deepEqual(plan.callSites.filter((s) => s.action !== 'none'), []);
  assert.equal(git(clone, ['status', '--porcelain']).stdout, '');
});

test('--split file gives one port per file', async () => {
  const out = await writeSeries(regionsRepo(), ['--split', 'file']);
  assert.deepEqual(
    readPatches(out).map((p) => p.files),
    [['drivers/misc/heron_pci.c'], ['drivers/misc/twin/twin_main.c'], ['drivers/net/gannet.c'], ['drivers/net/plover.c']],
  );
});

test('a counterpart the tree defines but does not offer drivers is published first, by a prepare patch', async () => {
  const { repo } = gitRepoFrom(SETTLED_TREE, 'regions-private');
  const edit = (rel: string, from: string, to: string) => {
    const file = path.join(repo, rel);
    const text = fs.readFileSync(file, 'latin1');
    assert.equal(text.split(from).length, 2, `${rel} holds ${JSON.stringify(from)} once`);
    fs.writeFileSync(file, Buffer.from(text.replace(from, to), 'latin1'));
  };
  edit('drivers/pci/devres.c', 'int pcim_request_all_regions(struct pci_dev *pdev, const char *name)\n', 'static int pcim_request_all_regions(struct pci_dev *pdev, const char *name)\n');
  edit('drivers/pci/devres.c', '}\nEXPORT_SYMBOL(pcim_request_all_regions);\n', '}\n');
  edit('include/linux/pci.h', 'int pcim_request_all_regions(struct pci_dev *pdev, const char *name);\n', '');
  git(repo, ['commit', '-qam', 'pcim_request_all_regions() private']);
  const out = await writeSeries(repo);
  const patches = readPatches(out);
  assert.equal(patches[0].title, 'PCI: Make pcim_request_all_regions() public');
  assert.deepEqual(patches[0].files, ['drivers/pci/devres.c', 'include/linux/pci.h']);
  assert.match(patches[0].text, /^-static int pcim_request_all_regions\(struct pci_dev \*pdev, const char \*name\)\n\+int pcim_request_all_regions\(struct pci_dev \*pdev, const char \*name\)$/m);
  assert.match(patches[0].text, /^\+EXPORT_SYMBOL\(pcim_request_all_regions\);$/m);
  assert.match(patches[0].text, /^ int pcim_request_region\(struct pci_dev \*pdev, int bar, const char \*name\);\n\+int pcim_request_all_regions\(struct pci_dev \*pdev, const char \*name\);$/m);
  const clone = cloneRepo(repo, 'regions-private-am');
  gitAm(clone, patches.map((p) => path.join(out, p.name)));
  assert.equal((await planOf(clone)).core.state, 'migrated');
});
