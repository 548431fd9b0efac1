// The plan: every call of a hybrid region function, module by module, on a core read from the tree.
import type { AnalysisContext, TransformAnalysis, UseFact } from '../../src/sdk.js';
import { TransformRefusal } from '../../src/sdk.js';
import { detectRegionCore } from './core-state.js';
import { counterpartAvailability } from './counterparts.js';
import { classifyModule } from './classify.js';
import { ModuleDevices, decideByEnableCalls, findPciDrivers, moduleEnableCalls, type DeviceDecision, type PciDriver } from '../lib/pci-devres/index.js';
import type { SiteDevice } from './classify.js';
import { ReleaseReachability } from './release-reach.js';
import { ModuleCallGraph } from '../../src/sdk.js';
import type { RegionSite } from './site.js';
import { deletionRefusals } from './release-deletion.js';
import { SitesAcrossModules } from '../lib/pci-devres/sites-across-modules.js';

const DRIVER_TEXT = 'pci_driver';

export async function analyzeRegions(ctx: AnalysisContext): Promise<TransformAnalysis<RegionSite>> {
  const core = detectRegionCore(ctx.parseFile);
  // A legacy core has no always-managed functions to port to: nothing of the plan would hold.
  if (!core.state || core.state === 'legacy') throw new TransformRefusal(core.summary);
  const state = core.state;
  const availability = counterpartAvailability(ctx.parseFile);
  const merged = new SitesAcrossModules<RegionSite>();
  await ctx.forEachModule((facts) => {
    const sources = [...new Set([...facts.module.sources, ...facts.files.map((f) => f.file)])];
    // Only the files that define a struct pci_driver are parsed to find the drivers.
    const driverFiles = facts.module.sources.filter((f) => ctx.readFile(f)?.includes(DRIVER_TEXT));
    const drivers = findPciDrivers(driverFiles, ctx.parseFile);
    const enableCalls = moduleEnableCalls(facts);
    // The module's call graph, built on first need and shared by the per-driver rule and the release reach.
    let graph: ModuleCallGraph | undefined;
    const moduleGraph = (): ModuleCallGraph => (graph ??= ModuleCallGraph.build(sources, ctx.parseFile, ctx.readFile));
    // The per-driver rule needs the call graph: only a module with several drivers pays for it.
    let devices: ModuleDevices | undefined;
    const deviceOf = (use: UseFact): SiteDevice => {
      if (drivers.length < 2) return siteDevice({ ...decideByEnableCalls(use, enableCalls, `module ${facts.module.id}`), scope: 'module', driver: null, drivers: [], enableCalls }, drivers);
      devices ??= new ModuleDevices({ ...facts, module: { ...facts.module, sources: driverFiles } }, sources, ctx.parseFile, ctx.readFile, moduleGraph());
      return siteDevice(devices.decide(use), drivers);
    };
    const sites = classifyModule({
      facts,
      state,
      availability,
      deviceOf,
      judgeRelease: (use) => new ReleaseReachability(moduleGraph(), drivers).judge(use),
    });
    refuseUndeletable(sites, ctx.readFile);
    for (const site of sites) merged.add(site, (a, b) => a.classification === b.classification && a.action === b.action);
  });
  return { core: { state: core.state, summary: core.summary, evidence: core.evidence }, callSites: merged.sites, notes: [] };
}

/** A release the engine cannot delete (its value is used, a label would be left before `}`, ...) goes to review. */
function refuseUndeletable(sites: RegionSite[], readFile: (rel: string) => Buffer | null): void {
  const byFile = new Map<string, RegionSite[]>();
  for (const s of sites) if (s.action === 'delete') byFile.set(s.file, [...(byFile.get(s.file) ?? []), s]);
  for (const [file, list] of byFile) {
    const bytes = readFile(file);
    const refusals = bytes ? deletionRefusals(file, bytes, list) : list.map(() => 'the file cannot be read');
    list.forEach((site, i) => {
      const refusal = refusals[i];
      if (!refusal) return;
      Object.assign(site, {
        classification: 'review',
        action: 'none',
        needsReview: true,
        phase: null,
        reason: `${site.reason.replace(/, so it goes: .*$/, '')}, but its statement cannot simply be deleted: ${refusal}`,
      });
    });
  }
}

/**
 * The shared device rule's decision, as the classification reads it: only managed/unmanaged decide.
 * Under the module rule a module's only driver is the one whose enable calls decided, even for a
 * site it reaches through a function pointer the call graph does not follow.
 */
function siteDevice(d: DeviceDecision, drivers: PciDriver[]): SiteDevice {
  const only = d.scope === 'module' && d.kind !== 'drivers-disagree' && drivers.length === 1 ? drivers[0].id : null;
  return { kind: d.kind === 'managed' || d.kind === 'unmanaged' ? d.kind : null, reason: d.reason, evidence: d.evidence, driver: d.driver ?? only };
}
