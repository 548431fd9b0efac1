// The external commands a piece of code runs, as KCODEMOD_TRACE prints them ("trace: 4.2 ms git ..."),
// captured from this process's stderr while it runs.

/** The trace lines FN prints, each without its "trace: N ms " prefix. */
export async function tracedCommands(fn: () => void | Promise<void>): Promise<string[]> {
  const lines: string[] = [];
  const write = process.stderr.write.bind(process.stderr);
  const previous = process.env.KCODEMOD_TRACE;
  process.env.KCODEMOD_TRACE = '1';
  process.stderr.write = ((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  }) as typeof process.stderr.write;
  try {
    await fn();
  } finally {
    process.stderr.write = write;
    if (previous === undefined) delete process.env.KCODEMOD_TRACE;
    else process.env.KCODEMOD_TRACE = previous;
  }
  return lines.filter((line) => line.startsWith('trace: ')).map((line) => line.replace(/^trace: [\d.]+ ms /, ''));
}
