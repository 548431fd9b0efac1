// `kcodemod check` runs checkpatch.pl on several patches per run and several runs at once, and applies
// the series with one `git am` when it can: the report must be the one a patch-by-patch check gives
// (same verdicts, same order), and nothing may run for a patch after one that did not apply.
import pciIntx from '../transforms/pci-intx/index.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { checkSeries, type CheckReport } from '../src/check/check.js';
import { runCheckpatch } from '../src/check/checkpatch.js';
import { listSeriesPatches } from '../src/check/series-files.js';
import { makeTempDir } from './helpers/temp.js';
import { git, gitRepoFrom } from './helpers/git-repo.js';
import { describeRun, runCli, seriesArgs } from './helpers/cli.js';
import { seriesInProcess } from './helpers/in-process.js';
import { EXAMPLES_DIR } from './helpers/paths.js';

/**
 * A checkpatch.pl that logs each run's patches (one line a run) and reports, per patch, findings
 * that depend on the patch (each must be readable): a WARNING for even-numbered patches, a CHECK for
 * the others, an inherited DOS_LINE_ENDINGS for every third; it exits 1 when it reported anything.
 */
function fakeCheckpatch(): { scripts: string; log: string } {
  const scripts = path.join(makeTempDir('check-parallel-scripts'), 'kernel');
  const log = path.join(scripts, 'runs.log');
  fs.mkdirSync(path.join(scripts, 'scripts'), { recursive: true });
  const script = `
use strict;
my @patches = grep { !/^--/ } @ARGV;
open(my $log, '>>', '${log}') or die; print $log join(' ', map { (split m{/}, $_)[-1] } @patches), "\\n"; close($log);
my $reported = 0;
for my $p (@patches) {
  -r $p or die "cannot read $p";
  my ($n) = $p =~ m{/(\\d{4})-[^/]*$};
  if ($n % 2 == 0) { print "$p:12: WARNING:LONG_LINE: line length of 101 exceeds 100 columns\\n"; }
  else { print "$p:7: CHECK:PARENTHESIS_ALIGNMENT: Alignment should match open parenthesis\\n"; }
  if ($n % 3 == 0) { print "$p:9: ERROR:DOS_LINE_ENDINGS: DOS line endings\\n"; }
  $reported = 1;
}
exit($reported);
`;
  fs.writeFileSync(path.join(scripts, 'scripts', 'checkpatch.pl'), script);
  return { scripts, log };
}

/** A git copy of examples/ and its series, written in-process (a fixture: check is what runs the CLI). */
async function writtenSeries(prefix: string): Promise<{ repo: string; out: string }> {
  const { repo } = gitRepoFrom(EXAMPLES_DIR, prefix);
  const out = path.join(makeTempDir(`${prefix}-out`), 'series');
  await seriesInProcess(seriesArgs(repo, out));
  return { repo, out };
}

function runs(log: string): string[][] {
  const text = fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : '';
  fs.rmSync(log, { force: true });
  return text.split('\n').filter(Boolean).map((line) => line.split(' '));
}

