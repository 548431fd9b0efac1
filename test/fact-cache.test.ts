// The fact cache never changes a result: on a tree edited between runs (a file changed, added, deleted,
// renamed, a Makefile changed, a branch switched; a plain directory too), the plan made with the cache
// is the plan made without it, and an unchanged tree is answered from the cache (no parse at all).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import pciIntx from '../transforms/pci-intx/index.js';
import { analyzeTree } from '../src/pipeline.js';
import { Timings } from '../src/util/timings.js';
import type { FactCacheSettings } from '../src/cache/fact-cache.js';
import { EXAMPLES_DIR, REPO_ROOT } from './helpers/paths.js';
import { commitAll, copyTree, git, gitRepoFrom } from './helpers/git-repo.js';
import { makeTempDir } from './helpers/temp.js';

const TRANSFORM_ENTRY = path.join(REPO_ROOT, 'transforms', 'pci-intx', 'index.ts');

function cacheIn(dir: string): FactCacheSettings {
  return { transformEntry: TRANSFORM_ENTRY, directory: path.join(dir, 'facts') };
}

/** The plan with the cache and without it, asserted equal; `reused`: the cached run parsed nothing. */
async function comparePlans(tree: string, cache: FactCacheSettings, overlay?: Map<string, Buffer | null>): Promise<{ plan: string; reused: boolean }> {
  const timings = new Timings();
  const cached = await analyzeTree(pciIntx, tree, { cache, timings, overlay });
  const fresh = await analyzeTree(pciIntx, tree, { overlay });
  const plan = JSON.stringify(fresh.plan);
  assert.equal(JSON.stringify(cached.plan), plan, 'the cached plan is the fresh plan');
  assert.equal(JSON.stringify(cached.modules), JSON.stringify(fresh.modules), 'the cached module facts are the fresh ones');
  return { plan, reused: !timings.stages.has('parse') };
}

function edit(tree: string, rel: string, from: string, to: string): void {
  const file = path.join(tree, rel);
  const text = fs.readFileSync(file, 'latin1');
  assert.ok(text.includes(from), `${rel} holds ${from}`);
  fs.writeFileSync(file, text.replace(from, to), 'latin1');
}

test('a git tree edited between runs: every cached plan is the uncached one', async () => {
  const { repo, head } = gitRepoFrom(EXAMPLES_DIR, 'cache-git');
  const cache = cacheIn(makeTempDir('cache-git-facts'));

  const first = await comparePlans(repo, cache);
  assert.equal(first.reused, false, 'an empty cache is filled, not read');
  const again = await comparePlans(repo, cache);
  assert.equal(again.reused, true, 'an unchanged tree is answered from the cache');
  assert.equal(again.plan, first.plan);

  // A file changed (uncommitted): the module now enables with pcim_enable_device().
  edit(repo, 'drivers/misc/tern.c', 'pci_enable_device_mem(pdev)', 'pcim_enable_device(pdev)');
  const changed = await comparePlans(repo, cache);
  assert.notEqual(changed.plan, first.plan, 'the edit changes the plan');
  assert.equal(changed.reused, false);
  assert.equal((await comparePlans(repo, cache)).reused, true, 'a modified file is named by its bytes');
  commitAll(repo, 'tern: managed');
  assert.equal((await comparePlans(repo, cache)).plan, changed.plan);

  // A file added (untracked) that calls pci_intx(): a module of its own.
  fs.writeFileSync(path.join(repo, 'drivers/misc/wagtail_pci.c'), '#include <linux/pci.h>\r\nstatic int w_probe(struct pci_dev *pdev)\r\n{\r\n\tpci_intx(pdev, 1);\r\n\treturn 0;\r\n}');
  const added = await comparePlans(repo, cache);
  assert.match(added.plan, /wagtail_pci\.c/);

  // A binary file that mentions the word, committed: found from the word index, then turned away as binary.
  fs.writeFileSync(path.join(repo, 'drivers/misc/firmware_blob.c'), Buffer.from('pci_intx(\0\x01\x02);\n', 'latin1'));
  commitAll(repo, 'a binary blob');
  await comparePlans(repo, cache);
  const binary = await comparePlans(repo, cache);
  assert.match(binary.plan, /firmware_blob\.c","reason":"binary file/);

  // A file deleted.
  fs.rmSync(path.join(repo, 'drivers/scsi/plover_debugfs.c'));
  const deleted = await comparePlans(repo, cache);
  assert.doesNotMatch(deleted.plan, /plover_debugfs\.c/);

  // A file renamed, its Makefile line with it.
  fs.renameSync(path.join(repo, 'drivers/misc/tern.c'), path.join(repo, 'drivers/misc/tern_daq.c'));
  edit(repo, 'drivers/misc/Makefile', 'tern.o', 'tern_daq.o');
  const renamed = await comparePlans(repo, cache);
  assert.match(renamed.plan, /tern_daq\.c/);
  assert.doesNotMatch(renamed.plan, /"drivers\/misc\/tern\.c"/);
  commitAll(repo, 'edits');

  // A Makefile changed alone: plover_debugfs.o leaves the plover module and becomes a module of its own.
  git(repo, ['checkout', '--quiet', '--', '.']);
  git(repo, ['checkout', '--quiet', 'HEAD~2', '--', 'drivers/scsi/plover_debugfs.c']);
  commitAll(repo, 'plover_debugfs back');
  const before = await comparePlans(repo, cache);
  edit(repo, 'drivers/scsi/Makefile', 'plover-$(CONFIG_SCSI_PLOVER_DEBUGFS) += plover_debugfs.o', 'obj-$(CONFIG_SCSI_PLOVER_DEBUGFS) += plover_debugfs.o');
  const makefile = await comparePlans(repo, cache);
  assert.notEqual(makefile.plan, before.plan, 'Kbuild membership is recomputed');
  commitAll(repo, 'plover_debugfs on its own');

  // A branch switched: back to the first commit, then to the edited branch again.
  git(repo, ['checkout', '--quiet', '-b', 'edited']);
  git(repo, ['checkout', '--quiet', head]);
  const base = await comparePlans(repo, cache);
  assert.equal(base.plan, first.plan, 'the first commit gives the first plan again');
  assert.equal(base.reused, true, 'an earlier state of the tree is still in the cache');
  git(repo, ['checkout', '--quiet', 'edited']);
  assert.equal((await comparePlans(repo, cache)).plan, makefile.plan);
});

