// Entry point of `kcodemod review`: checks for a terminal, builds the first series, then runs the
// ink UI in the alternate screen until the reviewer writes or quits. The CLI imports this file
// lazily; React and ink are imported only once a terminal is known to be there (no JSX here: it
// would load React before load-ui.ts can choose its build).
import { firstLineOf as oneLine } from '../errors.js';
import type { ReviewBackend } from './backend.js';
import { initialState, type ReviewExit, type ReviewState } from './controller.js';
import { terminalEditor, terminalFileOpener } from './edit-message.js';
import { TERMINAL } from './terminal.js';
import { loadReviewUi } from './load-ui.js';

export interface ReviewIo {
  stdin?: NodeJS.ReadStream;
  stdout?: NodeJS.WriteStream;
}

/** Frames per second at most: a held key repeats at ~30/s, so 60 keeps every frame within ~17 ms of its key. */
export const REVIEW_MAX_FPS = 60;

export async function runReview(backend: ReviewBackend, io: ReviewIo = {}): Promise<number> {
  const stdin = io.stdin ?? process.stdin;
  const stdout = io.stdout ?? process.stdout;
  if (!stdin.isTTY || !stdout.isTTY) {
    process.stderr.write(
      `kcodemod review: needs an interactive terminal (stdin and stdout must be a TTY); ` +
        `use \`kcodemod series ${backend.plan.transform} --decisions FILE\` instead\n`,
    );
    return 1;
  }

  let initial: ReviewState;
  try {
    initial = initialState(backend);
  } catch (error) {
    process.stderr.write(`kcodemod review: ${oneLine(error)}\n`);
    return 1;
  }

  const { createElement, render, ReviewApp } = await loadReviewUi();
  let exit: ReviewExit = { code: 0, summary: '' };
  let onAlternateScreen = true;
  const leaveAlternateScreen = () => {
    if (!onAlternateScreen) return;
    onAlternateScreen = false;
    stdout.write(TERMINAL.leaveAlternateScreen + TERMINAL.showCursor);
  };
  // A crash or a signal must not leave the terminal on the alternate screen.
  process.once('exit', leaveAlternateScreen);
  stdout.write(TERMINAL.enterAlternateScreen + TERMINAL.clearScreen);
  try {
    const instance = render(
      createElement(ReviewApp, {
        backend,
        editMessage: terminalEditor({ stdin, stdout }),
        openInEditor: terminalFileOpener({ stdin, stdout }),
        initial,
        onExit: (result) => {
          exit = result;
        },
      }),
      { stdin, stdout, stderr: process.stderr, exitOnCtrlC: false, maxFps: REVIEW_MAX_FPS },
    );
    await instance.waitUntilExit();
  } finally {
    leaveAlternateScreen();
    process.off('exit', leaveAlternateScreen);
  }
  if (exit.summary) stdout.write(`${exit.summary}\n`);
  return exit.code;
}
