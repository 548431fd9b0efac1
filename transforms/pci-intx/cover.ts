// The cover letter's own text, within 75 columns: summary, strategy, classification table with
// evidence, what needs review, references, merge path and acks. The renderer appends shortlog,
// diffstat and base-commit.
import type { Plan } from '../../src/sdk.js';
import type { SeriesContext } from '../../src/sdk.js';
import type { SeriesModel } from '../../src/sdk.js';
import { COVER_WIDTH, attributedQuote, citationMark, personDecisionsSection, referencesSection, wrapParagraphs, wrapText } from '../../src/sdk.js';
import type { EffectiveSite } from './decisions.js';
import { MSI_CAUTION, MSI_CITES } from './messages.js';
import { VOCABULARY } from './vocabulary.js';
import { fixesLineFor, stableRelease } from '../../src/sdk.js';

// The core change the lost-restore ports fix, as mainline and this transform's own final patch name it.
const CORE_CHANGE_SUBJECTS = ['PCI: Remove devres from pci_intx()', 'PCI: Remove the hybrid behavior from pci_intx()'];

export function coverLetter(
  plan: Plan,
  model: SeriesModel,
  sites: EffectiveSite[],
  info: { strategy: string; finalNotes: string[]; ctx: SeriesContext; stable?: { requested: boolean; fixes: string | null } },
): { subject: string; body: string; mergePath: string } {
  const state = plan.core.state;
  const subject =
    state === 'unmanaged'
      ? 'Restore INTx on detach for managed drivers with pcim_intx()'
      : state === 'migrating'
        ? 'Finish removing the hybrid behavior from pci_intx()'
        : 'Remove the hybrid devres behavior from pci_intx()';
  const prefix = model.patches.length ? info.ctx.subjectPrefix(['drivers/pci/pci.c']).prefix : 'PCI';
  const hasMsiPatch = model.patches.some((p) => p.phase === 'msi');
  const msiUnported = info.strategy === 'direct' && sites.some((s) => s.phase === 'msi');
  const cites = hasMsiPatch || msiUnported ? MSI_CITES : [];
  const paragraphs: string[] = [];
  if (state === 'hybrid') {
    paragraphs.push(
      'pci_intx() is a hybrid function: when the device was enabled with pcim_enable_device() it goes through devres (pcim_intx()) and restores the INTx state on driver detach; otherwise it only writes PCI_COMMAND. That is invisible at the call site, and a managed pci_intx() may sleep: pcim_intx() allocates with GFP_KERNEL on first use.',
    );
    if (info.strategy === 'direct') {
      paragraphs.push(
        'This series takes the direct order: make pcim_intx() public, port the drivers that rely on the managed behavior to it, then remove the hybrid branch from pci_intx() and the private copy __pcim_intx(). Drivers using pci_enable_device() are not touched: pci_intx() becomes what they always got. The plan from the list also ports them, to pci_intx_unmanaged() and back, so that no caller changes behavior in any single step.',
      );
    } else {
      const last = info.finalNotes.length ? 'The removal of the hybrid behavior follows once the callers below are resolved.' : 'Then remove the hybrid behavior and return the pci_intx_unmanaged() users to pci_intx().';
      paragraphs.push(
        `This series follows the plan from the list: publish the never-managed copy __pcim_intx() as pci_intx_unmanaged() and make pcim_intx() public, port the drivers that use pci_enable_device() to pci_intx_unmanaged() and those that use pcim_enable_device() to pcim_intx(). ${last} The never-managed ports are not strictly needed, but keep every caller explicit.`,
      );
    }
  } else if (state === 'unmanaged') {
    paragraphs.push(
      'pci_intx() in this tree no longer uses devres, but the drivers that enable their device with pcim_enable_device() still call it: they have lost the INTx restore on driver detach that the hybrid pci_intx() gave them. This series ports them to pcim_intx(), the managed version. Drivers that use pci_enable_device() need nothing.',
    );
  } else if (state === 'migrating') {
    paragraphs.push('pci_intx_unmanaged() exists in this tree: the migration away from the hybrid pci_intx() is half applied. This series does what is left.');
  }
  const msiCase = `${MSI_CAUTION} Implicit devres in the MSI code has caused trouble before ${citationMark(VOCABULARY.references, cites, 'msi-devres')}. ${attributedQuote(VOCABULARY.references, cites, 'plan')}`;
  if (hasMsiPatch) paragraphs.push(`The MSI patch needs a careful look. ${msiCase}`);
  if (msiUnported) paragraphs.push(`The MSI core keeps calling pci_intx(), which becomes never-managed with the last patch: that needs a careful look. ${msiCase}`);
  if (sites.some((s) => s.port && s.effectiveReplacement === 'pcim_intx')) {
    paragraphs.push('pcim_intx() returns -ENOMEM when it cannot allocate its devres entry; the ports leave that unchecked, as the hybrid pci_intx() only warned.');
  }
  const atomicManaged = sites.filter((s) => s.port && s.effectiveReplacement === 'pcim_intx' && s.atomicContext?.atomic);
  if (atomicManaged.length) {
    paragraphs.push(`${atomicManaged.length === 1 ? 'One call that becomes pcim_intx() may' : `${atomicManaged.length} calls that become pcim_intx() may`} run in atomic context, where pcim_intx() may sleep on first use (listed below).`);
  }
  paragraphs.push(...info.finalNotes);
  const text: string[] = [wrapParagraphs(paragraphs, COVER_WIDTH)];

  text.push('', wrapText(`How each module was classified, by how it (or its PCI driver, in a module with several) enables the device; core state: ${state}.`, COVER_WIDTH), '');
  text.push(...classificationRows(sites.filter((x) => x.port)));
  const unchanged = sites.filter((s) => !s.port && !s.leftOut);
  if (unchanged.length) {
    text.push('', 'Unchanged:', '');
    for (const s of unchanged) text.push(wrapText(`- ${s.effectiveClassification} ${s.file}:${s.line} ${s.function ?? ''}()`, COVER_WIDTH, '  '));
  }
  const left = sites.filter((s) => s.leftOut);
  if (left.length) {
    text.push('', 'Needs review, not in this series:', '');
    for (const s of left) {
      text.push(wrapText(`- ${s.file}:${s.line} ${s.function ?? ''}(): ${s.call}`, COVER_WIDTH, '  '));
      text.push(wrapText(s.leftOutReason, COVER_WIDTH, '    '));
    }
  }
  // The MSI sites' caution stands in the summary above, with their patch: not repeated here.
  const review = sites.filter((s) => s.port && s.needsReview && !(hasMsiPatch && s.phase === 'msi'));
  if (review.length) {
    text.push('', 'In this series, but please review with care:', '');
    for (const s of review) {
      text.push(wrapText(`- ${s.file}:${s.line} ${s.function ?? ''}()${s.phase === 'msi' ? ': the MSI core, see above' : ''}`, COVER_WIDTH, '  '));
      if (s.phase !== 'msi') text.push(wrapText(s.reason, COVER_WIDTH, '    '));
    }
  }
  const decided = personDecisionsSection(sites, VOCABULARY);
  if (decided) text.push('', decided);
  const references = referencesSection(VOCABULARY.references, cites, COVER_WIDTH);
  if (references) text.push('', references);
  // The per-patch list of acks is appended by the engine once edits and drops are known.
  const release = state === 'unmanaged' ? stableRelease(info.ctx.readFile) : null;
  const mergePath = release
    ? stableMergePath(release, info.ctx.tree, info.stable ?? { requested: false, fixes: null })
    : state === 'unmanaged'
      ? 'The ports are independent of each other: each can go through its subsystem tree, or the series through the PCI tree with each maintainer\'s ack:'
      : 'The series is meant to go through the PCI tree: the first and the last patch change the PCI core, every port depends on the first and the last on all of them. Each port needs an ack from its subsystem:';
  return { subject: `${prefix}: ${subject}`, body: text.join('\n'), mergePath };
}

