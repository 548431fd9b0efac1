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
