// A command's result, printed one of two ways: text for a person, or (--json) one JSON document on
// stdout for a program, which always starts with the schemaVersion of kcodemod's documents.
import { SCHEMA_VERSION } from '../types.js';
import type { ParsedCommandLine } from './args.js';
import { styleFor, type Style } from './output.js';

export interface Printer<T> {
  /** The text form; `stream` is where it goes (stderr when stdout carries something else, e.g. an mbox). */
  text(result: T, style: Style): string;
  stream?: 'stdout' | 'stderr';
  /** The JSON form, without schemaVersion (added here). */
  json(result: T): object;
}

export function printResult<T>(cl: ParsedCommandLine, printer: Printer<T>, result: T): void {
  if (cl.flags.json) {
    process.stdout.write(JSON.stringify({ schemaVersion: SCHEMA_VERSION, ...printer.json(result) }, null, 2) + '\n');
    return;
  }
  const stream = printer.stream === 'stderr' ? process.stderr : process.stdout;
  const text = printer.text(result, styleFor(stream, !!cl.flags['no-color']));
  if (text) stream.write(text.endsWith('\n') ? text : `${text}\n`);
}
