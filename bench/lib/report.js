// Turns the samples into the results (statistics, the issue's ratios and memory targets, what
// get_maintainer.pl adds) and prints them as tables. Ratios compare medians taken in this run.
import { max, median, min } from './stats.js';

const RSS_LIMIT_MB = 200;
const REGIONS_RSS_LIMIT_MB = 250;
const FRAME_LIMIT_MS = 50;

/** kcodemod's --timings stages in pipeline order; any other stage is listed after them. */
const STAGE_ORDER = ['discover', 'kbuild', 'parse', 'classify', 'series', 'render', 'write'];

function statsOf(command, samples) {
  const walls = samples.map((sample) => sample.wallMs);
  const stageNames = [...new Set(samples.flatMap((sample) => Object.keys(sample.stages ?? {})))];
  stageNames.sort((a, b) => rank(a) - rank(b));
  return {
    label: command.label,
    runs: samples.length,
    wallMs: { median: median(walls), min: min(walls), max: max(walls) },
    cpuMs: { median: median(samples.map((sample) => sample.cpuMs)) },
    peakRssMb: (max(samples.map((sample) => sample.peakRssKb)) * 1024) / 1e6, // GNU time counts KiB; MB = 10^6 bytes
    output: samples[samples.length - 1]?.output ?? '',
    stagesMs: Object.fromEntries(stageNames.map((stage) => [stage, median(samples.map((sample) => sample.stages?.[stage] ?? 0))])),
    samples: samples.map(({ wallMs, cpuMs, peakRssKb }) => ({ wallMs, cpuMs, peakRssKb })),
  };
}

function rank(stage) {
  const index = STAGE_ORDER.indexOf(stage);
  return index < 0 ? STAGE_ORDER.length : index;
}

/**
 * results: { commands: { id: stats }, ratios: [...], memory: [...], maintainers }.
 * `samplesById`: Map id -> samples; `commands`: the command definitions (labels, kinds).
 */
export function buildResults(commands, samplesById, facts) {
  const stats = {};
  for (const command of commands) stats[command.id] = statsOf(command, samplesById.get(command.id) ?? []);
  const wall = (id) => stats[id]?.wallMs.median;

  const spatchIds = commands.filter((command) => command.spatch).map((command) => command.id);
  const fastestSpatch = spatchIds.sort((a, b) => wall(a) - wall(b))[0];
  const ratio = (name, numerator, denominator, target, missingReason = 'not measured') => {
    if (!numerator || !denominator || !stats[numerator] || !stats[denominator]) return { name, target, value: null, met: null, note: missingReason };
    const value = wall(numerator) / wall(denominator);
    return { name, numerator, denominator, target, value, met: value <= target };
  };
  // A target in seconds of wall time (the warm runs: an idle machine's figure).
  const seconds = (name, id, target) => {
    if (!stats[id]) return { name, target, value: null, met: null, note: 'not measured' };
    const value = wall(id) / 1000;
    return { name, numerator: id, target, value, met: value <= target };
  };
  const ratios = [
    ratio('plan / spatch (fastest)', 'plan', fastestSpatch, 0.33, 'spatch not installed (Debian package coccinelle) or not among the rows'),
    ratio('plan / git grep', 'plan', 'git-grep', 1.6),
    ratio('plan (non-git) / grep -rl', 'plan-nongit', 'grep-rl', 2),
    ratio('series / plan', 'series', 'plan', 1.5),
    ratio('series with recipients / plan', 'series-recipients', 'plan', 1.5),
    ratio('plan pci-regions / git grep (its 12 names)', 'plan-regions', 'git-grep-regions', 3),
    ratio('plan, one driver file changed / plan (cold)', 'plan-changed', 'plan', 0.25),
    seconds('plan, fact cache warm (s)', 'plan-warm', 0.5),
    seconds('plan pci-regions, fact cache warm (s)', 'plan-regions-warm', 0.5),
  ];
  // pci-regions reads ten times as many files: its own, higher limit.
  const limits = { plan: RSS_LIMIT_MB, 'plan-nongit': RSS_LIMIT_MB, series: RSS_LIMIT_MB, check: RSS_LIMIT_MB, 'plan-regions': REGIONS_RSS_LIMIT_MB, 'series-regions': REGIONS_RSS_LIMIT_MB };
  const memory = Object.entries(limits)
    .filter(([id]) => stats[id])
    .map(([id, limitMb]) => ({
      name: `${stats[id].label} peak RSS`,
      id,
      limitMb,
      valueMb: stats[id].peakRssMb,
      met: stats[id].peakRssMb < limitMb,
    }));
  const withMaintainers = stats['series-maintainers'];
  const maintainers = withMaintainers?.runs
    ? {
        addsMs: wall('series-maintainers') - wall('series'),
        calls: facts.getMaintainerCalls ?? null,
        perCallMs: wall('get-maintainer'),
      }
    : null;
  return { commands: stats, ratios, memory, maintainers };
}

