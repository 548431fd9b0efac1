// The "-- \n<version>" signature: git format-patch signs with git's own version.

import { gitVersion } from '../util/git.js';

let cachedVersion: string | undefined;

/** The running git's version ("2.39.5"), or "kcodemod" when git is not installed. */
export function defaultSignature(): string {
  if (cachedVersion !== undefined) return cachedVersion;
  const match = /^git version (\S+)/.exec(gitVersion() ?? '');
  cachedVersion = match ? match[1] : 'kcodemod';
  return cachedVersion;
}

/** print_signature(): "-- \n" + signature, a newline if it lacks one, and a blank line. */
export function formatSignature(signature: string): string {
  return `-- \n${signature}${signature.endsWith('\n') ? '' : '\n'}\n`;
}