test('check in parallel gives the report of a serial check: verdicts, findings and order, one checkpatch.pl result per patch', async () => {
  const { repo, out } = await writtenSeries('check-parallel');
  const { scripts, log } = fakeCheckpatch();
  const patches = listSeriesPatches(out);
  assert.ok(patches.length >= 6, `the examples series has ${patches.length} patches`);

  const serial = await checkSeries(pciIntx, repo, out, { scriptsFrom: scripts, jobs: 1 });
  const serialRuns = runs(log);
  const parallel = await checkSeries(pciIntx, repo, out, { scriptsFrom: scripts, jobs: 3 });
  const parallelRuns = runs(log);

  assert.deepEqual(parallel, serial);
  assert.deepEqual(parallel.patches.map((p) => p.file), patches.map((p) => p.name));
  // Each patch's result is the one checkpatch.pl gives it alone.
  for (const [i, p] of patches.entries()) assert.deepEqual(parallel.patches[i].checkpatch, await runCheckpatch(repo, p.path, scripts), p.name);
  runs(log);
  // The fake's WARNINGs fail the even-numbered patches, and only them.
  assert.equal(parallel.ok, false);
  for (const p of parallel.patches) {
    assert.equal(p.applied, null, `${p.file} applies`);
    assert.equal(p.checkpatch.ran, true);
    assert.deepEqual(p.exportProblems, []);
  }
  assert.deepEqual(
    parallel.patches.map((p) => p.checkpatch.failing),
    patches.map((_, i) => ((i + 1) % 2 === 0 ? 1 : 0)),
  );
  assert.deepEqual(
    parallel.patches.map((p) => p.checkpatch.findings.filter((f) => f.inherited).length),
    patches.map((_, i) => ((i + 1) % 3 === 0 ? 1 : 0)),
  );
  assert.equal(parallel.planState, serial.planState);
  assert.deepEqual(parallel.planLeft, []);

  // Every patch checked exactly once; the first alone (it starts before the series is applied), the
  // others in at most `jobs` runs of several patches.
  for (const [label, taken, jobs] of [['serial', serialRuns, 1], ['parallel', parallelRuns, 3]] as const) {
    assert.deepEqual(taken.flat().sort(), patches.map((p) => p.name).sort(), label);
    assert.deepEqual(taken[0], [patches[0].name], label);
    assert.ok(taken.length - 1 <= jobs, `${label}: ${taken.length - 1} runs after the first, at most ${jobs}`);
  }
  assert.ok(parallelRuns.length > 2, `the parallel check split the patches over several runs: ${JSON.stringify(parallelRuns)}`);
});

test('a patch that does not apply: the same report serial and parallel, and no checkpatch.pl for the patches after it', async () => {
  const { repo, out } = await writtenSeries('check-parallel-fail');
  const { scripts, log } = fakeCheckpatch();
  const patches = listSeriesPatches(out);
  // The third patch no longer applies: the tree lost a file it changes.
  const failing = 2;
  const touched = /^diff --git a\/(\S+) /m.exec(patches[failing].bytes.toString('utf8'))![1];
  assert.ok(!patches.slice(0, failing).some((p) => p.bytes.toString('utf8').includes(`a/${touched}`)), 'no earlier patch touches that file');
  git(repo, ['rm', '--quiet', touched]);
  git(repo, ['commit', '--quiet', '-m', 'drop a file']);

  const reports: CheckReport[] = [];
  for (const jobs of [1, 3]) {
    reports.push(await checkSeries(pciIntx, repo, out, { scriptsFrom: scripts, jobs }));
    assert.deepEqual(runs(log).flat().sort(), patches.slice(0, failing + 1).map((p) => p.name).sort(), `jobs ${jobs}: checkpatch.pl ran on the patches up to the failing one`);
  }
  assert.deepEqual(reports[1], reports[0]);
  const report = reports[1];
  assert.equal(report.ok, false);
  assert.deepEqual(report.patches.slice(0, failing).map((p) => p.applied), [null, null]);
  assert.match(report.patches[failing].applied ?? '', /^git am failed: /);
  assert.equal(report.patches[failing].checkpatch.ran, true);
  for (const p of report.patches.slice(failing + 1)) {
    assert.equal(p.applied, 'not tried: an earlier patch did not apply');
    assert.equal(p.checkpatch.ran, false);
    assert.match(p.checkpatch.reason ?? '', /not run: an earlier patch did not apply/);
  }
  assert.equal(report.planState, null);
  assert.ok(report.notes.includes('the plan after the series was not run: not every patch applied'), report.notes.join('\n'));
  const after = patches.length - failing - 1;
  assert.ok(report.notes.includes(`checkpatch.pl was not run on the ${after} patch${after === 1 ? '' : 'es'} after the one that did not apply`), report.notes.join('\n'));
});
