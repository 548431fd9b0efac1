// Command-line parsing: `kcodemod <command> <transform> [TREE] [options] [-- PATH...]`. Unknown
// commands, transforms and flags are usage errors (exit 2). The flag table (and the transform's
// declared options) is the single source of truth for parsing and for `--help`.
import { parseArgs } from 'node:util';
import type { Vocabulary } from '../vocabulary.js';
import { parseArgsOptions, transformOptionsHelp } from './transform-options.js';
import { EXIT_STATUSES, UsageError, firstLineOf } from '../errors.js';

export { UsageError };

export const COMMANDS = ['plan', 'series', 'review', 'check', 'apply', 'audit', 'list', 'new-transform'] as const;
export type Command = (typeof COMMANDS)[number];

interface FlagSpec {
  type: 'boolean' | 'string';
  short?: string;
  multiple?: boolean;
  commands: readonly Command[] | 'all';
  arg?: string;
  help: string;
}

const SERIES_LIKE: Command[] = ['series', 'review', 'apply'];

export const FLAGS: Record<string, FlagSpec> = {
  json: { type: 'boolean', commands: ['plan', 'audit', 'series', 'check', 'apply'], help: 'print one JSON document (with schemaVersion) on stdout' },
  verbose: { type: 'boolean', short: 'v', commands: ['plan'], help: 'each site with its reason and evidence (default: one line a site)' },
  timings: { type: 'boolean', commands: ['plan', 'series', 'audit'], help: 'print where the time went (stderr)' },
  scan: { type: 'boolean', commands: 'all', help: 'search files by a directory scan even in a git tree' },
  'no-cache': { type: 'boolean', commands: ['plan', 'series', 'review', 'check', 'apply', 'audit'], help: 'neither read nor write the fact cache ($XDG_CACHE_HOME/kcodemod/facts)' },
  'no-color': { type: 'boolean', commands: 'all', help: 'no colors even on a terminal' },
  output: { type: 'string', short: 'o', commands: SERIES_LIKE, arg: 'DIR', help: 'output directory (default ./outgoing)' },
  from: { type: 'string', commands: SERIES_LIKE, arg: '"Name <email>"', help: 'author and Signed-off-by (default: git config)' },
  date: { type: 'string', commands: SERIES_LIKE, arg: 'DATE', help: 'author date (ISO 8601 or RFC 2822): deterministic output' },
  'subject-prefix': { type: 'string', commands: SERIES_LIKE, arg: 'TEXT', help: 'subject tag instead of PATCH, e.g. "RFC PATCH"' },
  'reroll-count': { type: 'string', short: 'v', commands: SERIES_LIKE, arg: 'N', help: 'series version: [PATCH vN ...] and vN-NNNN-*.patch' },
  previous: { type: 'string', commands: ['series', 'review'], arg: 'DIR', help: 'the earlier version\'s output: changelog, range-diff, its decisions' },
  mbox: { type: 'string', commands: ['series'], arg: 'FILE', help: 'also write the series as one mbox file' },
  stdout: { type: 'boolean', commands: ['series'], help: 'print the series as an mbox instead of writing files' },
  force: { type: 'boolean', commands: ['series', 'review'], help: 'write into a directory that holds other files (only our patches are replaced)' },
  split: { type: 'string', commands: SERIES_LIKE, arg: 'subsystem|module|file', help: 'one port patch per subsystem (default), module or file' },
  link: { type: 'string', multiple: true, commands: SERIES_LIKE, arg: 'URL', help: 'add a Link: trailer (repeatable)' },
  decisions: { type: 'string', commands: SERIES_LIKE, arg: 'FILE', help: 'apply review decisions (JSON, see README)' },
  'no-maintainers': { type: 'boolean', commands: SERIES_LIKE, help: 'no To:/Cc: (the same as --recipients none)' },
  recipients: { type: 'string', commands: SERIES_LIKE, arg: 'builtin|perl|none', help: 'To:/Cc: from MAINTAINERS read in-process (default), from scripts/get_maintainer.pl, or none' },
  thread: { type: 'boolean', commands: ['series'], help: 'Message-ID on every mail, the patches answering the cover letter (git format-patch --thread)' },
  'in-reply-to': { type: 'string', commands: ['series'], arg: 'MESSAGE_ID', help: 'the cover letter answers this mail (a v2 answering v1); implies --thread' },
  'to-all': { type: 'boolean', commands: SERIES_LIKE, help: 'every mail to every recipient of the series (b4\'s default), not each patch to its own' },
  'scripts-from': { type: 'string', commands: ['series', 'review', 'check', 'apply'], arg: 'KERNEL_TREE', help: 'take checkpatch.pl / get_maintainer.pl from this kernel tree' },
  config: { type: 'string', commands: ['plan', ...SERIES_LIKE], arg: 'FILE', help: 'JSON config: subject prefix overrides' },
  series: { type: 'string', commands: ['check', 'apply'], arg: 'DIR', help: 'a written series directory' },
  branch: { type: 'string', commands: ['apply'], arg: 'NAME', help: 'the new branch to commit the series on' },
  help: { type: 'boolean', short: 'h', commands: 'all', help: 'show this help' },
};

