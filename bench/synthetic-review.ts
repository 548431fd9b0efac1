// A synthetic review backend: a small made-up transform ("synthetic": a rename with two kinds a person
// can choose), its plan, a series builder that honours decisions the way a real one does (module
// classifications move sites, edits replace subjects, dependencies on the prepare patch), and a patch
// text renderer. The review bench and the UI tests drive the UI with it, so both run without a kernel
// tree and can make diffs of any length.
import type { CallSite, Plan } from '../src/types.js';
import type { FileChange, SeriesModel, SeriesPatch } from '../src/series/model.js';
import { emptyDecisions, RefusedDecisionsError, refusedDecisionsProblem, refusedSiteDecisions, type Decisions } from '../src/series/decisions.js';
import { editedCover } from '../src/series/build.js';
import type { ReviewBackend } from '../src/review/backend.js';
import type { Vocabulary } from '../src/vocabulary.js';
import { SCHEMA_VERSION } from '../src/types.js';
import { measureReviewFrames, type FrameTimings } from '../src/review/bench.js';

export interface SyntheticDriver {
  /** Subsystem directory under drivers/, e.g. "ata": one patch per subsystem and phase. */
  subsystem: string;
  name: string;
  classification: 'managed' | 'unmanaged' | 'review';
  /** Call sites in the driver (default 1). */
  sites?: number;
  reason?: string;
  /** Its Kbuild module when not its own (drivers/<subsystem>/<name>). */
  module?: string;
  /** Its sites wait for a person even though the plan ports them (as a core site may). */
  needsReview?: boolean;
  /** Why no decision can reclassify its sites: the builder ignores one and reports it, as a transform does. */
  fixed?: string;
}

export interface SyntheticOptions {
  drivers: SyntheticDriver[];
  /** Changed lines per file of a port patch (each gives a "-" and a "+" line). Default 3. */
  changedLinesPerFile?: number;
  /** Leave dropped patches out of the built series, as a builder may. Default false. */
  omitDroppedPatches?: boolean;
  decisions?: Decisions;
  staleDecisions?: string[];
  /** End the series with a final patch that lists every never-managed site again (as a cleanup step does). */
  finalPatch?: boolean;
  /** Make write() fail with this reason. */
  writeFailure?: string;
}

export interface SyntheticBackend extends ReviewBackend {
  /** Every decisions value passed to saveDecisions / buildSeries / write, in order. */
  saved: Decisions[];
  built: Decisions[];
  written: Decisions[];
}

const TRANSFORM = 'synthetic';
const PHASES = [
  { id: 'prepare', title: 'Prepare: make pci_intx_unmanaged() public' },
  { id: 'never-managed', title: 'Never-managed drivers' },
  { id: 'always-managed', title: 'Always-managed drivers' },
  { id: 'remove', title: 'Remove the old behaviour' },
];

/** The synthetic transform's words: the review keys m and u come from here. */
export const SYNTHETIC_VOCABULARY: Vocabulary = {
  classifications: [
    { id: 'managed', label: 'managed', color: 'change', becomes: 'new_fn_managed()', choice: { key: 'm', help: 'managed' } },
    { id: 'unmanaged', label: 'unmanaged', color: 'keep', becomes: 'old_fn_plain()', choice: { key: 'u', help: 'unmanaged' } },
    { id: 'review', label: 'review', color: 'attention', becomes: 'left out until decided', needsDecision: true },
  ],
  phases: PHASES,
};

function moduleId(driver: SyntheticDriver): string {
  return driver.module ?? `drivers/${driver.subsystem}/${driver.name}`;
}

function fileOf(driver: SyntheticDriver): string {
  return `drivers/${driver.subsystem}/${driver.name}_main.c`;
}