const seconds = (ms) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(2)} s` : 'n/a');

function table(header, rows) {
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => String(row[column]).length)));
  // Names (first column) and free text (last column) read left-aligned; figures line up on the right.
  const leftAligned = (column) => column === 0 || column === header.length - 1;
  const line = (row) => row.map((cell, column) => (leftAligned(column) ? String(cell).padEnd(widths[column]) : String(cell).padStart(widths[column]))).join('  ').trimEnd();
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}

const verdict = (met) => (met === null ? 'n/a' : met ? 'met' : 'MISSED');

export function formatResults(results, review) {
  const out = [];
  const commands = Object.values(results.commands).filter((stats) => stats.runs > 0);
  out.push(
    table(
      ['command', 'runs', 'wall median', 'min', 'max', 'CPU median', 'peak RSS', 'output'],
      commands.map((stats) => [
        stats.label,
        stats.runs,
        seconds(stats.wallMs.median),
        seconds(stats.wallMs.min),
        seconds(stats.wallMs.max),
        seconds(stats.cpuMs.median),
        `${Math.round(stats.peakRssMb)} MB`,
        stats.output,
      ]),
    ),
  );

  const staged = commands.filter((stats) => Object.keys(stats.stagesMs).length > 0);
  if (staged.length) {
    const stages = [...new Set(staged.flatMap((stats) => Object.keys(stats.stagesMs)))].sort((a, b) => rank(a) - rank(b));
    out.push('', 'kcodemod --timings (median ms per stage)');
    out.push(table(['command', ...stages], staged.map((stats) => [stats.label, ...stages.map((stage) => (stage in stats.stagesMs ? stats.stagesMs[stage].toFixed(0) : '-'))])));
  }

  out.push('', 'targets (medians of this run)');
  out.push(
    table(
      ['target', 'value', 'limit', 'verdict'],
      [
        ...results.ratios.map((ratio) => [ratio.name, ratio.value === null ? 'n/a' : ratio.value.toFixed(2), `<= ${ratio.target}`, ratio.value === null ? `n/a: ${ratio.note}` : verdict(ratio.met)]),
        ...results.memory.map((entry) => [entry.name, `${Math.round(entry.valueMb)} MB`, `< ${entry.limitMb} MB`, verdict(entry.met)]),
        ...(review && !review.failure ? [['review keypress -> frame p95', `${review.p95Ms.toFixed(1)} ms`, `< ${FRAME_LIMIT_MS} ms`, verdict(review.p95Ms < FRAME_LIMIT_MS)]] : []),
      ],
    ),
  );

  if (results.maintainers) {
    const { addsMs, calls, perCallMs } = results.maintainers;
    const callText = calls ? `${calls} get_maintainer.pl calls x ${seconds(perCallMs)} = ${seconds(calls * perCallMs)} expected` : `one call ${seconds(perCallMs)}`;
    out.push('', `get_maintainer.pl: series with maintainers takes ${seconds(addsMs)} more than --no-maintainers (${callText})`);
  }

  if (review) {
    out.push('');
    if (review.failure) out.push(`review UI: not measured (${review.failure})`);
    else {
      out.push(
        `review UI (${review.patches} patches x ${review.diffLines}-line diffs, ${review.frames} keys, ${review.columns}x${review.rows}): ` +
          `keypress -> frame median ${review.medianMs.toFixed(1)} ms, p95 ${review.p95Ms.toFixed(1)} ms, max ${review.maxMs.toFixed(1)} ms ` +
          `(target < ${FRAME_LIMIT_MS} ms: ${verdict(review.p95Ms < FRAME_LIMIT_MS)})`,
      );
      const slowest = Object.entries(review.byKey).sort((a, b) => b[1].maxMs - a[1].maxMs).slice(0, 3);
      out.push(`  slowest keys: ${slowest.map(([key, timing]) => `${key} max ${timing.maxMs.toFixed(1)} ms (median ${timing.medianMs.toFixed(1)})`).join(', ')}`);
    }
  }
  return out.join('\n');
}

export { FRAME_LIMIT_MS };
