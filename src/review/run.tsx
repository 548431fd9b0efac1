// Entry point of `kcodemod review`: checks for a terminal, then runs the ink UI in the alternate
// screen from its first frame: the analysis and the first series are built behind a screen that
// shows their stages, then the review runs until the reviewer writes or quits. The CLI imports this
// file lazily; React and ink are imported only once a terminal is known to be there (no JSX here:
// it would load React before load-ui.ts can choose its build).
import type { ReviewBackend } from './backend.js';
import type { ReviewExit } from './controller.js';
import type { ReviewLoader } from './startup.js';
import { terminalEditor, terminalFileOpener } from './edit-message.js';
import { TERMINAL } from './terminal.js';
import { loadReviewUi } from './load-ui.js';

export interface ReviewIo {
  stdin?: NodeJS.ReadStream;
  stdout?: NodeJS.WriteStream;
}

/** Frames per second at most: a held key repeats at ~30/s, so 60 keeps every frame within ~17 ms of its key. */
export const REVIEW_MAX_FPS = 60;

/** What the review runs on: a backend at hand, or how to build one (the transform's name for the screen). */
export type ReviewSource = ReviewBackend | { transform: string; load: ReviewLoader };

/**
 * Runs the review. A failure to build what it runs on (the analysis, the first series) is thrown
 * once the terminal is back, for the CLI to report as any command's error.
 */
export async function runReview(source: ReviewSource, io: ReviewIo = {}): Promise<number> {
  const stdin = io.stdin ?? process.stdin;
  const stdout = io.stdout ?? process.stdout;
  const transform = 'load' in source ? source.transform : source.plan.transform;
  if (!stdin.isTTY || !stdout.isTTY) {
    process.stderr.write(
      `kcodemod review: needs an interactive terminal (stdin and stdout must be a TTY); ` +
        `use \`kcodemod series ${transform} --decisions FILE\` instead\n`,
    );
    return 1;
  }
  const load: ReviewLoader = 'load' in source ? source.load : async () => source;

  const { createElement, render, ReviewStartup } = await loadReviewUi();
  let exit: ReviewExit = { code: 0, summary: '' };
  let failure: { error: unknown } | null = null;
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
      createElement(ReviewStartup, {
        title: `kcodemod review ${transform}`,
        load,
        editMessage: terminalEditor({ stdin, stdout }),
        openInEditor: terminalFileOpener({ stdin, stdout }),
        onExit: (result) => {
          exit = result;
        },
        onFailure: (error) => {
          failure = { error };
        },
      }),
      { stdin, stdout, stderr: process.stderr, exitOnCtrlC: false, maxFps: REVIEW_MAX_FPS },
    );
    await instance.waitUntilExit();
  } finally {
    leaveAlternateScreen();
    process.off('exit', leaveAlternateScreen);
  }
  if (failure) throw (failure as { error: unknown }).error;
  if (exit.summary) stdout.write(`${exit.summary}\n`);
  return exit.code;
}