export function syntheticPlan(drivers: readonly SyntheticDriver[]): Plan {
  const callSites: CallSite[] = [];
  for (const driver of drivers) {
    const count = driver.sites ?? 1;
    for (let index = 0; index < count; index++) {
      const file = fileOf(driver);
      const fn = `${driver.name}_probe`;
      const call = `pci_intx(pdev, ${index % 2})`;
      const managed = driver.classification === 'managed';
      callSites.push({
        id: `${file}:${fn}:${call}:${index}`,
        file,
        line: 100 + index * 10,
        column: 2,
        function: fn,
        call,
        module: moduleId(driver),
        classification: driver.classification,
        action: driver.classification === 'review' ? 'none' : 'rename',
        replacement: driver.classification === 'review' ? null : managed ? 'pcim_intx' : 'pci_intx_unmanaged',
        needsReview: driver.classification === 'review' || !!driver.needsReview,
        reason:
          driver.reason ??
          (driver.classification === 'review'
            ? 'the module enables no device: the enable call is elsewhere'
            : `the module calls ${managed ? 'pcim_enable_device()' : 'pci_enable_device()'}`),
        evidence:
          driver.classification === 'review'
            ? []
            : [{ file, line: 50, function: fn, call: managed ? 'pcim_enable_device(pdev)' : 'pci_enable_device(pdev)' }],
        conditions: [],
        calleeStart: 0,
        calleeEnd: 8,
        callee: 'pci_intx',
        phase: driver.classification === 'review' ? null : managed ? 'always-managed' : 'never-managed',
        ...(driver.fixed ? { fixed: driver.fixed } : {}),
      });
    }
  }
  return {
    schemaVersion: SCHEMA_VERSION,
    transform: TRANSFORM,
    tree: '/synthetic',
    core: { state: 'hybrid', summary: 'synthetic hybrid core', evidence: [] },
    callSites,
    coverage: { filesScanned: 0, filesParsed: 0, discoverMethod: 'scan', parseErrors: [], skipped: [], kbuildNotes: [] },
    notes: [],
  };
}

function fileChange(path: string, changedLines: number, from: string, to: string): FileChange {
  const before: string[] = [];
  const after: string[] = [];
  for (let line = 0; line < changedLines; line++) {
    before.push(`\t${from}(pdev, ${line % 2}); /* line ${line} */`);
    after.push(`\t${to}(pdev, ${line % 2}); /* line ${line} */`);
  }
  return { path, before: Buffer.from(before.join('\n') + '\n', 'latin1'), after: Buffer.from(after.join('\n') + '\n', 'latin1') };
}

function decidedClassification(site: CallSite, decisions: Decisions): string | undefined {
  return decisions.sites[site.id]?.classification ?? decisions.modules[site.module]?.classification;
}

/** Why a decision cannot reclassify the site (the synthetic plan's own field), or undefined. */
function fixedReason(site: CallSite): string | undefined {
  return (site as CallSite & { fixed?: string }).fixed;
}

function effectiveClassification(site: CallSite, decisions: Decisions): string {
  if (fixedReason(site)) return site.classification;
  return decidedClassification(site, decisions) ?? site.classification;
}

