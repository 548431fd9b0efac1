// One plan site per call in the tree. A header's call is seen once per module that includes it;
// the modules must agree on what becomes of it, else it goes to review naming both.
import type { CallSite } from '../../../src/sdk.js';

export class SitesAcrossModules<S extends CallSite & { modules?: string[] }> {
  private readonly byCall = new Map<string, S>();

  /**
   * Records a module's site. Returns the site already recorded for the same call (now also
   * listing this module, and in review when `agree` says no), or null when the call is new.
   */
  add(site: S, agree: (earlier: S, later: S) => boolean): S | null {
    const key = `${site.file}:${site.calleeStart}`;
    const earlier = this.byCall.get(key);
    if (!earlier) {
      this.byCall.set(key, site);
      return null;
    }
    earlier.modules = [...(earlier.modules ?? [earlier.module]), site.module];
    if (!agree(earlier, site)) {
      Object.assign(earlier, {
        classification: 'review',
        action: 'none',
        replacement: null,
        needsReview: true,
        phase: null,
        driver: null,
        reason: `the header is included by modules that disagree: ${earlier.module} is ${earlier.classification}, ${site.module} is ${site.classification}`,
        evidence: [...earlier.evidence, ...site.evidence],
      });
    }
    return earlier;
  }

  get sites(): S[] {
    return [...this.byCall.values()];
  }
}
