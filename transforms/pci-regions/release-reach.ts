// Where a release in a managed driver runs. It may go when it runs only on probe's failure path or
// in .remove, or in functions reached only from those: devres releases the regions there anyway.
// Any other way in (.shutdown, a work item, PM ops, a function pointer, probe's success path, a
// path the analysis cannot follow) leaves it to a person, with the path that reaches it.
import type { Evidence, FunctionDef, ModuleCallGraph, UseFact } from '../../src/sdk.js';
import { failurePathOf, lineOf } from '../../src/sdk.js';
import type { ReleaseReach } from './classify.js';
import type { PciDriver } from '../lib/pci-devres/index.js';

type Role = 'probe' | 'remove';

interface Verdict {
  ok: boolean;
  /** Why, in words: the paths found, or the one that forbids deleting. */
  why: string;
  evidence: Evidence[];
}

const MAX_DEPTH = 12;

export class ReleaseReachability {
  constructor(
    private readonly graph: ModuleCallGraph,
    private readonly drivers: PciDriver[],
  ) {}

  judge(use: UseFact): ReleaseReach {
    const fn = this.graph.enclosing(use.file, use.start);
    if (!fn) return { deletable: false, reason: 'sits outside any function the module defines', evidence: [] };
    const v = this.at(fn, use.start, new Set(), 0);
    return { deletable: v.ok, reason: v.why, evidence: v.evidence };
  }

