// The PCI-devres names every migration of hybrid PCI functions needs: how a driver enables its
// device, and where its callbacks are wired.

/**
 * pcim_enable_device() sets the device's is_managed flag; only its own devres action clears it, on
 * detach. So a later pci_enable_device() on the same device (a resume path) leaves it managed, and
 * every hybrid function of the PCI core then takes its devres path for that device.
 */
export const MANAGED_ENABLE: readonly string[] = ['pcim_enable_device'];
/** The enables that never set is_managed. */
export const UNMANAGED_ENABLE: readonly string[] = ['pci_enable_device', 'pci_enable_device_mem', 'pci_enable_device_io'];
export const ENABLE_FUNCTIONS: readonly string[] = [...MANAGED_ENABLE, ...UNMANAGED_ENABLE];

export function isManagedEnable(callee: string): boolean {
  return MANAGED_ENABLE.includes(callee);
}

export function isEnableFunction(callee: string): boolean {
  return ENABLE_FUNCTIONS.includes(callee);
}

/** The struct types that wire a PCI driver's callbacks. */
export const DRIVER_STRUCT = 'pci_driver';
export const ERROR_HANDLERS_STRUCT = 'pci_error_handlers';
export const PM_OPS_STRUCT = 'dev_pm_ops';

/** pci_driver fields that point to another table of callbacks. */
export const DRIVER_ERROR_HANDLERS_FIELD = '.err_handler';
export const DRIVER_PM_FIELD = '.driver.pm';
/** The callback from which the driver enables its device. */
export const DRIVER_PROBE_FIELD = '.probe';

/**
 * Macros of <linux/pm.h> and <linux/pm_runtime.h> that define a struct dev_pm_ops (the variable
 * first, then its callbacks), or declare one followed by `= { ... }`.
 */
export const PM_OPS_MACROS: readonly string[] = [
  'SIMPLE_DEV_PM_OPS',
  'UNIVERSAL_DEV_PM_OPS',
  'DEFINE_SIMPLE_DEV_PM_OPS',
  'DEFINE_RUNTIME_DEV_PM_OPS',
  'DEFINE_NOIRQ_DEV_PM_OPS',
  '_DEFINE_DEV_PM_OPS',
  'EXPORT_SIMPLE_DEV_PM_OPS',
  'EXPORT_GPL_SIMPLE_DEV_PM_OPS',
  'EXPORT_NS_SIMPLE_DEV_PM_OPS',
  'EXPORT_NS_GPL_SIMPLE_DEV_PM_OPS',
  'EXPORT_RUNTIME_DEV_PM_OPS',
  'EXPORT_GPL_RUNTIME_DEV_PM_OPS',
  'EXPORT_NS_RUNTIME_DEV_PM_OPS',
  'EXPORT_NS_GPL_RUNTIME_DEV_PM_OPS',
  'EXPORT_DEV_PM_OPS',
  'EXPORT_GPL_DEV_PM_OPS',
  'EXPORT_NS_DEV_PM_OPS',
  'EXPORT_NS_GPL_DEV_PM_OPS',
];
