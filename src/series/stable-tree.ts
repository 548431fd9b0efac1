// Whether a kernel tree is a stable release, from its top-level Makefile (SUBLEVEL > 0: "6.12.117"),
// and where its history names a commit: what a series for a stable tree needs to say that fixes
// reach it as backports (Cc: stable, Fixes: of the upstream change) instead of through a subsystem tree.
import { git } from '../util/git.js';

/** "6.12.117" when the Makefile's SUBLEVEL is above 0, null for a mainline release or a non-kernel tree. */
export function stableRelease(readFile: (rel: string) => Buffer | null): string | null {
  const makefile = readFile('Makefile')?.toString('latin1');
  if (!makefile) return null;
  const field = (name: string) => new RegExp(`^${name}\\s*=\\s*(\\d+)\\s*$`, 'm').exec(makefile)?.[1];
  const [version, patchlevel, sublevel] = [field('VERSION'), field('PATCHLEVEL'), field('SUBLEVEL')];
  if (version === undefined || patchlevel === undefined || sublevel === undefined || Number(sublevel) === 0) return null;
  return `${version}.${patchlevel}.${sublevel}`;
}

/** The tree's commit with exactly this subject, as a Fixes: value ('<12 hex> ("subject")'); null when its history lacks it. */
export function fixesLineFor(tree: string, subject: string): string | null {
  let result;
  try {
    result = git(tree, ['log', '--format=%h%x00%s', '--abbrev=12', '--fixed-strings', `--grep=${subject}`]);
  } catch {
    return null; // no git: no history to name the commit from
  }
  if (result.status !== 0) return null;
  // --grep matches anywhere in the message: keep the newest commit whose subject is this one.
  for (const line of result.stdout.toString('utf8').split('\n')) {
    const [hash, found] = line.split('\0');
    if (hash && found === subject) return `${hash} ("${found}")`;
  }
  return null;
}
