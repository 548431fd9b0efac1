// Plans the series in the thread's order (or the shorter direct order), from the plan and the
// tree's own core code:
//   prepare -> never-managed ports -> MSI -> always-managed ports -> remove the hybrid behavior
import type { Plan } from '../../src/sdk.js';
import type { SeriesContext, SeriesOptions } from '../../src/sdk.js';
import { TransformRefusal } from '../../src/sdk.js';
import type { SeriesModel } from '../../src/sdk.js';
import { SeriesBuilder, groupSites, keySlug } from '../../src/sdk.js';
import { effectiveSites } from './decisions.js';
import type { PciIntxSite } from './classify.js';
import type { PciIntxCore } from './core-state.js';
import { VOCABULARY, type PciIntxOptions } from './vocabulary.js';
import type { PciIntxExtra } from './index.js';
import { CORE, FN } from './names.js';
import * as core from './core-edits.js';
import * as msg from './messages.js';
import { coverLetter } from './cover.js';
import { atomicNote } from './atomic-wording.js';

export function buildPciIntxSeries(plan: Plan<PciIntxSite, PciIntxCore> & PciIntxExtra, ctx: SeriesContext, options: SeriesOptions<PciIntxOptions>): SeriesModel {
  const { strategy: strategyOption, 'split-final': splitFinal, fixes, stable } = options.options;
  const state = plan.core.state;
  if (state === 'legacy') {
    throw new TransformRefusal('legacy PCI core (no pcim_intx()): pci_intx() keeps its own restore data there, so this migration does not apply; use a tree from v6.11 on');
  }
  const sites = effectiveSites(plan, options.decisions, state === 'hybrid' ? strategyOption : 'thread');
  const b = new SeriesBuilder(ctx, options, VOCABULARY.references);
  for (const s of sites) b.moduleOfSite.set(s.id, s.module);
  const pending = sites.filter((s) => s.port);
  const left = sites.filter((s) => s.leftOut);
  const strategy = state === 'hybrid' ? strategyOption : 'state';
  const fixesTrailers = [...(fixes ? [`Fixes: ${fixes}`] : []), ...(stable ? ['Cc: stable@vger.kernel.org'] : [])];

  const devres = CORE.devresC;
  const exportMacro = () => core.exportMacroOf(CORE.pciC, b.vt.read(CORE.pciC)!, FN.intx);
  const headerProto = (name: string, params: string, ret: string) => `${ret} ${name}${params};`;
  const portKeys: string[] = [];

  const needsUnmanagedApi = pending.some((s) => s.effectiveReplacement === FN.unmanaged);
  const needsPcimApi = pending.some((s) => s.effectiveReplacement === FN.pcimIntx);
  const pcimPublic = () => core.hasPrototype(CORE.publicHeader, b.vt.read(CORE.publicHeader), FN.pcimIntx) && core.hasExport(devres, b.vt.read(devres), FN.pcimIntx);
  const unmanagedPublic = () => core.hasPrototype(CORE.publicHeader, b.vt.read(CORE.publicHeader), FN.unmanaged) && core.hasExport(devres, b.vt.read(devres), FN.unmanaged);

  // 1. Prepare: what the ports need, declared in include/linux/pci.h and exported.
  let prepareKey: string | null = null;
  if (strategy === 'thread' || state === 'migrating') {
    if ((needsUnmanagedApi && !unmanagedPublic()) || (needsPcimApi && !pcimPublic()) || (state === 'hybrid' && !unmanagedPublic())) {
      const p = b.patch({
        key: 'prepare',
        phase: 'prepare',
        ownerFiles: [CORE.pciC],
        title: state === 'hybrid' ? 'Add pci_intx_unmanaged() and make pcim_intx() public' : 'Make pci_intx_unmanaged() and pcim_intx() public',
        body: msg.prepareThreadMessage(),
        siteIds: [],
        dependsOn: [],
        cautions: [],
        edit: () => publishApis(b, { unmanaged: true, pcim: true }, exportMacro(), headerProto),
      });
      prepareKey = p?.key ?? null;
    }
  } else if (needsPcimApi && !pcimPublic()) {
    const p = b.patch({
      key: 'prepare',
      phase: 'prepare',
      ownerFiles: [CORE.pciC],
      title: 'Make pcim_intx() public',
      body: msg.prepareDirectMessage(),
      siteIds: [],
      dependsOn: [],
      cautions: [],
      edit: () => publishApis(b, { unmanaged: false, pcim: true }, exportMacro(), headerProto),
    });
    prepareKey = p?.key ?? null;
  }
  const dependsOnPrepare = prepareKey ? [prepareKey] : [];

  // 2. Never-managed ports, one patch per group (never on a direct-strategy series).
  const neverManaged = pending.filter((s) => s.effectivePhase === 'never-managed');
  for (const [group, list] of groupSites(neverManaged, options.split, ctx.subsystemOf)) {
    const p = b.patch({
      key: `never-managed:${keySlug(group)}`,
      phase: 'never-managed',
      title: 'Replace pci_intx() with pci_intx_unmanaged()',
      body: msg.neverManagedPortMessage(list),
      siteIds: list.map((s) => s.id),
      dependsOn: dependsOnPrepare,
      cautions: list.filter((s) => s.forced).map((s) => `${s.file}:${s.line}: classified by a decision, not by the plan`),
      edit: () => b.renameSites(list, () => FN.unmanaged),
    });
    if (p) portKeys.push(p.key);
  }

  // 3. The MSI core, in its own patch with the thread's caution.
  const msi = pending.filter((s) => s.effectivePhase === 'msi');
  if (msi.length) {
    const p = b.patch({
      key: 'msi',
      phase: 'msi',
      title: 'Use pci_intx_unmanaged() in the MSI core',
      body: msg.msiPortMessage(msi),
      siteIds: msi.map((s) => s.id),
      dependsOn: dependsOnPrepare,
      cautions: [`${msg.MSI_CAUTION} This needs a careful look from the MSI maintainers.`],
      cites: msg.MSI_CITES,
      edit: () => b.renameSites(msi, () => FN.unmanaged),
    });
    if (p) portKeys.push(p.key);
  }

  // 4. Always-managed ports.
  const managed = pending.filter((s) => s.effectivePhase === 'always-managed');
  const lostRestore = state === 'unmanaged' || (state === 'migrating' && !plan.core.hybridBranch);
  for (const [group, list] of groupSites(managed, options.split, ctx.subsystemOf)) {
    const p = b.patch({
      key: `always-managed:${keySlug(group)}`,
      phase: 'always-managed',
      title: lostRestore ? 'Restore the INTx state on detach with pcim_intx()' : 'Replace pci_intx() with pcim_intx()',
      body: msg.managedPortMessage(list, lostRestore, list.map((s) => atomicNote(s, state)).filter((n): n is string => !!n)),
      siteIds: list.map((s) => s.id),
      dependsOn: dependsOnPrepare,
      cautions: [
        ...list.filter((s) => s.forced).map((s) => `${s.file}:${s.line}: classified by a decision, not by the plan`),
        ...list.filter((s) => s.atomicContext?.atomic).map((s) => `${s.file}:${s.line}: may run in atomic context; pcim_intx() may sleep on first use`),
      ],
      trailers: fixesTrailers,
      edit: () => b.renameSites(list, () => FN.pcimIntx),
    });
    if (p) portKeys.push(p.key);
  }

  // 5. Remove the hybrid behavior: only when no caller is left behind on the old pci_intx().
  const blockers = left.filter((s) => s.blocksFinal);
  const finalNotes: string[] = [];
  const hybridNow = () => core.bodyHasHybridBranch(b.vt.read(CORE.pciC)!);
  if (state === 'hybrid' || state === 'migrating') {
    if (blockers.length) {
      finalNotes.push(
        `The final step (removing the hybrid behavior from pci_intx()) is not part of this series: ${blockers.length === 1 ? 'one caller of pci_intx() is' : `${blockers.length} callers of pci_intx() are`} not ported (${blockers.map((s) => `${s.file}:${s.line}`).join(', ')}), and ${blockers.length === 1 ? 'it' : 'they'} would silently change behavior.`,
      );
    } else {
      const ported = pending.filter((s) => s.effectiveReplacement === FN.unmanaged);
      const removeBranch = () => {
        const copy = core.hasDefinition(devres, b.vt.read(devres), FN.unmanaged) ? FN.unmanaged : FN.privateCopy;
        const body = core.bodyOf(devres, b.vt.read(devres)!, copy);
        b.change(CORE.pciC, (bytes) => core.removeHybridBranch(CORE.pciC, bytes, body));
        return [CORE.pciC];
      };
      const returnUsers = () => {
        const files = b.renameSites(ported, () => FN.intx);
        for (const extra of plan.portedSites ?? []) {
          b.change(extra.file, (bytes) => core.renameUses(extra.file, bytes, FN.unmanaged, FN.intx));
          files.push(extra.file);
        }
        b.change(devres, (bytes) => core.removeFunction(devres, core.renameUses(devres, bytes, FN.unmanaged, FN.intx), FN.unmanaged));
        b.change(CORE.publicHeader, (bytes) => core.removePrototype(CORE.publicHeader, bytes, FN.unmanaged));
        return [...files, devres, CORE.publicHeader];
      };
      const removePrivateCopy = () => {
        b.change(devres, (bytes) => core.removeFunction(devres, core.renameUses(devres, bytes, FN.privateCopy, FN.intx), FN.privateCopy));
        return [devres];
      };
      const hasUnmanaged = () => core.hasDefinition(devres, b.vt.read(devres), FN.unmanaged);
      const hasPrivateCopy = () => core.hasDefinition(devres, b.vt.read(devres), FN.privateCopy);
      const finalDeps = [...dependsOnPrepare, ...portKeys];
      // Managed by the evidence, kept off pcim_intx() by a person: the final step changes them.
      const keptUnmanagedByPerson = [...new Set(sites.filter((s) => s.personDecision?.evidenceClass === 'managed' && s.effectiveClassification === 'unmanaged').map((s) => s.module))];
      const siteIds = ported.map((s) => s.id);
      if (strategy === 'direct') {
        b.patch({
          key: 'remove',
          phase: 'remove',
          ownerFiles: [CORE.pciC],
          title: 'Remove the hybrid behavior from pci_intx()',
          body: msg.removeHybridMessage({ returnUsers: false, removePrivateCopy: true, split: false, keptUnmanagedByPerson }),
          siteIds: [],
          dependsOn: finalDeps,
          cautions: ['The MSI core keeps calling pci_intx(), which becomes never-managed here: see the cover letter.'],
          edit: () => [...removeBranch(), ...(hasPrivateCopy() ? removePrivateCopy() : [])],
        });
      } else if (splitFinal) {
        const first = hybridNow()
          ? b.patch({
              key: 'remove-hybrid',
              phase: 'remove',
            ownerFiles: [CORE.pciC],
              title: 'Remove the hybrid behavior from pci_intx()',
              body: msg.removeHybridMessage({ returnUsers: false, removePrivateCopy: false, split: true, keptUnmanagedByPerson }),
              siteIds: [],
              dependsOn: finalDeps,
              cautions: [],
              edit: removeBranch,
            })
          : null;
        if (hasUnmanaged()) {
          b.patch({
            key: 'remove-unmanaged',
            phase: 'remove',
            ownerFiles: [CORE.pciC],
            title: 'Remove pci_intx_unmanaged()',
            body: msg.returnUsersMessage(),
            siteIds,
            dependsOn: first ? [...finalDeps, first.key] : finalDeps,
            cautions: [],
            edit: returnUsers,
          });
        }
      } else {
        b.patch({
          key: 'remove',
          phase: 'remove',
          ownerFiles: [CORE.pciC],
          title: 'Remove the hybrid behavior from pci_intx()',
          body: msg.removeHybridMessage({ returnUsers: hasUnmanaged(), removePrivateCopy: false, split: false, keptUnmanagedByPerson }),
          siteIds,
          dependsOn: finalDeps,
          cautions: [],
          edit: () => [...(hybridNow() ? removeBranch() : []), ...(hasUnmanaged() ? returnUsers() : [])],
        });
      }
    }
  }

  const notes: string[] = [...finalNotes];
  if (b.patches.length === 0) notes.push(pending.length === 0 && left.length === 0 ? 'nothing to do: every pci_intx() caller is already what this core needs' : 'nothing to port');
  for (const s of left) notes.push(`left out: ${s.file}:${s.line} ${s.function ?? ''}: ${s.leftOutReason}`);
  const model: SeriesModel = {
    transform: plan.transform,
    coreState: state,
    strategy,
    phases: [...VOCABULARY.phases],
    patches: b.patches,
    cover: { subject: '', body: '' },
    notes,
    refusedDecisions: sites.filter((s) => s.ignoredDecision).map((s) => ({ siteId: s.id, reason: s.ignoredDecision! })),
  };
  model.cover = coverLetter(plan, model, sites, { strategy, finalNotes, ctx, stable: { requested: stable, fixes } });
  return model;
}