export function buildSyntheticSeries(plan: Plan, decisions: Decisions, options: Pick<SyntheticOptions, 'changedLinesPerFile' | 'omitDroppedPatches' | 'finalPatch'> = {}): SeriesModel {
  const changedLines = options.changedLinesPerFile ?? 3;
  const patches: SeriesPatch[] = [
    {
      key: 'prepare',
      phase: 'prepare',
      subject: 'PCI: Make pci_intx_unmanaged() public',
      body: 'pci_intx() is hybrid: publish the never-managed copy so that drivers can be\nported one by one.',
      trailers: ['Signed-off-by: Test <t@example.org>'],
      changes: [fileChange('include/linux/pci.h', 2, '__pcim_intx', 'pci_intx_unmanaged')],
      siteIds: [],
      dependsOn: [],
      subsystem: 'PCI',
      acksFrom: [],
      cautions: [],
    },
  ];
  for (const kind of ['unmanaged', 'managed'] as const) {
    const bySubsystem = new Map<string, CallSite[]>();
    for (const site of plan.callSites) {
      if (decisions.sites[site.id]?.drop || effectiveClassification(site, decisions) !== kind) continue;
      const subsystem = site.module.split('/')[1];
      bySubsystem.set(subsystem, [...(bySubsystem.get(subsystem) ?? []), site]);
    }
    for (const [subsystem, sites] of bySubsystem) {
      const replacement = kind === 'managed' ? 'pcim_intx' : 'pci_intx_unmanaged';
      const files = [...new Set(sites.map((site) => site.file))];
      patches.push({
        key: `port-${kind}:${subsystem}`,
        phase: kind === 'managed' ? 'always-managed' : 'never-managed',
        subject: `${subsystem}: Use ${replacement}()`,
        body: `pci_intx() is hybrid. The driver uses ${kind === 'managed' ? 'pcim_enable_device()' : 'pci_enable_device()'},\nso it needs ${replacement}().`,
        trailers: ['Signed-off-by: Test <t@example.org>'],
        changes: files.map((file) => fileChange(file, changedLines, 'pci_intx', replacement)),
        siteIds: sites.map((site) => site.id),
        dependsOn: ['prepare'],
        subsystem,
        acksFrom: [],
        cautions: sites.some((site) => site.needsReview) ? ['A site of this patch was classified by hand.'] : [],
      });
    }
  }
  if (options.finalPatch) {
    const unmanaged = plan.callSites.filter((site) => !decisions.sites[site.id]?.drop && effectiveClassification(site, decisions) === 'unmanaged');
    patches.push({
      key: 'remove',
      phase: 'remove',
      subject: 'PCI: Remove the old behaviour',
      body: 'Every caller is ported: the old behaviour goes, and the never-managed callers return to pci_intx().',
      trailers: ['Signed-off-by: Test <t@example.org>'],
      changes: [fileChange('include/linux/pci.h', 1, 'pci_intx_unmanaged', 'pci_intx')],
      siteIds: unmanaged.map((site) => site.id),
      dependsOn: patches.map((patch) => patch.key),
      subsystem: 'PCI',
      acksFrom: [],
      cautions: [],
    });
  }
  const edited = patches.map((patch) => {
    const decision = decisions.patches[patch.key];
    return { ...patch, subject: decision?.subject ?? patch.subject, body: decision?.body ?? patch.body, trailers: decision?.trailers ?? patch.trailers };
  });
  return {
    transform: TRANSFORM,
    coreState: 'hybrid',
    strategy: 'thread',
    phases: PHASES,
    patches: options.omitDroppedPatches ? edited.filter((patch) => decisions.patches[patch.key]?.status !== 'dropped') : edited,
    cover: editedCover({ subject: 'PCI: Remove the hybrid behaviour of pci_intx()', body: '' }, decisions),
    notes: [],
    refusedDecisions: plan.callSites.flatMap((site) => {
      const decided = decidedClassification(site, decisions);
      return fixedReason(site) && decided && decided !== site.classification ? [{ siteId: site.id, reason: fixedReason(site)! }] : [];
    }),
  };
}

/** The patch as the viewer shows it: message, trailers, diffstat and a unified diff. */
export function renderSyntheticPatchText(series: SeriesModel, index: number): string {
  const patch = series.patches[index];
  const out: string[] = [patch.subject, '', patch.body, '', ...patch.trailers, '---'];
  const diff: string[] = [];
  let totalChanged = 0;
  for (const change of patch.changes) {
    const before = (change.before ?? Buffer.alloc(0)).toString('latin1').split('\n').slice(0, -1);
    const after = (change.after ?? Buffer.alloc(0)).toString('latin1').split('\n').slice(0, -1);
    diff.push(`diff --git a/${change.path} b/${change.path}`, 'index 0000000..1111111 100644', `--- a/${change.path}`, `+++ b/${change.path}`);
    diff.push(`@@ -1,${before.length} +1,${after.length} @@`);
    let changed = 0;
    for (let line = 0; line < Math.max(before.length, after.length); line++) {
      if (before[line] === after[line]) {
        diff.push(` ${before[line]}`);
        continue;
      }
      if (before[line] !== undefined) diff.push(`-${before[line]}`);
      if (after[line] !== undefined) diff.push(`+${after[line]}`);
      changed++;
    }
    totalChanged += changed;
    out.push(` ${change.path} | ${changed * 2} ${'+'.repeat(Math.min(changed, 20))}${'-'.repeat(Math.min(changed, 20))}`);
  }
  out.push(` ${patch.changes.length} file${patch.changes.length === 1 ? '' : 's'} changed, ${totalChanged} insertions(+), ${totalChanged} deletions(-)`, '', ...diff, '');
  return out.join('\n');
}

