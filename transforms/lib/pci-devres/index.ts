// Shared PCI-devres knowledge for the migrations of hybrid PCI functions (pci-intx, pci-regions):
// whether the device behind a call site is managed, decided per PCI driver.
//
// Use, per Kbuild module:
//   const devices = new ModuleDevices(moduleFacts, files, ctx.parseFile, ctx.readFile);
//   const decision = devices.decide(siteUse);
// `moduleFacts` must include the enable calls: list ENABLE_FUNCTIONS among the transform's
// factFunctions. `files`: the module's sources plus the headers holding its sites.
//
// decision: DeviceDecision = {
//   kind:        'managed'          the device is managed (pcim_enable_device(), alone or on the same device)
//              | 'unmanaged'        only pci_enable_device*(): never managed
//              | 'mixed-device'     both kinds on different devices, and the site's device is neither
//              | 'none'             no enable call decides (the device is enabled by other code)
//              | 'drivers-disagree' the drivers reaching the site decide differently (a review)
//   scope:       'driver' when enable calls reached from a driver's .probe decided, 'module' when all
//                the module's did
//   driver:      'file::variable' of the struct pci_driver whose enable calls decided (or the one
//                driver reaching the site under the module rule), else null
//   drivers:     every driver whose callbacks reach the site's function through direct calls
//   enableCalls: { managed, unmanaged } UseFacts that decided (reached from the driver's .probe, or
//                the whole module's)
//   reason:      one sentence naming the enable calls (and the driver path) that decided
//   evidence:    the deciding enable calls, pcim_ ones noted 'sets is_managed'
// }
// The rule: a module with one PCI driver or none decides by all its enable calls (the module rule);
// with several, a site reached by exactly one driver (or by drivers that agree) is decided by the
// enable calls reached from that driver's .probe; one reached by none uses the module rule; one
// reached by drivers that disagree is 'drivers-disagree'. A driver whose .probe reaches no enable
// call falls back to the module's enable calls.
export { MANAGED_ENABLE, UNMANAGED_ENABLE, ENABLE_FUNCTIONS, isManagedEnable, isEnableFunction, PM_OPS_MACROS } from './names.js';
export { moduleEnableCalls, splitEnableCalls, deviceKey, enableEvidence, enableCallsEvidence, whereIs, type EnableCalls } from './enable-calls.js';
export { findPciDrivers, type PciDriver, type DriverCallback } from './pci-drivers.js';
export { decideByEnableCalls, type DeviceKind, type KindDecision } from './device-rule.js';
export { ModuleDevices, type DeviceDecision } from './driver-rule.js';
