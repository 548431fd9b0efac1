// Build check (issue 4): the kernel objects the series touches compile after every patch.
//
//   node --import tsx test/kernel/build-check.ts [TREE] [--transform NAME] [--series DIR]
//                              [--config allmodconfig|defconfig] [-j N] [--keep] [-- SERIES OPTIONS...]
//
// TREE defaults to the hybrid-core tree (KCODEMOD_KERNEL_TREES, else ~/.cache/kcodemod/trees).
// The tree is never written to: the build runs in a `git clone --no-hardlinks` in a temporary directory,
// where the series is written (unless --series names one), configured (`make allmodconfig`: every
// driver the series touches is built, as a module), prepared (`make modules_prepare`), and then,
// before the series and after each `git am`, every object the series touches is built with
// `make <dir>/<file>.o` (plus the PCI core objects). `make file.o` never runs modpost: missing
// exports are what `kcodemod check`'s static export check covers. Installs nothing: it says what
// to apt-get install when the build tools are missing. Exit 0 when everything compiled.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { kernelTree } from './trees.js';
import { cloneWithCheckout } from '../helpers/kernel-copy.js';
import { git } from '../helpers/git-repo.js';
import { runCli, seriesArgs, testEnvironment } from '../helpers/cli.js';
import { makeTempDir } from '../helpers/temp.js';
import { readPatches, type PatchMail } from '../helpers/series-files.js';
import { failedObjects, objectsOf } from './build-objects.js';

/** The PCI core objects every step builds: they hold the functions the series moves. */
const CORE_OBJECTS = ['drivers/pci/pci.o', 'drivers/pci/devres.o'];

/** What the kernel build needs, and the Debian package that provides it. */
const PREREQUISITES: { what: string; present: () => boolean; pkg: string }[] = [
  { what: 'make', present: () => onPath('make'), pkg: 'make' },
  { what: 'gcc', present: () => onPath('gcc'), pkg: 'gcc' },
  { what: 'flex', present: () => onPath('flex'), pkg: 'flex' },
  { what: 'bison', present: () => onPath('bison'), pkg: 'bison' },
  { what: 'bc', present: () => onPath('bc'), pkg: 'bc' },
  { what: 'perl', present: () => onPath('perl'), pkg: 'perl' },
  { what: 'libelf headers (gelf.h)', present: () => fs.existsSync('/usr/include/gelf.h'), pkg: 'libelf-dev' },
  { what: 'OpenSSL headers (openssl/opensslv.h)', present: () => fs.existsSync('/usr/include/openssl/opensslv.h'), pkg: 'libssl-dev' },
];

function onPath(cmd: string): boolean {
  return (process.env.PATH ?? '').split(':').some((dir) => dir && fs.existsSync(path.join(dir, cmd)));
}

