// `kcodemod audit`: list what a half-done migration left behind; exit 1 when anything is found.
import type { AnyTransform } from '../../transform.js';
import type { ParsedCommandLine } from '../args.js';
import { analyzeTree } from '../../pipeline.js';
import { factCacheSettings } from '../fact-cache-option.js';
import { Timings } from '../../util/timings.js';
import { progressReporter } from '../output.js';
import { printResult, type Printer } from '../printer.js';
import type { Plan } from '../../types.js';

type AuditResult = ReturnType<AnyTransform['audit']>;

export function auditPrinter(transform: AnyTransform): Printer<{ plan: Plan; result: AuditResult }> {
  const labels = new Map(transform.vocabulary.classifications.map((c) => [c.id, c.label]));
  return {
    text({ plan, result }, style) {
      const lines = [`${style.bold(`kcodemod audit ${plan.transform}`)}  ${plan.tree}`, `core state: ${style.bold(plan.core.state)}`, result.found ? style.red(result.summary) : result.summary];
      for (const s of result.callSites) {
        const becomes = s.action === 'rename' && s.replacement ? ` -> ${s.replacement}()` : s.action === 'delete' ? ' -> statement deleted' : '';
        lines.push(`  ${s.file}:${s.line} ${s.function ?? '<file scope>'}: ${s.call}  [${labels.get(s.classification) ?? s.classification}]${becomes}`);
        lines.push(style.dim(`    ${s.reason}`));
        for (const e of s.evidence) lines.push(style.dim(`    evidence: ${e.file}:${e.line} ${e.function ?? ''}: ${e.call}`));
      }
      return lines.join('\n');
    },
    json({ plan, result }) {
      return { transform: plan.transform, tree: plan.tree, core: plan.core, summary: result.summary, found: result.found, callSites: result.callSites };
    },
  };
}

export async function runAudit(transform: AnyTransform, cl: ParsedCommandLine): Promise<number> {
  const timings = new Timings();
  const progress = progressReporter(!cl.flags.json);
  const { plan } = await analyzeTree(transform, cl.tree, { forceScan: !!cl.flags.scan, progress: progress.update, timings, paths: cl.paths, cache: factCacheSettings(transform, cl) });
  progress.done();
  const result = transform.audit(plan);
  printResult(cl, auditPrinter(transform), { plan, result });
  if (cl.flags.timings) process.stderr.write(timings.format() + '\n');
  return result.found ? 1 : 0;
}
