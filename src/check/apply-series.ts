// Applies a series with `git am` in check's clone, patch by patch in effect: each step says
// whether its patch applied and the files it touched as they are after it. One `git am` of the whole
// series does the work when every patch applies (a git start and an index write fewer per patch);
// when one does not, that is undone and the patches go one `git am` each, so the step that fails and
// git's message for it are exactly those of applying them one at a time.
import { git, gitAsync, firstLine } from '../util/git.js';
import { readTreeFile } from '../util/fs.js';

export interface SeriesStepInput {
  path: string;
  /** The paths the patch touches (as `git apply --numstat` reads them). */
  touched: string[];
}

export interface SeriesStep {
  index: number;
  /** null: applied; else why not ("git am failed: ..."). */
  failure: string | null;
  /** After an applied patch: its touched files as they are then (null: deleted). */
  files: Map<string, Buffer | null>;
}

const COMMITTER = { GIT_COMMITTER_NAME: 'kcodemod check', GIT_COMMITTER_EMAIL: 'check@kcodemod.invalid' };
const AM = ['am', '--keep-cr', '--quiet'];

/**
 * Applies the patches in order in CLONE (a work tree where every touched path is checked out): one
 * step for each patch up to the first that does not apply, in order.
 */
export async function applySeries(clone: string, patches: SeriesStepInput[]): Promise<SeriesStep[]> {
  if (patches.length === 0) return [];
  const whole = await gitAsync(clone, [...AM, ...patches.map((p) => p.path)], { env: COMMITTER, timeout: 300_000 });
  if (whole.status === 0) {
    const commits = appliedCommits(clone, patches.length);
    const versions = readVersions(
      clone,
      patches.flatMap((p, i) => p.touched.map((file) => ({ commit: commits[i], file }))),
    );
    let next = 0;
    return patches.map((p, index) => ({ index, failure: null, files: new Map(p.touched.map((file) => [file, versions[next++]])) }));
  }
  await gitAsync(clone, ['am', '--abort'], { env: COMMITTER });
  const steps: SeriesStep[] = [];
  for (const [index, p] of patches.entries()) {
    const am = await gitAsync(clone, [...AM, p.path], { env: COMMITTER, timeout: 300_000 });
    if (am.status !== 0) {
      await gitAsync(clone, ['am', '--abort'], { env: COMMITTER });
      steps.push({ index, failure: `git am failed: ${firstLine(am.stderr, am.status)}`, files: new Map() });
      break;
    }
    steps.push({ index, failure: null, files: new Map(p.touched.map((file) => [file, readTreeFile(clone, file)])) });
  }
  return steps;
}

/** The last COUNT commits of HEAD, oldest first: one per patch `git am` applied. */
function appliedCommits(clone: string, count: number): string[] {
  const listed = git(clone, ['rev-list', `--max-count=${count}`, 'HEAD']);
  const commits = listed.stdout.toString('utf8').split('\n').filter(Boolean).reverse();
  if (listed.status !== 0 || commits.length !== count) throw new Error(`git rev-list in ${clone}: expected the ${count} commits git am made: ${firstLine(listed.stderr, listed.status)}`);
  return commits;
}

/**
 * The files at the given commits, in order (null where the commit has no such file), read in one
 * `git cat-file --batch`: the bytes git holds (a kernel tree has no end-of-line or filter attributes,
 * so they are the bytes a checkout writes; git 2.39's --batch --filters fails on `commit:path`).
 */
function readVersions(clone: string, wanted: { commit: string; file: string }[]): (Buffer | null)[] {
  if (wanted.length === 0) return [];
  const specs = wanted.map(({ commit, file }) => `${commit}:${file}`);
  const result = git(clone, ['cat-file', '--batch', '-z'], { input: Buffer.from(specs.map((s) => `${s}\0`).join(''), 'utf8') });
  if (result.status !== 0) throw new Error(`git cat-file in ${clone}: ${firstLine(result.stderr, result.status)}`);
  const out = result.stdout;
  const versions: (Buffer | null)[] = [];
  let at = 0;
  for (const spec of specs) {
    const headerEnd = out.indexOf(0x0a, at);
    const header = out.toString('utf8', at, headerEnd);
    const blob = /^[0-9a-f]+ blob (\d+)$/.exec(header);
    if (blob) {
      const size = Number(blob[1]);
      versions.push(Buffer.from(out.subarray(headerEnd + 1, headerEnd + 1 + size)));
      at = headerEnd + 1 + size + 1;
      continue;
    }
    // "<spec> missing": the name is echoed as given, so its length is known even with a newline in it.
    const missing = Buffer.from(`${spec} missing\n`, 'utf8');
    if (!out.subarray(at, at + missing.length).equals(missing)) throw new Error(`git cat-file in ${clone}: unexpected answer for ${JSON.stringify(spec)}: ${JSON.stringify(header)}`);
    versions.push(null);
    at += missing.length;
  }
  return versions;
}
