// scripts/checkpatch.pl --strict on one patch. ERROR and WARNING fail, CHECK is reported. A
// finding no correct patch to the file can avoid is reported as inherited, with what it is
// inherited from, and does not fail the patch: the file's own bytes that a byte-exact rewrite
// keeps (CRLF line ends, non-UTF-8 text), or the file's MAINTAINERS status (Obsolete: checkpatch
// asks for no unnecessary changes; a migration's port is a necessary one).
import fs from 'node:fs';
import path from 'node:path';
import { runAsync, type ChildProcess } from '../util/proc.js';
import { ToolMissingError, firstLineOf } from '../errors.js';

export interface CheckpatchFinding {
  level: 'ERROR' | 'WARNING' | 'CHECK';
  type: string;
  message: string;
  inherited: boolean;
  /** What an inherited finding comes from, in words ("the file's own bytes, kept byte for byte"). */
  inheritedFrom?: string;
}

export interface CheckpatchResult {
  ran: boolean;
  reason?: string;
  findings: CheckpatchFinding[];
  /** ERROR + WARNING findings that are not inherited. */
  failing: number;
}

const FROM_BYTES = "the file's own bytes, kept byte for byte";
const FROM_STATUS = "the file's MAINTAINERS status: a necessary change to an obsolete file warns the same";
/** Findings no correct patch to the file avoids, and what they come from. */
const INHERITED_FROM: Record<string, string> = {
  DOS_LINE_ENDINGS: FROM_BYTES,
  INVALID_UTF8: FROM_BYTES,
  UTF8_BEFORE_PATCH: FROM_BYTES,
  OBSOLETE: FROM_STATUS,
};

export function checkpatchScript(tree: string, scriptsFrom?: string): string | null {
  const script = path.join(scriptsFrom ?? tree, 'scripts', 'checkpatch.pl');
  return fs.existsSync(script) ? script : null;
}

/** One checkpatch.pl run's allowance, per patch it is given. */
const TIMEOUT_PER_PATCH_MS = 120_000;

/**
 * Runs checkpatch.pl on one patch without blocking, so that several run side by side. `onSpawn`
 * receives the child, so a caller can stop it.
 */
export async function runCheckpatch(tree: string, patchFile: string, scriptsFrom?: string, onSpawn?: (child: ChildProcess) => void): Promise<CheckpatchResult> {
  return (await runCheckpatchOn(tree, [patchFile], scriptsFrom, onSpawn))[0];
}

/**
 * checkpatch.pl on several patches in one run (as `checkpatch.pl *.patch`): perl and the script start
 * once, and the MAINTAINERS status it asks get_maintainer.pl for (a perl start and a read of
 * MAINTAINERS per file: most of its time) is asked once per file for all of them. Each finding
 * names its patch (--terse: "PATCH:LINE: LEVEL:TYPE: message"). A patch whose result one run cannot
 * tell apart (no findings while the run failed, or a line naming no patch) is run again alone: the
 * results are those of one run per patch.
 */
export async function runCheckpatchOn(tree: string, patchFiles: string[], scriptsFrom?: string, onSpawn?: (child: ChildProcess) => void): Promise<CheckpatchResult[]> {
  const script = checkpatchScript(tree, scriptsFrom);
  if (!script) return patchFiles.map(() => ({ ran: false, reason: `no scripts/checkpatch.pl in ${scriptsFrom ?? tree} (use --scripts-from KERNEL_TREE)`, findings: [], failing: 0 }));
  const root = path.dirname(path.dirname(script));
  let r;
  try {
    r = await runAsync('perl', [script, '--strict', '--show-types', '--no-summary', '--terse', `--root=${root}`, ...patchFiles], {
      cwd: root,
      timeout: TIMEOUT_PER_PATCH_MS * patchFiles.length,
      onSpawn,
    });
  } catch (e) {
    if (e instanceof ToolMissingError) return patchFiles.map(() => ({ ran: false, reason: 'perl is not installed: checkpatch.pl cannot run', findings: [], failing: 0 }));
    if (patchFiles.length > 1) return runEachAlone(tree, patchFiles, scriptsFrom, onSpawn);
    return [{ ran: false, reason: (e as Error).message, findings: [], failing: 0 }];
  }
  if (patchFiles.length === 1) return [readCheckpatchOutput(r.status, findingsOf(r.stdout.toString('utf8').split('\n')), r.stderr)];
  const byPatch = findingLinesByPatch(r.stdout.toString('utf8'), patchFiles);
  if (!byPatch) return runEachAlone(tree, patchFiles, scriptsFrom, onSpawn);
  const results = byPatch.map((lines) => readCheckpatchOutput(0, findingsOf(lines), r.stderr));
  if (r.status === 0) return results;
  // The run failed: a patch with findings explains that; one without may have been the failure.
  const unclear = patchFiles.filter((_, i) => results[i].findings.length === 0);
  const alone = await runEachAlone(tree, unclear, scriptsFrom, onSpawn);
  return results.map((result, i) => (result.findings.length === 0 ? alone[unclear.indexOf(patchFiles[i])] : result));
}

async function runEachAlone(tree: string, patchFiles: string[], scriptsFrom: string | undefined, onSpawn?: (child: ChildProcess) => void): Promise<CheckpatchResult[]> {
  const results: CheckpatchResult[] = [];
  for (const file of patchFiles) results.push(await runCheckpatch(tree, file, scriptsFrom, onSpawn));
  return results;
}

const FINDING = /:\s*(ERROR|WARNING|CHECK):([A-Z0-9_]+):\s*(.*)$/;

/** The finding lines of a run on several patches, by the patch they name; null if a line names none. */
function findingLinesByPatch(stdout: string, patchFiles: string[]): string[][] | null {
  const byPatch = patchFiles.map((): string[] => []);
  // The longest name first: one patch's path may begin another's.
  const names = patchFiles.map((file, i) => ({ prefix: `${file}:`, i })).sort((a, b) => b.prefix.length - a.prefix.length);
  for (const line of stdout.split('\n')) {
    if (!FINDING.test(line)) continue;
    const named = names.find((n) => line.startsWith(n.prefix));
    if (!named) return null;
    byPatch[named.i].push(line);
  }
  return byPatch;
}

/** The findings of checkpatch.pl's --terse --show-types output lines. */
function findingsOf(lines: string[]): CheckpatchFinding[] {
  const findings: CheckpatchFinding[] = [];
  for (const line of lines) {
    const m = FINDING.exec(line);
    if (!m) continue;
    const inheritedFrom = Object.hasOwn(INHERITED_FROM, m[2]) ? INHERITED_FROM[m[2]] : undefined;
    findings.push({ level: m[1] as CheckpatchFinding['level'], type: m[2], message: m[3], inherited: inheritedFrom !== undefined, ...(inheritedFrom ? { inheritedFrom } : {}) });
  }
  return findings;
}

function readCheckpatchOutput(status: number, findings: CheckpatchFinding[], stderr: string): CheckpatchResult {
  if (status !== 0 && findings.length === 0) return { ran: false, reason: `checkpatch.pl failed: ${firstLineOf(stderr)}`, findings, failing: 0 };
  return { ran: true, findings, failing: findings.filter((f) => f.level !== 'CHECK' && !f.inherited).length };
}
