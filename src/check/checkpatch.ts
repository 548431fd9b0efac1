// scripts/checkpatch.pl --strict on one patch. ERROR and WARNING fail, CHECK is reported. A
// finding no correct patch to the file can avoid is reported as inherited, with what it is
// inherited from, and does not fail the patch: the file's own bytes that a byte-exact rewrite
// keeps (CRLF line ends, non-UTF-8 text), or the file's MAINTAINERS status (Obsolete: checkpatch
// asks for no unnecessary changes; a migration's port is a necessary one).
import fs from 'node:fs';
import path from 'node:path';
import { run } from '../util/proc.js';
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

export function runCheckpatch(tree: string, patchFile: string, scriptsFrom?: string): CheckpatchResult {
  const script = checkpatchScript(tree, scriptsFrom);
  if (!script) return { ran: false, reason: `no scripts/checkpatch.pl in ${scriptsFrom ?? tree} (use --scripts-from KERNEL_TREE)`, findings: [], failing: 0 };
  const root = path.dirname(path.dirname(script));
  let r;
  try {
    r = run('perl', [script, '--strict', '--show-types', '--no-summary', '--terse', `--root=${root}`, patchFile], { cwd: root, timeout: 120_000 });
  } catch (e) {
    if (e instanceof ToolMissingError) return { ran: false, reason: 'perl is not installed: checkpatch.pl cannot run', findings: [], failing: 0 };
    return { ran: false, reason: (e as Error).message, findings: [], failing: 0 };
  }
  const findings: CheckpatchFinding[] = [];
  for (const line of r.stdout.toString('utf8').split('\n')) {
    const m = /:\s*(ERROR|WARNING|CHECK):([A-Z0-9_]+):\s*(.*)$/.exec(line);
    if (!m) continue;
    const inheritedFrom = Object.hasOwn(INHERITED_FROM, m[2]) ? INHERITED_FROM[m[2]] : undefined;
    findings.push({ level: m[1] as CheckpatchFinding['level'], type: m[2], message: m[3], inherited: inheritedFrom !== undefined, ...(inheritedFrom ? { inheritedFrom } : {}) });
  }
  if (r.status !== 0 && findings.length === 0) return { ran: false, reason: `checkpatch.pl failed: ${firstLineOf(r.stderr)}`, findings, failing: 0 };
  return { ran: true, findings, failing: findings.filter((f) => f.level !== 'CHECK' && !f.inherited).length };
}
