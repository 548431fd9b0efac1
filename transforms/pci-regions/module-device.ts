// How a module enables its PCI device: the rule that decides a driver's sites until the shared
// per-driver attribution of transforms/lib/pci-devres is used. pcim_enable_device() sets
// is_managed, and only detach clears it, so one such call makes the module's device managed.
import type { Evidence, ModuleFacts, UseFact } from '../../src/sdk.js';
import { MANAGED_ENABLE, UNMANAGED_ENABLE } from '../pci-intx/names.js';

export interface DeviceDecision {
  kind: 'managed' | 'unmanaged' | null;
  reason: string;
  evidence: Evidence[];
}

function evidenceOf(use: UseFact, note?: string): Evidence {
  return { file: use.file, line: use.line, function: use.function, call: use.text, ...(note ? { note } : {}) };
}

export function where(use: Pick<UseFact, 'file' | 'line' | 'function'>): string {
  return `${use.function ? `${use.function}(), ` : ''}${use.file}:${use.line}`;
}

/** The enable calls of a module that are compiled (labels and `#if 0` bodies are not calls). */
export function enableCallsOf(facts: ModuleFacts): UseFact[] {
  return facts.files
    .flatMap((f) => f.uses)
    .filter((u) => u.kind === 'call' && !u.macro && (MANAGED_ENABLE.includes(u.callee) || UNMANAGED_ENABLE.includes(u.callee)) && !u.conditions.some((c) => c.neverCompiled));
}

export function moduleDevice(facts: ModuleFacts): DeviceDecision {
  const calls = enableCallsOf(facts);
  const managed = calls.filter((u) => MANAGED_ENABLE.includes(u.callee));
  const unmanaged = calls.filter((u) => UNMANAGED_ENABLE.includes(u.callee));
  const id = facts.module.id;
  if (managed.length) {
    const also = unmanaged.length ? `; ${unmanaged[0].callee}() (${where(unmanaged[0])}) does not clear is_managed` : '';
    return {
      kind: 'managed',
      reason: `module ${id} enables the device with pcim_enable_device() (${where(managed[0])})${also}`,
      evidence: [...managed.map((u) => evidenceOf(u, 'sets is_managed')), ...unmanaged.map((u) => evidenceOf(u))],
    };
  }
  if (unmanaged.length) {
    const kinds = [...new Set(unmanaged.map((u) => `${u.callee}()`))].join(', ');
    return { kind: 'unmanaged', reason: `module ${id} enables the device only with ${kinds} (${where(unmanaged[0])}), never pcim_enable_device()`, evidence: unmanaged.map((u) => evidenceOf(u)) };
  }
  return { kind: null, reason: `module ${id} enables no PCI device (no pci_enable_device*() or pcim_enable_device() call): the device is enabled elsewhere, so whether it is managed depends on that code`, evidence: [] };
}
