// The commands the bench alternates. Each one says how to run it (`invocation`, fresh per run) and what
// it produced (`summarize`: a short description, BenchError when the output shows it did not do the job,
// so that a failing command is never timed as a fast one).
import fs from 'node:fs';
import path from 'node:path';
import { BenchError } from './errors.js';
import { firstLine } from './measure.js';

const AUTHOR = 'kcodemod bench <bench@example.org>';
const DATE = '2025-01-01T00:00:00+0000';
const GET_MAINTAINER_TO_OPTIONS = ['--nogit', '--nogit-fallback', '--nogit-chief-penguins', '--norolestats', '--nol'];

/** Variables that would change what kcodemod prints or does; the bench sets KCODEMOD_TRACE itself where wanted. */
function kcodemodEnvironment(extra = {}) {
  const env = { ...process.env, ...extra };
  if (!('KCODEMOD_TRACE' in extra)) delete env.KCODEMOD_TRACE;
  delete env.KCODEMOD_DEBUG;
  return env;
}

function expectStatus(result, allowed, label) {
  if (!allowed.includes(result.status)) {
    throw new BenchError(`${label} failed (exit status ${result.status}): ${firstLine(result.stderr || result.stdout)}`);
  }
}

function countLines(text) {
  return text.split('\n').filter((line) => line.trim()).length;
}

/** `--timings` on stderr: "  discover   1140.3 ms" lines after "timings:" (the total is left out). */
export function parseStageTimings(stderr) {
  const start = stderr.indexOf('timings:');
  if (start < 0) return {};
  const stages = {};
  for (const line of stderr.slice(start).split('\n').slice(1)) {
    const match = /^\s+(\S+)\s+([\d.]+) ms$/.exec(line);
    if (!match) break;
    if (match[1] !== 'total') stages[match[1]] = Number(match[2]);
  }
  return stages;
}

/** The hybrid region functions of pci-regions: the words its prefilter searches for. */
export const REGION_FUNCTIONS = [
  'pci_request_region', 'pci_request_regions', 'pci_request_regions_exclusive', 'pci_request_selected_regions',
  'pci_request_selected_regions_exclusive', 'pci_release_region', 'pci_release_regions', 'pci_release_selected_regions',
  'pci_request_mem_regions', 'pci_request_io_regions', 'pci_release_mem_regions', 'pci_release_io_regions',
];

/**
 * `plan` rows. Cold (the default): --no-cache. `cache`: a fact cache of the bench's own, filled by the
 * warm-up run; `beforeRun(warmUp)` may change the tree first and returns the tree to plan.
 */
function kcodemodPlan(id, label, tree, ctx, transform = 'pci-intx', { cache = false, beforeRun = null } = {}) {
  return {
    id,
    label,
    kcodemod: true,
    invocation: ({ warmUp }) => {
      const planned = beforeRun ? beforeRun(warmUp) : tree;
      const env = cache ? kcodemodEnvironment({ XDG_CACHE_HOME: path.join(ctx.scratch, `cache-${id}`) }) : kcodemodEnvironment();
      return {
        cmd: process.execPath,
        args: [ctx.bin, 'plan', transform, planned, '--timings', ...(cache ? [] : ['--no-cache'])],
        cwd: ctx.scratch,
        env,
      };
    },
    summarize(result) {
      expectStatus(result, [0], label);
      const sites = /^(\d+) call sites?:/m.exec(result.stdout);
      if (!sites) throw new BenchError(`${label} printed no call-site summary: ${firstLine(result.stderr || result.stdout)}`);
      return `${sites[1]} sites`;
    },
  };
}

function kcodemodSeries(id, label, ctx, { recipients, runs, trace = false, transform = 'pci-intx' }) {
  let count = 0;
  return {
    id,
    label,
    kcodemod: true,
    runs,
    invocation: ({ warmUp }) => {
      const output = path.join(ctx.scratch, `${id}-${++count}`);
      const args = [ctx.bin, 'series', transform, ctx.gitTree, '-o', output, '--from', AUTHOR, '--date', DATE, '--timings', '--no-cache'];
      args.push('--recipients', recipients);
      // The warm-up of the run with maintainers counts the get_maintainer.pl calls from the trace.
      const env = kcodemodEnvironment(trace && warmUp ? { KCODEMOD_TRACE: '1' } : {});
      return { cmd: process.execPath, args, cwd: ctx.scratch, env, output };
    },
    summarize(result, invocation) {
      expectStatus(result, [0], label);
      const patches = fs.existsSync(invocation.output) ? fs.readdirSync(invocation.output).filter((name) => name.endsWith('.patch')) : [];
      fs.rmSync(invocation.output, { recursive: true, force: true });
      if (patches.length === 0) throw new BenchError(`${label} wrote no patches: ${firstLine(result.stderr)}`);
      if (recipients !== 'none' && /no To\/Cc:/.test(result.stderr)) throw new BenchError(`${label} ran without maintainers: ${firstLine(result.stderr)}`);
      const perlCalls = (result.stderr.match(/^trace: .* perl /gm) ?? []).length;
      if (perlCalls > 0) ctx.facts.getMaintainerCalls = perlCalls;
      return `${patches.length} files`;
    },
  };
}

