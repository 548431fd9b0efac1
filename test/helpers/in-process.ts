// A `kcodemod series` run in this process, the way main() runs it once the command line is read, for
// fixtures that need the series a run writes rather than its exit status or its wording (tests of
// those run the real CLI): no node start and no load of the engine per run (~0.5 s of CPU each).
import { parseCommandLine, transformArgument } from '../../src/cli/args.js';
import { loadTransform } from '../../src/cli/load-transform.js';
import { runSeries } from '../../src/cli/commands/series.js';
import { errorLine } from '../../src/errors.js';
import { testEnvironment } from './cli.js';

/** Runs `kcodemod series ...args` with the CLI tests' environment; throws with what it printed unless it exits 0. */
export async function seriesInProcess(args: string[]): Promise<void> {
  if (args.includes('--stdout') || args.includes('--json')) throw new Error('seriesInProcess writes a series directory; stdout belongs to the test runner');
  const printed: string[] = [];
  const restore = borrowProcess(printed);
  let status: number;
  try {
    const name = transformArgument(args);
    const transform = await loadTransform(name!);
    status = await runSeries(transform, parseCommandLine(args, transform.vocabulary));
  } catch (e) {
    printed.push(`kcodemod: error: ${errorLine(e)}\n`);
    status = -1;
  } finally {
    restore();
  }
  if (status !== 0) throw new Error(`kcodemod ${args.join(' ')} (in-process) ended ${status}:\n${printed.join('')}`);
}

/**
 * The environment a CLI child gets (testEnvironment), and stderr (where series reports) collected into
 * `printed`, until the returned function puts the process back as it was. Stdout is left alone: the
 * test runner reports through it.
 */
function borrowProcess(printed: string[]): () => void {
  const saved = { ...process.env };
  const env = testEnvironment();
  for (const name of Object.keys(process.env)) if (!(name in env)) delete process.env[name];
  Object.assign(process.env, env);
  const write = process.stderr.write;
  const collect = (chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
    printed.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    const done = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
    done?.();
    return true;
  };
  process.stderr.write = collect as typeof process.stderr.write;
  return () => {
    process.stderr.write = write;
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
    Object.assign(process.env, saved);
  };
}
