// The pci-regions migration: the PCI region request/release functions are hybrid (devres when
// the device was enabled with pcim_enable_device()). Port the managed drivers to the always-managed
// functions, drop their manual releases, then remove the pci_is_managed() branches from the core.
import { SDK_VERSION, defineTransform, type CoreReport } from '../../src/sdk.js';
import { ENABLE_FUNCTIONS } from '../lib/pci-devres/index.js';
import { checkPciTree } from '../lib/pci-devres/tree-check.js';
import { analyzeRegions } from './analyze.js';
import { auditRegions } from './audit.js';
import { buildRegionsSeries } from './series.js';
import { CORE, HYBRID_FUNCTIONS, MANAGED_COUNTERPART } from './names.js';
import type { RegionSite } from './site.js';
import { VOCABULARY } from './vocabulary.js';

export const pciRegionsTransform = defineTransform<RegionSite, CoreReport, Record<string, never>>({
  sdkVersion: SDK_VERSION,
  name: 'pci-regions',
  description: 'Remove the hybrid (sometimes-managed) behaviour from the PCI region functions: port managed drivers to pcim_request_*() and drop their releases',
  searchWords: [...HYBRID_FUNCTIONS],
  factFunctions: [...HYBRID_FUNCTIONS, ...ENABLE_FUNCTIONS],
  siteFunctions: [...HYBRID_FUNCTIONS],
  vocabulary: VOCABULARY,
  publicApi: { header: CORE.publicHeader, exportDirs: [CORE.dir], functions: [...new Set(Object.values(MANAGED_COUNTERPART).filter((f): f is string => !!f))] },
  checkTree: checkPciTree,
  analyze: analyzeRegions,
  audit: auditRegions,
  buildSeries: buildRegionsSeries,
});

export default pciRegionsTransform;
