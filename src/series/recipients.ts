// To:/Cc: for a patch from the tree's scripts/get_maintainer.pl, run the way b4 does
// (ez.py get_auto_to_cc_cmds): maintainers in To:, reviewers and lists in Cc:.
import { existsSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { run, ToolMissingError, type RunResult } from '../util/proc.js';

const COMMON_OPTIONS = ['--nogit', '--nogit-fallback', '--nogit-chief-penguins', '--norolestats'];
const TO_OPTIONS = [...COMMON_OPTIONS, '--nol'];
const CC_OPTIONS = [...COMMON_OPTIONS, '--nom'];
const GET_MAINTAINER_TIMEOUT_MS = 60_000;

export type MaintainerRecipients =
  | { status: 'found'; to: string[]; cc: string[] }
  | { status: 'unavailable'; reason: string };

export interface MaintainerRecipientOptions {
  /** A kernel tree whose scripts/get_maintainer.pl to use instead of TREE's own. */
  scriptsFrom?: string;
}

/**
 * Runs get_maintainer.pl twice on `patchFile` (To: then Cc:) from the top of `tree`, where it reads
 * ./MAINTAINERS and checks that it stands in a kernel tree. Cc: leaves out what To: already has.
 * When perl, the script or MAINTAINERS is missing, or the script fails, says why instead.
 */
export function getMaintainerRecipients(
  tree: string,
  patchFile: string,
  options: MaintainerRecipientOptions = {},
): MaintainerRecipients {
  const script = join(resolve(options.scriptsFrom ?? tree), 'scripts', 'get_maintainer.pl');
  if (!existsSync(script)) return { status: 'unavailable', reason: `${script} does not exist` };
  if (!existsSync(join(tree, 'MAINTAINERS'))) return { status: 'unavailable', reason: `${tree} has no MAINTAINERS file` };
  const patchPath = isAbsolute(patchFile) ? patchFile : resolve(patchFile);
  try {
    const to = runGetMaintainer(tree, script, TO_OPTIONS, patchPath);
    const cc = runGetMaintainer(tree, script, CC_OPTIONS, patchPath);
    const inTo = new Set(to.map(addressKey));
    return { status: 'found', to, cc: cc.filter((entry) => !inTo.has(addressKey(entry))) };
  } catch (error) {
    if (error instanceof ToolMissingError || error instanceof GetMaintainerError) {
      return { status: 'unavailable', reason: error.message };
    }
    throw error;
  }
}

class GetMaintainerError extends Error {}

function runGetMaintainer(tree: string, script: string, options: string[], patchPath: string): string[] {
  let result: RunResult;
  try {
    result = run('perl', [script, ...options, patchPath], { cwd: tree, timeout: GET_MAINTAINER_TIMEOUT_MS });
  } catch (error) {
    if (error instanceof ToolMissingError) throw error;
    throw new GetMaintainerError(`get_maintainer.pl: ${(error as Error).message}`);
  }
  if (result.status !== 0) {
    const firstLine = result.stderr.split('\n').find((line) => line.trim() !== '') ?? `exit status ${result.status}`;
    throw new GetMaintainerError(`get_maintainer.pl failed: ${firstLine.trim()}`);
  }
  return result.stdout
    .toString('utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/** The address of "Name <address>" (or a bare address), lower-cased: what makes two entries the same. */
function addressKey(entry: string): string {
  const bracketed = /<([^>]+)>/.exec(entry);
  return (bracketed ? bracketed[1] : entry).trim().toLowerCase();
}

/** Every recipient of the lists once, in first-seen order (the same address counts once). */
export function unionRecipients(lists: string[][]): string[] {
  const seen = new Set<string>();
  const union: string[] = [];
  for (const list of lists) {
    for (const entry of list) {
      const key = addressKey(entry);
      if (seen.has(key)) continue;
      seen.add(key);
      union.push(entry);
    }
  }
  return union;
}

/** The cover letter's recipients: every patch's To: in To:, every other Cc: in Cc:. */
export function coverLetterRecipients(perPatch: Array<{ to: string[]; cc: string[] }>): { to: string[]; cc: string[] } {
  const to = unionRecipients(perPatch.map((r) => r.to));
  const inTo = new Set(to.map(addressKey));
  const cc = unionRecipients(perPatch.map((r) => r.cc)).filter((entry) => !inTo.has(addressKey(entry)));
  return { to, cc };
}

export interface SeriesRecipientPolicy {
  /** The merging tree's To/Cc (its MAINTAINERS section), null when the series names none. */
  merging: { to: string[]; cc: string[] } | null;
  /** Every mail to everyone (b4's default). */
  toAll: boolean;
}

/**
 * The series policy: each patch goes to its own recipients and to the merging tree's maintainers and
 * list; the cover letter to the union of all. With toAll every patch goes to the cover letter's recipients.
 * An address in To: is never repeated in Cc:.
 */
export function seriesRecipients(
  perPatch: Array<{ to: string[]; cc: string[] }>,
  policy: SeriesRecipientPolicy,
): { cover: { to: string[]; cc: string[] }; patches: Array<{ to: string[]; cc: string[] }> } {
  const withMerging = perPatch.map((own) => {
    if (!policy.merging) return own;
    const to = unionRecipients([own.to, policy.merging.to]);
    const inTo = new Set(to.map(addressKey));
    return { to, cc: unionRecipients([own.cc, policy.merging.cc]).filter((e) => !inTo.has(addressKey(e))) };
  });
  const cover = coverLetterRecipients(withMerging);
  return { cover, patches: policy.toAll ? withMerging.map(() => cover) : withMerging };
}
