// Which git diff driver each path uses (`git check-attr diff`): the kernel's .gitattributes gives
// *.c and *.h `diff=cpp`, which changes the function names git prints in hunk headers.

import { git } from '../util/git.js';
import { ToolMissingError } from '../util/proc.js';

/** The `diff` attribute value per path (e.g. "cpp"), or null where unset; all null without git. */
export function gitDiffDrivers(tree: string, paths: string[]): Map<string, string | null> {
  const drivers = new Map<string, string | null>(paths.map((p) => [p, null]));
  if (paths.length === 0) return drivers;
  let result;
  try {
    result = git(tree, ['check-attr', '-z', '--stdin', 'diff'], { input: paths.join('\0') + '\0', timeout: 30_000 });
  } catch (error) {
    if (error instanceof ToolMissingError) return drivers;
    throw error;
  }
  if (result.status !== 0) return drivers; // not a git tree: git's defaults apply
  const fields = result.stdout.toString('utf8').split('\0');
  for (let i = 0; i + 2 < fields.length; i += 3) {
    const value = fields[i + 2];
    if (value !== 'unspecified' && value !== 'set' && value !== 'unset') drivers.set(fields[i], value);
  }
  return drivers;
}
