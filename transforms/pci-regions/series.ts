// Plans the series in the thread's shape:
//   prepare (only when a port needs a function the tree does not offer drivers yet)
//   -> driver ports, one patch per MAINTAINERS subsystem (or module, or file)
//   -> the final core patch, only when no managed caller is left behind.
import type { Plan, PersonDecision, SeriesContext, SeriesModel, SeriesOptions } from '../../src/sdk.js';
import { SeriesBuilder, TransformRefusal, applyEdits, ascii, decisionFor, groupSites, keySlug, personDecisionFor, personDecisionsSection, type Edit } from '../../src/sdk.js';
import { VOCABULARY } from './vocabulary.js';
import * as api from '../lib/pci-devres/core-api.js';
import { removeRegionBranches, regionsStillHybrid } from './core-edits.js';
import { regionCover } from './cover.js';
import { CORE, MANAGED_COUNTERPART } from './names.js';
import { deletionEdits } from './release-deletion.js';
import * as msg from './messages.js';
import type { RegionSite } from './site.js';

export const PHASES = [
  { id: 'prepare', title: 'Publish the always-managed functions the ports need' },
  { id: 'port', title: 'Managed driver ports' },
  { id: 'remove', title: 'Remove the hybrid behavior' },
];

export interface SeriesSite extends RegionSite {
  /** The series ports it (rename or delete). */
  port: boolean;
  /** A site a managed driver still needs settled: it stays hybrid, so the final patch cannot come. */
  blocksFinal: boolean;
  leftOutReason: string;
  /** The person's decision that gave it its class, with the class the evidence supported (null: the plan's own). */
  personDecision: PersonDecision | null;
}

export function seriesSites(plan: Plan<RegionSite>, options: Pick<SeriesOptions, 'decisions'>): SeriesSite[] {
  return plan.callSites.map((planned) => {
    const decision = decisionFor(options.decisions, planned);
    const site = decided(planned, decision.classification === 'managed' || decision.classification === 'unmanaged' ? decision.classification : undefined);
    const dropped = !!decision.drop;
    const port = site.action !== 'none' && !dropped;
    // A hybrid call that the device makes managed, or whose device is unknown, changes behaviour
    // when the core drops its branches: it must be settled first.
    const unsettled = site.classification === 'review' && site.deviceKind !== 'unmanaged' && !site.neverCompiled;
    return {
      ...site,
      port,
      blocksFinal: unsettled || (site.action !== 'none' && dropped),
      leftOutReason: dropped ? 'dropped by a decision' : site.classification === 'review' ? site.reason : '',
      personDecision: site.classification !== planned.classification ? personDecisionFor(options.decisions, planned) : null,
    };
  });
}

/** Why a person's classification cannot be given to this site, or null. */
export function decisionRefusal(site: RegionSite, classification: string | undefined): string | null {
  if (!classification || classification === site.classification) return null;
  if (site.classification === 'core') return 'PCI core sites are not reclassified by decisions';
  if (site.kind !== 'call') return 'it is not a call';
  if (site.neverCompiled) return 'it is never compiled';
  if (site.macro) return `it sits in the body of macro ${site.macro}()`;
  if (classification === 'managed' && site.role === 'request' && !MANAGED_COUNTERPART[site.callee]) return `${site.callee}() has no managed counterpart`;
  return null;
}

/** A person's classification of a site: managed ports what can be ported, unmanaged keeps the call. */
function decided(site: RegionSite, classification: 'managed' | 'unmanaged' | undefined): RegionSite {
  if (!classification || decisionRefusal(site, classification)) return site;
  if (classification === 'unmanaged') return { ...site, classification, action: 'none', replacement: null, needsReview: false, deviceKind: 'unmanaged', phase: null, reason: `${site.reason} (classified unmanaged by a decision)` };
  const counterpart = site.role === 'request' ? MANAGED_COUNTERPART[site.callee] : undefined;
  // A managed request without counterpart, or a release deletion cannot handle, stays for a person.
  if (site.role === 'request' && !counterpart) return site;
  return { ...site, classification, action: site.role === 'request' ? 'rename' : 'delete', replacement: counterpart ?? null, needsReview: false, deviceKind: 'managed', phase: 'port', reason: `${site.reason} (classified managed by a decision)` };
}

/** The renames and deletions of one file's sites, as edits of its original bytes. */
function portEdits(file: string, bytes: Buffer, sites: SeriesSite[]): Edit[] {
  const renames = sites.filter((s) => s.action === 'rename').map((s) => ({ start: s.calleeStart, end: s.calleeEnd, replacement: ascii(s.replacement!) }));
  return [...renames, ...deletionEdits(file, bytes, sites.filter((s) => s.action === 'delete'))];
}

