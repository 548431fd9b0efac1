// Entry point: parse the command line, run one command, map failures to exit codes
// (0 done, 1 cannot be done / check failed / audit found something, 2 usage) and one-line errors.
import { parseCommandLine, helpText, transformArgument, UsageError, type ParsedCommandLine } from './args.js';
import { loadTransform, listTransforms } from './load-transform.js';
import type { AnyTransform } from '../transform.js';
import { InputError } from '../pipeline.js';
import { TransformRefusal } from '../transform.js';
import { ToolMissingError } from '../util/proc.js';

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
    return fail(e, e instanceof UsageError ? 2 : 1);
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
      return fail(e, e instanceof UsageError ? 2 : 1);
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
    return fail(e, e instanceof UsageError ? 2 : 1);
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
      process.exit(fail(e, 1));
    });
  }
  process.on('uncaughtException', (e) => process.exit(fail(e, 1)));
  process.on('unhandledRejection', (e) => process.exit(fail(e, 1)));
}

const MESSAGE_MAX = 400;

/**
 * A message as one line: line breaks (e.g. inside a JSON parser's quote of the input) become spaces,
 * other control characters (NUL, ESC, CR...) are made visible, a runaway message is cut.
 */
export function oneLine(message: string): string {
  const line = message.trim().replace(/\s*\n\s*/g, ' ') || 'unknown error';
  const visible = line.replace(/[\x00-\x08\x0b-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return visible.length > MESSAGE_MAX ? `${visible.slice(0, MESSAGE_MAX)}...` : visible;
}

function fail(e: unknown, code: number): number {
  const known = e instanceof UsageError || e instanceof InputError || e instanceof TransformRefusal || e instanceof ToolMissingError;
  const message = e instanceof Error ? e.message : String(e);
  process.stderr.write(`kcodemod: error: ${oneLine(message)}\n`);
  if (!known && process.env.KCODEMOD_DEBUG && e instanceof Error) process.stderr.write(`${e.stack}\n`);
  if (code === 2) process.stderr.write('usage: kcodemod plan|series|review|check|apply|audit <transform> [TREE] [options] [-- PATH...]; kcodemod list; kcodemod new-transform NAME [DIR] (see kcodemod --help)\n');
  return code;
}