/** A driver file as the tree would have it: its probe function around its sites' lines. */
function syntheticSource(plan: Plan, rel: string): Buffer | null {
  // A directory's Makefile builds each of its site files as a module of its own.
  const makefile = /^(.*)\/Makefile$/.exec(rel);
  if (makefile) {
    const objects = [...new Set(plan.callSites.filter((site) => site.file.startsWith(`${makefile[1]}/`) && !site.file.slice(makefile[1].length + 1).includes('/')).map((site) => site.file))];
    return objects.length ? Buffer.from(objects.map((file) => `obj-m += ${file.slice(makefile[1].length + 1).replace(/\.c$/, '.o')}\n`).join(''), 'latin1') : null;
  }
  const sites = plan.callSites.filter((site) => site.file === rel);
  if (sites.length === 0) return null;
  const lines: string[] = [];
  const last = Math.max(...sites.map((site) => site.line));
  for (let line = 1; line <= last + 5; line++) {
    const site = sites.find((candidate) => candidate.line === line);
    if (line === 40) lines.push(`static int ${sites[0].function}(struct pci_dev *pdev)`);
    else if (line === 41) lines.push('{');
    else if (line === last + 2) lines.push('}');
    else lines.push(site ? `\t${site.call};` : line > 41 && line < last + 2 ? `\t/* line ${line} */` : '');
  }
  return Buffer.from(lines.join('\n') + '\n', 'latin1');
}

export function syntheticBackend(options: SyntheticOptions): SyntheticBackend {
  const plan = syntheticPlan(options.drivers);
  const saved: Decisions[] = [];
  const built: Decisions[] = [];
  const written: Decisions[] = [];
  return {
    plan,
    vocabulary: SYNTHETIC_VOCABULARY,
    decisions: options.decisions ?? emptyDecisions(TRANSFORM),
    staleDecisions: options.staleDecisions ?? [],
    outputDir: '/synthetic/outgoing',
    saved,
    built,
    written,
    buildSeries(decisions) {
      built.push(decisions);
      const series = buildSyntheticSeries(plan, decisions, options);
      // As the engine's buildSeries: a decision no site it names can take is refused.
      const refused = refusedSiteDecisions(plan.callSites, SYNTHETIC_VOCABULARY, decisions, series.refusedDecisions);
      const problem = refusedDecisionsProblem(plan.callSites, decisions, refused);
      if (problem) throw new RefusedDecisionsError(`decision refused: ${problem}`, refused);
      return series;
    },
    renderPatchText: renderSyntheticPatchText,
    renderCoverText: (series) => `${series.cover.subject}\n\n${series.cover.body}\n`,
    readTreeFile: (rel) => syntheticSource(plan, rel),
    saveDecisions(decisions) {
      saved.push(decisions);
    },
    write(decisions) {
      if (options.writeFailure) throw new Error(options.writeFailure);
      written.push(decisions);
      const series = buildSyntheticSeries(plan, decisions, { ...options, omitDroppedPatches: true });
      return { dir: '/synthetic/outgoing', files: series.patches.length + 1 };
    },
  };
}

/**
 * The review bench's series: `patches` port patches (plus the prepare patch) spread over two
 * phases, each with one file whose diff has about `diffLines` lines.
 */
export function syntheticBenchBackend(patches = 40, diffLines = 2000): SyntheticBackend {
  const drivers: SyntheticDriver[] = [];
  for (let index = 0; index < patches; index++) {
    drivers.push({ subsystem: `sub${String(index).padStart(2, '0')}`, name: `drv${index}`, classification: index % 2 ? 'managed' : 'unmanaged', sites: 3 });
  }
  drivers.push({ subsystem: 'misc', name: 'odd', classification: 'review' });
  return syntheticBackend({ drivers, changedLinesPerFile: Math.max(1, Math.floor(diffLines / 2)) });
}

/**
 * The bench's synthetic review: `patches` port patches with ~`diffLines`-line diffs (plus the prepare
 * patch), measured with `measureReviewFrames`.
 */
export async function measureSyntheticReview(patches: number, diffLines: number, keys: number): Promise<FrameTimings> {
  const backend = syntheticBenchBackend(patches, diffLines);
  const series = backend.buildSeries(backend.decisions);
  return measureReviewFrames(series, keys, { plan: backend.plan, vocabulary: SYNTHETIC_VOCABULARY, renderPatchText: renderSyntheticPatchText });
}
