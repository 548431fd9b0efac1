// The "-- \n<version>" signature: git format-patch signs with git's own version.

import { run, ToolMissingError } from '../util/proc.js';

let cachedVersion: string | undefined;

/** The running git's version ("2.39.5"), or "kcodemod" when git is not installed. */
export function defaultSignature(): string {
  if (cachedVersion !== undefined) return cachedVersion;
  try {
    const result = run('git', ['--version'], { timeout: 10_000 });
    const match = /^git version (\S+)/.exec(result.stdout.toString('utf8'));
    cachedVersion = result.status === 0 && match ? match[1] : 'kcodemod';
  } catch (error) {
    if (!(error instanceof ToolMissingError)) throw error;
    cachedVersion = 'kcodemod';
  }
  return cachedVersion;
}

/** print_signature(): "-- \n" + signature, a newline if it lacks one, and a blank line. */
export function formatSignature(signature: string): string {
  return `-- \n${signature}${signature.endsWith('\n') ? '' : '\n'}\n`;
}
