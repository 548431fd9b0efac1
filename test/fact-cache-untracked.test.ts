// The fact cache lists a tree's untracked sources from its record of the directories (lists again only
// the directories whose stat data changed, and those listed too soon after a change) instead of
// `git ls-files --others`: the plan is the same as without the cache, whatever changed between runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import pciIntx from '../transforms/pci-intx/index.js';
import { analyzeTree } from '../src/pipeline.js';
import { EntryStore } from '../src/cache/entry-store.js';
import { SourceDirectories } from '../src/cache/source-directories.js';
import type { FactCacheSettings } from '../src/cache/fact-cache.js';
import { EXAMPLES_DIR, REPO_ROOT } from './helpers/paths.js';
import { commitAll, git, gitRepoFrom } from './helpers/git-repo.js';
import { makeTempDir } from './helpers/temp.js';

const TRANSFORM_ENTRY = path.join(REPO_ROOT, 'transforms', 'pci-intx', 'index.ts');
const PCI_INTX_CALLER = '#include <linux/pci.h>\r\nstatic int w_probe(struct pci_dev *pdev)\r\n{\r\n\tpci_intx(pdev, 1);\r\n\treturn 0;\r\n}';

/** Gives every directory below ROOT (.git aside) an mtime an hour old: their listings are no longer racy. */
function ageDirectories(root: string): void {
  const old = new Date(Date.now() - 3_600_000);
  const visit = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) if (entry.isDirectory() && entry.name !== '.git') visit(path.join(dir, entry.name));
    fs.utimesSync(dir, old, old);
  };
  visit(root);
}

function sourcesByWalk(root: string, dir = ''): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = dir ? `${dir}/${entry.name}` : entry.name;
    if (entry.isDirectory() && entry.name !== '.git') found.push(...sourcesByWalk(root, rel));
    else if (!entry.isDirectory() && /\.[ch]$/.test(entry.name)) found.push(rel);
  }
  return found.sort();
}

test('the directory record lists again only the directories that changed, and racy ones', () => {
  const root = fs.realpathSync(makeTempDir('source-dirs'));
  fs.mkdirSync(path.join(root, 'a/b'), { recursive: true });
  fs.mkdirSync(path.join(root, 'c'));
  for (const rel of ['top.c', 'a/one.c', 'a/notes.txt', 'a/b/two.h', 'c/three.c']) fs.writeFileSync(path.join(root, rel), 'x\n');
  fs.symlinkSync('one.c', path.join(root, 'a/link.c'));
  const store = new EntryStore(path.join(makeTempDir('source-dirs-facts'), 'facts'));
  const namesNow = () => {
    const directories = SourceDirectories.load(store, root);
    const names = directories.names(root);
    directories.save();
    return names;
  };

  const first = namesNow();
  assert.deepEqual(first.paths(), sourcesByWalk(root));
  assert.equal(first.listed, 4, 'an empty record lists every directory');
  // Listed seconds after their last change: racy, so listed again.
  assert.equal(namesNow().listed, 4);

  ageDirectories(root);
  assert.equal(namesNow().listed, 4, 'a changed mtime lists again');
  const unchanged = namesNow();
  assert.equal(unchanged.listed, 0, 'an unchanged tree lists nothing');
  assert.deepEqual(unchanged.paths(), sourcesByWalk(root));

  fs.writeFileSync(path.join(root, 'a/b/new.c'), 'x\n');
  fs.mkdirSync(path.join(root, 'c/d'));
  fs.writeFileSync(path.join(root, 'c/d/deeper.h'), 'x\n');
  fs.rmSync(path.join(root, 'top.c'));
  const changed = namesNow();
  assert.deepEqual(changed.paths(), sourcesByWalk(root));
  assert.equal(changed.listed, 4, 'a/b, c, c/d and the top, nothing else');

  // The racy case: a change that keeps the directory's mtime (as within one tick of a coarse clock)
  // is still seen, because the directory was listed too soon after its last change.
  const dir = path.join(root, 'a');
  const { atime, mtime } = fs.statSync(dir);
  fs.writeFileSync(path.join(dir, 'same-tick.c'), 'x\n');
  fs.utimesSync(dir, atime, mtime);
  assert.deepEqual(namesNow().paths(), sourcesByWalk(root));
});

function cacheIn(dir: string): FactCacheSettings {
  return { transformEntry: TRANSFORM_ENTRY, directory: path.join(dir, 'facts') };
}

async function samePlans(tree: string, cache: FactCacheSettings): Promise<string> {
  const cached = await analyzeTree(pciIntx, tree, { cache });
  const fresh = await analyzeTree(pciIntx, tree, {});
  const plan = JSON.stringify(fresh.plan);
  assert.equal(JSON.stringify(cached.plan), plan, 'the cached plan is the fresh plan');
  return plan;
}

