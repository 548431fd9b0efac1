// `kcodemod check`: verify a written series against the tree, in a temporary sparse clone of HEAD
// (never the user's checkout): git am every patch, checkpatch.pl --strict each one, the static
// export check after each step, and the plan on the result, which must find nothing left to port.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AnyTransform } from '../transform.js';
import { analyzeTree } from '../pipeline.js';
import type { FactCacheSettings } from '../cache/fact-cache.js';
import { gitAsync, firstLine, dirtyFiles, isGitTopLevel, type GitOptions } from '../util/git.js';
import { cleanUpOnStop, makeRunTempDir } from '../util/temp-dirs.js';
import type { ChildProcess } from '../util/proc.js';
import { readTreeFile } from '../util/fs.js';
import { collectGarbage } from '../util/memory.js';
import { checkExports } from './exports.js';
import { runCheckpatchOn, type CheckpatchResult } from './checkpatch.js';
import { listSeriesPatches, touchedPaths } from './series-files.js';
import { groupForCheckpatch } from './checkpatch-groups.js';
import { applySeries } from './apply-series.js';
import { discoverCandidates } from '../discover/discover.js';
import { sourcesBelow } from '../discover/walk.js';

export interface PatchCheck {
  file: string;
  subject: string;
  applied: string | null;
  checkpatch: CheckpatchResult;
  exportProblems: string[];
}

export interface CheckReport {
  patches: PatchCheck[];
  planLeft: string[];
  planState: string | null;
  ok: boolean;
  notes: string[];
}

const NOT_RUN_AFTER_FAILURE: CheckpatchResult = { ran: false, reason: 'not run: an earlier patch did not apply', findings: [], failing: 0 };

