// Real commits for the series on top of HEAD, so the mails' "From <sha>" lines name commits git
// can show. Built in a temporary index (GIT_INDEX_FILE): no ref, the user's index and work tree are
// never touched; the objects land in the repository's object store, unreferenced.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SeriesModel } from '../series/model.js';
import { run, runText } from '../util/proc.js';
import { gitBlobId } from './blob.js';
import { checkPatchPath, FILE_MODE } from './diff.js';
import { parseIdent } from './ident.js';
import { commitMessage } from './message.js';

interface IndexEntry {
  mode: string;
  id: string;
}

/** Modes and blob ids of `paths` in `commit` (ls-tree), so changed files keep an executable bit. */
function readEntries(tree: string, commit: string, paths: string[], env: NodeJS.ProcessEnv): Map<string, IndexEntry> {
  const entries = new Map<string, IndexEntry>();
  if (paths.length === 0) return entries;
  const listing = runText('git', ['ls-tree', '-z', '--full-tree', commit, '--', ...paths], { cwd: tree, env });
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
 */
export function createSeriesCommits(tree: string, model: SeriesModel, options: { author: string; date: Date }): string[] {
  const ident = parseIdent(options.author);
  for (const patch of model.patches) for (const change of patch.changes) checkPatchPath(change.path);
  if (Number.isNaN(options.date.getTime())) throw new Error('invalid date');
  const gitDate = `@${Math.floor(options.date.getTime() / 1000)} +0000`;
  const indexDir = mkdtempSync(join(tmpdir(), 'kcodemod-index-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GIT_INDEX_FILE: join(indexDir, 'index'),
    GIT_AUTHOR_NAME: ident.name,
    GIT_AUTHOR_EMAIL: ident.email,
    GIT_AUTHOR_DATE: gitDate,
    GIT_COMMITTER_NAME: ident.name,
    GIT_COMMITTER_EMAIL: ident.email,
    GIT_COMMITTER_DATE: gitDate,
    GIT_LITERAL_PATHSPECS: '1',
  };
  try {
    const head = run('git', ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'], { cwd: tree, env });
    if (head.status !== 0) throw new Error(`${tree} is not a git repository with a commit: series commits need one`);
    let parent = head.stdout.toString('utf8').trim();
    runText('git', ['read-tree', parent], { cwd: tree, env });
    const allPaths = [...new Set(model.patches.flatMap((p) => p.changes.map((c) => c.path)))];
    const current = readEntries(tree, parent, allPaths, env);
    const commits: string[] = [];
    model.patches.forEach((patch, index) => {
      let indexInfo = '';
      for (const change of patch.changes) {
        const existing = current.get(change.path);
        const expected = change.before === null ? undefined : gitBlobId(change.before);
        if (existing?.id !== expected) {
          throw new Error(
            `patch ${index + 1} (${patch.subject}): ${change.path} in the series does not start from the committed content; commits cannot be made`,
          );
        }
        if (change.after === null) {
          indexInfo += `0 ${'0'.repeat(40)}\t${change.path}\0`;
          current.delete(change.path);
          continue;
        }
        const id = runText('git', ['hash-object', '-w', '--no-filters', '--stdin'], { cwd: tree, env, input: change.after }).trim();
        const mode = existing?.mode ?? FILE_MODE;
        indexInfo += `${mode} ${id}\t${change.path}\0`;
        current.set(change.path, { mode, id });
      }
      runText('git', ['update-index', '-z', '--index-info'], { cwd: tree, env, input: indexInfo });
      const treeId = runText('git', ['write-tree'], { cwd: tree, env }).trim();
      parent = runText('git', ['commit-tree', '--no-gpg-sign', treeId, '-p', parent, '-F', '-'], {
        cwd: tree,
        env,
        input: commitMessage(patch),
      }).trim();
      commits.push(parent);
    });
    return commits;
  } finally {
    rmSync(indexDir, { recursive: true, force: true });
  }
}
