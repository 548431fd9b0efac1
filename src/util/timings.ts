// Where the time went (`--timings`): wall milliseconds per pipeline stage, summed over calls.
export class Timings {
  readonly stages = new Map<string, number>();

  measureSync<T>(stage: string, fn: () => T): T {
    const start = performance.now();
    try {
      return fn();
    } finally {
      this.add(stage, performance.now() - start);
    }
  }

  async measure<T>(stage: string, fn: () => Promise<T>): Promise<T> {
    const start = performance.now();
    try {
      return await fn();
    } finally {
      this.add(stage, performance.now() - start);
    }
  }

  add(stage: string, ms: number): void {
    this.stages.set(stage, (this.stages.get(stage) ?? 0) + ms);
  }

  toJSON(): Record<string, number> {
    return Object.fromEntries([...this.stages].map(([k, v]) => [k, Math.round(v * 10) / 10]));
  }

  format(): string {
    const total = [...this.stages.values()].reduce((a, b) => a + b, 0);
    const rows = [...this.stages].map(([k, v]) => `  ${k.padEnd(10)} ${v.toFixed(1).padStart(8)} ms`);
    return ['timings:', ...rows, `  ${'total'.padEnd(10)} ${total.toFixed(1).padStart(8)} ms`].join('\n');
  }
}