export function buildRegionsSeries(plan: Plan<RegionSite>, ctx: SeriesContext, options: SeriesOptions): SeriesModel {
  const state = plan.core.state;
  if (state === 'legacy') throw new TransformRefusal(`legacy PCI devres core: ${plan.core.summary}`);
  const sites = seriesSites(plan, options);
  const b = new SeriesBuilder(ctx, options);
  for (const s of sites) b.moduleOfSite.set(s.id, s.module);
  const pending = sites.filter((s) => s.port);

  // 1. Prepare: publish what the ports call and the tree does not offer drivers yet.
  const unpublished = [...new Set(pending.filter((s) => s.needsPublishing && s.replacement).map((s) => s.replacement!))].sort();
  const prepare = unpublished.length
    ? b.patch({
        key: 'prepare',
        phase: 'prepare',
        ownerFiles: [CORE.pciC],
        title: `Make ${msg.joinAnd(unpublished.map((f) => `${f}()`))} public`,
        body: msg.prepareMessage(unpublished),
        siteIds: [],
        dependsOn: [],
        cautions: [],
        edit: () => publish(b, unpublished),
      })
    : null;
  const dependsOnPrepare = prepare ? [prepare.key] : [];

  // 2. Driver ports.
  const portKeys: string[] = [];
  for (const [group, list] of groupSites(pending, options.split, ctx.subsystemOf)) {
    const p = b.patch({
      key: `port:${keySlug(group)}`,
      phase: 'port',
      title: msg.portTitle(list),
      body: msg.portMessage(list),
      siteIds: list.map((s) => s.id),
      dependsOn: dependsOnPrepare,
      cautions: [],
      edit: () => {
        const files = [...new Set(list.map((s) => s.file))];
        for (const file of files) {
          const original = ctx.readFile(file);
          if (!original || !b.vt.read(file)?.equals(original)) throw new TransformRefusal(`${file}: changed by an earlier patch of the series before its port`);
          b.change(file, (bytes) => applyEdits(bytes, portEdits(file, bytes, list.filter((s) => s.file === file))));
        }
        return files;
      },
    });
    if (p) portKeys.push(p.key);
  }

  // 3. The final core patch, when no managed caller is left on the hybrid functions.
  const blockers = sites.filter((s) => s.blocksFinal);
  const notes: string[] = [];
  let finalNote = '';
  if (state === 'hybrid') {
    if (blockers.length) {
      finalNote = `The final step (removing the ${'pci_is_managed()'} branches from the region functions) is not part of this series: ${blockers.length === 1 ? 'one call site is' : `${blockers.length} call sites are`} not settled (${blockers.map((s) => `${s.file}:${s.line}`).join(', ')}), and would silently change behavior.`;
      notes.push(finalNote);
    } else if (regionsStillHybrid(b.vt.read(CORE.pciC)!)) {
      b.patch({
        key: 'remove',
        phase: 'remove',
        ownerFiles: [CORE.pciC],
        title: 'Remove the hybrid behavior from the region functions',
        // Managed by the evidence, kept on the plain functions by a person: this patch changes them.
        body: msg.removeBranchesMessage([...new Set(sites.filter((s) => s.personDecision?.evidenceClass === 'managed' && s.classification === 'unmanaged').map((s) => s.module))]),
        siteIds: [],
        dependsOn: [...dependsOnPrepare, ...portKeys],
        cautions: [],
        edit: () => {
          b.change(CORE.pciC, removeRegionBranches);
          return [CORE.pciC];
        },
      });
    }
  }
  if (b.patches.length === 0) notes.push(pending.length === 0 ? 'nothing to do: no managed driver calls a hybrid region function' : 'nothing to port');
  for (const s of sites.filter((x) => x.leftOutReason && x.classification !== 'unmanaged')) notes.push(`left out: ${s.file}:${s.line} ${s.function ?? ''}: ${s.leftOutReason}`);
  const refusedDecisions = plan.callSites.flatMap((site) => {
    const reason = decisionRefusal(site, decisionFor(options.decisions, site).classification);
    return reason ? [{ siteId: site.id, reason }] : [];
  });
  const model: SeriesModel = { transform: plan.transform, coreState: state, phases: PHASES, patches: b.patches, cover: { subject: '', body: '' }, notes, refusedDecisions };
  // The cover letter lists every decision with the plan's own reason, the evidence it overrides.
  const decided = personDecisionsSection(sites.map((s, i) => ({ ...s, reason: plan.callSites[i].reason })), VOCABULARY);
  model.cover = regionCover(plan, model, sites, { finalNote, decided, ctx });
  return model;
}

/** The prepare patch's edits: export each function and declare it among the pcim_ prototypes. */
function publish(b: SeriesBuilder, functions: string[]): string[] {
  const devres = CORE.devresC;
  const files = new Set<string>();
  for (const name of functions) {
    const macro = api.exportMacroOf(devres, b.vt.read(devres)!, 'pcim_request_region');
    b.change(devres, (bytes) => api.exportFunction(devres, api.makeExternal(devres, bytes, name), name, macro));
    const prototype = api.prototypeOf(devres, b.vt.read(devres)!, name);
    b.change(CORE.publicHeader, (bytes) => api.insertPrototypeAmong(CORE.publicHeader, bytes, 'pcim_', name, prototype, 'pcim_request_region'));
    files.add(devres).add(CORE.publicHeader);
    if (b.vt.read(CORE.privateHeader) && api.hasPrototype(CORE.privateHeader, b.vt.read(CORE.privateHeader), name)) {
      b.change(CORE.privateHeader, (bytes) => api.removePrototype(CORE.privateHeader, bytes, name));
      files.add(CORE.privateHeader);
    }
  }
  return [...files];
}
