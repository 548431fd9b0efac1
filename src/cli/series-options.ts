// The options `series`, `review` and `apply` share, read from the command line once.
import fs from 'node:fs';
import path from 'node:path';
import type { ParsedCommandLine } from './args.js';
import { UsageError } from './args.js';
import type { Transform, SeriesOptions } from '../transform.js';
import { parseDecisions, type Decisions } from '../series/decisions.js';
import { resolveAuthor, parseDate } from '../series/identity.js';
import { loadPrefixConfig } from '../series/subject-prefix.js';

export interface SeriesCommandOptions {
  series: SeriesOptions;
  outputDir: string;
  date: Date;
  subjectPrefix: string;
  version: number | null;
  maintainers: boolean;
  scriptsFrom?: string;
  prefixOverrides: Record<string, string>;
  decisionsFile: string | null;
}

function str(cl: ParsedCommandLine, name: string): string | undefined {
  const v = cl.flags[name];
  return typeof v === 'string' ? v : undefined;
}

export function readDecisionsFile(file: string, transform: string): Decisions {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(`cannot read decisions file ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return parseDecisions(text, transform, file);
}

export function seriesCommandOptions(transform: Transform, cl: ParsedCommandLine, tree: string): SeriesCommandOptions {
  const strategy = str(cl, 'strategy') ?? 'thread';
  if (strategy !== 'thread' && strategy !== 'direct') throw new UsageError(`--strategy must be thread or direct, not "${strategy}"`);
  const split = str(cl, 'split') ?? 'subsystem';
  if (split !== 'subsystem' && split !== 'module' && split !== 'file') throw new UsageError(`--split must be subsystem, module or file, not "${split}"`);
  const v = str(cl, 'reroll-count');
  let version: number | null = null;
  if (v !== undefined) {
    if (!/^[1-9]\d{0,3}$/.test(v)) throw new UsageError(`-v/--reroll-count takes a positive whole number, not "${v}"`);
    version = Number(v) === 1 ? null : Number(v);
  }
  const subjectPrefix = str(cl, 'subject-prefix') ?? 'PATCH';
  if (/[\r\n\0\]]/.test(subjectPrefix) || subjectPrefix.length > 40) throw new UsageError('--subject-prefix must be one short line without "]"');
  const fixes = str(cl, 'fixes') ?? null;
  if (fixes !== null && !/^[0-9a-f]{12,40} \("[^\r\n]+"\)$/.test(fixes)) {
    throw new UsageError('--fixes must look like: 0123456789ab ("subject of the commit")');
  }
  const links = (cl.flags.link as string[] | undefined) ?? [];
  for (const l of links) if (!/^https?:\/\/\S+$/.test(l)) throw new UsageError(`--link must be one http(s) URL, not "${l}"`);
  const decisionsFile = str(cl, 'decisions') ?? null;
  const decisions = decisionsFile ? readDecisionsFile(decisionsFile, transform.name) : null;
  const config = str(cl, 'config');
  const author = resolveAuthor(str(cl, 'from'), tree);
  return {
    series: {
      strategy,
      splitFinal: !!cl.flags['split-final'],
      split,
      author,
      links,
      fixes,
      stable: !!cl.flags.stable,
      decisions,
    },
    outputDir: path.resolve(str(cl, 'output') ?? 'outgoing'),
    date: parseDate(str(cl, 'date')),
    subjectPrefix,
    version,
    maintainers: !cl.flags['no-maintainers'],
    scriptsFrom: str(cl, 'scripts-from'),
    prefixOverrides: config ? loadPrefixConfig(config) : {},
    decisionsFile,
  };
}
