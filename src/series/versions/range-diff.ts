// `git range-diff` between the earlier version and the new one, for the cover letter.
import fs from 'node:fs';
import path from 'node:path';
import type { RenderedFile } from '../../render/format-patch.js';
import { git, firstLine, headCommit, isGitTopLevel, type GitOptions } from '../../util/git.js';
import { ToolMissingError } from '../../util/proc.js';
import { makeRunTempDir } from '../../util/temp-dirs.js';
import { COVER_LETTER } from './file-names.js';
import type { PreviousSeries } from './previous-series.js';

export type RangeDiffResult = { text: string; reason?: undefined } | { text: null; reason: string };

/** Thrown inside rangeDiff for a reason the caller reports instead of a range-diff. */
class NoRangeDiff extends Error {}

interface Mail {
  name: string;
  bytes: Buffer;
}

/** The title git format-patch gives the section: "Range-diff against v1:". */
export function rangeDiffTitle(previousVersion: number): string {
  return `Range-diff against v${previousVersion}:`;
}

/** Runs one git step of the range-diff; a failure (exit status, timeout) becomes the reason, naming the step. */
function gitStep(dir: string, args: string[], what: string, options: GitOptions = {}): Buffer {
  let result;
  try {
    result = git(dir, args, options);
  } catch (error) {
    if (error instanceof ToolMissingError) throw error;
    throw new NoRangeDiff(`${what}: ${(error as Error).message}`);
  }
  if (result.status !== 0) throw new NoRangeDiff(`${what}: ${firstLine(result.stderr, result.status)}`);
  return result.stdout;
}

/**
 * `git range-diff` between the earlier series and the new one. Both are committed on their base
 * (the cover letter's base-commit when the repository has it, else HEAD) inside a temporary bare
 * repository that borrows the tree's objects (alternates): the tree's refs, index, work tree and
 * object store are never written. The commits are the ones the mails' "From <sha>" lines name.
 * Returns the reason instead when that cannot be done (no git, not a git tree, a patch that does
 * not apply).
 */
export function rangeDiff(tree: string, previous: PreviousSeries, currentFiles: RenderedFile[]): RangeDiffResult {
  let scratch: string | null = null;
  let forgetScratch = () => {};
  try {
    if (!isGitTopLevel(tree)) return { text: null, reason: `${tree} is not the top level of a git repository` };
    const head = headCommit(tree);
    if (!head) return { text: null, reason: `${tree} has no commit to put the series on` };
    const objects = path.resolve(tree, gitStep(tree, ['rev-parse', '--git-path', 'objects'], 'cannot find the object store').toString('utf8').trim());
    ({ dir: scratch, forget: forgetScratch } = makeRunTempDir('kcodemod-range-diff-'));
    const repo = path.join(scratch, 'repo.git');
    gitStep(scratch, ['init', '--quiet', '--bare', repo], 'cannot create a scratch repository');
    fs.writeFileSync(path.join(repo, 'objects', 'info', 'alternates'), objects + '\n');

    const currentMails = currentFiles.filter((f) => !COVER_LETTER.test(f.name));
    const currentCover = currentFiles.find((f) => COVER_LETTER.test(f.name));
    const currentBase = currentCover ? /^base-commit: ([0-9a-f]{40,64})$/m.exec(currentCover.bytes.toString('utf8'))?.[1] ?? null : null;
    const baseOf = (commit: string | null) => (commit && git(repo, ['cat-file', '-e', `${commit}^{commit}`]).status === 0 ? commit : head);
    const previousBase = baseOf(previous.cover.baseCommit);
    const newBase = baseOf(currentBase);

    const stream: Buffer[] = [];
    let mark = 0;
    const commitSeries = (ref: string, base: string, mails: Mail[], label: string) =>
      appendSeriesCommits({ repo, scratch: scratch!, ref, base, mails, label, stream, nextMark: () => ++mark });
    commitSeries('refs/heads/previous', previousBase, previous.patches.map((p) => ({ name: p.file, bytes: p.mail })), `v${previous.version}`);
    commitSeries('refs/heads/current', newBase, currentMails, 'the new version');
    stream.push(Buffer.from('done\n'));
    gitStep(repo, ['fast-import', '--quiet', '--done'], 'git fast-import failed', { input: Buffer.concat(stream) });
    const text = gitStep(repo, ['range-diff', '--no-color', `${previousBase}..refs/heads/previous`, `${newBase}..refs/heads/current`], 'git range-diff failed');
    return { text: text.toString('utf8') };
  } catch (error) {
    if (error instanceof NoRangeDiff || error instanceof ToolMissingError) return { text: null, reason: error.message };
    throw error;
  } finally {
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
    forgetScratch();
  }
}

