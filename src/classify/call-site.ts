// A plan site from a use the engine found: the fields every site carries come from the use, the
// decision from the transform. Saves a transform from copying offsets and texts by hand.
import type { CallSite, Evidence, UseFact } from '../types.js';

export interface SiteOutcome {
  classification: string;
  reason: string;
  /** The callee's new name; null (or the callee itself) leaves the call as it is. */
  replacement?: string | null;
  phase?: string | null;
  needsReview?: boolean;
  evidence?: Evidence[];
}

export function callSiteOf(use: UseFact, module: string, decision: SiteOutcome): CallSite {
  const replacement = decision.replacement ?? null;
  return {
    id: '',
    file: use.file,
    line: use.line,
    column: use.column,
    function: use.function,
    call: use.text,
    module,
    classification: decision.classification,
    action: replacement && replacement !== use.callee ? 'rename' : 'none',
    replacement,
    needsReview: decision.needsReview ?? false,
    reason: decision.reason,
    evidence: decision.evidence ?? [],
    conditions: use.conditions.map((c) => c.directive),
    calleeStart: use.calleeStart,
    calleeEnd: use.calleeEnd,
    callee: use.callee,
    phase: decision.phase ?? null,
  };
}

/** A use as evidence for a decision ("module calls setup_fn() here"). */
export function evidenceOf(use: UseFact, note?: string): Evidence {
  return { file: use.file, line: use.line, function: use.function, call: use.text, ...(note ? { note } : {}) };
}
