// The review from its first frame: while the tree is analysed and the series built, the screen
// shows the stages done so far; keys typed meanwhile are kept and run, in order, once the review is
// there. Ctrl-C stops the wait.
import React, { useEffect, useRef, useState } from 'react';
import { Box, Text, useApp, useInput, useStdout, type Key } from 'ink';
import type { ReviewBackend } from './backend.js';
import { initialState, type ReviewExit, type ReviewState } from './controller.js';
import type { EditMessage, OpenInEditor } from './edit-message.js';
import { ReviewApp, lineToAnsi, styleModeFor, type QueuedKey } from './app.js';
import { terminalSize } from './terminal.js';
import type { FrameLine } from './screens.js';
import { favourMemoryOverSpeed } from '../util/memory.js';

/** Loads what the review runs on, naming each stage as it starts. */
export type ReviewLoader = (stage: (name: string) => void) => Promise<ReviewBackend>;

export interface ReviewStartupProps {
  title: string;
  load: ReviewLoader;
  editMessage: EditMessage;
  openInEditor?: OpenInEditor;
  onExit(exit: ReviewExit): void;
  /** The load failed: the review ends and the error is reported once the terminal is back. */
  onFailure(error: unknown): void;
}

const EXIT_ABORTED = 130;

/** Lets ink draw what was set before the next stretch of synchronous work. */
const nextFrame = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** The waiting screen's lines: title, the stages (the last one running), and what happens to keys. */
export function startupLines(title: string, stages: readonly string[], queued: number, width: number): FrameLine[] {
  const cut = (text: string) => (text.length > width ? `${text.slice(0, Math.max(0, width - 1))}…` : text);
  const lines: FrameLine[] = [[{ text: cut(` ${title}  starting`.padEnd(width)), tone: 'title', inverse: true }], []];
  stages.forEach((stage, index) => {
    const running = index === stages.length - 1;
    lines.push([{ text: cut(`  ${running ? '…' : '✓'} ${stage}`), tone: running ? 'info' : 'dim' }]);
  });
  lines.push([]);
  lines.push([{ text: cut(queued > 0 ? `  ${queued} key${queued === 1 ? '' : 's'} kept: they run once the review is ready` : '  Keys typed now run once the review is ready (Ctrl-C stops)'), tone: 'dim' }]);
  return lines;
}

export function ReviewStartup({ title, load, editMessage, openInEditor, onExit, onFailure }: ReviewStartupProps) {
  const app = useApp();
  const { stdout } = useStdout();
  const [stages, setStages] = useState<string[]>([]);
  const [ready, setReady] = useState<{ backend: ReviewBackend; initial: ReviewState } | null>(null);
  const queued = useRef<QueuedKey[]>([]);
  const [queuedCount, setQueuedCount] = useState(0);
  const stopped = useRef(false);

  useInput(
    (input: string, key: Key) => {
      if (stopped.current) return;
      if (key.ctrl && input === 'c') {
        stopped.current = true;
        onExit({ code: EXIT_ABORTED, summary: 'Stopped before the review was ready: nothing decided, nothing written.' });
        app.exit();
        return;
      }
      queued.current.push({ input, key });
      setQueuedCount(queued.current.length);
    },
    { isActive: ready === null },
  );

  useEffect(() => {
    let live = true;
    const stage = (name: string) => {
      if (live) setStages((done) => [...done, name]);
    };
    void (async () => {
      // Peak memory is reached while starting (the analysis on top of the UI's own memory): 25 MB
      // less with V8 favouring memory; the keys afterwards run at full speed.
      favourMemoryOverSpeed(true);
      try {
        // The first frame is drawn before the analysis takes the event loop.
        await nextFrame();
        const backend = await load((name) => stage(name));
        stage('opening the review');
        await nextFrame();
        const initial = initialState(backend);
        if (live && !stopped.current) setReady({ backend, initial });
      } catch (error) {
        if (!live || stopped.current) return;
        stopped.current = true;
        onFailure(error);
        app.exit();
      } finally {
        favourMemoryOverSpeed(false);
      }
    })();
    return () => {
      live = false;
    };
    // The load runs once, for the life of the component.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  if (ready) {
    return <ReviewApp backend={ready.backend} initial={ready.initial} editMessage={editMessage} openInEditor={openInEditor} onExit={onExit} queuedInput={queued.current} />;
  }
  const { columns } = terminalSize(stdout);
  const mode = styleModeFor(stdout);
  return (
    <Box flexDirection="column" width={columns}>
      {startupLines(title, stages, queuedCount, columns).map((line, index) => (
        <Text key={index} wrap="truncate">
          {line.length === 0 ? ' ' : lineToAnsi(line, mode)}
        </Text>
      ))}
    </Box>
  );
}
