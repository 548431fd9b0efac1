// The plan as a readable table: grouped by phase, then subsystem, each site with its decision,
// reason and the evidence that decided it.
import type { CallSite, Plan } from '../types.js';
import type { Style } from './output.js';

const PHASE_TITLES: Record<string, string> = {
  'never-managed': 'never-managed ports',
  msi: 'MSI core',
  'always-managed': 'always-managed ports',
};

export function formatPlan(plan: Plan, style: Style, subsystemOf: (file: string) => string): string {
  const out: string[] = [];
  out.push(`${style.bold(`kcodemod plan ${plan.transform}`)}  ${plan.tree}`);
  out.push(`core state: ${style.bold(plan.core.state)}: ${plan.core.summary}`);
  for (const e of plan.core.evidence) out.push(style.dim(`  ${e.file}:${e.line}  ${e.call}${e.note ? `  (${e.note})` : ''}`));
  out.push('');

  const groups = new Map<string, CallSite[]>();
  for (const site of plan.callSites) {
    const key = site.classification === 'review' ? 'review' : site.phase ?? 'nothing to do';
    groups.set(key, [...(groups.get(key) ?? []), site]);
  }
  const order = ['never-managed', 'msi', 'always-managed', 'review', 'nothing to do'];
  for (const key of [...order, ...[...groups.keys()].filter((k) => !order.includes(k))]) {
    const sites = groups.get(key);
    if (!sites) continue;
    const title = key === 'review' ? 'needs review (left out of the series)' : PHASE_TITLES[key] ?? key;
    out.push(style.bold(`${title} (${sites.length})`));
    const bySubsystem = new Map<string, CallSite[]>();
    for (const s of sites) {
      const sub = subsystemOf(s.file);
      bySubsystem.set(sub, [...(bySubsystem.get(sub) ?? []), s]);
    }
    for (const [sub, list] of [...bySubsystem].sort(([a], [b]) => (a < b ? -1 : 1))) {
      out.push(`  ${style.cyan(sub)}`);
      for (const s of list) out.push(...formatSite(s, style));
    }
    out.push('');
  }
  out.push(formatSummary(plan));
  const c = plan.coverage;
  out.push(
    style.dim(
      `coverage: ${c.filesScanned} files searched (${c.discoverMethod}), ${c.filesParsed} parsed, ${c.parseErrors.length} with local parse errors (tree-sitter ERROR regions, common in kernel C; a site inside one is marked review), ${c.skipped.length} skipped` +
        (c.kbuildNotes.length ? `, ${c.kbuildNotes.length} Kbuild notes` : ''),
    ),
  );
  for (const s of c.skipped) out.push(style.dim(`  skipped ${s.file}: ${s.reason}`));
  for (const n of plan.notes) out.push(style.yellow(`note: ${n}`));
  return out.join('\n') + '\n';
}

function formatSite(s: CallSite, style: Style): string[] {
  const tag =
    s.classification === 'review' ? style.yellow('review') : s.classification === 'managed' ? style.green('managed') : s.classification === 'core' ? style.cyan('core') : 'unmanaged';
  const arrow = s.replacement ? ` -> ${s.replacement}()` : ' (no change)';
  const lines = [
    `    ${s.file}:${s.line} ${s.function ?? '<file scope>'}: ${s.call}  [${tag}${s.needsReview ? style.yellow(', needs review') : ''}]${arrow}`,
    style.dim(
      `      module ${s.module}${s.conditions.length ? `, under ${s.conditions.join(', ')}` : ''}${s.subjectPrefix ? `; subject prefix "${s.subjectPrefix}:" (from ${s.subjectPrefixSource})` : ''}`,
    ),
    `      ${s.reason}`,
  ];
  for (const e of s.evidence) lines.push(style.dim(`      evidence: ${e.file}:${e.line} ${e.function ?? ''}: ${e.call}${e.note ? ` (${e.note})` : ''}`));
  return lines;
}

export function formatSummary(plan: Plan): string {
  const count = (c: string) => plan.callSites.filter((s) => s.classification === c).length;
  const changes = plan.callSites.filter((s) => s.replacement && s.replacement !== s.callee).length;
  return `${plan.callSites.length} call sites: ${count('managed')} managed, ${count('unmanaged')} unmanaged, ${count('core')} core, ${count('review')} review; ${changes} to rewrite, ${plan.callSites.filter((s) => s.needsReview).length} need review`;
}
