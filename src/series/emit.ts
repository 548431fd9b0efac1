// Turns a series model into the files `git format-patch --cover-letter -n` would write: real
// commit ids from a temporary index in a git tree, To/Cc from get_maintainer.pl, base-commit.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SeriesModel } from './model.js';
import { renderSeries, type RenderedFile, type RenderOptions } from '../render/format-patch.js';
import { createSeriesCommits } from '../render/commits.js';
import { gitDiffDrivers } from '../render/diff-drivers.js';
import { getMaintainerRecipients, coverLetterRecipients, seriesRecipients } from './recipients.js';
import { builtinRecipients } from './get-maintainer.js';
import { parseMaintainers } from './maintainers.js';
import { seriesMessageIds } from './message-ids.js';
import { dirtyFiles, gitRefusesRepository, gitTreeStatus, headCommit } from '../util/git.js';
import { Interrupted } from '../errors.js';

export interface EmitOptions {
  tree: string;
  author: string;
  date: Date;
  subjectPrefix: string;
  version: number | null;
  maintainers: boolean;
  /** Where per-patch To/Cc come from when `maintainers` is on: MAINTAINERS read here, or get_maintainer.pl. */
  recipients?: 'builtin' | 'perl';
  /** The MAINTAINERS section (title) of the tree the series is merged through: on every mail. */
  mergingSection?: string;
  /** Every mail to every recipient of the series (b4's default) instead of each patch to its own. */
  toAll?: boolean;
  /** --thread: Message-ID on every mail, the patches answering the cover letter; inReplyTo: --in-reply-to. */
  thread?: { inReplyTo: string | null };
  scriptsFrom?: string;
  /** Fixed signature for reproducible output in tests; default the running git's version. */
  signature?: string;
  /** The files the analysis read: only their state decides whether base-commit holds. */
  inputs?: string[];
  /** After the files are rendered once: text for the cover letter after its diffstat (range-diff). */
  coverAppendix?: (files: RenderedFile[]) => string | null;
}

export interface EmitResult {
  files: RenderedFile[];
  warnings: string[];
  baseCommit: string | null;
}

export function emitSeries(model: SeriesModel, options: EmitOptions): EmitResult {
  const warnings: string[] = [];
  // Without git (or outside a repository) the series is still written, with zero commit ids.
  let inGit = false;
  try {
    const status = gitTreeStatus(options.tree);
    inGit = status.kind === 'top-level';
    // A repository git refuses (dubious ownership, unreadable .git) is not silently "no git".
    if (status.kind === 'none' && gitRefusesRepository(status.reason)) warnings.push(`git refuses the tree (${status.reason}): no commit ids and no base-commit`);
  } catch (e) {
    if (e instanceof Interrupted) throw e;
    warnings.push(`${(e as Error).message}: no commit ids and no base-commit`);
  }
  let baseCommit: string | null = null;
  let commitIds: string[] | null = null;
  let diffDriver: ((p: string) => string | null) | undefined;
  if (inGit) {
    const dirty = dirtyFiles(options.tree, options.inputs);
    const head = headCommit(options.tree);
    if (dirty.length) {
      warnings.push(`the tree has uncommitted changes (${dirty.slice(0, 3).join(', ')}${dirty.length > 3 ? ', ...' : ''}): the series reflects the working tree and has no base-commit`);
    } else {
      baseCommit = head;
    }
    if (head) {
      try {
        commitIds = createSeriesCommits(options.tree, model, { author: options.author, date: options.date });
      } catch (e) {
        if (e instanceof Interrupted) throw e;
        warnings.push(`no commit ids (${(e as Error).message}): the From lines carry zeros`);
      }
    }
    const drivers = gitDiffDrivers(options.tree, [...new Set(model.patches.flatMap((p) => p.changes.map((c) => c.path)))]);
    diffDriver = (p) => drivers.get(p) ?? null;
  }
  const base: RenderOptions = {
    author: options.author,
    date: options.date,
    subjectPrefix: options.subjectPrefix,
    version: options.version,
    baseCommit,
    commitIds,
    to: null,
    cc: null,
    numbered: true,
    diffDriver,
    ...(options.signature ? { signature: options.signature } : {}),
  };
  let files = renderSeries(model, base);
  const appendix = options.coverAppendix?.(files) ?? null;
  if (appendix) {
    base.coverAppendix = appendix;
    files = renderSeries(model, base);
  }
  let final = base;
  if (options.maintainers) {
    const recipients = maintainersFor(files, options, warnings);
    if (recipients) {
      // The owning subsystem's maintainers lead To: (the final patch also touches driver files,
      // whose maintainers get_maintainer.pl may list first).
      recipients.to = recipients.to.map((list, i) => (i === 0 ? list : ownersFirst(list, model.patches[i - 1].acksFrom)));
      final = { ...base, ...recipients };
      files = renderSeries(model, final);
    }
  }
  if (options.thread) {
    const sender = /<([^>]+)>/.exec(options.author)?.[1] ?? options.author;
    files = renderSeries(model, { ...final, thread: { messageIds: seriesMessageIds(files, sender, options.date), inReplyTo: options.thread.inReplyTo } });
  }
  return { files, warnings, baseCommit };
}

