// How a set of enable calls decides whether the device of one call site is managed: one kind of
// enable decides alone; both kinds are decided by the device expression.
import type { Evidence, UseFact } from '../../../src/sdk.js';
import { deviceKey, enableCallsEvidence, enableEvidence, whereIs, type EnableCalls } from './enable-calls.js';

/**
 * managed / unmanaged: the device is (never) managed. mixed-device: both kinds on different devices
 * and the site's device is neither. none: no enable call. drivers-disagree: the drivers reaching the
 * site decide differently.
 */
export type DeviceKind = 'managed' | 'unmanaged' | 'mixed-device' | 'none' | 'drivers-disagree';

export interface KindDecision {
  kind: DeviceKind;
  reason: string;
  evidence: Evidence[];
}

/**
 * Decides by the enable calls `calls` whose owner is `subject` ("module drivers/foo/bar", "driver
 * drivers/foo/bar.c::bar_driver"): pcim_enable_device() alone → managed; pci_enable_device*() alone
 * → unmanaged; both on one device → managed (is_managed, once set, stays); both on several devices →
 * the kind that enables the site's device (its first argument), else mixed-device.
 */
export function decideByEnableCalls(site: UseFact, calls: EnableCalls, subject: string): KindDecision {
  const { managed, unmanaged } = calls;
  const all = [...managed, ...unmanaged];
  if (all.length === 0) {
    return { kind: 'none', reason: `${subject} enables no PCI device: the device is enabled elsewhere (a parent or bus driver), so whether it is managed depends on that code`, evidence: [] };
  }
  const managedEvidence = managed.map((u) => enableEvidence(u, 'sets is_managed'));
  const unmanagedEvidence = unmanaged.map((u) => enableEvidence(u));
  if (unmanaged.length === 0) {
    return { kind: 'managed', reason: `${subject} enables the device with pcim_enable_device() (${whereIs(managed[0])}), so the device is managed`, evidence: managedEvidence };
  }
  if (managed.length === 0) {
    const kinds = [...new Set(unmanaged.map((u) => `${u.callee}()`))].join(', ');
    return {
      kind: 'unmanaged',
      reason: `${subject} enables the device only with ${kinds} (${whereIs(unmanaged[0])}), never pcim_enable_device(), so the device is never managed`,
      evidence: unmanagedEvidence,
    };
  }
  if (new Set(all.map((u) => deviceKey(u.args[0]))).size === 1) {
    return {
      kind: 'managed',
      reason: `${subject} enables the same device with pcim_enable_device() (${whereIs(managed[0])}) and ${unmanaged[0].callee}() (${whereIs(unmanaged[0])}); is_managed, once set, is not cleared by a later enable, so the device is managed`,
      evidence: [...managedEvidence, ...unmanagedEvidence],
    };
  }
  const siteDevice = deviceKey(site.args[0]);
  const managedHere = managed.filter((u) => deviceKey(u.args[0]) === siteDevice);
  const unmanagedHere = unmanaged.filter((u) => deviceKey(u.args[0]) === siteDevice);
  if (managedHere.length > 0) {
    return {
      kind: 'managed',
      reason: `${subject} enables several devices with both kinds; this call acts on ${site.args[0]}, which is enabled with pcim_enable_device() (${whereIs(managedHere[0])}), so the device is managed`,
      evidence: [...managedHere.map((u) => enableEvidence(u, 'same device as the call')), ...unmanagedEvidence.map((e) => ({ ...e, note: 'another device' }))],
    };
  }
  if (unmanagedHere.length > 0) {
    return {
      kind: 'unmanaged',
      reason: `${subject} enables several devices with both kinds; this call acts on ${site.args[0]}, which is enabled with ${unmanagedHere[0].callee}() (${whereIs(unmanagedHere[0])}), so the device is never managed`,
      evidence: [...unmanagedHere.map((u) => enableEvidence(u, 'same device as the call')), ...managedEvidence.map((e) => ({ ...e, note: 'another device' }))],
    };
  }
  return {
    kind: 'mixed-device',
    reason: `${subject} enables different devices with different kinds (pcim_enable_device() at ${whereIs(managed[0])}, ${unmanaged[0].callee}() at ${whereIs(unmanaged[0])}) and the call's device ${site.args[0] ?? '?'} matches neither`,
    evidence: enableCallsEvidence(calls),
  };
}
