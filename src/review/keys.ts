// The review UI's key bindings: one table that the key handler, the help overlay and the README all
// read, so a key can never be documented differently from what it does. Keys follow `git add -p`
// (y/a/e/?), `less` (j/k, space, b, g/G, /, n/N, q) and mutt/tig (d drops); the keys that choose a
// classification are the transform's, from its declared vocabulary (with Shift: one site).
import type { Key } from 'ink';
import type { Vocabulary } from '../vocabulary.js';

/** Sets the selected site's module to the classification after the colon (a transform's choice). */
export type ChooseActionId = `choose:${string}`;
/** Sets the selected site alone to the classification after the colon (the choice key with Shift). */
export type ChooseSiteActionId = `choose-site:${string}`;

export type ReviewActionId = EngineActionId | ChooseActionId | ChooseSiteActionId;

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
  | 'next-hunk'
  | 'previous-hunk'
  | 'next-file'
  | 'previous-file'
  | 'search'
  | 'next-match'
  | 'previous-match'
  | 'accept'
  | 'drop'
  | 'accept-phase'
  | 'leave-out'
  | 'undo'
  | 'edit'
  | 'source'
  | 'open-editor'
  | 'cover'
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
  { id: 'back', keys: ['Esc'], description: 'Back to the overview; close help or the cover letter; cancel a question' },
  { id: 'next-site', keys: [']'], description: 'In a patch: select its next site' },
  { id: 'previous-site', keys: ['['], description: 'In a patch: select its previous site' },
  { id: 'next-hunk', keys: ['}'], description: 'In a patch: next hunk' },
  { id: 'previous-hunk', keys: ['{'], description: 'In a patch: previous hunk' },
  { id: 'next-file', keys: [')'], description: 'In a patch: next file' },
  { id: 'previous-file', keys: ['('], description: 'In a patch: previous file' },
  { id: 'search', keys: ['/'], description: 'Search the patches (in a patch: its text); Enter searches, Esc cancels' },
  { id: 'next-match', keys: ['n'], description: 'Next match of the search' },
  { id: 'previous-match', keys: ['N'], description: 'Previous match of the search' },
  { id: 'accept', keys: ['y'], description: 'Accept the patch (in a patch: and open the next pending one)' },
  { id: 'drop', keys: ['d'], description: 'Drop the patch (patches that need it are shown as broken)' },
  { id: 'accept-phase', keys: ['a'], description: 'Accept every patch of the phase that is not dropped' },
  { id: 'leave-out', keys: ['x'], description: 'Leave the selected site out of the series, or take it back (the consequence is shown)' },
  { id: 'undo', keys: ['z'], description: 'Undo the last decision (of any kind)' },
  { id: 'edit', keys: ['e'], description: 'Edit the subject, message and trailers in $VISUAL / $EDITOR (an added Acked-by: stays with Signed-off-by:); in the cover letter (c): its subject and text' },
  { id: 'source', keys: ['s'], description: "Show the selected site's function as the tree has it" },
  { id: 'open-editor', keys: ['o'], description: 'Open the selected site in $VISUAL / $EDITOR at its line' },
  { id: 'cover', keys: ['c'], description: 'Show the cover letter (e there edits it)' },
  { id: 'write', keys: ['w'], description: 'Write the series (every patch not dropped) and quit; asks first while patches are pending' },
  { id: 'quit', keys: ['q'], description: 'In a patch: back to the overview; in the overview: quit (asks first when decisions are not written)' },
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
      .flatMap((c) => [
        { id: `choose:${c.id}` as ChooseActionId, keys: [c.choice!.key], description: `Set the selected site's module to ${c.choice!.help} (all its sites move)` },
        { id: `choose-site:${c.id}` as ChooseSiteActionId, keys: [c.choice!.key.toUpperCase()], description: `Set the selected site alone to ${c.label}` },
      ]);
    const at = ENGINE_KEY_BINDINGS.findIndex((b) => b.id === 'accept-phase') + 1;
    bindings = [...ENGINE_KEY_BINDINGS.slice(0, at), ...choices, ...ENGINE_KEY_BINDINGS.slice(at)];
    bindingsCache.set(vocabulary, bindings);
  }
  return bindings;
}

/** The classification a choose action sets and for what, or null for the engine's own actions. */
export function chosenClassification(action: ReviewActionId): { classification: string; scope: 'module' | 'site' } | null {
  if (action.startsWith('choose:')) return { classification: action.slice('choose:'.length), scope: 'module' };
  if (action.startsWith('choose-site:')) return { classification: action.slice('choose-site:'.length), scope: 'site' };
  return null;
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
  if (key.backspace || key.delete) return ['Backspace'];
  if (key.ctrl) return [];
  // The review binds no Alt keys: ESC and a key in one read is a fast Esc followed by that key.
  if (key.meta) return input === '' ? [] : ['Esc', ...[...input].map(charKeyName)];
  return [...input].map(charKeyName);
}

/** The action of one key name, or null when the key means nothing here. */
export function actionForKey(name: string, bindings: readonly KeyBinding[] = ENGINE_KEY_BINDINGS): ReviewActionId | null {
  return bindings.find((binding) => binding.keys.includes(name))?.id ?? null;
}

/** The actions an ink input event asks for, in order; unknown keys are ignored. */
export function actionsForInput(input: string, key: Key, bindings: readonly KeyBinding[] = ENGINE_KEY_BINDINGS): ReviewActionId[] {
  return keyNames(input, key).flatMap((name) => actionForKey(name, bindings) ?? []);
}

/** The key table as Markdown, for the README. */
export function keyBindingsMarkdown(bindings: readonly KeyBinding[] = ENGINE_KEY_BINDINGS): string {
  const rows = bindings.map((binding) => {
    const keys = binding.keys.map((name) => `\`${name}\``).join(', ');
    return `| ${keys} | ${binding.description.replaceAll('|', '\\|')} |`;
  });
  return ['| Key | Action |', '|---|---|', ...rows].join('\n') + '\n';
}