export interface ParsedCommandLine {
  command: Command | 'help' | 'version';
  transform: string | null;
  tree: string | undefined;
  /** Paths after `--`: only sites under them are reported (the analysis still reads whole modules). */
  paths: string[];
  flags: Record<string, string | boolean | string[] | undefined>;
}

const SERIES_COMMANDS: readonly string[] = SERIES_LIKE;

/** Whether a command takes the transform's own options. */
export function takesTransformOptions(command: string): boolean {
  return SERIES_COMMANDS.includes(command);
}

/**
 * The transform argument, read before the transform is loaded (its options are not known yet): the
 * first argument after the command that is not a flag or a flag's value. Null for help and version.
 */
export function transformArgument(argv: string[]): string | null {
  if (argv.length === 0 || !(COMMANDS as readonly string[]).includes(argv[0]) || argv[0] === 'new-transform') return null;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') return null;
    if (!a.startsWith('-') || a === '-') return a;
    const ofCommand = Object.entries(FLAGS).filter(([, f]) => f.commands === 'all' || f.commands.includes(argv[0] as Command));
    const name = a.startsWith('--') ? a.slice(2).split('=')[0] : ofCommand.find(([, f]) => f.short === a.slice(1, 2))?.[0];
    const spec = name ? FLAGS[name] : undefined;
    if (spec?.type === 'string' && !a.includes('=') && !(a.length > 2 && !a.startsWith('--'))) i++;
  }
  return null;
}

