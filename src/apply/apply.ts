// `kcodemod apply`: commit a series on a new branch of the user's tree with git am. Refuses a dirty
// tree and a missing identity; if anything fails, the user's branch and work tree are put back.
import { git, gitText, firstLine, dirtyFiles, gitIdentity, isGitTopLevel } from '../util/git.js';

export interface ApplyResult {
  branch: string;
  commits: number;
}

export function applySeries(tree: string, branch: string, patchFiles: string[]): ApplyResult {
  if (!isGitTopLevel(tree)) throw new Error(`${tree} is not the top level of a git work tree`);
  if (git(tree, ['check-ref-format', '--branch', branch]).status !== 0) throw new Error(`"${branch}" is not a valid branch name`);
  if (git(tree, ['rev-parse', '--verify', '--quiet', `refs/heads/${branch}`]).status === 0) throw new Error(`branch ${branch} already exists`);
  const dirty = dirtyFiles(tree);
  if (dirty.length) throw new Error(`the tree has uncommitted changes (${dirty.slice(0, 3).join(', ')}${dirty.length > 3 ? ', ...' : ''}): apply needs a clean tree`);
  if (!gitIdentity(tree)) throw new Error('git has no identity here (user.name / user.email): git am needs one to commit');
  if (patchFiles.length === 0) throw new Error('no patches to apply');

  const symbolic = git(tree, ['symbolic-ref', '--quiet', 'HEAD']);
  const original = symbolic.status === 0 ? symbolic.stdout.toString('utf8').trim().replace(/^refs\/heads\//, '') : gitText(tree, ['rev-parse', 'HEAD']).trim();
  gitText(tree, ['checkout', '--quiet', '-b', branch]);
  const am = git(tree, ['am', '--keep-cr', '--quiet', ...patchFiles], { timeout: 600_000 });
  if (am.status !== 0) {
    const why = firstLine(am.stderr, am.status);
    git(tree, ['am', '--abort']);
    git(tree, ['checkout', '--quiet', original]);
    git(tree, ['branch', '-D', branch]);
    throw new Error(`git am failed (${why}): ${branch} was removed and ${original} is checked out as before`);
  }
  return { branch, commits: patchFiles.length };
}
