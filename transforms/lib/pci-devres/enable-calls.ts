// The enable calls of a module: which devices it enables with pcim_enable_device() (managed) and
// which with pci_enable_device*() (never managed), with the evidence a plan shows.
import type { Evidence, ModuleFacts, UseFact } from '../../../src/sdk.js';
import { isEnableFunction, isManagedEnable } from './names.js';

export interface EnableCalls {
  managed: UseFact[];
  unmanaged: UseFact[];
}

/** Every compiled enable call of the module's collected facts (`#if 0` code enables nothing). */
export function moduleEnableCalls(facts: ModuleFacts): EnableCalls {
  const calls = facts.files
    .flatMap((f) => f.uses)
    .filter((u) => u.kind === 'call' && isEnableFunction(u.callee) && !u.conditions.some((c) => c.neverCompiled));
  return splitEnableCalls(calls);
}

export function splitEnableCalls(calls: UseFact[]): EnableCalls {
  return { managed: calls.filter((u) => isManagedEnable(u.callee)), unmanaged: calls.filter((u) => !isManagedEnable(u.callee)) };
}

/** Device expressions compare as text without whitespace, casts' spacing or redundant parentheses. */
export function deviceKey(expr: string | undefined): string {
  return (expr ?? '').replace(/\s+/g, '').replace(/^\((.*)\)$/, '$1').replace(/^&\((.*)\)$/, '&$1');
}

export function enableEvidence(use: UseFact, note?: string): Evidence {
  return { file: use.file, line: use.line, function: use.function, call: use.text, ...(note ? { note } : {}) };
}

/** `file:line in fn()`: where a call is, for a reason's text. */
export function whereIs(use: UseFact): string {
  return `${use.file}:${use.line}${use.function ? ` in ${use.function}()` : ''}`;
}

/** The managed enables noted as setting is_managed, then the others: the evidence of a decision. */
export function enableCallsEvidence(calls: EnableCalls): Evidence[] {
  return [...calls.managed.map((u) => enableEvidence(u, 'sets is_managed')), ...calls.unmanaged.map((u) => enableEvidence(u))];
}
