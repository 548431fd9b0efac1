// Entry point: parse the command line, run one command, end a failure in one line on stderr and the
// exit status src/errors.ts gives its kind.
import { parseCommandLine, helpText, transformArgument, type ParsedCommandLine } from './args.js';
import { loadTransform, listTransforms } from './load-transform.js';
import type { AnyTransform } from '../transform.js';
import { EXIT, Interrupted, UsageError, errorLine, exitStatusOf, isExpected } from '../errors.js';

export async function main(argv: string[]): Promise<number> {
  guardProcess();
  let cl: ParsedCommandLine;
  let transform: AnyTransform | null = null;
  try {
    // The transform's own options are part of the command line: load it before parsing the rest.
    const name = transformArgument(argv);
    if (name) transform = await loadTransform(name);
    cl = parseCommandLine(argv, transform?.vocabulary);
  } catch (e) {
    return fail(e);
  }
  if (cl.command === 'help') {
    process.stdout.write(helpText(transform ?? undefined) + '\n');
    return 0;
  }
  if (cl.command === 'version') {
    process.stdout.write('kcodemod 0.1.0\n');
    return 0;
  }
  if (cl.command === 'list') {
    process.stdout.write(await listTransforms());
    return 0;
  }
  if (cl.command === 'new-transform') {
    try {
      return await (await import('./commands/new-transform.js')).runNewTransform(cl.transform!, cl.tree);
    } catch (e) {
      return fail(e);
    }
  }
  try {
    if (!transform) throw new UsageError(`${cl.command}: missing the transform name`);
    switch (cl.command) {
      case 'plan':
        return await (await import('./commands/plan.js')).runPlan(transform, cl);
      case 'audit':
        return await (await import('./commands/audit.js')).runAudit(transform, cl);
      case 'series':
        return await (await import('./commands/series.js')).runSeries(transform, cl);
      case 'review':
        return await (await import('./commands/review.js')).runReviewCommand(transform, cl);
      case 'check':
        return await (await import('./commands/check.js')).runCheck(transform, cl);
      case 'apply':
        return await (await import('./commands/apply.js')).runApply(transform, cl);
    }
  } catch (e) {
    return fail(e);
  }
}

/**
 * Failures outside the awaited command also end in one line, never a stack trace: a reader that closed
 * our output (`kcodemod plan | head`: it has what it wanted, the run finishes with its own status) and
 * any stray asynchronous error.
 */
function guardProcess(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') return;
      process.exit(fail(e));
    });
  }
  process.on('uncaughtException', (e) => process.exit(fail(e)));
  process.on('unhandledRejection', (e) => process.exit(fail(e)));
}

function fail(e: unknown): number {
  const status = exitStatusOf(e);
  // A stop by a signal is what the user asked for, not an error: the line says what was put back.
  process.stderr.write(`kcodemod: ${e instanceof Interrupted ? '' : 'error: '}${errorLine(e)}\n`);
  if (!isExpected(e) && process.env.KCODEMOD_DEBUG && e instanceof Error) process.stderr.write(`${e.stack}\n`);
  if (status === EXIT.usage) process.stderr.write('usage: kcodemod plan|series|review|check|apply|audit <transform> [TREE] [options] [-- PATH...]; kcodemod list; kcodemod new-transform NAME [DIR] (see kcodemod --help)\n');
  return status;
}
