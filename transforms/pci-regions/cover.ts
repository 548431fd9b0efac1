// The cover letter's own text: what the series does, each port's deciding enable call, what is
// left out and why, and the merge path. The renderer appends shortlog, diffstat and base-commit.
import type { Plan, SeriesContext, SeriesModel } from '../../src/sdk.js';
import { COVER_WIDTH, wrapParagraphs, wrapText } from '../../src/sdk.js';
import { HYBRID } from './messages.js';
import type { SeriesSite } from './series.js';
import type { RegionSite } from './site.js';

export function regionCover(plan: Plan<RegionSite>, model: SeriesModel, sites: SeriesSite[], info: { finalNote: string; decided: string; ctx: SeriesContext }): { subject: string; body: string; mergePath: string } {
  const prefix = info.ctx.subjectPrefix(['drivers/pci/pci.c']).prefix;
  const ports = sites.filter((s) => s.port);
  const deletes = ports.filter((s) => s.action === 'delete').length;
  const hasCorePatch = model.patches.some((p) => p.phase === 'remove');
  const paragraphs = [
    HYBRID,
    `This series ports the drivers that enable their device with pcim_enable_device() to the always-managed functions (${ports.length - deletes} request(s) renamed) and drops their manual releases (${deletes}), which run only where devres releases the regions anyway${hasCorePatch ? ', then removes the pci_is_managed() branches from the region functions' : ''}. Drivers that use pci_enable_device() need no change: the region functions become what they always got.`,
  ];
  if (info.finalNote) paragraphs.push(info.finalNote);
  const text = [wrapParagraphs(paragraphs, COVER_WIDTH), '', `How each ported call site was classified (core state: ${plan.core.state}):`, ''];
  const hang = ' '.repeat(9);
  for (const s of ports) {
    const site = wrapText(`${s.file}:${s.line} ${s.function ?? ''}()${s.action === 'rename' ? ` -> ${s.replacement}()` : ''}`, COVER_WIDTH, hang);
    text.push(`  ${s.action.padEnd(6)} ${site.slice(hang.length)}`);
    const e = s.evidence.find((x) => /^pcim_enable_device\s*\(/.test(x.call));
    if (e) text.push(wrapText(`${e.call} at ${e.file}:${e.line}${e.function ? ` in ${e.function}()` : ''}`, COVER_WIDTH, hang));
  }
  const left = sites.filter((s) => s.blocksFinal);
  if (left.length) {
    text.push('', 'Needs review, not in this series:', '');
    for (const s of left) {
      text.push(wrapText(`- ${s.file}:${s.line} ${s.function ?? ''}(): ${s.call}`, COVER_WIDTH, '  '));
      text.push(wrapText(s.leftOutReason || s.reason, COVER_WIDTH, '    '));
    }
  }
  if (info.decided) text.push('', info.decided);
  const mergePath = hasCorePatch
    ? 'The series is meant to go through the PCI tree as a whole: the last patch changes the PCI core and depends on every port. Each port needs an ack from its subsystem:'
    : 'The series is meant to go through the PCI tree as a whole, so that the core patch that removes the hybrid behavior can follow it once the rest is settled. Each port needs an ack from its subsystem:';
  return { subject: `${prefix}: Remove the hybrid devres behavior from the region functions`, body: text.join('\n'), mergePath };
}
