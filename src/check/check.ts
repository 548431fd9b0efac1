// `kcodemod check`: verify a written series against the tree, in a temporary sparse clone of HEAD
// (never the user's checkout): git am every patch, checkpatch.pl --strict each one, the static
// export check after each step, and the plan on the result, which must find nothing left to port.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AnyTransform } from '../transform.js';
import { analyzeTree } from '../pipeline.js';
import type { FactCacheSettings } from '../cache/fact-cache.js';
import { git, gitText, firstLine, dirtyFiles, isGitTopLevel } from '../util/git.js';
import { makeRunTempDir } from '../util/temp-dirs.js';
import { readTreeFile } from '../util/fs.js';
import { checkExports } from './exports.js';
import { runCheckpatch, type CheckpatchResult } from './checkpatch.js';
import { listSeriesPatches, touchedPaths } from './series-files.js';
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

const CHECK_IDENTITY = { GIT_COMMITTER_NAME: 'kcodemod check', GIT_COMMITTER_EMAIL: 'check@kcodemod.invalid' };

export async function checkSeries(transform: AnyTransform, tree: string, seriesDir: string, options: { scriptsFrom?: string; cache?: FactCacheSettings }): Promise<CheckReport> {
  if (!isGitTopLevel(tree)) throw new Error(`${tree} is not the top level of a git work tree: check applies the series to a clone of its HEAD`);
  const patches = listSeriesPatches(seriesDir);
  const touched = touchedPaths(patches.map((p) => p.bytes), tree);
  const dirty = new Set(dirtyFiles(tree));
  const conflicting = touched.filter((f) => dirty.has(f));
  if (conflicting.length) throw new Error(`the working tree has changes in files the series touches (${conflicting.slice(0, 3).join(', ')}): commit or stash them first`);

  const { dir: tmp, forget } = makeRunTempDir('kcodemod-check-');
  const clone = path.join(tmp, 'tree');
  const notes: string[] = [];
  try {
    gitText(tmp, ['clone', '--quiet', '--shared', '--no-checkout', tree, clone], { timeout: 300_000 });
    // Only the touched files are checked out: a whole kernel would cost a 1.4 GB write.
    gitText(clone, ['sparse-checkout', 'set', '--no-cone', ...touched.map((t) => `/${t}`)]);
    gitText(clone, ['checkout', '--quiet', 'HEAD'], { timeout: 300_000 });
    const overlay = new Map<string, Buffer | null>();
    const original = new Map<string, Buffer | null>();
    const readOriginal = (rel: string) => {
      if (!original.has(rel)) original.set(rel, readTreeFile(tree, rel));
      return original.get(rel)!;
    };
    const readAfter = (rel: string) => (overlay.has(rel) ? overlay.get(rel)! : readOriginal(rel));
    const exporters = transform.publicApi ? listSources(tree, transform.publicApi.exportDirs) : [];
    // Every caller of the public API counts, not only the files the series touches: a series can
    // remove a function that drivers ported by an earlier series still call.
    const apiCallers = transform.publicApi ? (await discoverCandidates(tree, transform.publicApi.functions)).files : [];
    const results: PatchCheck[] = [];
    let stopped = false;
    for (const p of patches) {
      // After a patch that did not apply, the rest are neither applied nor styled (checkpatch.pl takes
      // ~0.3 s a patch: minutes on a long series, for nothing).
      const checkpatch = stopped ? NOT_RUN_AFTER_FAILURE : runCheckpatch(tree, p.path, options.scriptsFrom);
      const result: PatchCheck = { file: p.name, subject: p.subject, applied: null, checkpatch, exportProblems: [] };
      results.push(result);
      if (stopped) {
        result.applied = 'not tried: an earlier patch did not apply';
        continue;
      }
      const am = git(clone, ['am', '--keep-cr', '--quiet', p.path], { env: CHECK_IDENTITY, timeout: 300_000 });
      if (am.status !== 0) {
        result.applied = `git am failed: ${firstLine(am.stderr, am.status)}`;
        git(clone, ['am', '--abort'], { env: CHECK_IDENTITY });
        stopped = true;
        continue;
      }
      for (const f of touchedPaths([p.bytes], clone)) overlay.set(f, readTreeFile(clone, f));
      if (transform.publicApi) {
        result.exportProblems = checkExports(transform.publicApi, readAfter, [...new Set([...overlay.keys(), ...apiCallers])], exporters).map(
          (e) => `${e.file}:${e.line}: ${e.problem}`,
        );
      }
    }
    let planLeft: string[] = [];
    let planState: string | null = null;
    if (!stopped) {
      const after = await analyzeTree(transform, tree, { overlay, cache: options.cache });
      planState = after.plan.core.state;
      planLeft = after.plan.callSites
        .filter((s) => s.action !== 'none')
        .map((s) => `${s.file}:${s.line} ${s.call} -> ${s.action === 'delete' ? 'deleted' : `${s.replacement}()`}`);
    } else {
      notes.push('the plan after the series was not run: not every patch applied');
    }
    const checkpatchMissing = results.find((r) => !r.checkpatch.ran && r.checkpatch !== NOT_RUN_AFTER_FAILURE);
    const skipped = results.filter((r) => r.checkpatch === NOT_RUN_AFTER_FAILURE).length;
    if (skipped) notes.push(`checkpatch.pl was not run on the ${skipped} patch${skipped === 1 ? '' : 'es'} after the one that did not apply`);
    // A missing checkpatch.pl (or perl) leaves the rest of the check standing; it is said loudly.
    if (checkpatchMissing) notes.push(`checkpatch.pl did not run, so style was not checked: ${checkpatchMissing.checkpatch.reason}`);
    const ok = !stopped && planLeft.length === 0 && results.every((r) => r.checkpatch.failing === 0 && r.exportProblems.length === 0);
    return { patches: results, planLeft, planState, ok, notes };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
    forget();
  }
}

/** .c files below the given directories of the tree (the candidates for EXPORT_SYMBOL lines). */
function listSources(tree: string, dirs: string[]): string[] {
  return dirs.flatMap((d) => sourcesBelow(tree, d)).filter((f) => f.endsWith('.c')).sort();
}
