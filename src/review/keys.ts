// The review UI's key bindings: one table that the key handler, the help overlay and the README all
// read, so a key can never be documented differently from what it does. Keys follow `git add -p`
// (y/n/a/e/q/?) and `less` (j/k, space, b, g/G); the keys that choose a classification are the
// transform's, from its declared vocabulary.
import type { Key } from 'ink';
import type { Vocabulary } from '../vocabulary.js';

/** Sets the selected site's module to the classification after the colon (a transform's choice). */
export type ChooseActionId = `choose:${string}`;

export type ReviewActionId = EngineActionId | ChooseActionId;

type EngineActionId =
  | 'down'
  | 'up'
  | 'page-down'
  | 'page-up'
  | 'top'
  | 'bottom'
  | 'open'
  | 'back'
  | 'next-site'
  | 'previous-site'
  | 'accept'
  | 'drop'
  | 'accept-phase'
  | 'edit'
  | 'write'
  | 'quit'
  | 'abort'
  | 'help';

export interface KeyBinding {
  id: ReviewActionId;
  /** Key names as shown to the user; single characters are matched literally. */
  keys: string[];
  description: string;
}

/** The engine's own keys (a transform's choice keys are added by keyBindings()). */
export const ENGINE_KEY_BINDINGS: readonly KeyBinding[] = [
  { id: 'down', keys: ['j', '↓'], description: 'Next patch; in a patch, scroll down one line' },
  { id: 'up', keys: ['k', '↑'], description: 'Previous patch; in a patch, scroll up one line' },
  { id: 'page-down', keys: ['Space', 'PgDn', 'f'], description: 'One page down' },
  { id: 'page-up', keys: ['PgUp', 'b'], description: 'One page up' },
  { id: 'top', keys: ['g', 'Home'], description: 'First patch / top of the patch' },
  { id: 'bottom', keys: ['G', 'End'], description: 'Last patch / end of the patch' },
  { id: 'open', keys: ['Enter'], description: 'Open the selected patch (or the patch of the selected site)' },
  { id: 'back', keys: ['Esc'], description: 'Back to the overview; close help; cancel a question' },
  { id: 'next-site', keys: [']'], description: 'In a patch: select its next site' },
  { id: 'previous-site', keys: ['['], description: 'In a patch: select its previous site' },
  { id: 'accept', keys: ['y'], description: 'Accept the patch' },
  { id: 'drop', keys: ['n'], description: 'Drop the patch (patches that need it are shown as broken)' },
  { id: 'accept-phase', keys: ['a'], description: 'Accept every patch of the phase that is not dropped' },
  { id: 'edit', keys: ['e'], description: 'Edit the subject and message in $VISUAL / $EDITOR' },
  { id: 'write', keys: ['w'], description: 'Write the series (every patch not dropped) and quit' },
  { id: 'quit', keys: ['q'], description: 'Quit (asks first when decisions are not written yet)' },
  { id: 'abort', keys: ['Ctrl-C'], description: 'Quit at once (every decision is already saved)' },
  { id: 'help', keys: ['?'], description: 'Show or hide this help' },
];

const bindingsCache = new WeakMap<Vocabulary, readonly KeyBinding[]>();

/** Every key of a review of this transform: the engine's, with the transform's choices after `accept-phase`. */
export function keyBindings(vocabulary: Vocabulary): readonly KeyBinding[] {
  let bindings = bindingsCache.get(vocabulary);
  if (!bindings) {
    const choices: KeyBinding[] = vocabulary.classifications
      .filter((c) => c.choice)
      .map((c) => ({ id: `choose:${c.id}` as ChooseActionId, keys: [c.choice!.key], description: `Set the selected site's module to ${c.choice!.help} (all its sites move)` }));
    const at = ENGINE_KEY_BINDINGS.findIndex((b) => b.id === 'accept-phase') + 1;
    bindings = [...ENGINE_KEY_BINDINGS.slice(0, at), ...choices, ...ENGINE_KEY_BINDINGS.slice(at)];
    bindingsCache.set(vocabulary, bindings);
  }
  return bindings;
}

/** The classification a choose action sets, or null for the engine's own actions. */
export function chosenClassification(action: ReviewActionId): string | null {
  return action.startsWith('choose:') ? action.slice('choose:'.length) : null;
}

function charKeyName(char: string): string {
  if (char === ' ') return 'Space';
  if (char === '\r' || char === '\n') return 'Enter';
  if (char === '\x03') return 'Ctrl-C';
  return char;
}

/** The key names of one ink input event (a fast typist or tmux may deliver several characters at once). */
export function keyNames(input: string, key: Key): string[] {
  if (key.ctrl && input === 'c') return ['Ctrl-C'];
  if (key.downArrow) return ['↓'];
  if (key.upArrow) return ['↑'];
  if (key.pageDown) return ['PgDn'];
  if (key.pageUp) return ['PgUp'];
  if (key.home) return ['Home'];
  if (key.end) return ['End'];
  if (key.return) return ['Enter'];
  if (key.escape) return ['Esc'];
  if (key.ctrl) return [];
  // The review binds no Alt keys: ESC and a key in one read is a fast Esc followed by that key.
  if (key.meta) return input === '' ? [] : ['Esc', ...[...input].map(charKeyName)];
  return [...input].map(charKeyName);
}

/** The actions an ink input event asks for, in order; unknown keys are ignored. */
export function actionsForInput(input: string, key: Key, bindings: readonly KeyBinding[] = ENGINE_KEY_BINDINGS): ReviewActionId[] {
  const actions: ReviewActionId[] = [];
  for (const name of keyNames(input, key)) {
    const action = bindings.find((binding) => binding.keys.includes(name))?.id;
    if (action) actions.push(action);
  }
  return actions;
}

/** The key table as Markdown, for the README. */
export function keyBindingsMarkdown(bindings: readonly KeyBinding[] = ENGINE_KEY_BINDINGS): string {
  const rows = bindings.map((binding) => {
    const keys = binding.keys.map((name) => `\`${name}\``).join(', ');
    return `| ${keys} | ${binding.description.replaceAll('|', '\\|')} |`;
  });
  return ['| Key | Action |', '|---|---|', ...rows].join('\n') + '\n';
}
