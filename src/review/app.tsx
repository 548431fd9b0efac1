// The review UI as an ink component: keys in (through the one key table), one screenful of styled
// lines out. All behaviour lives in controller.ts and all drawing decisions in screens.ts.
// React in scope as well: some loaders (tsx outside this tsconfig) compile JSX to React.createElement.
import React, { memo, useEffect, useRef, useState } from 'react';
import { Box, Text, useApp, useInput, useStdout, type Key } from 'ink';
import type { ReviewBackend } from './backend.js';
import { initialState, patchLines, step, typeSearch, type ReviewEnv, type ReviewExit, type ReviewState } from './controller.js';
import type { EditMessage, OpenInEditor } from './edit-message.js';
import { actionForKey, keyBindings, keyNames } from './keys.js';
import { PatchLinesCache } from './patch-lines.js';
import {
  helpBody,
  messageLine,
  overviewBody,
  patchBody,
  statusLine,
  titleLine,
  viewBody,
  type FrameLine,
  type FrameTone,
} from './screens.js';
import { terminalSize, type TerminalSize } from './terminal.js';

/** SGR parameters per tone: [colour, attributes]; attributes stay when colours are off (NO_COLOR). */
const TONE_SGR: Record<FrameTone, [string, string]> = {
  plain: ['', ''],
  subject: ['', '1'],
  dim: ['', '2'],
  added: ['32', ''],
  removed: ['31', ''],
  hunk: ['36', ''],
  file: ['34', '1'],
  heading: ['35', '1'],
  site: ['36', ''],
  label: ['33', ''],
  caution: ['33', '1'],
  decided: ['32', ''],
  title: ['', '1'],
  accepted: ['32', ''],
  dropped: ['31', ''],
  pending: ['33', ''],
  edited: ['34', ''],
  broken: ['31', '1'],
  error: ['31', '1'],
  info: ['33', ''],
};

export type StyleMode = 'color' | 'monochrome' | 'plain';

/** Colours on a terminal unless NO_COLOR is set; no escape codes at all when not drawing to a terminal. */
export function styleModeFor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): StyleMode {
  if (!stream.isTTY) return 'plain';
  return env.NO_COLOR ? 'monochrome' : 'color';
}

/**
 * One line as one string with its escape codes: ink then handles a single text node per line, which
 * keeps a frame cheap (ink re-tokenizes every cell of every frame; nested Text nodes cost more).
 */
export function lineToAnsi(line: FrameLine, mode: StyleMode): string {
  let out = '';
  for (const segment of line) {
    if (mode === 'plain') {
      out += segment.text;
      continue;
    }
    const [color, attributes] = TONE_SGR[segment.tone];
    const codes = [mode === 'color' ? color : '', attributes, segment.inverse ? '7' : ''].filter(Boolean).join(';');
    out += codes ? `\x1b[${codes}m${segment.text}\x1b[0m` : segment.text;
  }
  return out;
}

/** The three lines around the body: title, message, status; and the last terminal row stays free. */
const CHROME_LINES = 4;

const Line = memo(function Line({ text }: { text: string }) {
  // An empty Text has no height in ink: blank lines must hold a space to keep the frame's shape.
  return <Text wrap="truncate">{text === '' ? ' ' : text}</Text>;
});

function useTerminalSize(): TerminalSize {
  const { stdout } = useStdout();
  const [size, setSize] = useState(() => terminalSize(stdout));
  useEffect(() => {
    const onResize = () => setSize(terminalSize(stdout));
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);
  return size;
}

/** A key read before the review was there (while the series was built), run once it is. */
export interface QueuedKey {
  input: string;
  key: Key;
}

export interface ReviewAppProps {
  backend: ReviewBackend;
  editMessage: EditMessage;
  openInEditor?: OpenInEditor;
  /** The state to start from (runReview builds it first, to report a failing build as one line). */
  initial?: ReviewState;
  /** Keys typed while the review was loading, in order: run first. */
  queuedInput?: readonly QueuedKey[];
  onExit(exit: ReviewExit): void;
}

export function ReviewApp({ backend, editMessage, openInEditor, initial, queuedInput, onExit }: ReviewAppProps) {
  const app = useApp();
  const { stdout, write } = useStdout();
  const styleMode = styleModeFor(stdout);
  const size = useTerminalSize();
  const bodyHeight = Math.max(1, size.rows - CHROME_LINES);
  const [state, setState] = useState<ReviewState>(() => initial ?? initialState(backend));
  // Keys can arrive faster than React re-renders: every action must see the previous one's result.
  const current = useRef(state);
  const linesCache = useRef(new PatchLinesCache()).current;
  const finished = useRef(false);

  const handleKey = (input: string, key: Key) => {
    if (finished.current) return;
    const bindings = keyBindings(backend.vocabulary);
    for (const name of keyNames(input, key)) {
      let handedOver = false;
      const env: ReviewEnv = {
        backend,
        bodyHeight,
        width: size.columns,
        linesCache,
        editMessage: (request) => {
          handedOver = true;
          return editMessage(request);
        },
        openInEditor: openInEditor
          ? (file, line) => {
              handedOver = true;
              return openInEditor(file, line);
            }
          : undefined,
      };
      // While a search is typed, keys are its text.
      if (current.current.searchInput !== null) {
        current.current = typeSearch(current.current, name, env);
        continue;
      }
      const action = actionForKey(name, bindings);
      if (!action) continue;
      const result = step(current.current, action, env);
      current.current = result.state;
      // After the editor had the terminal, make ink draw the whole frame again.
      if (handedOver) write('');
      if (result.exit) {
        finished.current = true;
        setState(result.state);
        onExit(result.exit);
        app.exit();
        return;
      }
    }
    setState(current.current);
  };
  useInput(handleKey);
  useEffect(() => {
    for (const queued of queuedInput ?? []) handleKey(queued.input, queued.key);
    // Once, on mount: the keys read before the review was there.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const width = size.columns;
  const openEntry = state.screen === 'patch' && state.openKey !== null ? state.model.byKey.get(state.openKey) : undefined;
  const patch = openEntry ? patchLines(state, openEntry, { backend, linesCache, width }) : null;
  let body: FrameLine[];
  if (state.help) body = helpBody(state, width, bodyHeight);
  else if (state.view) body = viewBody(state.view, width, bodyHeight);
  else if (patch) body = patchBody(state, patch, width, bodyHeight);
  else body = overviewBody(state, width, bodyHeight);

  const frame = [titleLine(state, width, patch, bodyHeight), ...body, messageLine(state, width), statusLine(state, width)];
  return (
    <Box flexDirection="column" width={width}>
      {frame.map((line, index) => (
        <Line key={index} text={lineToAnsi(line, styleMode)} />
      ))}
    </Box>
  );
}