interface SeriesCommitsInput {
  repo: string;
  scratch: string;
  ref: string;
  base: string;
  mails: Mail[];
  label: string;
  stream: Buffer[];
  nextMark: () => number;
}

/**
 * Applies the mails one by one to an index holding only the files they touch (`git apply
 * --cached`: no work tree, no index of the whole tree), and adds one fast-import commit per mail
 * on top of `base` with the resulting blobs and the mail's message, author and date.
 */
function appendSeriesCommits(input: SeriesCommitsInput): void {
  const { repo, scratch, mails, label, stream } = input;
  const env = { GIT_INDEX_FILE: path.join(scratch, `index-${input.ref.replace(/\W/g, '-')}`), GIT_LITERAL_PATHSPECS: '1' };
  const text = (s: string) => stream.push(Buffer.from(s, 'utf8'));
  const data = (bytes: Buffer) => {
    text(`data ${bytes.length}\n`);
    stream.push(bytes, Buffer.from('\n'));
  };

  const pathsOf = mails.map((mail) => {
    const numstat = gitStep(repo, ['apply', '--numstat', '-z'], `${label} ${mail.name} is not a patch git can read`, { input: mail.bytes, env });
    // "added\tdeleted\tpath\0" per file (renames, which kcodemod never writes, take two more fields).
    return numstat.toString('utf8').split('\0').filter(Boolean).map((record) => record.split('\t')[2]).filter(Boolean);
  });
  const allPaths = [...new Set(pathsOf.flat())];
  const baseEntries = gitStep(repo, ['ls-tree', '-z', input.base, '--', ...allPaths], `cannot read ${input.base}`, { env });
  gitStep(repo, ['update-index', '-z', '--index-info'], 'cannot build a temporary index', { input: baseEntries, env });

  let parent = input.base;
  mails.forEach((mail, i) => {
    const msgFile = path.join(scratch, 'msg');
    const patchFile = path.join(scratch, 'patch');
    const info = gitStep(repo, ['mailinfo', msgFile, patchFile], `${label} ${mail.name} is not a mail git can read`, { input: mail.bytes });
    const fields = new Map([...info.toString('utf8').matchAll(/^(\w+): (.*)$/gm)].map((m) => [m[1], m[2]]));
    gitStep(repo, ['apply', '--cached', '--whitespace=nowarn', patchFile], `${label} ${mail.name} does not apply to ${input.base.slice(0, 12)}`, { env });
    const listing = gitStep(repo, ['ls-files', '-s', '-z', '--', ...pathsOf[i]], 'cannot read the temporary index', { env });
    const now = new Map<string, { mode: string; id: string }>();
    for (const record of listing.toString('utf8').split('\0')) {
      const m = /^(\d+) ([0-9a-f]+) \d\t([\s\S]*)$/.exec(record);
      if (m) now.set(m[3], { mode: m[1], id: m[2] });
    }
    const seconds = Math.floor((Date.parse(fields.get('Date') ?? '') || 0) / 1000);
    const who = `${fields.get('Author') || 'kcodemod'} <${fields.get('Email') ?? ''}> ${seconds} +0000`;
    const message = `${fields.get('Subject') ?? ''}\n\n${fs.readFileSync(msgFile, 'utf8')}`;
    const commitMark = input.nextMark();
    text(`commit ${input.ref}\nmark :${commitMark}\nauthor ${who}\ncommitter ${who}\n`);
    data(Buffer.from(message, 'utf8'));
    text(`from ${parent}\n`);
    for (const p of pathsOf[i]) {
      const entry = now.get(p);
      text(entry ? `M ${entry.mode} ${entry.id} ${fastImportPath(p)}\n` : `D ${fastImportPath(p)}\n`);
    }
    text('\n');
    parent = `:${commitMark}`;
  });
}

/** fast-import takes a path as it is unless it needs C-style quoting (quotes, newlines, leading "). */
function fastImportPath(p: string): string {
  if (!/["\\\n]/.test(p) && !p.startsWith('"')) return p;
  return `"${p.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}
