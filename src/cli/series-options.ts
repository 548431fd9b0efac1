// The options `series`, `review` and `apply` share, read from the command line once, and checked
// before the tree is analysed.
import fs from 'node:fs';
import path from 'node:path';
import type { ParsedCommandLine } from './args.js';
import { UsageError } from '../errors.js';
import type { AnyTransform } from '../transform.js';
import { resolveTree } from '../pipeline.js';
import { readDecisionsFile } from '../series/decisions-file.js';
import { planSeries, type PlannedSeries } from '../series/plan-series.js';
import { factCacheSettings } from './fact-cache-option.js';
import type { SeriesRunOptions } from '../series/run-options.js';
import { Timings } from '../util/timings.js';
import { resolveAuthor, parseDate } from '../series/identity.js';
import { loadPrefixConfig } from '../series/subject-prefix.js';
import { isWithin } from '../util/fs.js';
import { readPreviousSeries } from '../series/versions/previous-series.js';
import { replayDecisions } from '../series/versions/replay-decisions.js';
import { normalizeMessageId } from '../series/message-ids.js';
import { transformOptionValues } from './transform-options.js';

function str(cl: ParsedCommandLine, name: string): string | undefined {
  const v = cl.flags[name];
  return typeof v === 'string' ? v : undefined;
}

/**
 * Refuses, before any work, an output path that cannot be created: one whose nearest existing
 * ancestor is a file (`-o notes.txt/out`) or not writable, or an existing entry of the wrong kind.
 */
export function checkOutputLocation(target: string, kind: 'directory' | 'file', flag: string): void {
  let existing = target;
  for (;;) {
    let stat: fs.Stats | null = null;
    try {
      stat = fs.statSync(existing);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      // ENOTDIR: an ancestor is a file; the walk up names it.
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw new Error(`${flag} ${target}: cannot use ${existing} (${code ?? (e as Error).message})`);
    }
    if (stat) {
      if (existing === target) {
        if (kind === 'directory' && !stat.isDirectory()) throw new Error(`${flag} ${target}: it exists and is not a directory`);
        if (kind === 'file' && stat.isDirectory()) throw new Error(`${flag} ${target}: it is a directory`);
        return;
      }
      if (!stat.isDirectory()) throw new Error(`${flag} ${target}: cannot be created, ${existing} is a file, not a directory`);
      try {
        fs.accessSync(existing, fs.constants.W_OK | fs.constants.X_OK);
      } catch {
        throw new Error(`${flag} ${target}: cannot be created, ${existing} is not writable`);
      }
      return;
    }
    const parent = path.dirname(existing);
    if (parent === existing) return;
    existing = parent;
  }
}

/**
 * Nothing but apply writes inside TREE: an output path is refused when it, or the deepest part of it
 * that exists, resolves (symlinked parents included) into the tree.
 */
function refuseInsideTree(target: string, tree: string, flag: string): void {
  let existing = target;
  let rest = '';
  for (;;) {
    try {
      const real = path.join(fs.realpathSync(existing), rest);
      if (isWithin(fs.realpathSync(tree), real)) throw new Error(`${flag} ${target} is inside the kernel tree: ${flag.startsWith('the default') ? 'pass -o DIR' : 'only apply writes there'}`);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const parent = path.dirname(existing);
    if (parent === existing) return;
    rest = path.join(path.basename(existing), rest);
    existing = parent;
  }
}

export function seriesCommandOptions(transform: AnyTransform, cl: ParsedCommandLine, tree: string): SeriesRunOptions {
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
  const links = (cl.flags.link as string[] | undefined) ?? [];
  for (const l of links) if (!/^https?:\/\/\S+$/.test(l)) throw new UsageError(`--link must be one http(s) URL, not "${l}"`);
  const decisionsFile = str(cl, 'decisions') ?? null;
  const previousDir = str(cl, 'previous');
  const previous = previousDir ? readPreviousSeries(path.resolve(previousDir), transform) : null;
  // The earlier version's decisions are replayed; the ones given now win.
  const decisions = replayDecisions(previous?.decisions ?? null, decisionsFile ? readDecisionsFile(decisionsFile, transform) : null);
  if (previous) {
    if (version === null) version = previous.version + 1;
    if (version <= previous.version) throw new UsageError(`-v ${version} must be higher than the previous series' version (v${previous.version})`);
    if (path.resolve(str(cl, 'output') ?? 'outgoing') === path.resolve(previousDir!)) {
      throw new UsageError('--previous and -o name the same directory: write the new version elsewhere, so the old one stays');
    }
  }
  const config = str(cl, 'config');
  const author = resolveAuthor(str(cl, 'from'), tree);
  const outputDir = path.resolve(str(cl, 'output') ?? 'outgoing');
  if (cl.command !== 'apply' && !cl.flags.stdout) {
    checkOutputLocation(outputDir, 'directory', '-o/--output');
    refuseInsideTree(outputDir, tree, str(cl, 'output') === undefined ? 'the default output directory' : '-o/--output');
  }
  const mbox = str(cl, 'mbox');
  if (mbox !== undefined) {
    checkOutputLocation(path.resolve(mbox), 'file', '--mbox');
    refuseInsideTree(path.resolve(mbox), tree, '--mbox');
  }
  return {
    series: {
      split,
      author,
      links,
      decisions,
      options: transformOptionValues(transform.vocabulary, cl.flags),
    },
    outputDir,
    date: parseDate(str(cl, 'date')),
    subjectPrefix,
    version,
    ...recipientsOption(cl),
    toAll: !!cl.flags['to-all'],
    thread: threadOption(cl),
    mergingSection: transform.vocabulary.mergingSection,
    scriptsFrom: str(cl, 'scripts-from'),
    prefixOverrides: config ? loadPrefixConfig(config) : {},
    previous,
  };
}

/** The series planned for the command line: its options are checked before the tree is analysed. */
export async function prepareSeries(transform: AnyTransform, cl: ParsedCommandLine, timings: Timings, progress?: (m: string) => void): Promise<PlannedSeries> {
  const options = seriesCommandOptions(transform, cl, resolveTree(cl.tree));
  return planSeries(transform, cl.tree, options, { forceScan: !!cl.flags.scan, progress, timings, paths: cl.paths, cache: factCacheSettings(transform, cl) });
}

/** --recipients builtin|perl|none (default builtin); --no-maintainers is none. */
function recipientsOption(cl: ParsedCommandLine): { maintainers: boolean; recipients: 'builtin' | 'perl' } {
  const value = str(cl, 'recipients') ?? (cl.flags['no-maintainers'] ? 'none' : 'builtin');
  if (value !== 'builtin' && value !== 'perl' && value !== 'none') {
    throw new UsageError(`--recipients takes builtin, perl or none, not "${value}"`);
  }
  if (value !== 'none' && cl.flags['no-maintainers']) throw new UsageError(`--no-maintainers and --recipients ${value} contradict each other`);
  return { maintainers: value !== 'none', recipients: value === 'perl' ? 'perl' : 'builtin' };
}

function threadOption(cl: ParsedCommandLine): { inReplyTo: string | null } | null {
  const inReplyTo = str(cl, 'in-reply-to');
  if (inReplyTo === undefined) return cl.flags.thread ? { inReplyTo: null } : null;
  const id = normalizeMessageId(inReplyTo);
  if (!id) throw new UsageError(`--in-reply-to takes a message id like <id@host>, not "${inReplyTo}"`);
  return { inReplyTo: id };
}
