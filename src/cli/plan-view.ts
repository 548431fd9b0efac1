// The plan as a readable table, in the transform's words: grouped by phase, then subsystem, one line
// a site (where, what, its class, what it becomes); with --verbose each site's reason and evidence.
import type { CallSite, Plan } from '../types.js';
import { NO_CORE_STATE } from '../types.js';
import type { ColorRole, Vocabulary } from '../vocabulary.js';
import { classesNeedingDecision } from '../vocabulary.js';
import type { Style } from './output.js';

const NEEDS_DECISION = 'needs review (left out of the series)';
const NOTHING_TO_DO = 'nothing to do';

export interface PlanViewOptions {
  vocabulary: Vocabulary;
  subsystemOf: (file: string) => string;
  verbose: boolean;
  /** Why a file is in its module: the Makefile line that lists it (`Makefile:12 x-objs += y.o`), or null. */
  kbuildListingOf?: (file: string) => string | null;
}

function paint(style: Style, role: ColorRole | undefined, text: string): string {
  if (role === 'change') return style.green(text);
  if (role === 'internal') return style.cyan(text);
  if (role === 'attention') return style.yellow(text);
  return text;
}

export function formatPlan(plan: Plan, style: Style, options: PlanViewOptions): string {
  const { vocabulary } = options;
  const out: string[] = [];
  out.push(`${style.bold(`kcodemod plan ${plan.transform}`)}  ${plan.tree}`);
  const state = vocabulary.coreStates?.find((s) => s.id === plan.core.state);
  // A transform that declares no core states has none to show.
  if (state || plan.core.state !== NO_CORE_STATE) {
    out.push(`core state: ${style.bold(plan.core.state)}: ${plan.core.summary}${state?.refusesSeries ? ' (no series on this state)' : ''}`);
    for (const e of plan.core.evidence) out.push(style.dim(`  ${e.file}:${e.line}  ${e.call}${e.note ? `  (${e.note})` : ''}`));
  }
  out.push('');

  const waiting = classesNeedingDecision(vocabulary);
  const groups = new Map<string, CallSite[]>();
  for (const site of plan.callSites) {
    const key = waiting.has(site.classification) ? NEEDS_DECISION : site.phase ?? NOTHING_TO_DO;
    groups.set(key, [...(groups.get(key) ?? []), site]);
  }
  const titles = new Map(vocabulary.phases.map((p) => [p.id, p.title]));
  const order = [...vocabulary.phases.map((p) => p.id), NEEDS_DECISION, NOTHING_TO_DO];
  for (const key of [...order, ...[...groups.keys()].filter((k) => !order.includes(k)).sort()]) {
    const sites = groups.get(key);
    if (!sites) continue;
    out.push(style.bold(`${titles.get(key) ?? key} (${sites.length})`));
    const bySubsystem = new Map<string, CallSite[]>();
    for (const s of sites) {
      const sub = options.subsystemOf(s.file);
      bySubsystem.set(sub, [...(bySubsystem.get(sub) ?? []), s]);
    }
    for (const [sub, list] of [...bySubsystem].sort(([a], [b]) => (a < b ? -1 : 1))) {
      out.push(`  ${style.cyan(sub)}`);
      for (const s of list) out.push(...formatSite(s, style, options));
    }
    out.push('');
  }
  out.push(formatSummary(plan, vocabulary));
  const c = plan.coverage;
  out.push(
    style.dim(
      `coverage: ${c.filesScanned} files searched (${c.discoverMethod}), ${c.filesParsed} parsed, ${c.parseErrors.length} with local parse errors (tree-sitter ERROR regions, common in kernel C; a site inside one is marked review), ${c.skipped.length} skipped` +
        (c.kbuildNotes.length ? `, ${c.kbuildNotes.length} Kbuild notes` : ''),
    ),
  );
  for (const s of c.skipped) out.push(style.dim(`  skipped ${s.file}: ${s.reason}`));
  for (const n of plan.notes) out.push(style.yellow(`note: ${n}`));
  if (!options.verbose && plan.callSites.length) out.push(style.dim('(-v/--verbose: each site with its reason and evidence)'));
  return out.join('\n') + '\n';
}

/** What the series does to a site, in a few words. */
function becomes(s: CallSite): string {
  if (s.action === 'rename' && s.replacement) return `-> ${s.replacement}()`;
  if (s.action === 'delete') return '-> statement deleted';
  return '(no change)';
}

function formatSite(s: CallSite, style: Style, options: PlanViewOptions): string[] {
  const declared = options.vocabulary.classifications.find((c) => c.id === s.classification);
  const tag = paint(style, declared?.color, declared?.label ?? s.classification);
  const lines = [`    ${s.file}:${s.line} ${s.function ?? '<file scope>'}: ${s.call}  [${tag}${s.needsReview ? style.yellow(', needs review') : ''}] ${becomes(s)}`];
  if (!options.verbose) return lines;
  lines.push(
    style.dim(
      `      module ${s.module}${s.driver ? `, driver ${s.driver}` : ''}${s.conditions.length ? `, under ${s.conditions.join(', ')}` : ''}${s.subjectPrefix ? `; subject prefix "${s.subjectPrefix}:" (from ${s.subjectPrefixSource})` : ''}`,
    ),
  );
  const listing = options.kbuildListingOf?.(s.file);
  if (listing) lines.push(style.dim(`      kbuild: ${listing}`));
  lines.push(`      ${s.reason}`);
  for (const e of s.evidence) lines.push(style.dim(`      evidence: ${e.file}:${e.line} ${e.function ?? ''}: ${e.call}${e.note ? ` (${e.note})` : ''}`));
  return lines;
}

/** "N call sites: 3 managed, 2 unmanaged, ...": one count per declared classification, in declared order. */
export function formatSummary(plan: Plan, vocabulary: Vocabulary): string {
  const count = (c: string) => plan.callSites.filter((s) => s.classification === c).length;
  const counts = vocabulary.classifications.map((c) => `${count(c.id)} ${c.label}`);
  const undeclared = [...new Set(plan.callSites.map((s) => s.classification))].filter((id) => !vocabulary.classifications.some((c) => c.id === id));
  for (const id of undeclared) counts.push(`${count(id)} ${id}`);
  const changes = plan.callSites.filter((s) => s.action !== 'none').length;
  return `${plan.callSites.length} call sites: ${counts.join(', ')}; ${changes} to rewrite, ${plan.callSites.filter((s) => s.needsReview).length} need review`;
}
