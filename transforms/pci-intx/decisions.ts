// A person's decisions on top of the plan: what each site becomes in the series. Decisions are
// keyed by site id (or module id); a site decision wins over its module's.
import type { Plan, Decisions, SiteDecision, PersonDecision } from '../../src/sdk.js';
import { decisionFor, personDecisionFor } from '../../src/sdk.js';
import type { PciIntxCore } from './core-state.js';
import type { PciIntxSite, Phase } from './classify.js';
import { FN } from './names.js';

export interface EffectiveSite extends PciIntxSite {
  effectiveClassification: string;
  effectiveReplacement: string | null;
  effectivePhase: Phase | null;
  /** The series rewrites this site. */
  port: boolean;
  /** A site the plan would port (or could not decide) that stays out of the series. */
  leftOut: boolean;
  leftOutReason: string;
  /** Leaving it on pci_intx() forbids the final step. */
  blocksFinal: boolean;
  /** Its classification comes from a decision. */
  forced: boolean;
  /** The decision that gave it that classification, and the class the evidence supported (null: the plan's own class). */
  personDecision: PersonDecision | null;
  /** A decision that could not be honoured, and why. */
  ignoredDecision?: string;
}

export function effectiveSites(plan: Plan<PciIntxSite, PciIntxCore>, decisions: Decisions | null, strategy = 'thread'): EffectiveSite[] {
  const state = plan.core.state;
  const hybridBranch = state === 'hybrid' || (state === 'migrating' && plan.core.hybridBranch);
  return plan.callSites.map((site) => {
    const decision: SiteDecision = decisionFor(decisions, site);
    let classification: string = site.classification;
    let replacement = site.replacement;
    let phase = site.phase;
    let forced = false;
    let ignoredDecision: string | undefined;
    if (decision.classification && decision.classification !== site.classification) {
      if (site.kind !== 'call' || site.neverCompiled) {
        ignoredDecision = `cannot port this site as ${decision.classification}: ${site.kind !== 'call' ? 'it is not a call' : 'it is never compiled'}`;
      } else if (site.classification === 'core') {
        ignoredDecision = 'PCI core sites are not reclassified by decisions';
      } else {
        forced = true;
        classification = decision.classification;
        if (classification === 'managed') {
          replacement = FN.pcimIntx;
          phase = 'always-managed';
        } else {
          replacement = hybridBranch ? FN.unmanaged : null;
          phase = hybridBranch ? 'never-managed' : null;
        }
      }
    }
    if (strategy === 'direct' && (phase === 'never-managed' || phase === 'msi')) {
      // pci_intx() itself becomes never-managed: these callers need no change.
      replacement = null;
      phase = null;
    }
    const wouldPort = !!replacement && replacement !== site.callee && !!phase;
    let leftOut = false;
    let leftOutReason = '';
    if (decision.drop && (wouldPort || classification === 'review')) {
      leftOut = true;
      leftOutReason = 'dropped by a decision';
    } else if (classification === 'review') {
      leftOut = true;
      leftOutReason = site.reason;
    }
    return {
      ...site,
      effectiveClassification: classification,
      effectiveReplacement: replacement,
      effectivePhase: phase,
      port: wouldPort && !leftOut,
      leftOut,
      leftOutReason,
      blocksFinal: leftOut && !site.neverCompiled,
      forced,
      personDecision: forced ? personDecisionFor(decisions, site) : null,
      ...(ignoredDecision ? { ignoredDecision } : {}),
    };
  });
}
