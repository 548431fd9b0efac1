// Names as a child process writes them: NUL-terminated paths split out of stdout chunks as they
// arrive, a name cut between two chunks joined first.
export function nulSeparatedNames(onName: (name: string) => void): (chunk: Buffer) => void {
  let pending = Buffer.alloc(0);
  return (chunk) => {
    let data = pending.length > 0 ? Buffer.concat([pending, chunk]) : chunk;
    for (let end = data.indexOf(0); end !== -1; end = data.indexOf(0)) {
      if (end > 0) onName(data.subarray(0, end).toString('utf8'));
      data = data.subarray(end + 1);
    }
    pending = Buffer.from(data);
  };
}
