// Terminal control sequences the review UI writes itself (ink draws everything else), and the
// frame size it draws into.

export const TERMINAL = {
  enterAlternateScreen: '\x1b[?1049h',
  leaveAlternateScreen: '\x1b[?1049l',
  clearScreen: '\x1b[2J\x1b[H',
  showCursor: '\x1b[?25h',
  hideCursor: '\x1b[?25l',
} as const;

export interface TerminalSize {
  columns: number;
  rows: number;
}

/** The smallest frame the layout is designed for; smaller terminals get a clipped frame. */
export const MIN_SIZE: TerminalSize = { columns: 40, rows: 8 };

export function terminalSize(stream: { columns?: number; rows?: number }): TerminalSize {
  return {
    columns: Math.max(MIN_SIZE.columns, stream.columns || 80),
    rows: Math.max(MIN_SIZE.rows, stream.rows || 24),
  };
}
