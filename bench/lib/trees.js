// The kernel trees the bench runs on: the git tree hybrid-core built by ../shared/kernel/make-trees.sh,
// and a copy of it that is not a git repository (made once from its HEAD with `git archive`, cached
// and reused while HEAD stays the same). The trees themselves are never written to.
import { spawn, spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BenchError } from './errors.js';
import { firstLine } from './measure.js';

export const TREE_NAME = 'hybrid-core';

export function kernelTreesDir() {
  return process.env.KCODEMOD_KERNEL_TREES ?? path.join(os.homedir(), '.cache', 'kcodemod', 'trees');
}

export function benchCacheDir() {
  return process.env.KCODEMOD_BENCH_CACHE ?? path.join(os.homedir(), '.cache', 'kcodemod', 'bench');
}

/** The git tree hybrid-core; BenchError saying how to build it when it is missing. */
export function locateGitTree(repoDir) {
  const treesDir = kernelTreesDir();
  const tree = path.join(treesDir, TREE_NAME);
  if (!fs.existsSync(path.join(tree, '.git'))) {
    const script = path.relative(process.cwd(), path.resolve(repoDir, '..', 'shared', 'kernel', 'make-trees.sh')) || 'make-trees.sh';
    throw new BenchError(`the kernel tree ${tree} is missing: build it with \`bash ${script} ${treesDir}\` (or set KCODEMOD_KERNEL_TREES)`);
  }
  return fs.realpathSync(tree);
}

export function headOf(tree) {
  const result = spawnSync('git', ['-C', tree, 'rev-parse', 'HEAD'], { encoding: 'utf8' });
  if (result.status !== 0) throw new BenchError(`git rev-parse HEAD failed in ${tree}: ${firstLine(result.stderr ?? '')}`);
  return result.stdout.trim();
}

/**
 * Seconds a read-only `git status` takes in TREE, run as kcodemod series runs it (GIT_OPTIONAL_LOCKS=0:
 * it may not save a refreshed index). When the index's stat data no longer matches the files (their
 * ctime changes when something hard-links them, e.g. `cp -al` of the tree), every such status re-hashes
 * the whole tree: seconds instead of ~0.2 s, and series pays it on every run.
 */
export function readOnlyStatusSeconds(tree) {
  const start = performance.now();
  spawnSync('git', ['-C', tree, 'status', '--porcelain=v1', '-z', '--untracked-files=all', '--ignored=no'], {
    env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' },
    stdio: 'ignore',
  });
  return (performance.now() - start) / 1000;
}

/** The driver file the "one file changed" row edits: a pci_intx() caller, so its module is analysed again. */
export const CHANGED_FILE = 'drivers/ata/ahci.c';

/**
 * A function that, on each call, appends a new comment to CHANGED_FILE in a clone of `gitTree` (made on
 * the first call with `git clone --shared` under `scratch`: the tree itself is never written) and
 * returns the clone: every run sees one driver file changed since the run before.
 */
export function oneFileChanger(gitTree, scratch, log) {
  let clone = null;
  let count = 0;
  return () => {
    if (!clone) {
      clone = path.join(scratch, 'changed-tree');
      log(`cloning ${gitTree} (git clone --shared) for the one-file-changed row`);
      const result = spawnSync('git', ['clone', '--quiet', '--shared', gitTree, clone], { encoding: 'utf8' });
      if (result.status !== 0) throw new BenchError(`git clone --shared failed: ${firstLine(result.stderr ?? '')}`);
    }
    fs.appendFileSync(path.join(clone, CHANGED_FILE), `/* bench run ${++count} */\n`);
    return clone;
  };
}

/**
 * A non-git copy of `gitTree`'s HEAD under the bench cache: reused when its stamp names the same HEAD,
 * otherwise extracted into a temporary directory and renamed into place (an interrupted copy is never used).
 */
export async function nonGitCopy(gitTree, log) {
  const cache = benchCacheDir();
  const copy = path.join(cache, `${TREE_NAME}-nogit`);
  const stamp = `${copy}.head`;
  const head = headOf(gitTree);
  if (fs.existsSync(copy) && readOrNull(stamp) === head) return copy;

  log(`making a non-git copy of ${gitTree} (${head.slice(0, 12)}) in ${copy}: once, it is reused next time`);
  fs.mkdirSync(cache, { recursive: true });
  fs.rmSync(copy, { recursive: true, force: true });
  fs.rmSync(stamp, { force: true });
  const partial = fs.mkdtempSync(path.join(cache, `.${TREE_NAME}-nogit-`));
  try {
    await extractHead(gitTree, partial);
    fs.chmodSync(partial, 0o755); // mkdtemp made it private
    fs.renameSync(partial, copy);
  } catch (error) {
    fs.rmSync(partial, { recursive: true, force: true });
    throw error;
  }
  fs.writeFileSync(stamp, `${head}\n`);
  return copy;
}

/** `git archive HEAD | tar -x`, without a shell. */
function extractHead(gitTree, destination) {
  const archive = spawn('git', ['-C', gitTree, 'archive', '--format=tar', 'HEAD'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const tar = spawn('tar', ['-x', '-C', destination], { stdio: [archive.stdout, 'ignore', 'pipe'] });
  // 'exit', not 'close': git's stdout belongs to tar, so git's streams do not all close here.
  const finished = (child, name) =>
    new Promise((resolve, reject) => {
      let stderr = '';
      child.stderr.on('data', (chunk) => (stderr += chunk));
      child.on('error', (error) => reject(new BenchError(`${name} could not be run: ${error.message}`)));
      child.on('exit', (status) => (status === 0 ? resolve() : reject(new BenchError(`${name} failed (exit status ${status}): ${firstLine(stderr)}`))));
    });
  return Promise.all([finished(archive, `git archive in ${gitTree}`), finished(tar, `tar -x into ${destination}`)]);
}

function readOrNull(file) {
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    return null;
  }
}
