// Real commits for the series on top of HEAD, so the mails' "From <sha>" lines name the commits
// `git am` makes of them. Built in a temporary repository that borrows the tree's objects
// (objects/info/alternates): nothing is written in the tree's .git, no object and no ref, and the
// tree's config (hooks, fsmonitor, filters) plays no part in it.

import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { SeriesModel } from '../series/model.js';
import { git, gitText } from '../util/git.js';
import { makeRunTempDir } from '../util/temp-dirs.js';
import { formatOffset, offsetOf } from '../util/zoned-date.js';
import { gitBlobId } from './blob.js';
import { checkPatchPath, FILE_MODE } from './diff.js';
import { parseIdent } from './ident.js';
import { commitMessage } from './message.js';

interface IndexEntry {
  mode: string;
  id: string;
}

/** Modes and blob ids of `paths` in `commit` (ls-tree), so changed files keep an executable bit. */
function readEntries(repo: string, commit: string, paths: string[]): Map<string, IndexEntry> {
  const entries = new Map<string, IndexEntry>();
  if (paths.length === 0) return entries;
  const listing = gitText(repo, ['--literal-pathspecs', 'ls-tree', '-z', '--full-tree', commit, '--', ...paths]);
  for (const record of listing.split('\0')) {
    const match = /^(\d+) blob ([0-9a-f]+)\t([\s\S]*)$/.exec(record);
    if (match) entries.set(match[3], { mode: match[1], id: match[2] });
  }
  return entries;
}

/**
 * Commits each patch of `model` on top of `tree`'s HEAD with the message renderSeries prints, and
 * returns the commit ids in order. Throws when a change's `before` is not what the previous commit
 * holds (e.g. a series made from a modified working tree): its commits would not match the mails.
 *
 * One `git fast-import` builds every blob, tree and commit: it updates trees from the parent
 * without an index, where an index of a whole kernel costs ~0.1 s per git command. It runs in a
 * temporary bare repository whose alternates point at the tree's object store: the ref it needs and
 * the objects it writes go away with that repository.
 */
export function createSeriesCommits(tree: string, model: SeriesModel, options: { author: string; date: Date }): string[] {
  const ident = parseIdent(options.author);
  for (const patch of model.patches) for (const change of patch.changes) checkPatchPath(change.path);
  if (Number.isNaN(options.date.getTime())) throw new Error('invalid date');
  const epoch = Math.floor(options.date.getTime() / 1000);
  const who = `${ident.name} <${ident.email}> ${epoch} ${formatOffset(offsetOf(options.date))}`;
  const head = git(tree, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']);
  if (head.status !== 0) throw new Error(`${tree} is not a git repository with a commit: series commits need one`);
  const base = head.stdout.toString('utf8').trim();
  const objects = resolve(tree, gitText(tree, ['rev-parse', '--git-path', 'objects']).replace(/\n$/, ''));
  const objectFormat = gitText(tree, ['rev-parse', '--show-object-format']).trim();
  const { dir: workDir, forget: forgetWorkDir } = makeRunTempDir('kcodemod-commits-');
  const repo = join(workDir, 'repo.git');
  const ref = 'refs/heads/series';
  try {
    gitText(workDir, ['init', '--quiet', '--bare', `--object-format=${objectFormat}`, repo]);
    // The tree's own alternates are followed from there: a --shared clone works too.
    writeFileSync(join(repo, 'objects', 'info', 'alternates'), `${objects}\n`);
    const allPaths = [...new Set(model.patches.flatMap((p) => p.changes.map((c) => c.path)))];
    const current = readEntries(repo, base, allPaths);
    const stream: Buffer[] = [];
    const text = (s: string) => stream.push(Buffer.from(s, 'utf8'));
    const data = (bytes: Buffer) => {
      text(`data ${bytes.length}\n`);
      stream.push(bytes);
      text('\n');
    };
    let mark = 0;
    const commitMarks: number[] = [];
    model.patches.forEach((patch, index) => {
      const lines: string[] = [];
      for (const change of patch.changes) {
        const existing = current.get(change.path);
        const expected = change.before === null ? undefined : gitBlobId(change.before);
        if (existing?.id !== expected) {
          throw new Error(
            `patch ${index + 1} (${patch.subject}): ${change.path} in the series does not start from the committed content; commits cannot be made`,
          );
        }
        if (change.after === null) {
          lines.push(`D ${fastImportPath(change.path)}`);
          current.delete(change.path);
          continue;
        }
        const blobMark = ++mark;
        text(`blob\nmark :${blobMark}\n`);
        data(change.after);
        const mode = existing?.mode ?? FILE_MODE;
        lines.push(`M ${mode} :${blobMark} ${fastImportPath(change.path)}`);
        current.set(change.path, { mode, id: gitBlobId(change.after) });
      }
      const commitMark = ++mark;
      text(`commit ${ref}\nmark :${commitMark}\nauthor ${who}\ncommitter ${who}\n`);
      data(Buffer.from(commitMessage(patch), 'utf8'));
      text(`from ${commitMarks.length ? `:${commitMarks[commitMarks.length - 1]}` : base}\n`);
      text(lines.map((l) => `${l}\n`).join(''));
      text('\n');
      commitMarks.push(commitMark);
    });
    text('done\n');
    const marksFile = join(workDir, 'marks');
    gitText(repo, ['fast-import', '--quiet', '--done', `--export-marks=${marksFile}`], { input: Buffer.concat(stream), timeout: 300_000 });
    const marks = new Map<number, string>();
    for (const line of readFileSync(marksFile, 'utf8').split('\n')) {
      const m = /^:(\d+) ([0-9a-f]{40,64})$/.exec(line);
      if (m) marks.set(Number(m[1]), m[2]);
    }
    return commitMarks.map((m) => {
      const id = marks.get(m);
      if (!id) throw new Error('git fast-import did not report every commit');
      return id;
    });
  } finally {
    rmSync(workDir, { recursive: true, force: true });
    forgetWorkDir();
  }
}

/** fast-import takes a path as it is unless it needs C-style quoting (quotes, newlines, leading "). */
function fastImportPath(path: string): string {
  if (!/["\\\n]/.test(path) && !path.startsWith('"')) return path;
  return `"${path.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}