/** The prepare patch's edits: declare in include/linux/pci.h, export, and rename the private copy. */
function publishApis(b: SeriesBuilder, what: { unmanaged: boolean; pcim: boolean }, exportMacro: string, proto: (n: string, p: string, r: string) => string): string[] {
  const devres = CORE.devresC;
  const files: string[] = [];
  if (what.unmanaged && core.hasDefinition(devres, b.vt.read(devres), FN.privateCopy)) {
    b.change(devres, (bytes) => core.publishPrivateCopy(devres, bytes, exportMacro));
    files.push(devres);
  }
  if (what.unmanaged && core.hasDefinition(devres, b.vt.read(devres), FN.unmanaged)) {
    b.change(devres, (bytes) => core.exportFunction(devres, bytes, FN.unmanaged, exportMacro));
    const params = core.parametersOf(devres, b.vt.read(devres)!, FN.unmanaged);
    b.change(CORE.publicHeader, (bytes) => core.insertPrototypeAfter(CORE.publicHeader, bytes, FN.intx, proto(FN.unmanaged, params, 'void')));
    files.push(devres, CORE.publicHeader);
  }
  if (what.pcim) {
    b.change(devres, (bytes) => core.exportFunction(devres, bytes, FN.pcimIntx, exportMacro));
    const params = core.parametersOf(devres, b.vt.read(devres)!, FN.pcimIntx);
    b.change(CORE.publicHeader, (bytes) => core.insertPrototypeAmong(CORE.publicHeader, bytes, 'pcim_', FN.pcimIntx, proto(FN.pcimIntx, params, 'int'), core.hasPrototype(CORE.publicHeader, bytes, FN.unmanaged) ? FN.unmanaged : FN.intx));
    if (b.vt.read(CORE.privateHeader)) {
      b.change(CORE.privateHeader, (bytes) => core.removePrototype(CORE.privateHeader, bytes, FN.pcimIntx));
      files.push(CORE.privateHeader);
    }
    files.push(devres, CORE.publicHeader);
  }
  return [...new Set(files)];
}