test('a plain directory edited between runs: every cached plan is the uncached one', async () => {
  const tree = copyTree(EXAMPLES_DIR, 'cache-plain');
  const cache = cacheIn(makeTempDir('cache-plain-facts'));
  const first = await comparePlans(tree, cache);
  assert.equal((await comparePlans(tree, cache)).reused, true);
  edit(tree, 'drivers/misc/tern.c', 'pci_enable_device_mem(pdev)', 'pcim_enable_device(pdev)');
  const changed = await comparePlans(tree, cache);
  assert.notEqual(changed.plan, first.plan);
  assert.equal(changed.reused, false);
  fs.rmSync(path.join(tree, 'drivers/block/shrike/shrike.h'));
  await comparePlans(tree, cache);
});

test('a corrupted or truncated cache entry is ignored and replaced', async () => {
  const { repo } = gitRepoFrom(EXAMPLES_DIR, 'cache-corrupt');
  const dir = makeTempDir('cache-corrupt-facts');
  const cache = cacheIn(dir);
  const first = await comparePlans(repo, cache);
  const entries = () => fs.readdirSync(cache.directory!).filter((name) => name.endsWith('.entry'));
  assert.ok(entries().length >= 1);
  for (const [i, name] of entries().entries()) {
    const file = path.join(cache.directory!, name);
    const bytes = fs.readFileSync(file);
    if (i % 2 === 0) fs.writeFileSync(file, bytes.subarray(0, bytes.length - 7));
    else {
      bytes[bytes.length - 3] ^= 0x20;
      fs.writeFileSync(file, bytes);
    }
  }
  const damaged = await comparePlans(repo, cache);
  assert.equal(damaged.plan, first.plan);
  assert.equal(damaged.reused, false, 'a damaged entry is not read');
  assert.equal((await comparePlans(repo, cache)).reused, true, 'the entry was written again');
});

