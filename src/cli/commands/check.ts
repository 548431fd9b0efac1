// `kcodemod check`: verify a written series against TREE; exit 1 on any failure.
import path from 'node:path';
import type { AnyTransform } from '../../transform.js';
import type { ParsedCommandLine } from '../args.js';
import { UsageError } from '../args.js';
import { resolveTree } from '../../pipeline.js';
import { checkSeries } from '../../check/check.js';
import { styleFor } from '../output.js';

export async function runCheck(transform: AnyTransform, cl: ParsedCommandLine): Promise<number> {
  const seriesDir = cl.flags.series as string | undefined;
  if (!seriesDir) throw new UsageError('check: --series DIR is required (the directory `kcodemod series` wrote)');
  const tree = resolveTree(cl.tree);
  const report = await checkSeries(transform, tree, path.resolve(seriesDir), { scriptsFrom: cl.flags['scripts-from'] as string | undefined });
  const style = styleFor(process.stdout, !!cl.flags['no-color']);
  const out: string[] = [`${style.bold('kcodemod check')} ${seriesDir} against ${tree}`, ''];
  for (const p of report.patches) {
    const cp = p.checkpatch;
    const count = (level: string, inherited = false) => cp.findings.filter((f) => f.level === level && f.inherited === inherited).length;
    const checkpatch = cp.ran
      ? `checkpatch ${count('ERROR')} errors, ${count('WARNING')} warnings, ${count('CHECK')} checks${cp.findings.some((f) => f.inherited) ? `, ${cp.findings.filter((f) => f.inherited).length} inherited from the file's bytes` : ''}`
      : `checkpatch not run: ${cp.reason}`;
    const applied = p.applied === null ? 'applies' : p.applied;
    const bad = p.applied !== null || cp.failing > 0 || p.exportProblems.length > 0;
    out.push(`${bad ? style.red('FAIL') : style.green('ok  ')} ${p.file}`);
    out.push(`     ${applied}; ${checkpatch}; exports ${p.exportProblems.length ? style.red(`${p.exportProblems.length} problem(s)`) : 'ok'}`);
    for (const f of cp.findings) out.push(style.dim(`     ${f.level}:${f.type}: ${f.message}${f.inherited ? ' (inherited: the file\'s own bytes, kept byte for byte)' : ''}`));
    for (const e of p.exportProblems) out.push(style.red(`     ${e}`));
  }
  out.push('');
  if (report.planState) {
    out.push(report.planLeft.length ? style.red(`plan after the series (core ${report.planState}): ${report.planLeft.length} site(s) left to port`) : `plan after the series (core ${report.planState}): nothing left to port`);
    for (const l of report.planLeft) out.push(`  ${l}`);
  }
  for (const n of report.notes) out.push(`note: ${n}`);
  const unchecked = report.patches.some((p) => !p.checkpatch.ran);
  out.push(report.ok ? style.green(unchecked ? 'check passed, without checkpatch.pl (see the note above)' : 'check passed') : style.red('check failed'));
  process.stdout.write(out.join('\n') + '\n');
  return report.ok ? 0 : 1;
}