export async function checkSeries(transform: AnyTransform, tree: string, seriesDir: string, options: { scriptsFrom?: string; jobs?: number; cache?: FactCacheSettings }): Promise<CheckReport> {
  if (!isGitTopLevel(tree)) throw new Error(`${tree} is not the top level of a git work tree: check applies the series to a clone of its HEAD`);
  const patches = listSeriesPatches(seriesDir);
  const touchedByPatch = patches.map((p) => touchedPaths([p.bytes], tree));
  const touched = [...new Set(touchedByPatch.flat())].sort();
  // Only the touched files matter here: a status of the whole kernel costs seconds on a stale index.
  const dirty = new Set(dirtyFiles(tree, touched));
  const conflicting = touched.filter((f) => dirty.has(f));
  if (conflicting.length) throw new Error(`the working tree has changes in files the series touches (${conflicting.slice(0, 3).join(', ')}): commit or stash them first`);

  // checkpatch.pl reads only the patch, not the clone: it runs beside git am and the plan, on every
  // core. A patch is checked only once every earlier one applied (none after a failed git am): the
  // first one at once, the others, grouped into a run per core, once the series is applied.
  const checkpatchOf: CheckpatchResult[] = patches.map(() => NOT_RUN_AFTER_FAILURE);
  const running = new Set<ChildProcess>();
  const checkpatchRuns: Promise<void>[] = [];
  const runCheckpatchOnGroup = (indexes: number[]) => {
    const run = runCheckpatchOn(
      tree,
      indexes.map((i) => patches[i].path),
      options.scriptsFrom,
      (child) => {
        running.add(child);
        child.on('close', () => running.delete(child));
      },
    );
    checkpatchRuns.push(run.then((results) => results.forEach((result, j) => (checkpatchOf[indexes[j]] = result))));
  };
  const stopCheckpatch = cleanUpOnStop(() => {
    for (const child of running) child.kill('SIGTERM');
  });
  runCheckpatchOnGroup([0]);

  const { dir: tmp, forget } = makeRunTempDir('kcodemod-check-');
  const clone = path.join(tmp, 'tree');
  const notes: string[] = [];
  try {
    // Every caller of the public API counts, not only the files the series touches: a series can
    // remove a function that drivers ported by an earlier series still call. The search runs while
    // the clone is made.
    const apiCallersFound = transform.publicApi ? discoverCandidates(tree, transform.publicApi.functions) : null;
    // Awaited below; a failed clone must not leave its rejection unhandled.
    apiCallersFound?.catch(() => undefined);
    // A split index: each commit git am makes writes the few changed entries, not a kernel's 9 MB index.
    await gitChecked(tmp, ['clone', '--quiet', '--shared', '--no-checkout', '--config', 'core.splitIndex=true', tree, clone], { timeout: 300_000 });
    // Only the touched files are checked out: a whole kernel would cost a 1.4 GB write.
    await gitChecked(clone, ['sparse-checkout', 'set', '--no-cone', ...touched.map((t) => `/${t}`)]);
    await gitChecked(clone, ['checkout', '--quiet', 'HEAD'], { timeout: 300_000 });
    const apiCallers = apiCallersFound ? (await apiCallersFound).files : [];
    const original = new Map<string, Buffer | null>();
    const readOriginal = (rel: string) => {
      if (!original.has(rel)) original.set(rel, readTreeFile(tree, rel));
      return original.get(rel)!;
    };
    const exporters = transform.publicApi ? listSources(tree, transform.publicApi.exportDirs) : [];
    const results: PatchCheck[] = patches.map((p) => ({ file: p.name, subject: p.subject, applied: null, checkpatch: NOT_RUN_AFTER_FAILURE, exportProblems: [] }));
    const steps = await applySeries(clone, patches.map((p, i) => ({ path: p.path, touched: touchedByPatch[i] })));
    const lastStep = steps.length - 1;
    const stopped = steps.some((step) => step.failure !== null);
    // Patches 1..lastStep follow patches that applied (lastStep itself is the failed one, if any).
    const admitted = touchedByPatch.map((touched, index) => ({ touched, index })).slice(1, lastStep + 1);
    for (const group of groupForCheckpatch(admitted, options.jobs ?? os.availableParallelism())) runCheckpatchOnGroup(group.map((j) => admitted[j].index));
    for (const step of steps) if (step.failure !== null) results[step.index].applied = step.failure;
    for (const result of results.slice(lastStep + 1)) result.applied = 'not tried: an earlier patch did not apply';
    let planLeft: string[] = [];
    let planState: string | null = null;
    if (!stopped) {
      // The plan after the series, in this process while the checkpatch.pl runs go on. It comes
      // before the export check: its memory peak is the run's, so it starts on the least memory.
      const overlay = new Map(steps.flatMap((step) => [...step.files]));
      // What the searches and the clone left (file lists, git's output) goes first.
      collectGarbage();
      const after = await analyzeTree(transform, tree, { overlay, cache: options.cache });
      planState = after.plan.core.state;
      planLeft = after.plan.callSites
        .filter((s) => s.action !== 'none')
        .map((s) => `${s.file}:${s.line} ${s.call} -> ${s.action === 'delete' ? 'deleted' : `${s.replacement}()`}`);
    } else {
      notes.push('the plan after the series was not run: not every patch applied');
    }
    if (transform.publicApi) {
      const overlay = new Map<string, Buffer | null>();
      const readAfter = (rel: string) => (overlay.has(rel) ? overlay.get(rel)! : readOriginal(rel));
      for (const step of steps.filter((s) => s.failure === null)) {
        for (const [file, bytes] of step.files) overlay.set(file, bytes);
        const problems = await checkExports(transform.publicApi, readAfter, [...new Set([...overlay.keys(), ...apiCallers])], exporters);
        results[step.index].exportProblems = problems.map((e) => `${e.file}:${e.line}: ${e.problem}`);
      }
    }
    await Promise.all(checkpatchRuns);
    for (const [i, result] of results.entries()) result.checkpatch = checkpatchOf[i];
    const checkpatchMissing = results.find((r) => !r.checkpatch.ran && r.checkpatch !== NOT_RUN_AFTER_FAILURE);
    const skipped = results.filter((r) => r.checkpatch === NOT_RUN_AFTER_FAILURE).length;
    if (skipped) notes.push(`checkpatch.pl was not run on the ${skipped} patch${skipped === 1 ? '' : 'es'} after the one that did not apply`);
    // A missing checkpatch.pl (or perl) leaves the rest of the check standing; it is said loudly.
    if (checkpatchMissing) notes.push(`checkpatch.pl did not run, so style was not checked: ${checkpatchMissing.checkpatch.reason}`);
    const ok = !stopped && planLeft.length === 0 && results.every((r) => r.checkpatch.failing === 0 && r.exportProblems.length === 0);
    return { patches: results, planLeft, planState, ok, notes };
  } finally {
    // An error above leaves checkpatch.pl runs behind: they are stopped, not waited for.
    for (const child of running) child.kill('SIGTERM');
    stopCheckpatch();
    fs.rmSync(tmp, { recursive: true, force: true });
    forget();
  }
}

/** gitAsync that throws git's first error line, as gitText does. */
async function gitChecked(dir: string, args: string[], options: GitOptions = {}): Promise<void> {
  const result = await gitAsync(dir, args, options);
  if (result.status !== 0) throw new Error(`git ${args[0] ?? ''} failed in ${dir}: ${firstLine(result.stderr, result.status)}`);
}

/** .c files below the given directories of the tree (the candidates for EXPORT_SYMBOL lines). */
function listSources(tree: string, dirs: string[]): string[] {
  return dirs.flatMap((d) => sourcesBelow(tree, d)).filter((f) => f.endsWith('.c')).sort();
}
