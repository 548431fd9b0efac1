// The pci-intx migration (seed thread "PCI: Fix devres regression in pci_intx()"): find every
// pci_intx() caller, decide per module whether the device is managed, and plan the series that
// removes the hybrid behaviour from pci_intx().
import type { AnalysisContext, TransformAnalysis } from '../../src/sdk.js';
import { ModuleCallGraph, TransformRefusal, defineTransform, SDK_VERSION } from '../../src/sdk.js';
import { detectCoreState, type PciIntxCore } from './core-state.js';
import { VOCABULARY, type PciIntxOptions } from './vocabulary.js';
import { classifyModule, toCallSite, type PciIntxSite } from './classify.js';
import { CORE, FN, MANAGED_ENABLE, UNMANAGED_ENABLE } from './names.js';
import { buildPciIntxSeries } from './series.js';
import { ModuleAtomicity } from './atomic.js';
import { applyAtomicContext } from './atomic-wording.js';
import { auditPciIntx } from './audit.js';
import { SitesAcrossModules } from '../lib/pci-devres/sites-across-modules.js';
import { checkPciTree } from '../lib/pci-devres/tree-check.js';

/** Calls that already use pci_intx_unmanaged(): the final step returns them to pci_intx(). */
export interface PortedSite {
  file: string;
  line: number;
  function: string | null;
  call: string;
  module: string;
}

export interface PciIntxExtra {
  portedSites: PortedSite[];
}

async function analyze(ctx: AnalysisContext): Promise<TransformAnalysis<PciIntxSite, PciIntxCore, PciIntxExtra>> {
  const core = detectCoreState(ctx.parseFile);
  if (!core.state) throw new TransformRefusal(core.summary);
  const sites = new SitesAcrossModules<PciIntxSite>();
  const notes: string[] = [];
  const portedSites: PortedSite[] = [];
  await ctx.forEachModule((moduleFacts) => {
    // One call graph per module, shared by the driver rule and the atomic-context analysis: each
    // file is indexed once, and the graph (with its parse trees) goes with the module.
    const moduleFiles = [...new Set([...moduleFacts.module.sources, ...moduleFacts.files.map((f) => f.file)])];
    const graph = ModuleCallGraph.build(moduleFiles, ctx.parseFile, ctx.readFile);
    const atomicity = new ModuleAtomicity(moduleFiles, ctx.parseFile, ctx.readFile, graph);
    for (const { site, decision } of classifyModule(moduleFacts, ctx.parseFile, ctx.readFile, graph)) {
      const callSite = toCallSite(site, moduleFacts.module.id, decision, core);
      // pcim_intx() may sleep on first use: where the call may run in atomic context matters.
      applyAtomicContext(callSite, site.file.startsWith(CORE.dir) ? null : atomicity.contextOf(site), core.state!);
      const earlier = sites.add(callSite, (a, b) => a.classification === b.classification);
      if (earlier && callSite.atomicContext?.atomic && !earlier.atomicContext?.atomic) Object.assign(earlier, { atomicContext: callSite.atomicContext });
    }
    for (const f of moduleFacts.files) {
      for (const u of f.uses) {
        if (u.callee === FN.unmanaged && u.kind === 'call' && !f.file.startsWith(CORE.dir)) {
          portedSites.push({ file: u.file, line: u.line, function: u.function, call: u.text, module: moduleFacts.module.id });
        }
      }
    }
  });
  const callSites: PciIntxSite[] = sites.sites;
  if (core.state === 'legacy') notes.push('legacy core: the series is refused; the classification is shown for information only');
  const analysis: TransformAnalysis<PciIntxSite, PciIntxCore, PciIntxExtra> = {
    core: { state: core.state!, summary: core.summary, evidence: core.evidence, hybridBranch: core.hybridBranch },
    callSites,
    notes,
    // Calls that already use pci_intx_unmanaged(): the final step returns them to pci_intx().
    extra: { portedSites },
  };
  if (portedSites.length) notes.push(`${portedSites.length} call(s) already use pci_intx_unmanaged(): ${portedSites.map((p) => `${p.file}:${p.line}`).join(', ')}`);
  return analysis;
}

export const pciIntxTransform = defineTransform<PciIntxSite, PciIntxCore, PciIntxOptions, PciIntxExtra>({
  sdkVersion: SDK_VERSION,
  name: 'pci-intx',
  description: 'Remove the hybrid (sometimes-managed) behaviour from pci_intx(): port drivers to pcim_intx() or pci_intx_unmanaged()',
  searchWords: [FN.intx, FN.unmanaged],
  factFunctions: [FN.intx, FN.unmanaged, ...MANAGED_ENABLE, ...UNMANAGED_ENABLE],
  siteFunctions: [FN.intx, FN.unmanaged],
  vocabulary: VOCABULARY,
  publicApi: { header: CORE.publicHeader, exportDirs: [CORE.dir], functions: [FN.intx, FN.pcimIntx, FN.unmanaged] },
  checkTree: checkPciTree,
  analyze,
  audit: auditPciIntx,
  buildSeries: buildPciIntxSeries,
});

export { TransformRefusal };

export default pciIntxTransform;
