// Command-line parsing: `kcodemod <command> <transform> [TREE] [options]`. Unknown commands,
// transforms and flags are usage errors (exit 2). The flag table is the single source of truth
// for parsing and for `--help`.
import { parseArgs } from 'node:util';

export class UsageError extends Error {}

export const COMMANDS = ['plan', 'series', 'review', 'check', 'apply', 'audit'] as const;
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
  json: { type: 'boolean', commands: ['plan', 'audit'], help: 'print one JSON document' },
  timings: { type: 'boolean', commands: ['plan', 'series', 'audit'], help: 'print where the time went (stderr)' },
  scan: { type: 'boolean', commands: 'all', help: 'search files by a directory scan even in a git tree' },
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
  strategy: { type: 'string', commands: SERIES_LIKE, arg: 'thread|direct', help: 'the thread\'s plan (default) or the shorter direct order' },
  'split-final': { type: 'boolean', commands: SERIES_LIKE, help: 'the final step as the thread\'s two patches' },
  split: { type: 'string', commands: SERIES_LIKE, arg: 'subsystem|module|file', help: 'one port patch per subsystem (default), module or file' },
  link: { type: 'string', multiple: true, commands: SERIES_LIKE, arg: 'URL', help: 'add a Link: trailer (repeatable)' },
  fixes: { type: 'string', commands: SERIES_LIKE, arg: '"<sha> (\\"subject\\")"', help: 'add a Fixes: trailer to the driver ports' },
  stable: { type: 'boolean', commands: SERIES_LIKE, help: 'add Cc: stable@vger.kernel.org to the driver ports' },
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
  flags: Record<string, string | boolean | string[] | undefined>;
}

export function parseCommandLine(argv: string[]): ParsedCommandLine {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    return { command: 'help', transform: null, tree: undefined, flags: {} };
  }
  if (argv[0] === '--version' || argv[0] === 'version') return { command: 'version', transform: null, tree: undefined, flags: {} };
  const command = argv[0];
  if (!(COMMANDS as readonly string[]).includes(command)) {
    throw new UsageError(`unknown command "${command}" (commands: ${COMMANDS.join(', ')})`);
  }
  const allowed = Object.entries(FLAGS).filter(([, spec]) => spec.commands === 'all' || spec.commands.includes(command as Command));
  const options = Object.fromEntries(
    allowed.map(([name, spec]) => [name, { type: spec.type, ...(spec.short ? { short: spec.short } : {}), ...(spec.multiple ? { multiple: true } : {}) }]),
  );
  let parsed;
  try {
    parsed = parseArgs({ args: argv.slice(1), options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(`${command}: ${(e as Error).message.split('\n')[0].replace(/\. To specify.*$/, '')}`);
  }
  const flags = parsed.values as ParsedCommandLine['flags'];
  if (flags.help) return { command: 'help', transform: null, tree: undefined, flags: {} };
  const [transform, tree, ...extra] = parsed.positionals;
  if (!transform) throw new UsageError(`${command}: missing the transform name (e.g. kcodemod ${command} pci-intx [TREE])`);
  if (extra.length) throw new UsageError(`${command}: unexpected argument "${extra[0]}" (one TREE at most)`);
  return { command: command as Command, transform, tree, flags };
}

export function helpText(): string {
  const lines = [
    'usage: kcodemod <command> <transform> [TREE] [options]',
    '',
    'commands:',
    '  plan     analyse TREE and print the decision for every call site',
    '  series   write the migration as a git format-patch series (with a cover letter)',
    '  review   review the series interactively in the terminal, then write it',
    '  check    verify a written series against TREE (git am, checkpatch, exports, plan)',
    '  apply    commit the series on a new branch of TREE',
    '  audit    list what a half-done migration left behind (exit 1 when anything is found)',
    '',
    'TREE defaults to the current directory. Exit status: 0 done, 1 cannot be done / check failed /',
    'audit found something, 2 usage error.',
    '',
    'options:',
  ];
  for (const [name, spec] of Object.entries(FLAGS)) {
    const flag = `${spec.short ? `-${spec.short}, ` : '    '}--${name}${spec.arg ? ` ${spec.arg}` : ''}`;
    const where = spec.commands === 'all' ? '' : ` [${spec.commands.join(', ')}]`;
    lines.push(`  ${flag.padEnd(36)} ${spec.help}${where}`);
  }
  return lines.join('\n');
}
