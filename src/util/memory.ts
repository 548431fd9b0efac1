// Native tree-sitter trees are freed only when V8 collects their small JS wrappers, which it has
// no reason to do soon: after the analysis lets go of its trees, ask for a collection so the
// series stage does not stack its own memory on top (peak RSS of `series` on a whole kernel).
import v8 from 'node:v8';
import vm from 'node:vm';

let collect: (() => void) | null | undefined;

export function collectGarbage(): void {
  if (collect === undefined) {
    try {
      v8.setFlagsFromString('--expose-gc');
      collect = vm.runInNewContext('gc') as () => void;
    } catch {
      collect = null;
    }
  }
  collect?.();
}

/**
 * Collects, then waits a turn of the event loop: the native side of what was collected (tree-sitter
 * trees) is freed by finalizers that run only then, so synchronous work right after (building or
 * rendering the series) would otherwise stack its memory on top of trees nothing uses.
 */
export async function collectGarbageAndFinalize(): Promise<void> {
  collectGarbage();
  await new Promise((resolve) => setImmediate(resolve));
}

/**
 * Asks V8 to favour memory over speed (a young generation that stays small, the old one collected
 * sooner) or to stop doing so. Set while the review starts: the whole analysis then runs with the UI's
 * own memory (React, ink, yoga) already loaded.
 */
export function favourMemoryOverSpeed(favour: boolean): void {
  v8.setFlagsFromString(favour ? '--optimize-for-size' : '--no-optimize-for-size');
}