test('untracked sources: added in a new and in an old directory, untracked by git, a nested repository', async () => {
  const { repo, head } = gitRepoFrom(EXAMPLES_DIR, 'cache-untracked');
  const cache = cacheIn(makeTempDir('cache-untracked-facts'));
  ageDirectories(repo);
  const first = await samePlans(repo, cache);
  assert.equal(await samePlans(repo, cache), first);

  // In an old directory: its mtime moves.
  fs.writeFileSync(path.join(repo, 'drivers/misc/wagtail_pci.c'), PCI_INTX_CALLER);
  assert.match(await samePlans(repo, cache), /wagtail_pci\.c/);
  ageDirectories(repo);
  assert.match(await samePlans(repo, cache), /wagtail_pci\.c/);

  // In a new directory.
  fs.mkdirSync(path.join(repo, 'drivers/heron'));
  fs.writeFileSync(path.join(repo, 'drivers/heron/heron_pci.c'), PCI_INTX_CALLER);
  assert.match(await samePlans(repo, cache), /heron_pci\.c/);
  ageDirectories(repo);

  // Tracked, then untracked again by git alone: no directory changes, the index does.
  git(repo, ['add', 'drivers/heron/heron_pci.c']);
  await samePlans(repo, cache);
  git(repo, ['rm', '--cached', '--quiet', 'drivers/heron/heron_pci.c']);
  await samePlans(repo, cache);
  git(repo, ['rm', '--cached', '--quiet', 'drivers/misc/tern.c']);
  await samePlans(repo, cache);
  git(repo, ['reset', '--quiet']);

  // A repository nested in the tree (no submodule): git does not list into it, and neither does the cache.
  const nested = path.join(repo, 'drivers/misc/vendored');
  fs.mkdirSync(nested);
  git(nested, ['init', '--quiet']);
  fs.writeFileSync(path.join(nested, 'vendored_pci.c'), PCI_INTX_CALLER);
  assert.doesNotMatch(await samePlans(repo, cache), /vendored_pci\.c/);
  fs.rmSync(nested, { recursive: true });

  // A branch switched: files appear and go in old directories.
  commitAll(repo, 'wagtail and heron');
  ageDirectories(repo);
  await samePlans(repo, cache);
  git(repo, ['checkout', '--quiet', head]);
  assert.doesNotMatch(await samePlans(repo, cache), /wagtail_pci\.c/);
  git(repo, ['checkout', '--quiet', '-']);
  assert.match(await samePlans(repo, cache), /heron_pci\.c/);
});

test('a directory named .GIT: git passes over it under core.ignoreCase and lists it otherwise, and so does the cache', async () => {
  const { repo } = gitRepoFrom(EXAMPLES_DIR, 'cache-dot-git-case');
  const cache = cacheIn(makeTempDir('cache-dot-git-case-facts'));
  fs.mkdirSync(path.join(repo, 'drivers/.GIT'));
  fs.writeFileSync(path.join(repo, 'drivers/.GIT/hidden_pci.c'), PCI_INTX_CALLER);
  ageDirectories(repo);
  assert.match(await samePlans(repo, cache), /hidden_pci\.c/);
  git(repo, ['config', 'core.ignoreCase', 'true']);
  assert.doesNotMatch(await samePlans(repo, cache), /hidden_pci\.c/);
  assert.doesNotMatch(await samePlans(repo, cache), /hidden_pci\.c/);
});

test('a directory record of the wrong shape (a valid entry, as the store checks it) is no record', () => {
  const root = fs.realpathSync(makeTempDir('source-dirs-shape'));
  fs.writeFileSync(path.join(root, 'top.c'), 'x\n');
  const store = new EntryStore(path.join(makeTempDir('source-dirs-shape-facts'), 'facts'));
  const first = SourceDirectories.load(store, root);
  first.names(root);
  first.rememberUntracked('index-1', ['top.c']);
  first.save();
  const [name] = fs.readdirSync(store.directory).filter((n) => n.startsWith('dirs-'));
  const entry = fs.readFileSync(path.join(store.directory, name));
  const kept = JSON.parse(entry.subarray(entry.indexOf(0x0a) + 1).toString('latin1')) as { rows: unknown[][]; untracked: { index: string; paths: unknown } };
  kept.untracked.paths = 'top.c';
  const key = (first as unknown as { key: string }).key;
  store.put('dirs', key, Buffer.from(JSON.stringify(kept), 'latin1'));
  const second = SourceDirectories.load(store, root);
  assert.equal(second.untrackedFor('index-1'), null);
  assert.deepEqual(second.names(root).paths(), ['top.c']);
});
