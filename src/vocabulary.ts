// The words a transform brings: what its sites can be classified as, the phases of its series, its
// command-line options and the states of the code it changes. The engine's plan view, decisions,
// review keys, help and changelog read these declarations; the engine itself knows none of them.
import { hasControlCharacter } from './discover/skips.js';

/** How a classification is drawn: the engine maps roles to colors. */
export type ColorRole = 'change' | 'keep' | 'internal' | 'attention';

export interface ClassificationDecl {
  /** The id sites carry in `classification` (plan JSON, decisions files). */
  id: string;
  /** A short label for tables and summaries. */
  label: string;
  color: ColorRole;
  /** What a site of this class becomes, in words ("renamed to its always-managed counterpart", "no change"). */
  becomes: string;
  /**
   * A person may choose this class for a module in a decision, with this review key (the key with
   * Shift, when it is a letter, chooses it for one site). Classes without `choice` are only the plan's.
   */
  choice?: { key: string; help: string };
  /** Sites of this class wait for a person: left out of the series until a decision resolves them. */
  needsDecision?: boolean;
}

export interface PhaseDecl {
  id: string;
  /** Title as a heading ("Always-managed ports"); lowercased mid-sentence unless it starts with an acronym. */
  title: string;
}

export type OptionType = 'choice' | 'boolean' | 'string' | 'list';

export interface OptionDecl {
  /** The long flag without dashes, e.g. "strategy" for --strategy. */
  name: string;
  type: OptionType;
  /** For 'choice': the allowed values; the first is the default unless `default` says otherwise. */
  choices?: readonly string[];
  default?: string | boolean;
  /** Shown in help after the flag, e.g. "URL". */
  valueName?: string;
  /** For 'string' and 'list': each value must match this. */
  pattern?: RegExp;
  /** What a value must look like, for the error message when `pattern` fails. */
  patternHelp?: string;
  help: string;
}

export interface CoreStateDecl {
  id: string;
  description: string;
  /** The transform refuses to write a series on a tree in this state. */
  refusesSeries?: boolean;
}

/** A message the series cites: its Link: trailer goes on every patch that cites it; the cover letter lists it. */
export interface ReferenceDecl {
  /** What patches cite it by. */
  id: string;
  /** Its archive URL (lore.kernel.org); without one it is named by title and author only. */
  url?: string;
  /** What it is, as a phrase that follows "wrote in" (e.g. 'the thread "PCI: ..."'). */
  title: string;
  /** Who wrote `quote`. */
  author?: string;
  /** Words of the author's, quoted verbatim where a message relies on them. */
  quote?: string;
}

export interface Vocabulary {
  classifications: readonly ClassificationDecl[];
  /** Phases of the series, in order. */
  phases: readonly PhaseDecl[];
  options?: readonly OptionDecl[];
  /** States of the code the migration changes (none when the transform has no such notion). */
  coreStates?: readonly CoreStateDecl[];
  /** The MAINTAINERS section (its title) whose tree merges the series: its maintainers and list get every mail. */
  mergingSection?: string;
  /** Subject prefixes of the paths the transform changes (path or "dir/" -> prefix, e.g. a core
   *  subdirectory whose subsystem writes its own), used when the tree's history does not tell. */
  subjectPrefixes?: Readonly<Record<string, string>>;
  /** The discussions the series' messages cite. */
  references?: readonly ReferenceDecl[];
}

/** The values of a transform's options, by option name, as the engine parsed and checked them. */
export type OptionValues = Record<string, string | boolean | string[] | null>;

/** Option names the engine's own commands use: a transform cannot declare them. */
export const ENGINE_OPTION_NAMES = new Set([
  'json', 'timings', 'scan', 'no-color', 'output', 'from', 'date', 'subject-prefix', 'reroll-count', 'previous', 'mbox', 'stdout', 'force',
  'split', 'link', 'decisions', 'no-maintainers', 'recipients', 'thread', 'in-reply-to', 'to-all', 'scripts-from', 'config', 'series',
  'branch', 'help', 'verbose', 'version',
]);

/** Keys the review UI itself uses: a transform's choice keys must differ from these. */
export const ENGINE_REVIEW_KEYS = new Set(['j', 'k', 'f', 'b', 'g', 'G', ']', '[', '}', '{', ')', '(', 'y', 'n', 'N', 'd', 'a', 'x', 'z', 'e', 's', 'o', 'c', 'w', 'q', '?', ' ', '/']);

/** The classes whose sites wait for a decision. */
export function classesNeedingDecision(vocabulary: Vocabulary): Set<string> {
  return new Set(vocabulary.classifications.filter((c) => c.needsDecision).map((c) => c.id));
}

/** The classes a person may choose in a decision. */
export function choosableClasses(vocabulary: Vocabulary): ClassificationDecl[] {
  return vocabulary.classifications.filter((c) => c.choice);
}

/** Every problem with a declaration, as one line each (empty when it is sound). */
export function vocabularyProblems(vocabulary: Vocabulary): string[] {
  const problems: string[] = [];
  const seen = (what: string, ids: string[]) => {
    const dup = ids.find((id, i) => ids.indexOf(id) !== i);
    if (dup !== undefined) problems.push(`${what} "${dup}" is declared twice`);
  };
  if (!Array.isArray(vocabulary?.classifications) || vocabulary.classifications.length === 0) problems.push('it declares no classifications');
  if (!Array.isArray(vocabulary?.phases)) problems.push('it declares no phases (an empty list is allowed)');
  if (problems.length) return problems;
  seen('classification', vocabulary.classifications.map((c) => c.id));
  seen('phase', vocabulary.phases.map((p) => p.id));
  seen('core state', (vocabulary.coreStates ?? []).map((s) => s.id));
  seen('option', (vocabulary.options ?? []).map((o) => o.name));
  seen('reference', (vocabulary.references ?? []).map((r) => r.id));
  for (const c of vocabulary.classifications) {
    if (!/^[a-z][a-z0-9-]*$/.test(c.id)) problems.push(`classification id "${c.id}" must be lower-case letters, digits and '-'`);
    if (!c.choice) continue;
    const key = c.choice.key;
    if (!/^[a-z]$/.test(key)) problems.push(`classification "${c.id}": its review key must be one lower-case letter, not "${key}"`);
    else if (ENGINE_REVIEW_KEYS.has(key) || ENGINE_REVIEW_KEYS.has(key.toUpperCase())) problems.push(`classification "${c.id}": review key "${key}" is one of the engine's own keys`);
  }
  seen('review key', vocabulary.classifications.filter((c) => c.choice).map((c) => c.choice!.key));
  for (const o of vocabulary.options ?? []) {
    if (!/^[a-z][a-z0-9-]*$/.test(o.name)) problems.push(`option "${o.name}" must be lower-case letters, digits and '-'`);
    if (ENGINE_OPTION_NAMES.has(o.name)) problems.push(`option --${o.name} is one of the engine's own options`);
    if (o.type === 'choice' && !(o.choices && o.choices.length)) problems.push(`option --${o.name} is a choice without choices`);
    if (o.type === 'choice' && o.default !== undefined && !o.choices?.includes(o.default as string)) problems.push(`option --${o.name}: its default "${String(o.default)}" is not one of its choices`);
  }
  for (const [path, prefix] of Object.entries(vocabulary.subjectPrefixes ?? {})) {
    // A prefix becomes part of a Subject: header; a line break would start a header of its own.
    if (typeof prefix !== 'string' || prefix.trim() === '' || hasControlCharacter(prefix)) problems.push(`subject prefix of "${path}" must be a non-empty line of text`);
  }
  return problems;
}
