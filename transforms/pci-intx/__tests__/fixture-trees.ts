// Fixture trees derived from examples/ by small, exact byte edits, each in its own git repository
// committed with a fixed identity. Deriving them (instead of keeping copies) keeps them in step with
// examples/; every edit asserts that the text it replaces occurs exactly once, so a change to
// examples/ that breaks a fixture fails here, loudly, and not as a puzzling golden diff.
import fs from 'node:fs';
import path from 'node:path';
import { EXAMPLES_DIR } from '../../../test/helpers/paths.js';
import { seriesArgs } from '../../../test/helpers/cli.js';
import { seriesInProcess } from '../../../test/helpers/in-process.js';
import { cloneRepo, commitAll, copyTree, git, gitAm, gitRepoFrom } from '../../../test/helpers/git-repo.js';
import { makeTempDir } from '../../../test/helpers/temp.js';
import { readSeriesDir } from '../../../test/helpers/series-files.js';

/** The files of the PCI core the series edits (besides the MSI users). */
export const CORE_FILES = ['drivers/pci/pci.c', 'drivers/pci/devres.c', 'drivers/pci/pci.h', 'include/linux/pci.h'];

/** Replaces the one occurrence of `from` in a file; bytes outside it are untouched (latin1 round trip). */
export function replaceOnce(tree: string, rel: string, from: string, to: string): void {
  const file = path.join(tree, rel);
  const text = fs.readFileSync(file).toString('latin1');
  const at = text.indexOf(from);
  if (at === -1 || text.indexOf(from, at + 1) !== -1) {
    throw new Error(`fixture edit: ${rel} must contain ${JSON.stringify(from)} exactly once (examples/ changed?)`);
  }
  fs.writeFileSync(file, Buffer.from(text.slice(0, at) + to + text.slice(at + from.length), 'latin1'));
}

/**
 * examples/ without its review sites: each review case is edited so that it no longer needs a
 * person (sata_dunlin's #ifdef that broke the parse becomes one `if`, so its call turns into an
 * ordinary never-managed site) or no longer names pci_intx.
 */
export function removeReviewSites(tree: string): void {
  replaceOnce(tree, 'drivers/ata/sata_dunlin.c', '#ifdef CONFIG_PCI_MSI\n\tif (!host->msi) {\n#else\n\tif (host) {\n#endif\n', '\tif (host) {\n');
  replaceOnce(tree, 'drivers/gpio/gpio-wagtail.c', '\tpci_intx(wg->pdev, 1);\n', '');
  replaceOnce(tree, 'drivers/i2c/busses/i2c-pipit.c', '\tpci_intx(smbus->pdev, 0);\n', '');
  replaceOnce(tree, 'drivers/media/pci/osprey/osprey.c', '\tpci_intx(osp->irq_dev, 1);\n', '');
  replaceOnce(tree, 'drivers/mmc/host/egret.c', '= pci_intx;', '= egret_no_intx;');
  replaceOnce(tree, 'drivers/tty/serial/linnet.c', '#define LINNET_INTX(p, on)\tpci_intx(p, on)', '#define LINNET_INTX(p, on)\tdo { } while (0)');
}

/** Removes a whole function definition: from its signature line to the first "\n}\n" after it. */
export function removeFunction(tree: string, rel: string, signature: string): void {
  const file = path.join(tree, rel);
  const text = fs.readFileSync(file).toString('latin1');
  const start = text.indexOf(`\n${signature}\n{\n`);
  if (start === -1) throw new Error(`fixture edit: ${rel} has no definition starting ${JSON.stringify(signature)}`);
  const end = text.indexOf('\n}\n', start);
  fs.writeFileSync(file, Buffer.from(text.slice(0, start) + text.slice(end + 2), 'latin1'));
}

const memo = new Map<string, unknown>();
function once<T>(key: string, make: () => T): T {
  if (!memo.has(key)) memo.set(key, make());
  return memo.get(key) as T;
}

/** examples/ as a git repository. */
export function examplesRepo(): { repo: string; head: string } {
  return once('examples', () => gitRepoFrom(EXAMPLES_DIR, 'examples'));
}

/** examples/ without review sites, as a git repository. */
export function noReviewRepo(): { repo: string; head: string } {
  return once('no-review', () => {
    const tree = copyTree(EXAMPLES_DIR, 'no-review');
    removeReviewSites(tree);
    git(tree, ['init', '--quiet', '--initial-branch=main']);
    return { repo: tree, head: commitAll(tree, 'examples without review sites') };
  });
}

/**
 * Writes the default series of `repo` (extra options appended) into a new directory and returns it.
 * The run is in-process (seriesInProcess): these series are fixtures; the CLI's own runs are tested
 * where its status and wording are the point.
 */
export async function writeSeries(repo: string, extra: string[] = [], prefix = 'series'): Promise<string> {
  const out = path.join(makeTempDir(prefix), 'out');
  await seriesInProcess(seriesArgs(repo, out, extra));
  return out;
}

/**
 * The default series of `repo`, written once per test file: tests that only read a series share it
 * (a series run costs a whole analysis).
 */
export function defaultSeries(repo: string): Promise<string> {
  return once(`default-series:${repo}`, () => writeSeries(repo, [], 'default-series'));
}

/** A clone of `repo` with the first `count` patches of `seriesDir` applied by git am. */
export function applyFirstPatches(repo: string, seriesDir: string, count: number, prefix: string): string {
  const clone = cloneRepo(repo, prefix);
  const patches = readSeriesDir(seriesDir).filter((f) => !f.name.endsWith('0000-cover-letter.patch'));
  if (count > patches.length) throw new Error(`the series has ${patches.length} patches, not ${count}`);
  gitAm(clone, patches.slice(0, count).map((p) => p.path));
  return clone;
}

/** The no-review tree after its whole default series: every caller ported, the core unmanaged. */
export function fullyPortedRepo(): Promise<{ repo: string; seriesDir: string }> {
  return once('fully-ported', async () => {
    const { repo } = noReviewRepo();
    const seriesDir = await defaultSeries(repo);
    const count = readSeriesDir(seriesDir).length - 1;
    return { repo: applyFirstPatches(repo, seriesDir, count, 'fully-ported'), seriesDir };
  });
}

/**
 * An `unmanaged` core with examples/' unported drivers: the PCI core files as the full series
 * leaves them (pci_intx() never-managed, pcim_intx() public), every driver as it was.
 */
export function unmanagedCoreRepo(): Promise<{ repo: string; head: string }> {
  return once('unmanaged-core', async () => {
    const { repo: ported } = await fullyPortedRepo();
    const tree = copyTree(EXAMPLES_DIR, 'unmanaged-core');
    for (const rel of CORE_FILES) fs.copyFileSync(path.join(ported, rel), path.join(tree, rel));
    git(tree, ['init', '--quiet', '--initial-branch=main']);
    return { repo: tree, head: commitAll(tree, 'examples on an unmanaged core') };
  });
}

/** A `legacy` core: examples/ with pcim_intx() removed from devres.c. */
export function legacyCoreRepo(): { repo: string; head: string } {
  return once('legacy-core', () => {
    const tree = copyTree(EXAMPLES_DIR, 'legacy-core');
    removeFunction(tree, 'drivers/pci/devres.c', 'int pcim_intx(struct pci_dev *pdev, int enable)');
    git(tree, ['init', '--quiet', '--initial-branch=main']);
    return { repo: tree, head: commitAll(tree, 'examples on a legacy core') };
  });
}
