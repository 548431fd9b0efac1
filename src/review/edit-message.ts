// Editing a patch's subject and message in the user's editor, the way `git commit` does: the
// terminal is handed over (cooked mode, main screen, cursor shown), the editor runs on a temp file,
// and the terminal is taken back. First line = subject, then the body, then the trailer block (its
// last paragraph when every line of it is a trailer), so an added Acked-by: sits with Signed-off-by:.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TERMINAL } from './terminal.js';
import { isTrailerLine } from '../series/decisions.js';

export interface EditRequest {
  key: string;
  subject: string;
  body: string;
  trailers: readonly string[];
}

export type EditOutcome = { kind: 'edited'; text: string } | { kind: 'failed'; reason: string };

export type EditMessage = (request: EditRequest) => EditOutcome;

export function messageForEditing(request: EditRequest): string {
  const body = request.body.replace(/\n+$/, '');
  return [request.subject, ...(body ? [body] : []), ...(request.trailers.length ? [request.trailers.join('\n')] : [])].join('\n\n') + '\n';
}

/**
 * Splits an edited message into subject, body and trailers (the last paragraph, when each of its
 * lines is a trailer; null without such a block: the series' own trailers stay, since a patch
 * without its Signed-off-by: is never what was meant); null when the subject is empty (the edit
 * is cancelled).
 */
export function parseEditedMessage(text: string): { subject: string; body: string; trailers: string[] | null } | null {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const subject = (lines.shift() ?? '').trim();
  if (subject === '') return null;
  while (lines.length > 0 && lines[0].trim() === '') lines.shift();
  while (lines.length > 0 && lines[lines.length - 1].trim() === '') lines.pop();
  const blank = lines.map((line) => line.trim() === '').lastIndexOf(true);
  const last = lines.slice(blank + 1);
  const isBlock = last.length > 0 && last.every(isTrailerLine) && (blank >= 0 || lines.length === last.length);
  const trailers = isBlock ? last.map((line) => line.trim()) : null;
  const body = (isBlock ? lines.slice(0, Math.max(blank, 0)) : lines).join('\n').replace(/\s+$/, '');
  return { subject, body, trailers };
}

/**
 * Splits an edited cover letter into subject and text: a cover letter has no trailer block, so
 * every line after the subject is its text. Null when the subject is empty (the edit is cancelled).
 */
export function parseEditedCover(text: string): { subject: string; body: string } | null {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const subject = (lines.shift() ?? '').trim();
  if (subject === '') return null;
  return { subject, body: lines.join('\n').replace(/^\s*\n/, '').replace(/\s+$/, '') };
}

/** The editor command like git picks it: $VISUAL, then $EDITOR, then vi; split on blanks ("code -w"). */
export function editorCommand(env: NodeJS.ProcessEnv = process.env): string[] {
  const chosen = [env.VISUAL, env.EDITOR].find((value) => value && value.trim() !== '') ?? 'vi';
  return chosen.trim().split(/\s+/);
}

interface TerminalStreams {
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
}

/** Runs the editor on the arguments with the terminal handed over; null when it ran and exited 0, else why not. */
function runEditor(streams: TerminalStreams, env: NodeJS.ProcessEnv, fileArgs: string[]): string | null {
  const [command, ...args] = editorCommand(env);
  streams.stdout.write(TERMINAL.leaveAlternateScreen + TERMINAL.showCursor);
  streams.stdin.setRawMode?.(false);
  let result;
  try {
    // The editor owns the terminal: stdio inherited, our event loop blocked until it exits.
    result = spawnSync(command, [...args, ...fileArgs], { stdio: 'inherit', env });
  } finally {
    streams.stdin.setRawMode?.(true);
    streams.stdout.write(TERMINAL.enterAlternateScreen + TERMINAL.hideCursor + TERMINAL.clearScreen);
  }
  if (result.error) return `could not start the editor "${command}": ${result.error.message}`;
  if (result.status !== 0) return `the editor "${command}" exited with status ${result.status ?? result.signal}`;
  return null;
}

/** An EditMessage that hands the terminal over to the editor and takes it back afterwards. */
export function terminalEditor(streams: TerminalStreams, env: NodeJS.ProcessEnv = process.env): EditMessage {
  return (request) => {
    const dir = mkdtempSync(join(tmpdir(), 'kcodemod-edit-'));
    const file = join(dir, `${request.key.replace(/[^\w.-]+/g, '_')}.txt`);
    try {
      writeFileSync(file, messageForEditing(request));
      const failure = runEditor(streams, env, [file]);
      if (failure) return { kind: 'failed', reason: failure };
      return { kind: 'edited', text: readFileSync(file, 'utf8') };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

/** Opens a file of the tree in the editor at a line (`+LINE FILE`, which vi, emacs and nano all read); null when done, else why not. */
export type OpenInEditor = (file: string, line: number) => string | null;

export function terminalFileOpener(streams: TerminalStreams, env: NodeJS.ProcessEnv = process.env): OpenInEditor {
  return (file, line) => runEditor(streams, env, [`+${line}`, file]);
}
