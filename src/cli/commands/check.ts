// `kcodemod check`: verify a written series against TREE; exit 1 on any failure.
import path from 'node:path';
import type { AnyTransform } from '../../transform.js';
import type { ParsedCommandLine } from '../args.js';
import { EXIT, UsageError } from '../../errors.js';
import { resolveTree } from '../../pipeline.js';
import { checkSeries, type CheckReport, type PatchCheck } from '../../check/check.js';
import { factCacheSettings } from '../fact-cache-option.js';
import { printResult, type Printer } from '../printer.js';

export interface CheckOutcome {
  transform: string;
  tree: string;
  seriesDir: string;
  report: CheckReport;
}

function count(p: PatchCheck, level: string, inherited = false): number {
  return p.checkpatch.findings.filter((f) => f.level === level && f.inherited === inherited).length;
}

function patchFailed(p: PatchCheck): boolean {
  return p.applied !== null || p.checkpatch.failing > 0 || p.exportProblems.length > 0;
}

export const checkPrinter: Printer<CheckOutcome> = {
  text({ tree, seriesDir, report }, style) {
    const out: string[] = [`${style.bold('kcodemod check')} ${seriesDir} against ${tree}`, ''];
    for (const p of report.patches) {
      const cp = p.checkpatch;
      const inherited = cp.findings.filter((f) => f.inherited).length;
      const checkpatch = cp.ran
        ? `checkpatch ${count(p, 'ERROR')} errors, ${count(p, 'WARNING')} warnings, ${count(p, 'CHECK')} checks${inherited ? `, ${inherited} inherited from the file` : ''}`
        : `checkpatch not run: ${cp.reason}`;
      out.push(`${patchFailed(p) ? style.red('FAIL') : style.green('ok  ')} ${p.file}`);
      out.push(`     ${p.applied === null ? 'applies' : p.applied}; ${checkpatch}; exports ${p.exportProblems.length ? style.red(`${p.exportProblems.length} problem(s)`) : 'ok'}`);
      for (const f of cp.findings) out.push(style.dim(`     ${f.level}:${f.type}: ${f.message}${f.inherited ? ` (inherited: ${f.inheritedFrom ?? 'the file'})` : ''}`));
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
    return out.join('\n');
  },
  json({ transform, tree, seriesDir, report }) {
    return {
      transform,
      tree,
      series: seriesDir,
      ok: report.ok,
      patches: report.patches.map((p) => ({
        file: p.file,
        subject: p.subject,
        ok: !patchFailed(p),
        gitAm: { ok: p.applied === null, error: p.applied },
        checkpatch: {
          ran: p.checkpatch.ran,
          reason: p.checkpatch.reason ?? null,
          errors: count(p, 'ERROR'),
          warnings: count(p, 'WARNING'),
          checks: count(p, 'CHECK'),
          inherited: p.checkpatch.findings.filter((f) => f.inherited).length,
          findings: p.checkpatch.findings,
        },
        exports: { ok: p.exportProblems.length === 0, problems: p.exportProblems },
      })),
      planAfter: report.planState === null ? null : { coreState: report.planState, left: report.planLeft },
      notes: report.notes,
    };
  },
};

export async function runCheck(transform: AnyTransform, cl: ParsedCommandLine): Promise<number> {
  const seriesDir = cl.flags.series as string | undefined;
  if (!seriesDir) throw new UsageError('check: --series DIR is required (the directory `kcodemod series` wrote)');
  const tree = resolveTree(cl.tree);
  const report = await checkSeries(transform, tree, path.resolve(seriesDir), { scriptsFrom: cl.flags['scripts-from'] as string | undefined, cache: factCacheSettings(transform, cl) });
  printResult(cl, checkPrinter, { transform: transform.name, tree, seriesDir, report });
  return report.ok ? EXIT.done : EXIT.failed;
}
