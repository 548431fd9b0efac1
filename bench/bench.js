#!/usr/bin/env node
// `npm run bench`: kcodemod (the compiled CLI in dist/, through bin/kcodemod.js) against the search
// floor (git grep, grep -r) and Coccinelle on a real Linux tree, plus the review UI's frame time.
// After one warm-up run of each, the commands alternate round by round (each round starts one command
// later, so none always follows the same neighbour), and the ratios are taken within this run.
//   usage: node bench/bench.js [--runs N] [--maintainer-runs N] [--json FILE] [--no-review]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { benchCommands, parseStageTimings } from './lib/commands.js';
import { BenchError } from './lib/errors.js';
import { formatMachine, machineFacts } from './lib/machine.js';
import { firstLine, measure, requireGnuTime } from './lib/measure.js';
import { buildResults, formatResults } from './lib/report.js';
import { spatchVersion, writeFileGroups, writeSemanticPatch } from './lib/spatch.js';
import { locateGitTree, nonGitCopy, oneFileChanger, readOnlyStatusSeconds } from './lib/trees.js';
import { requireFreshBuild } from './lib/build.js';

// Above this, `git status` re-hashes the tree (~0.2 s when the index is fresh).
const STALE_STATUS_SECONDS = 1;

const repoDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const log = (message) => process.stderr.write(`${message}\n`);

function positiveInteger(value, flag, minimum) {
  const number = Number(value);
  if (!Number.isInteger(number) || number < minimum) throw new BenchError(`${flag} needs an integer >= ${minimum}, not "${value}"`);
  return number;
}

function options() {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        runs: { type: 'string', default: '5' },
        'maintainer-runs': { type: 'string', default: '2' },
        json: { type: 'string' },
        'no-review': { type: 'boolean', default: false },
        only: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }).values;
  } catch (error) {
    throw new BenchError(error.message);
  }
  return {
    help: parsed.help,
    runs: positiveInteger(parsed.runs, '--runs', 1),
    maintainerRuns: positiveInteger(parsed['maintainer-runs'], '--maintainer-runs', 0),
    json: parsed.json ? path.resolve(parsed.json) : null,
    review: !parsed['no-review'],
    only: parsed.only ? new Set(parsed.only.split(',').map((id) => id.trim()).filter(Boolean)) : null,
  };
}

const HELP = `usage: npm run bench -- [--runs N] [--maintainer-runs N] [--json FILE] [--no-review] [--only ID,...]
  --runs N             measured runs of each command after one warm-up (default 5)
  --maintainer-runs N  runs of series with get_maintainer.pl (default 2; 0 leaves it out)
  --json FILE          also write the results as JSON
  --no-review          leave out the review UI frame-time measurement
  --only ID,...        run only these rows (e.g. plan,plan-warm,plan-changed; see bench/lib/commands.js)
Trees: KCODEMOD_KERNEL_TREES (default ~/.cache/kcodemod/trees); the non-git copy is cached in
KCODEMOD_BENCH_CACHE (default ~/.cache/kcodemod/bench).`;

/**
 * One series --no-maintainers, untimed: `check` checks it, and its first port patch is what
 * get_maintainer.pl is timed on.
 */
function sampleSeries(ctx) {
  const output = path.join(ctx.scratch, 'sample-series');
  const result = spawnSync(process.execPath, [ctx.bin, 'series', 'pci-intx', ctx.gitTree, '-o', output, '--no-maintainers', '--no-cache', '--from', 'kcodemod bench <bench@example.org>'], {
    encoding: 'utf8',
    cwd: ctx.scratch,
  });
  if (result.status !== 0) throw new BenchError(`kcodemod series failed on ${ctx.gitTree}: ${firstLine(result.stderr ?? '')}`);
  const patches = fs.readdirSync(output).filter((name) => name.endsWith('.patch') && !name.includes('cover-letter')).sort();
  if (patches.length < 2) throw new BenchError(`kcodemod series wrote ${patches.length} patches in ${output}: expected a prepare patch and driver ports`);
  return { dir: output, patchFile: path.join(output, patches[1]) };
}

function runOnce(command, ctx, warmUp) {
  const invocation = command.invocation({ warmUp });
  const result = measure({ ...invocation, scratch: ctx.scratch });
  const output = command.summarize(result, invocation);
  return {
    wallMs: result.wallMs,
    cpuMs: result.cpuMs,
    peakRssKb: result.peakRssKb,
    output,
    stages: command.kcodemod ? parseStageTimings(result.stderr) : undefined,
  };
}

