// The help overlay's lines: one binding a line, keys then description, the description wrapped
// under itself at the screen's width. The controller scrolls them, the screen draws them.
import type { KeyBinding } from './keys.js';
import { wrapLine, type StyledLine } from './patch-lines.js';

export function helpLines(bindings: readonly KeyBinding[], width = Number.POSITIVE_INFINITY): StyledLine[] {
  const keyWidth = Math.max(...bindings.map((binding) => binding.keys.join(' ').length)) + 4;
  return bindings.flatMap((binding) =>
    wrapLine(
      [
        { text: `  ${binding.keys.join(' ').padEnd(keyWidth)}`, tone: 'label' },
        { text: binding.description, tone: 'plain' },
      ],
      width,
      keyWidth + 2,
    ),
  );
}