test('an index whose stat data matches no file (a hard-linked tree) vouches for nothing: the plan is still the same', async () => {
  const { repo } = gitRepoFrom(EXAMPLES_DIR, 'cache-stale');
  // More files than discovery would name to git one by one.
  const generated = path.join(repo, 'drivers', 'generated');
  fs.mkdirSync(generated);
  for (let i = 0; i < 2100; i++) fs.writeFileSync(path.join(generated, `g${i}.c`), `int g${i};\n`);
  commitAll(repo, 'generated files');
  const cache = cacheIn(makeTempDir('cache-stale-facts'));
  const first = await comparePlans(repo, cache);
  // A new inode time on every file, as `cp -al` or a chmod gives: git reports every file modified.
  const later = new Date(Date.now() + 5_000);
  for (const name of git(repo, ['ls-files', '-z']).stdout.split('\0').filter(Boolean)) fs.utimesSync(path.join(repo, name), later, later);
  assert.ok(git(repo, ['diff-files', '--name-only']).stdout.split('\n').length > 2000);
  const stale = await comparePlans(repo, cache);
  assert.equal(stale.plan, first.plan);
  // Files named by blob id before are named by their bytes now: analysed once more, then reused.
  const again = await comparePlans(repo, cache);
  assert.equal(again.plan, first.plan);
  assert.equal(again.reused, true, 'inputs named by their bytes match');
});

test('an overlay (check reads the tree after the series through one) names its files by their new bytes', async () => {
  const { repo } = gitRepoFrom(EXAMPLES_DIR, 'cache-overlay');
  const cache = cacheIn(makeTempDir('cache-overlay-facts'));
  const plain = await comparePlans(repo, cache);
  const tern = fs.readFileSync(path.join(repo, 'drivers/misc/tern.c'), 'latin1');
  const overlay = new Map<string, Buffer | null>([['drivers/misc/tern.c', Buffer.from(tern.replace('pci_enable_device_mem(pdev)', 'pcim_enable_device(pdev)'), 'latin1')]]);
  const overlaid = await comparePlans(repo, cache, overlay);
  assert.notEqual(overlaid.plan, plain.plan, 'the overlay changes the plan');
  assert.equal(overlaid.reused, false, 'the analysis of the tree without the overlay is not taken');
  assert.equal((await comparePlans(repo, cache, overlay)).reused, true);
  assert.equal((await comparePlans(repo, cache)).plan, plain.plan);
});

test('a file edited while git grep reads it, and restored after, leaves no answer behind for its blob', async () => {
  const { repo } = gitRepoFrom(EXAMPLES_DIR, 'cache-grep-race');
  const cache = cacheIn(makeTempDir('cache-grep-race-facts'));
  const rel = 'drivers/misc/tern.c';
  const file = path.join(repo, rel);
  // An old file whose index entry is refreshed a second before the edit: git sees the edit by its ctime.
  const old = new Date(Date.now() - 3_600_000);
  fs.utimesSync(file, old, old);
  git(repo, ['update-index', '--refresh']);
  await new Promise((resolve) => setTimeout(resolve, 1050 - (Date.now() % 1000)));
  // git on PATH edits the file (its word gone) for the time of each grep, then restores it with its times.
  const bin = makeTempDir('cache-grep-race-bin');
  const realGit = git(repo, ['--exec-path']).stdout.trim() + '/git';
  fs.writeFileSync(
    path.join(bin, 'git'),
    `#!/bin/sh\nfor a in "$@"; do if [ "$a" = grep ]; then\n  cp -p "$RACE_FILE" "$RACE_FILE.bak"; sed -i 's/pci_intx/pci_intz/g' "$RACE_FILE"\n  "${realGit}" "$@"; rc=$?; cp -p "$RACE_FILE.bak" "$RACE_FILE"; rm "$RACE_FILE.bak"; exit $rc\nfi; done\nexec "${realGit}" "$@"\n`,
    { mode: 0o755 },
  );
  const saved = { PATH: process.env.PATH, RACE_FILE: process.env.RACE_FILE };
  process.env.PATH = `${bin}:${saved.PATH}`;
  process.env.RACE_FILE = file;
  try {
    await analyzeTree(pciIntx, repo, { cache });
  } finally {
    process.env.PATH = saved.PATH;
    if (saved.RACE_FILE === undefined) delete process.env.RACE_FILE;
    else process.env.RACE_FILE = saved.RACE_FILE;
  }
  // The file holds its blob again, and git says so once the index is refreshed.
  git(repo, ['update-index', '--refresh']);
  assert.equal(git(repo, ['diff-files', '--name-only']).stdout, '');
  assert.match((await comparePlans(repo, cache)).plan, /drivers\/misc\/tern\.c::tern_probe::pci_intx/);
});
