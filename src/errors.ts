// The kinds of failure and the exit status each ends in, in one table (the README's "Exit status"
// table is checked against it), and the one-line form every error message takes on stderr.

/** The command line is wrong: unknown command, transform or flag, a missing or extra argument (exit 2). */
export class UsageError extends Error {}

/** The job cannot be done on this input: no kernel tree, a bad file, a refused output (exit 1). */
export class InputError extends Error {}

/** A program kcodemod runs (git, perl) is not installed (exit 1 where it is needed). */
export class ToolMissingError extends Error {}

/** A run stopped by a signal after putting things back: the process exits with 128 + the signal number. */
export class Interrupted extends Error {
  constructor(
    message: string,
    readonly signalNumber: number,
  ) {
    super(message);
  }

  get exitStatus(): number {
    return 128 + this.signalNumber;
  }
}

/** Thrown by a transform when the job cannot be done (exit 1), with a one-line reason. */
export class TransformRefusal extends Error {}

/** The exit statuses of kcodemod. */
export const EXIT = {
  done: 0,
  /** Cannot be done, a check failed, or audit found something. */
  failed: 1,
  usage: 2,
} as const;

export interface ExitStatusRow {
  code: string;
  /** Short, for --help. */
  summary: string;
  /** What ends in this status, for the README. */
  meaning: string;
}

/** The exit status table: --help and the README are written from it. */
export const EXIT_STATUSES: readonly ExitStatusRow[] = [
  {
    code: String(EXIT.done),
    summary: 'done',
    meaning: 'done: a plan was made (review sites included); a series written, or "nothing to do"; check passed; apply committed; audit found nothing',
  },
  {
    code: String(EXIT.failed),
    summary: 'cannot be done / check failed / audit found something',
    meaning:
      'cannot be done: the tree is missing, not a directory or not a kernel tree; the transform refuses (legacy core); a bad `--from`, `--date`, decisions or config file; the output is refused or a write failed (the old series stays intact); apply on a non-git or dirty tree; a program it needs (git, perl) is missing; or a check failed; or audit found something',
  },
  {
    code: String(EXIT.usage),
    summary: 'usage error',
    meaning:
      'usage: unknown command, transform or flag; a missing or extra argument; a missing `--series`/`--branch`; a flag value outside its choices (`--strategy`, `--split`, `-v`, `--subject-prefix`, `--fixes`, `--link`); `--json` with `--stdout`',
  },
  {
    code: '128+N',
    summary: 'stopped by signal N (nothing left behind)',
    meaning:
      'stopped by signal N (130 for Ctrl-C, 143 for SIGTERM): apply put the user\'s branch back; any command removed its temporary files and lock and left its output as it was (or, when the signal came during the final write, wrote it whole)',
  },
];

/** The exit status an error ends the run with. */
export function exitStatusOf(error: unknown): number {
  if (error instanceof UsageError) return EXIT.usage;
  if (error instanceof Interrupted) return error.exitStatus;
  return EXIT.failed;
}

/** Errors kcodemod raises on purpose: their message says it all, no stack trace even when debugging. */
export function isExpected(error: unknown): boolean {
  return error instanceof UsageError || error instanceof InputError || error instanceof TransformRefusal || error instanceof ToolMissingError || error instanceof Interrupted;
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

/** The one-line message of anything thrown. */
export function errorLine(error: unknown): string {
  return oneLine(error instanceof Error ? error.message : String(error));
}

/** The first line of a message only: where the rest (a tool's usage text, a parser's quote) is noise. */
export function firstLineOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0];
}
