// Terminal output helpers: color only on a TTY (and never with --no-color or NO_COLOR), and a
// progress line on stderr for long scans that erases itself.

export interface Style {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
}

const wrap = (code: number, reset: number) => (s: string) => `\x1b[${code}m${s}\x1b[${reset}m`;
const plain = (s: string) => s;

export function styleFor(stream: NodeJS.WriteStream, noColor: boolean): Style {
  const on = !noColor && !!stream.isTTY && !process.env.NO_COLOR;
  return on
    ? { bold: wrap(1, 22), dim: wrap(2, 22), red: wrap(31, 39), green: wrap(32, 39), yellow: wrap(33, 39), cyan: wrap(36, 39) }
    : { bold: plain, dim: plain, red: plain, green: plain, yellow: plain, cyan: plain };
}

export function progressReporter(enabled: boolean): { update(msg: string): void; done(): void } {
  if (!enabled || !process.stderr.isTTY) return { update() {}, done() {} };
  let current = 'working';
  let shown = false;
  const draw = () => {
    process.stderr.write(`\r\x1b[2Kkcodemod: ${current}...`);
    shown = true;
  };
  // Only show progress once a run is slow enough to need it.
  const timer = setTimeout(draw, 300);
  timer.unref();
  return {
    update(msg) {
      current = msg;
      if (shown) draw();
    },
    done() {
      clearTimeout(timer);
      if (shown) process.stderr.write('\r\x1b[2K');
    },
  };
}