function fail(message: string): never {
  process.env.KEEP_TMP = '1'; // the clone and its build log stay for a look
  process.stderr.write(`build-check: ${message}\n`);
  process.exit(1);
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

interface MakeResult {
  ok: boolean;
  ms: number;
  tail: string;
  output: string;
}

/** Runs make in the clone; keeps the last lines of its output for the report. */
function make(clone: string, args: string[], jobs: number, log: string): MakeResult {
  // -k: one object that fails does not hide the others.
  const started = Date.now();
  const r = spawnSync('make', ['-k', `-j${jobs}`, ...args], {
    cwd: clone,
    env: testEnvironment(),
    maxBuffer: 512 * 1024 * 1024,
    timeout: 4 * 3600_000,
  });
  const output = `${r.stdout?.toString('utf8') ?? ''}${r.stderr?.toString('utf8') ?? ''}`;
  fs.appendFileSync(log, `\n$ make -k -j${jobs} ${args.join(' ')}\n${output}`);
  const tail = output.trim().split('\n').slice(-25).join('\n');
  return { ok: r.status === 0, ms: Date.now() - started, tail: r.error ? `${r.error.message}\n${tail}` : tail, output };
}

function main(): void {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      series: { type: 'string' },
      transform: { type: 'string', default: 'pci-intx' },
      config: { type: 'string', default: 'allmodconfig' },
      jobs: { type: 'string', short: 'j', default: String(os.availableParallelism()) },
      keep: { type: 'boolean', default: false },
    },
  });
  const dashDash = process.argv.indexOf('--');
  const seriesOptions = dashDash === -1 ? [] : process.argv.slice(dashDash + 1);
  const treeArg = positionals.find((p) => !seriesOptions.includes(p));
  const tree = treeArg ? path.resolve(treeArg) : kernelTree('hybrid-core');
  if (!fs.existsSync(path.join(tree, 'Makefile')) || !fs.existsSync(path.join(tree, '.git'))) fail(`${tree} is not a kernel git tree`);
  if (values.config !== 'allmodconfig' && values.config !== 'defconfig') fail('--config must be allmodconfig or defconfig');
  const jobs = Number(values.jobs);
  if (!Number.isInteger(jobs) || jobs < 1) fail('-j takes a positive whole number');

  const missing = PREREQUISITES.filter((p) => !p.present());
  if (missing.length) {
    fail(`missing ${missing.map((m) => m.what).join(', ')}: apt-get install ${[...new Set(missing.map((m) => m.pkg))].join(' ')}`);
  }
  if (values.keep) process.env.KEEP_TMP = '1';

  const started = Date.now();
  const say = (line: string) => process.stdout.write(`${line}\n`);
  say(`build-check: ${tree}`);

  let step = Date.now();
  const clone = cloneWithCheckout(tree, 'build-check');
  const log = path.join(path.dirname(clone), 'build.log');
  say(`  clone (git clone --no-hardlinks): ${clone}  ${seconds(Date.now() - step)}`);

  let seriesDir = values.series ? path.resolve(values.series) : '';
  if (!seriesDir) {
    step = Date.now();
    seriesDir = path.join(makeTempDir('build-check-series'), 'out');
    const args = seriesArgs(clone, seriesDir, seriesOptions, values.transform);
    const r = runCli(args);
    if (r.status !== 0) fail(`kcodemod ${args.join(' ')} failed:\n${r.stderr}`);
    say(`  series: ${seriesDir} ${seriesOptions.join(' ')}  ${seconds(Date.now() - step)}`);
  }
  const patches = readPatches(seriesDir);
  if (patches.length === 0) fail(`${seriesDir} holds no patches`);
  const objectsOfPatch = (patch: PatchMail) => objectsOf(clone, patch);
  let objects = [...new Set([...CORE_OBJECTS, ...patches.flatMap(objectsOfPatch)])].sort();
  say(`  ${patches.length} patches; ${objects.length} objects: ${objects.join(' ')}`);

  for (const target of [values.config, 'modules_prepare']) {
    const r = make(clone, [target], jobs, log);
    say(`  make ${target}: ${r.ok ? 'ok' : 'FAILED'}  ${seconds(r.ms)}`);
    if (!r.ok) fail(`make ${target} failed (full log: ${log}):\n${r.tail}`);
  }

  let failures = 0;
  let baseline = make(clone, objects, jobs, log);
  say(`${baseline.ok ? 'ok  ' : 'FAIL'} before the series: ${objects.length} objects  ${seconds(baseline.ms)}`);
  if (!baseline.ok) {
    // An object that does not build before the series is not the series' doing: another
    // architecture's driver (allmodconfig of this one leaves it out, `make x.o` builds it anyway).
    // It is left out, by name; the rest must build, or the check stops.
    const broken = failedObjects(baseline.output);
    const unchecked = objects.filter((o) => broken.has(o));
    if (unchecked.length === 0 || CORE_OBJECTS.some((o) => broken.has(o))) fail(`the touched objects do not build before the series (full log: ${log}):\n${baseline.tail}`);
    objects = objects.filter((o) => !broken.has(o));
    say(`  NOT CHECKED (they do not build before the series in this configuration): ${unchecked.join(' ')}`);
    baseline = make(clone, objects, jobs, log);
    say(`${baseline.ok ? 'ok  ' : 'FAIL'} before the series, without them: ${objects.length} objects  ${seconds(baseline.ms)}`);
    if (!baseline.ok) fail(`the touched objects do not build before the series (full log: ${log}):\n${baseline.tail}`);
  }
  for (const patch of patches) {
    // git() commits with the tests' fixed identity: a fresh machine has none.
    const am = git(clone, ['am', '--keep-cr', '--quiet', path.join(seriesDir, patch.name)], { allowFailure: true });
    if (am.status !== 0) {
      git(clone, ['am', '--abort'], { allowFailure: true });
      say(`FAIL ${patch.name}: git am failed: ${am.stderr.trim().split('\n')[0]}`);
      failures++;
      break;
    }
    const r = make(clone, objects, jobs, log);
    say(`${r.ok ? 'ok  ' : 'FAIL'} ${patch.name}: ${objectsOfPatch(patch).map((o) => (objects.includes(o) ? o : `${o} (NOT CHECKED)`)).join(' ') || '(headers only)'}  ${seconds(r.ms)}`);
    if (!r.ok) {
      failures++;
      say(r.tail.replace(/^/gm, '     '));
    }
  }
  say(`build-check: ${failures ? `${failures} patch(es) FAILED` : 'every patch builds'}; total ${seconds(Date.now() - started)} (-j${jobs}, ${values.config})`);
  if (failures) process.env.KEEP_TMP = '1';
  say(`  build log: ${log}${process.env.KEEP_TMP ? '' : ' (removed at exit; --keep keeps it)'}`);
  process.exitCode = failures ? 1 : 0;
}

main();