/** The commands in table order; spatch ones only when ctx.spatch says it is installed. */
export function benchCommands(ctx) {
  const commands = [
    {
      id: 'git-grep',
      label: 'git grep -l -w pci_intx',
      invocation: () => ({ cmd: 'git', args: ['grep', '-l', '-w', 'pci_intx'], cwd: ctx.gitTree }),
      summarize(result) {
        expectStatus(result, [0], 'git grep');
        return `${countLines(result.stdout)} files`;
      },
    },
    {
      id: 'grep-rl',
      label: "grep -rlE '\\bpci_intx\\s*\\(' (non-git)",
      invocation: () => ({ cmd: 'grep', args: ['-rlE', '\\bpci_intx\\s*\\(', '.'], cwd: ctx.copy }),
      summarize(result) {
        expectStatus(result, [0], 'grep -rl');
        return `${countLines(result.stdout)} files`;
      },
    },
    kcodemodPlan('plan', 'kcodemod plan', ctx.gitTree, ctx),
    kcodemodPlan('plan-nongit', 'kcodemod plan (non-git)', ctx.copy, ctx),
    kcodemodSeries('series', 'kcodemod series --recipients none', ctx, { recipients: 'none' }),
    kcodemodSeries('series-recipients', 'kcodemod series (recipients in-process)', ctx, { recipients: 'builtin' }),
    {
      id: 'get-maintainer',
      label: 'get_maintainer.pl (one call)',
      invocation: () => ({ cmd: 'perl', args: ['scripts/get_maintainer.pl', ...GET_MAINTAINER_TO_OPTIONS, ctx.patchFile], cwd: ctx.gitTree }),
      summarize(result) {
        expectStatus(result, [0], 'get_maintainer.pl');
        return `${countLines(result.stdout)} addresses`;
      },
    },
    {
      id: 'check',
      label: 'kcodemod check --no-cache (the series --no-maintainers wrote)',
      kcodemod: true,
      invocation: () => ({ cmd: process.execPath, args: [ctx.bin, 'check', 'pci-intx', ctx.gitTree, '--series', ctx.sampleSeries, '--no-cache'], cwd: ctx.scratch, env: kcodemodEnvironment() }),
      summarize(result) {
        expectStatus(result, [0], 'kcodemod check');
        if (!/^check passed$/m.test(result.stdout)) throw new BenchError(`kcodemod check did not pass with checkpatch.pl: ${firstLine(result.stdout.split('\n').reverse().join('\n'))}`);
        return `${(result.stdout.match(/^ok /gm) ?? []).length} patches ok`;
      },
    },
    kcodemodSeries('series-maintainers', 'kcodemod series --recipients perl', ctx, { recipients: 'perl', runs: ctx.maintainerRuns, trace: true }),
    {
      id: 'git-grep-regions',
      label: 'git grep -l -w (the 12 region functions)',
      invocation: () => ({ cmd: 'git', args: ['grep', '-l', '-w', ...REGION_FUNCTIONS.flatMap((name) => ['-e', name])], cwd: ctx.gitTree }),
      summarize(result) {
        expectStatus(result, [0], 'git grep (region functions)');
        return `${countLines(result.stdout)} files`;
      },
    },
    kcodemodPlan('plan-regions', 'kcodemod plan pci-regions', ctx.gitTree, ctx, 'pci-regions'),
    kcodemodPlan('plan-warm', 'kcodemod plan (fact cache warm)', ctx.gitTree, ctx, 'pci-intx', { cache: true }),
    kcodemodPlan('plan-regions-warm', 'kcodemod plan pci-regions (fact cache warm)', ctx.gitTree, ctx, 'pci-regions', { cache: true }),
    kcodemodPlan('plan-changed', 'kcodemod plan (warm, one driver file changed)', null, ctx, 'pci-intx', { cache: true, beforeRun: () => ctx.changeOneFile() }),
    kcodemodSeries('series-regions', 'kcodemod series pci-regions --recipients none', ctx, { recipients: 'none', transform: 'pci-regions' }),
  ];
  if (ctx.spatch) {
    const jobs = String(ctx.jobs);
    commands.push(spatchCommand('spatch', `spatch --use-gitgrep -j ${jobs} (per file)`, ['--use-gitgrep', '-j', jobs, '--very-quiet', '--sp-file', ctx.spatch.semanticPatch, '--dir', ctx.gitTree], ctx));
    if (ctx.spatch.groups) {
      commands.push(
        spatchCommand('spatch-groups', `spatch --file-groups -j ${jobs} (modules)`, ['-j', jobs, '--very-quiet', '--sp-file', ctx.spatch.semanticPatch, '--file-groups', ctx.spatch.groups.file], ctx),
      );
    }
  }
  return commands;
}

function spatchCommand(id, label, args, ctx) {
  return {
    id,
    label,
    spatch: true,
    // The tree is named by absolute paths: spatch runs from scratch so nothing it leaves lands in the tree.
    invocation: () => ({ cmd: 'spatch', args, cwd: ctx.scratch }),
    summarize(result) {
      expectStatus(result, [0], label);
      return `${(result.stdout.match(/^\+\+\+ /gm) ?? []).length} files changed`;
    },
  };
}
