// A person's classification that differs from the plan's: the typed record a transform's message
// builder words ("decided, against the evidence for X"), and the cover letter's list of them. A
// message written after such a decision must state it, never the evidence's conclusion as fact.
import type { Vocabulary } from '../vocabulary.js';
import { decisionFor, type Decisions } from './decisions.js';
import { wrapText, COVER_WIDTH } from './wrap.js';

export interface PersonDecision {
  decidedBy: 'person';
  /** The class the person chose. */
  chosen: string;
  /** The class the plan gave the site from its evidence (a class that waits for a decision when the evidence settled nothing). */
  evidenceClass: string;
  /** Where the decision is recorded: for this site alone, its driver or its whole module. */
  scope: 'site' | 'driver' | 'module';
}

type DecidedSite = { id: string; module: string; driver?: string | null; classification: string };

/** The decision that reclassifies this site, or null when the site keeps the plan's class. */
export function personDecisionFor(decisions: Decisions | null, site: DecidedSite): PersonDecision | null {
  const chosen = decisionFor(decisions, site).classification;
  if (!decisions || !chosen || chosen === site.classification) return null;
  const scope = decisions.sites[site.id]?.classification ? 'site' : site.driver && decisions.drivers[site.driver]?.classification ? 'driver' : 'module';
  return { decidedBy: 'person', chosen, evidenceClass: site.classification, scope };
}

/** Whether the evidence pointed elsewhere (rather than settling nothing): the decision overrides it. */
export function overridesEvidence(decision: PersonDecision, vocabulary: Vocabulary): boolean {
  return !vocabulary.classifications.find((c) => c.id === decision.evidenceClass)?.needsDecision;
}

type ListedSite = { file: string; line: number; function: string | null; reason: string; personDecision: PersonDecision | null };

/**
 * The cover letter's list of every decision that changed a site's class: where, what was chosen,
 * and what the plan's evidence said. Empty when no decision did.
 */
export function personDecisionsSection(sites: readonly ListedSite[], vocabulary: Vocabulary, width = COVER_WIDTH): string {
  const decided = sites.filter((s) => s.personDecision);
  if (decided.length === 0) return '';
  const label = (id: string) => vocabulary.classifications.find((c) => c.id === id)?.label ?? id;
  const lines = ['Decided by a person, not by the evidence:', ''];
  for (const s of decided) {
    const d = s.personDecision!;
    const against = overridesEvidence(d, vocabulary) ? `against the evidence for ${label(d.evidenceClass)}` : `the evidence settled nothing (${label(d.evidenceClass)})`;
    lines.push(wrapText(`- ${s.file}:${s.line} ${s.function ?? 'file scope'}(): ${label(d.chosen)} by ${d.scope} decision, ${against}`, width, '  '));
    if (s.reason) lines.push(wrapText(`evidence: ${s.reason}`, width, '    '));
  }
  return lines.join('\n');
}
