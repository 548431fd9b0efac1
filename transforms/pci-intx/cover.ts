// The cover letter's own text: summary, strategy, classification table with evidence, what
// needs review, merge path and acks. The renderer appends shortlog, diffstat and base-commit.
import type { Plan } from '../../src/sdk.js';
import type { SeriesContext } from '../../src/sdk.js';
import type { SeriesModel } from '../../src/sdk.js';
import { wrapParagraphs, wrapText } from '../../src/sdk.js';
import type { EffectiveSite } from './decisions.js';
import { MSI_CAUTION } from './messages.js';
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
  const paragraphs: string[] = [];
  if (state === 'hybrid') {
    paragraphs.push(
      'pci_intx() is a hybrid function: when the device was enabled with pcim_enable_device() it goes through devres (pcim_intx()) and restores the INTx state on driver detach; otherwise it only writes PCI_COMMAND. That is invisible at the call site, and pcim_intx() allocates with GFP_KERNEL on first use, so a managed pci_intx() under a spinlock may sleep.',
    );
    if (info.strategy === 'direct') {
      paragraphs.push(
        'This series takes the direct order: make pcim_intx() public, port the drivers that rely on the managed behavior to it, then remove the hybrid branch from pci_intx() and the private never-managed copy __pcim_intx(). Drivers that enable their device with pci_enable_device() are not touched: pci_intx() becomes what they always got.',
        'The plan discussed on the list first publishes __pcim_intx() as pci_intx_unmanaged() and ports the never-managed users to it, so that every caller is explicit before pci_intx() changes, and removes pci_intx_unmanaged() at the end. It touches more drivers, but no caller changes behavior in any single step.',
      );
    } else {
      paragraphs.push(
        `This series follows the plan from the list: publish the never-managed copy __pcim_intx() as pci_intx_unmanaged() and make pcim_intx() public; port every driver that enables its device with pci_enable_device() to pci_intx_unmanaged() and every driver that uses pcim_enable_device() to pcim_intx()${info.finalNotes.length ? '. Removing the hybrid behavior from pci_intx() and returning the pci_intx_unmanaged() users to it come once the callers below are resolved.' : '; then remove the hybrid behavior from pci_intx() and return the pci_intx_unmanaged() users to it.'}`,
        info.finalNotes.length
          ? 'A shorter order exists: make pcim_intx() public, port only the managed drivers, then remove the hybrid branch; the never-managed drivers would need no change there, because pci_intx() becomes what they always got. The order used here makes every caller explicit first, so that no caller changes behavior when pci_intx() does.'
          : 'A shorter order exists: make pcim_intx() public, port only the managed drivers, then remove the hybrid branch; the never-managed drivers need no change there, because pci_intx() becomes what they always got. The order used here keeps every step explicit for reviewers, at the cost of touching the never-managed drivers twice.',
      );
    }
  } else if (state === 'unmanaged') {
    paragraphs.push(
      'pci_intx() in this tree no longer uses devres, but the drivers that enable their device with pcim_enable_device() still call it: they have lost the INTx restore on driver detach that the hybrid pci_intx() gave them. This series ports them to pcim_intx(), the managed version. Drivers that use pci_enable_device() need nothing.',
    );
  } else if (state === 'migrating') {
    paragraphs.push('pci_intx_unmanaged() exists in this tree: the migration away from the hybrid pci_intx() is half applied. This series does what is left.');
  }
  if (model.patches.some((p) => p.phase === 'msi')) paragraphs.push(`The MSI patch needs a careful look. ${MSI_CAUTION.replace(/^This needs a careful look from the MSI maintainers: /, '')}`);
  if (info.strategy === 'direct' && sites.some((s) => s.phase === 'msi')) {
    paragraphs.push(`MSI: the MSI core keeps calling pci_intx(), which becomes never-managed with the last patch. ${MSI_CAUTION}`);
  }
  const atomicManaged = sites.filter((s) => s.port && s.effectiveReplacement === 'pcim_intx' && s.atomicContext?.atomic);
  if (atomicManaged.length) {
    paragraphs.push(`${atomicManaged.length === 1 ? 'One call that becomes pcim_intx() may' : `${atomicManaged.length} calls that become pcim_intx() may`} run in atomic context (listed under "please review with care"): pcim_intx() allocates with GFP_KERNEL on first use and may sleep.`);
  }
  paragraphs.push(...info.finalNotes);
  const text: string[] = [wrapParagraphs(paragraphs)];

  text.push('', `How each call site was classified (by how its Kbuild module enables the device, or its PCI driver in a module with several; core state: ${state}):`, '');
  for (const s of sites.filter((x) => x.port)) {
    text.push(`  ${s.effectiveClassification.padEnd(9)} ${s.file}:${s.line} ${s.function ?? ''}() -> ${s.effectiveReplacement}()`);
    const e = s.evidence[0];
    if (e) text.push(`            ${s.forced ? 'by decision; ' : ''}${e.call} at ${e.file}:${e.line}${e.function ? ` in ${e.function}()` : ''}`);
    else if (s.forced) text.push('            by decision');
  }
  const unchanged = sites.filter((s) => !s.port && !s.leftOut);
  if (unchanged.length) {
    text.push('', 'Unchanged:', '');
    for (const s of unchanged) text.push(`  ${s.effectiveClassification.padEnd(9)} ${s.file}:${s.line} ${s.function ?? ''}()`);
  }
  const left = sites.filter((s) => s.leftOut);
  if (left.length) {
    text.push('', 'Needs review, not in this series:', '');
    for (const s of left) {
      text.push(`  ${s.file}:${s.line} ${s.function ?? ''}(): ${s.call}`);
      text.push(wrapText(s.leftOutReason, 72, '    '));
    }
  }
  // The MSI sites' caution stands in the summary above: list them here without repeating it.
  const review = sites.filter((s) => s.port && s.needsReview);
  if (review.length) {
    text.push('', 'In this series, but please review with care:', '');
    for (const s of review) {
      text.push(`  ${s.file}:${s.line} ${s.function ?? ''}()`);
      text.push(wrapText(s.phase === 'msi' ? 'MSI core: see the MSI paragraph above.' : s.reason, 72, '    '));
    }
  }
  // The per-patch list of acks is appended by the engine once edits and drops are known.
  const release = state === 'unmanaged' ? stableRelease(info.ctx.readFile) : null;
  const mergePath = release
    ? stableMergePath(release, info.ctx.tree, info.stable ?? { requested: false, fixes: null })
    : state === 'unmanaged'
      ? 'The ports are independent of each other: each can go through its subsystem tree, or the series through the PCI tree with each maintainer\'s ack:'
      : 'The series is meant to go through the PCI tree as a whole: the first and the last patch change the PCI core, every port depends on the first, and the last depends on all of them. Each port needs an ack from its subsystem:';
  return { subject: `${prefix}: ${subject}`, body: text.join('\n'), mergePath };
}

/** A stable tree already has the core change upstream: its ports go to stable as backports. */
function stableMergePath(release: string, tree: string, stable: { requested: boolean; fixes: string | null }): string {
  const fixes = stable.fixes ?? CORE_CHANGE_SUBJECTS.map((subject) => fixesLineFor(tree, subject)).find((line) => line !== null) ?? null;
  const form = stable.requested && stable.fixes
    ? 'Each port carries Cc: stable@vger.kernel.org and the Fixes: line of the core change.'
    : `Send them in stable form: Cc: stable@vger.kernel.org on each port (--stable) and ${fixes ? `Fixes: ${fixes} (--fixes)` : 'a Fixes: line naming the core change (--fixes; this tree\'s history does not have it)'}.`;
  return `This tree is the stable release ${release}: its pci_intx() already never uses devres, so these ports fix drivers that lost their restore with that change. They reach stable trees as backports of the upstream fixes, not through a subsystem tree. ${form} Each port needs an ack from its subsystem:`;
}