export function parseCommandLine(argv: string[], vocabulary?: Vocabulary): ParsedCommandLine {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    return { command: 'help', transform: null, tree: undefined, paths: [], flags: {} };
  }
  if (argv[0] === '--version' || argv[0] === 'version') return { command: 'version', transform: null, tree: undefined, paths: [], flags: {} };
  const command = argv[0];
  if (!(COMMANDS as readonly string[]).includes(command)) {
    throw new UsageError(`unknown command "${command}" (commands: ${COMMANDS.join(', ')})`);
  }
  if (command === 'list') {
    if (argv.length > 1) throw new UsageError(`list takes no arguments, not "${argv[1]}"`);
    return { command: 'list', transform: null, tree: undefined, paths: [], flags: {} };
  }
  if (command === 'new-transform') {
    // NAME and DIR ride in the transform and tree fields: the name of the transform to write, where.
    const [name, dir, ...extra] = argv.slice(1);
    if (!name || name.startsWith('-')) throw new UsageError('new-transform: missing the NAME of the new transform (kcodemod new-transform NAME [DIR])');
    if (extra.length || dir?.startsWith('-')) throw new UsageError(`new-transform takes NAME and an optional DIR, not "${extra[0] ?? dir}"`);
    return { command: 'new-transform', transform: name, tree: dir, paths: [], flags: {} };
  }
  const allowed = Object.entries(FLAGS).filter(([, spec]) => spec.commands === 'all' || spec.commands.includes(command as Command));
  const options = {
    ...(takesTransformOptions(command) ? parseArgsOptions(vocabulary) : {}),
    ...Object.fromEntries(
      allowed.map(([name, spec]) => [name, { type: spec.type, ...(spec.short ? { short: spec.short } : {}), ...(spec.multiple ? { multiple: true } : {}) }]),
    ),
  };
  let parsed;
  try {
    parsed = parseArgs({ args: argv.slice(1), options, allowPositionals: true, strict: true, tokens: true });
  } catch (e) {
    throw new UsageError(`${command}: ${firstLineOf(e).replace(/\. To specify.*$/, '')}`);
  }
  const flags = parsed.values as ParsedCommandLine['flags'];
  if (flags.help) return { command: 'help', transform: transformArgument(argv), tree: undefined, paths: [], flags: { command } };
  const terminator = parsed.tokens.find((t) => t.kind === 'option-terminator');
  const before = terminator ? parsed.tokens.filter((t) => t.kind === 'positional' && t.index < terminator.index).map((t) => (t as { value: string }).value) : parsed.positionals;
  const paths = terminator ? parsed.tokens.filter((t) => t.kind === 'positional' && t.index > terminator.index).map((t) => (t as { value: string }).value) : [];
  const [transform, tree, ...extra] = before;
  if (!transform) throw new UsageError(`${command}: missing the transform name (e.g. kcodemod ${command} NAME [TREE]; kcodemod list shows them)`);
  if (extra.length) throw new UsageError(`${command}: unexpected argument "${extra[0]}" (one TREE at most; paths go after --)`);
  if (terminator && paths.length === 0) throw new UsageError(`${command}: -- must be followed by at least one path`);
  return { command: command as Command, transform, tree, paths, flags };
}

export function helpText(transform?: { name: string; description: string; vocabulary: Vocabulary }): string {
  const lines = [
    'usage: kcodemod <command> <transform> [TREE] [options] [-- PATH...]',
    '',
    'commands:',
    '  plan     analyse TREE and print the decision for every call site',
    '  series   write the migration as a git format-patch series (with a cover letter)',
    '  review   review the series interactively in the terminal, then write it',
    '  check    verify a written series against TREE (git am, checkpatch, exports, plan)',
    '  apply    commit the series on a new branch of TREE',
    '  audit    list what a half-done migration left behind (exit 1 when anything is found)',
    '',
    '  list     list the available transforms',
    '  new-transform NAME [DIR]  write DIR/NAME (default ./NAME): a transform of your own to start from',
    '',
    'The transform is a name (kcodemod list) or a path to one: an argument with a "/" or ending',
    'in .js/.ts. TREE defaults to the current directory. Paths after -- limit the sites reported',
    'to those files and directories.',
    '',
    'exit status:',
    ...EXIT_STATUSES.map((row) => `  ${row.code.padEnd(6)} ${row.summary}`),
    '',
    'options:',
  ];
  for (const [name, spec] of Object.entries(FLAGS)) {
    const flag = `${spec.short ? `-${spec.short}, ` : '    '}--${name}${spec.arg ? ` ${spec.arg}` : ''}`;
    const where = spec.commands === 'all' ? '' : ` [${spec.commands.join(', ')}]`;
    lines.push(`  ${flag.padEnd(36)} ${spec.help}${where}`);
  }
  if (transform) {
    const own = transformOptionsHelp(transform.vocabulary);
    lines.push('', `${transform.name}: ${transform.description}`);
    if (own.length) lines.push(`options of ${transform.name} [${SERIES_LIKE.join(', ')}]:`, ...own);
  }
  return lines.join('\n');
}