  /** The driver callback roles a function has, and its other uses as a value (which forbid deleting). */
  private roles(fn: FunctionDef): { roles: { role: Role; driver: PciDriver }[]; others: string[] } {
    const roles: { role: Role; driver: PciDriver }[] = [];
    const others: string[] = [];
    for (const use of this.graph.valueUsesOf(fn)) {
      const text = this.graph.parsed(use.file)?.text ?? '';
      const wired = this.drivers.flatMap((driver) => driver.callbacks.filter((cb) => cb.name === fn.name && cb.file === use.file && cb.line === use.line).map((cb) => ({ driver, field: cb.field })));
      const exported = /\bEXPORT_SYMBOL\w*\s*\(\s*$/.test(text.slice(Math.max(0, use.offset - 40), use.offset));
      const libraryRole = exported && this.drivers.length === 0 ? callbackShape(text, fn) : null;
      if (wired.length) {
        for (const { driver, field } of wired) {
          if (field === '.probe' || field === '.remove') roles.push({ role: field === '.probe' ? 'probe' : 'remove', driver });
          else others.push(`${field} = ${fn.name} of ${driver.variable} (${use.file}:${use.line})`);
        }
      } else if (libraryRole) {
        roles.push({ role: libraryRole, driver: { id: `${fn.file}::${fn.name}`, file: fn.file, variable: `the drivers that call ${fn.name}()`, line: fn.line, probe: libraryRole === 'probe' ? fn.name : null, callbacks: [] } });
      } else {
        others.push(`${fn.name} used as a value (${use.file}:${use.line})`);
      }
    }
    return { roles, others };
  }

  /** Whether the code at `offset` of `fn` runs only on probe's failure path or in .remove; `why` is said of that code. */
  private at(fn: FunctionDef, offset: number, seen: Set<FunctionDef>, depth: number): Verdict {
    if (seen.has(fn) || depth > MAX_DEPTH) return { ok: false, why: `runs in ${fn.name}(), whose callers go round in a cycle or too deep to follow`, evidence: [] };
    const inner = new Set(seen).add(fn);
    const { roles, others } = this.roles(fn);
    if (others.length) return { ok: false, why: `runs in ${fn.name}(), which is also reached through ${others.join(', ')}`, evidence: [] };
    const parsed = this.graph.parsed(fn.file);
    const path = parsed ? failurePathOf(parsed, offset) : { kind: 'unknown' as const, reason: 'the file cannot be parsed' };
    const verdicts: Verdict[] = [];
    for (const { role, driver } of roles) {
      const ev = callbackEvidence(role, fn, driver);
      if (role === 'remove') verdicts.push({ ok: true, why: `runs in ${fn.name}(), the .remove of ${driver.variable}`, evidence: [ev] });
      else if (path.kind === 'failure-only') verdicts.push({ ok: true, why: `runs only on the failure path of ${fn.name}(), the .probe of ${driver.variable} (${path.reason})`, evidence: [ev] });
      else verdicts.push({ ok: false, why: `runs in ${fn.name}(), the .probe of ${driver.variable}, ${path.kind === 'also-success' ? `on its success path too (${path.reason})` : `on a path the analysis cannot follow (${path.reason})`}`, evidence: [ev] });
    }
    const callers = this.graph.callersOf(fn);
    if (roles.length === 0 && callers.length === 0) return { ok: false, why: `runs in ${fn.name}(), which no function of the module calls and no driver names as a callback`, evidence: [] };
    for (const edge of callers) {
      const from = `${edge.caller.name}() (${edge.file}:${edge.line})`;
      if (path.kind === 'failure-only') {
        // A release on a helper's failure path runs when the helper fails, which its caller sees
        // as a failure: what matters then is only who reaches the helper.
        const v = this.reachedOnly(edge.caller, inner, depth + 1);
        verdicts.push({ ...v, why: `runs on the failure path of ${fn.name}(), which is called from ${from}, which ${v.why}` });
      } else {
        const v = this.at(edge.caller, edge.offset, inner, depth + 1);
        verdicts.push({ ...v, why: `runs in ${fn.name}(), which is called from ${from}, where the call ${v.why}` });
      }
    }
    const bad = verdicts.find((v) => !v.ok);
    return bad ?? { ok: true, why: verdicts.map((v) => v.why).join('; and '), evidence: verdicts.flatMap((v) => v.evidence) };
  }

  /** Whether every way into `fn` comes from a .probe or .remove of the drivers; `why` is said of `fn`. */
  private reachedOnly(fn: FunctionDef, seen: Set<FunctionDef>, depth: number): Verdict {
    if (seen.has(fn) || depth > MAX_DEPTH) return { ok: false, why: 'has callers that go round in a cycle or too deep to follow', evidence: [] };
    const inner = new Set(seen).add(fn);
    const { roles, others } = this.roles(fn);
    if (others.length) return { ok: false, why: `is also reached through ${others.join(', ')}`, evidence: [] };
    const verdicts: Verdict[] = roles.map(({ role, driver }) => ({ ok: true, why: `is the .${role} of ${driver.variable}`, evidence: [callbackEvidence(role, fn, driver)] }));
    const callers = this.graph.callersOf(fn);
    if (roles.length === 0 && callers.length === 0) return { ok: false, why: 'is called by no function of the module and named by no driver', evidence: [] };
    for (const edge of callers) {
      const v = this.reachedOnly(edge.caller, inner, depth + 1);
      verdicts.push({ ...v, why: `is called from ${edge.caller.name}() (${edge.file}:${edge.line}), which ${v.why}` });
    }
    const bad = verdicts.find((v) => !v.ok);
    return bad ?? { ok: true, why: verdicts.map((v) => v.why).join(' and '), evidence: verdicts.flatMap((v) => v.evidence) };
  }
}

function callbackEvidence(role: Role, fn: FunctionDef, driver: PciDriver): Evidence {
  return { file: driver.file, line: driver.line, function: null, call: `.${role} = ${fn.name}`, note: driver.id };
}

/**
 * A library module (no struct pci_driver of its own) exports its drivers' callbacks: a function
 * shaped like .probe (pdev and the matched id, returning int), or like .remove (void, pdev only,
 * named as a remove), is what the drivers that call it use as that callback.
 */
function callbackShape(text: string, fn: FunctionDef): Role | null {
  const header = text.slice(fn.start, text.indexOf('{', fn.start)).replace(/\s+/g, ' ');
  if (/^(?:static )?int \w+\(struct pci_dev \*\w+, const struct pci_device_id \*\w+\)/.test(header)) return 'probe';
  if (/^(?:static )?void \w*remove\w*\(struct pci_dev \*\w+\)/.test(header)) return 'remove';
  return null;
}
