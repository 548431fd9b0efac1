// Where a release in a managed driver runs: only on probe's failure path or in .remove (or in
// functions reached only from those) means devres already does its job, so it can go.
import type { UseFact } from '../../src/sdk.js';
import type { ReleaseReach } from './classify.js';
import type { PciDriver } from './pci-drivers.js';

export function judgeByCallbacks(driver: PciDriver | null): (use: UseFact) => ReleaseReach {
  return (use) => {
    if (!driver) return { deletable: false, reason: `sits in ${use.function ?? 'file scope'}(), and no struct pci_driver of the module says which paths reach it`, evidence: [] };
    const roles = [...driver.callbacks].filter(([, fn]) => fn === use.function).map(([field]) => field);
    if (roles.length === 1 && roles[0] === 'remove') {
      return { deletable: true, reason: `runs in ${use.function}(), the .remove of ${driver.variable}`, evidence: [{ file: driver.file, line: driver.line, function: null, call: `.remove = ${use.function}`, note: driver.id }] };
    }
    return { deletable: false, reason: `sits in ${use.function ?? 'file scope'}(), which is not only the .remove of ${driver.variable}`, evidence: [] };
  };
}