/** To/Cc per patch (get_maintainer.pl's rules, as b4 runs it), then the series policy of seriesRecipients. */
function maintainersFor(files: RenderedFile[], options: EmitOptions, warnings: string[]): { to: string[][]; cc: string[][] } | null {
  let index;
  try {
    index = parseMaintainers(fs.readFileSync(path.join(options.tree, 'MAINTAINERS')));
  } catch (e) {
    warnings.push(`no To/Cc: ${options.tree} has no readable MAINTAINERS (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); use --recipients none to skip`);
    return null;
  }
  const builtin = builtinRecipients(options.tree, index);
  const perPatch = options.recipients === 'perl' ? perlRecipients(files, options, warnings) : files.slice(1).map((f) => builtin.recipientsFor(f.bytes.toString('utf8')));
  if (!perPatch) return null;
  let merging: { to: string[]; cc: string[] } | null = null;
  if (options.mergingSection) {
    merging = builtin.sectionRecipients(options.mergingSection);
    if (!merging) warnings.push(`MAINTAINERS has no section "${options.mergingSection}": the series' merging tree is on no mail`);
  }
  const policy = seriesRecipients(perPatch, { merging, toAll: !!options.toAll });
  return { to: [policy.cover.to, ...policy.patches.map((p) => p.to)], cc: [policy.cover.cc, ...policy.patches.map((p) => p.cc)] };
}

/** get_maintainer.pl per patch, run from TREE (or --scripts-from) as b4 runs it. */
function perlRecipients(files: RenderedFile[], options: EmitOptions, warnings: string[]): { to: string[]; cc: string[] }[] | null {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kcodemod-maint-'));
  try {
    const perPatch: { to: string[]; cc: string[] }[] = [];
    for (const f of files.slice(1)) {
      const file = path.join(tmp, 'patch');
      fs.writeFileSync(file, f.bytes);
      const r = getMaintainerRecipients(options.tree, file, { scriptsFrom: options.scriptsFrom });
      if (r.status !== 'found') {
        warnings.push(`no To/Cc: ${r.reason} (use --recipients builtin or none, or --scripts-from KERNEL_TREE)`);
        return null;
      }
      perPatch.push({ to: r.to, cc: r.cc });
    }
    return perPatch;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

function emailOf(address: string): string {
  return (/<([^>]+)>/.exec(address)?.[1] ?? address).toLowerCase();
}

/** Stable reorder: addresses in `owners` first, in owners' order; the rest as they were. */
function ownersFirst(list: string[], owners: string[]): string[] {
  const rank = new Map(owners.map((o, i) => [emailOf(o), i]));
  return list
    .map((address, i) => ({ address, i, r: rank.get(emailOf(address)) ?? owners.length }))
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .map((x) => x.address);
}
