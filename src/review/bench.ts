// Measures the review UI's keypress-to-frame time for `npm run bench`: the real ink renderer with
// the options `kcodemod review` uses, drawing into an in-memory terminal, driven by a fixed script
// of keys (move, open a patch, page through it, decide, go back). Speed is measured, never asserted.
import { EventEmitter } from 'node:events';
import { Writable } from 'node:stream';
import { performance } from 'node:perf_hooks';
import type { Plan } from '../types.js';
import type { Vocabulary } from '../vocabulary.js';
import type { SeriesModel } from '../series/model.js';
import { emptyDecisions } from '../series/decisions.js';
import type { ReviewBackend } from './backend.js';
import { REVIEW_MAX_FPS } from './run.js';
import { loadReviewUi } from './load-ui.js';

export interface KeyTimings {
  count: number;
  medianMs: number;
  maxMs: number;
}

export interface FrameTimings {
  frames: number;
  columns: number;
  rows: number;
  medianMs: number;
  p95Ms: number;
  maxMs: number;
  /** Per key of the script (e.g. "Enter" opens a patch not seen before: its lines are built then). */
  byKey: Record<string, KeyTimings>;
}

export interface MeasureOptions {
  columns?: number;
  rows?: number;
  /** The patch text renderer. */
  renderPatchText: (series: SeriesModel, index: number) => string;
  /** The plan with the series' sites (their evidence is drawn). */
  plan: Plan;
  /** The words of the transform the series is of. */
  vocabulary: Vocabulary;
}

/** Keys as bytes a terminal sends, with the name they are reported under. */
const SCRIPT: readonly [string, string][] = [
  ['j', 'j'], ['j', 'j'], ['Enter', '\r'], ['Space', ' '], ['Space', ' '], ['PgDn', '\x1b[6~'], ['G', 'G'],
  ['k', 'k'], ['PgUp', '\x1b[5~'], ['g', 'g'], [']', ']'], ['y', 'y'], ['Esc', '\x1b'], ['j', 'j'], ['d', 'd'],
  ['k', 'k'], ['y', 'y'], ['?', '?'], ['?', '?'],
];

/** Terminal input the way ink reads it (the same shape as ink-testing-library's). */
class ScriptedStdin extends EventEmitter {
  isTTY = true;
  private pending: string | null = null;
  send(data: string): void {
    this.pending = data;
    this.emit('readable');
  }
  read(): string | null {
    const data = this.pending;
    this.pending = null;
    return data;
  }
  setEncoding(): void {}
  setRawMode(): void {}
  resume(): void {}
  pause(): void {}
  ref(): void {}
  unref(): void {}
}

function nullTerminal(columns: number, rows: number): NodeJS.WriteStream {
  const stream = new Writable({ write: (_chunk, _encoding, done) => done() });
  return Object.assign(stream, { isTTY: true, columns, rows }) as unknown as NodeJS.WriteStream;
}

function staticBackend(series: SeriesModel, options: MeasureOptions): ReviewBackend {
  return {
    plan: options.plan,
    vocabulary: options.vocabulary,
    decisions: emptyDecisions(series.transform),
    staleDecisions: [],
    outputDir: '/bench/outgoing',
    // Accept/drop do not change the patches: a copy stands for the rebuilt series.
    buildSeries: () => ({ ...series }),
    renderPatchText: options.renderPatchText,
    renderCoverText: (model) => model.cover.body,
    readTreeFile: () => null,
    saveDecisions: () => {},
    write: () => ({ dir: '/bench/outgoing', files: series.patches.length }),
  };
}

function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))];
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Presses `n` keys of the script on a review of `series` (after one unrecorded pass) and times each
 * from the key's bytes arriving to the end of the frame's write. Keys are spaced beyond ink's frame
 * throttle, as a person types: the figure is the UI's own latency.
 */
export async function measureReviewFrames(series: SeriesModel, n: number, options: MeasureOptions): Promise<FrameTimings> {
  const columns = options.columns ?? 100;
  const rows = options.rows ?? 30;
  const { createElement, render, ReviewApp } = await loadReviewUi();
  const stdin = new ScriptedStdin();
  const stdout = nullTerminal(columns, rows);
  let frameDone: (() => void) | null = null;
  const instance = render(
    createElement(ReviewApp, {
      backend: staticBackend(series, options),
      editMessage: () => ({ kind: 'failed' as const, reason: 'no editor in the bench' }),
      onExit: () => {},
    }),
    {
      stdin: stdin as unknown as NodeJS.ReadStream,
      stdout,
      stderr: nullTerminal(columns, rows),
      exitOnCtrlC: false,
      patchConsole: false,
      maxFps: REVIEW_MAX_FPS,
      onRender: () => frameDone?.(),
    },
  );
  const spacing = Math.ceil(1000 / REVIEW_MAX_FPS) + 5;
  const samples: { key: string; ms: number }[] = [];
  // One pass of the script first, not recorded: the JIT warms up as it would after a few keys.
  const warmUp = SCRIPT.length;
  try {
    await sleep(spacing);
    for (let i = 0; i < warmUp + n; i++) {
      const [name, bytes] = SCRIPT[i % SCRIPT.length];
      const frame = new Promise<void>((resolve) => {
        frameDone = resolve;
      });
      const start = performance.now();
      stdin.send(bytes);
      // A lone Esc waits one event-loop turn (it could start a sequence): part of the latency.
      await Promise.race([frame, sleep(1000)]);
      if (i >= warmUp) samples.push({ key: name, ms: performance.now() - start });
      frameDone = null;
      await sleep(spacing);
    }
  } finally {
    instance.unmount();
  }

  const all = samples.map((sample) => sample.ms).sort((a, b) => a - b);
  const byKey: Record<string, KeyTimings> = {};
  for (const key of new Set(samples.map((sample) => sample.key))) {
    const times = samples.filter((sample) => sample.key === key).map((sample) => sample.ms).sort((a, b) => a - b);
    byKey[key] = { count: times.length, medianMs: round(percentile(times, 0.5)), maxMs: round(times[times.length - 1]) };
  }
  return {
    frames: samples.length,
    columns,
    rows,
    medianMs: round(percentile(all, 0.5)),
    p95Ms: round(percentile(all, 0.95)),
    maxMs: round(all[all.length - 1] ?? 0),
    byKey,
  };
}
