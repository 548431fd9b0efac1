// A transform's own command-line options: parsed by the engine from its declaration, checked, and
// handed to the transform as typed values. Their flags and help come from the same declaration.
import type { OptionDecl, OptionValues, Vocabulary } from '../vocabulary.js';
import { UsageError } from '../errors.js';

/** The flag spec node's parseArgs needs for each declared option. */
export function parseArgsOptions(vocabulary: Vocabulary | undefined): Record<string, { type: 'string' | 'boolean'; multiple?: boolean }> {
  return Object.fromEntries(
    (vocabulary?.options ?? []).map((o) => [o.name, { type: o.type === 'boolean' ? 'boolean' : 'string', ...(o.type === 'list' ? { multiple: true } : {}) }] as const),
  );
}

function defaultOf(o: OptionDecl): string | boolean | string[] | null {
  if (o.default !== undefined) return o.default;
  if (o.type === 'boolean') return false;
  if (o.type === 'list') return [];
  if (o.type === 'choice') return o.choices![0];
  return null;
}

/** The declared options' values from parsed flags: defaults filled in, every value checked. */
export function transformOptionValues(vocabulary: Vocabulary | undefined, flags: Record<string, unknown>): OptionValues {
  const values: OptionValues = {};
  for (const o of vocabulary?.options ?? []) {
    const given = flags[o.name];
    if (given === undefined) {
      values[o.name] = defaultOf(o);
      continue;
    }
    if (o.type === 'boolean') {
      values[o.name] = given === true;
      continue;
    }
    const list = Array.isArray(given) ? (given as string[]) : [given as string];
    for (const v of list) {
      if (o.type === 'choice' && !o.choices!.includes(v)) throw new UsageError(`--${o.name} must be ${orList(o.choices!)}, not "${v}"`);
      if (o.pattern && !o.pattern.test(v)) throw new UsageError(`--${o.name} must ${o.patternHelp ?? `match ${o.pattern}`}, not "${v}"`);
    }
    values[o.name] = o.type === 'list' ? list : list[list.length - 1];
  }
  return values;
}

function orList(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/** Help lines for the declared options, in the engine's help layout. */
export function transformOptionsHelp(vocabulary: Vocabulary | undefined): string[] {
  return (vocabulary?.options ?? []).map((o) => {
    const arg = o.type === 'boolean' ? '' : ` ${o.valueName ?? (o.choices ? o.choices.join('|') : 'VALUE')}`;
    const flag = `    --${o.name}${arg}`;
    const def = o.type === 'choice' ? ` (default ${String(o.default ?? o.choices![0])})` : '';
    return `  ${flag.padEnd(36)} ${o.help}${def}${o.type === 'list' ? ' (repeatable)' : ''}`;
  });
}