function measureReview() {
  const result = spawnSync(process.execPath, [path.join(repoDir, 'bench', 'review-frames.js')], { encoding: 'utf8', cwd: repoDir });
  if (result.status !== 0) return { failure: firstLine(result.stderr ?? '') };
  return JSON.parse(result.stdout);
}

async function main() {
  const opts = options();
  if (opts.help) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  requireFreshBuild(repoDir, log);
  requireGnuTime();
  const gitTree = locateGitTree(repoDir);
  // The non-git copy (1.7 GB, made once) only for the rows that read it.
  const needsCopy = !opts.only || opts.only.has('plan-nongit') || opts.only.has('grep-rl');
  const copy = needsCopy ? await nonGitCopy(gitTree, log) : null;
  const statusSeconds = readOnlyStatusSeconds(gitTree);
  if (statusSeconds > STALE_STATUS_SECONDS) {
    log(`warning: a read-only git status takes ${statusSeconds.toFixed(1)} s in ${gitTree}: its index has stale stat data (e.g. the tree was hard-linked with cp -al), and series pays this on every run`);
  }
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'kcodemod-bench-'));
  try {
    const version = spatchVersion();
    const facts = { getMaintainerCalls: null };
    const ctx = {
      bin: path.join(repoDir, 'bin', 'kcodemod.js'),
      gitTree,
      copy,
      scratch,
      jobs: os.availableParallelism(),
      maintainerRuns: opts.maintainerRuns,
      facts,
      spatch: null,
    };
    ctx.changeOneFile = oneFileChanger(gitTree, scratch, log);
    const selected = (id) => !opts.only || opts.only.has(id);
    if (version && opts.only && ![...opts.only].some((id) => id.startsWith('spatch'))) {
      log('spatch rows not selected (--only)');
    } else if (version) {
      const groups = await writeFileGroups(repoDir, gitTree, scratch);
      if (groups.failure) log(`spatch --file-groups left out: ${groups.failure}`);
      else log(`spatch --file-groups: ${groups.groups} Kbuild modules, ${groups.files} files`);
      ctx.spatch = { semanticPatch: writeSemanticPatch(scratch), groups: groups.failure ? null : groups };
    } else {
      log('spatch is not installed (Debian package coccinelle): Coccinelle is left out');
    }
    if (selected('get-maintainer') || selected('check')) {
      const sample = sampleSeries(ctx);
      ctx.patchFile = sample.patchFile;
      ctx.sampleSeries = sample.dir;
    }

    const machine = machineFacts(version);
    const commands = benchCommands(ctx).filter((command) => command.runs !== 0 && selected(command.id));
    if (opts.only) for (const id of opts.only) if (!commands.some((command) => command.id === id)) throw new BenchError(`--only: no row ${id}`);
    log(`tree ${gitTree}, non-git copy ${copy}`);
    for (const command of commands) {
      const sample = runOnce(command, ctx, true);
      log(`warm-up  ${command.label}: ${(sample.wallMs / 1000).toFixed(2)} s`);
    }
    const samples = new Map(commands.map((command) => [command.id, []]));
    for (let round = 0; round < opts.runs; round++) {
      const order = [...commands.slice(round % commands.length), ...commands.slice(0, round % commands.length)];
      for (const command of order) {
        const taken = samples.get(command.id);
        if (command.runs !== undefined && taken.length >= command.runs) continue;
        const sample = runOnce(command, ctx, false);
        taken.push(sample);
        log(`run ${round + 1}/${opts.runs}  ${command.label}: ${(sample.wallMs / 1000).toFixed(2)} s`);
      }
    }
    const review = opts.review && !opts.only ? measureReview() : null;
    machine.loadAverageAtEnd = os.loadavg().map((load) => Number(load.toFixed(2)));

    const results = buildResults(commands, samples, facts);
    process.stdout.write(`\n${formatMachine(machine)}\ntree: ${gitTree} (non-git copy: ${copy}); read-only git status there: ${statusSeconds.toFixed(2)} s\n\n${formatResults(results, review)}\n`);
    if (opts.json) {
      const document = { date: new Date().toISOString(), machine, tree: gitTree, nonGitCopy: copy, gitStatusSeconds: statusSeconds, runs: opts.runs, ...results, review };
      fs.writeFileSync(opts.json, `${JSON.stringify(document, null, 2)}\n`);
      log(`results written to ${opts.json}`);
    }
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

try {
  await main();
} catch (error) {
  if (!(error instanceof BenchError)) throw error;
  process.stderr.write(`bench: error: ${error.message}\n`);
  process.exitCode = 1;
}
