// The machine the figures come from: the README quotes them next to the figures.
import { spawnSync } from 'node:child_process';
import os from 'node:os';

function versionOf(cmd, args) {
  const probe = spawnSync(cmd, args, { encoding: 'utf8' });
  return probe.error || probe.status !== 0 ? null : probe.stdout.split('\n')[0].trim();
}

export function machineFacts(spatch) {
  return {
    cpus: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model?.trim() ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 1e9),
    kernel: `${os.type()} ${os.release()}`,
    node: process.version,
    git: versionOf('git', ['--version']),
    perl: versionOf('perl', ['-e', 'print "perl $^V"']),
    spatch,
    loadAverageAtStart: os.loadavg().map((load) => Number(load.toFixed(2))),
  };
}

export function formatMachine(facts) {
  return [
    `machine: ${facts.cpus} CPUs (${facts.cpuModel}), ${facts.memoryGb} GB, ${facts.kernel}`,
    `tools:   node ${facts.node}, ${facts.git}, ${facts.perl ?? 'no perl'}, ${facts.spatch ?? 'spatch not installed'}`,
    `load average: ${facts.loadAverageAtStart.join(' ')} at start, ${facts.loadAverageAtEnd?.join(' ') ?? '?'} at end`,
  ].join('\n');
}