/** One row per module, class and deciding driver: the enable call that decided, and where. */
function classificationRows(ported: EffectiveSite[]): string[] {
  const rows = new Map<string, { cls: string; name: string; how: string; calls: number }>();
  for (const s of ported) {
    const e = s.evidence[0];
    const name = s.phase === 'msi' ? 'MSI core' : (s.module.split('/').pop() ?? s.module) + (s.decidedBy === 'driver' && s.driver ? ` (${s.driver.split('::').pop()})` : '');
    const how = `${s.forced ? 'by decision; ' : ''}${e ? `${e.call.replace(/\(.*$/, '()')} in ${e.function ?? 'file scope'}()` : s.forced ? '' : 'in a patch of its own'}`.replace(/; $/, '');
    const key = `${s.effectiveClassification}\0${name}\0${how}`;
    const row = rows.get(key) ?? { cls: s.effectiveClassification, name, how, calls: 0 };
    row.calls++;
    rows.set(key, row);
  }
  const hang = ' '.repeat(12);
  return [...rows.values()].map((r) => {
    const text = wrapText(`${r.name}: ${r.calls === 1 ? '1 call' : `${r.calls} calls`}, ${r.how}`, COVER_WIDTH, hang);
    return `  ${r.cls.padEnd(10)}${text.slice(hang.length)}`;
  });
}

/** A stable tree already has the core change upstream: its ports go to stable as backports. */
function stableMergePath(release: string, tree: string, stable: { requested: boolean; fixes: string | null }): string {
  const fixes = stable.fixes ?? CORE_CHANGE_SUBJECTS.map((subject) => fixesLineFor(tree, subject)).find((line) => line !== null) ?? null;
  const form = stable.requested && stable.fixes
    ? 'Each port carries Cc: stable@vger.kernel.org and the Fixes: line of the core change.'
    : `Send them in stable form: Cc: stable@vger.kernel.org on each port (--stable) and ${fixes ? `Fixes: ${fixes} (--fixes)` : 'a Fixes: line naming the core change (--fixes; this tree\'s history does not have it)'}.`;
  return `This tree is the stable release ${release}: its pci_intx() already never uses devres, so these ports fix drivers that lost their restore with that change. They reach stable trees as backports of the upstream fixes, not through a subsystem tree. ${form} Each port needs an ack from its subsystem:`;
}
