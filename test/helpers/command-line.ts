// The command line's checks in-process: what main() and the commands do with a command line before
// any work, without starting a process (a node start and a load of the engine cost ~0.4 s of CPU a
// run). Tests keep a few real CLI runs per kind of failure for the exit status and the wording.
import assert from 'node:assert/strict';
import { parseCommandLine, transformArgument } from '../../src/cli/args.js';
import { loadTransform } from '../../src/cli/load-transform.js';
import { errorLine, exitStatusOf } from '../../src/errors.js';
import { seriesCommandOptions } from '../../src/cli/series-options.js';
import { resolveTree } from '../../src/pipeline.js';

/**
 * The error a command line ends in before any work: the transform is loaded, the command line parsed
 * and, for series, its options read (identity, date, output places), as main() and prepareSeries() do.
 * Fails the test when the command line is accepted.
 */
export async function commandLineError(args: string[]): Promise<Error> {
  try {
    const name = transformArgument(args);
    const transform = name ? await loadTransform(name) : null;
    const cl = parseCommandLine(args, transform?.vocabulary);
    if (transform && cl.command === 'series') seriesCommandOptions(transform, cl, resolveTree(cl.tree));
  } catch (e) {
    assert.ok(e instanceof Error, `kcodemod ${args.join(' ')} threw ${String(e)}`);
    return e;
  }
  assert.fail(`kcodemod ${args.join(' ')} was accepted`);
}

/**
 * What main() makes of an error: its exit status (exitStatusOf: 2 for a usage error, with the usage
 * line) and its one-line message (errorLine); asserts both, and no raw control byte in the line.
 */
export function assertErrorOf(args: string[], e: Error, status: number, message: RegExp): void {
  const context = `kcodemod ${args.join(' ')}: ${e.constructor.name}: ${e.message}`;
  assert.equal(exitStatusOf(e), status, context);
  const line = errorLine(e);
  assert.match(line, message, context);
  assert.doesNotMatch(line, /[\x00-\x08\x0b-\x1f\x7f]/, 'control characters are escaped');
}
