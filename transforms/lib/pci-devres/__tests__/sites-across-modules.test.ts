// A header's call seen by several modules is one plan site; modules that disagree send it to review.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CallSite } from '../../../../src/sdk.js';
import { SitesAcrossModules } from '../sites-across-modules.js';

function site(module: string, classification: string, action: CallSite['action']): CallSite & { modules?: string[] } {
  return {
    id: '', file: 'drivers/x/x.h', line: 3, column: 2, function: 'x_map', call: 'f(pdev)', module, classification, action,
    replacement: action === 'rename' ? 'g' : null, needsReview: false, reason: `${module} decided`, evidence: [{ file: `${module}.c`, line: 1, function: null, call: 'e()' }],
    conditions: [], calleeStart: 40, calleeEnd: 41, callee: 'f', phase: action === 'none' ? null : 'port', driver: `${module}.c::drv`,
  };
}

test('the first module records the site; one that agrees only adds its name', () => {
  const sites = new SitesAcrossModules();
  assert.equal(sites.add(site('a', 'managed', 'rename'), (x, y) => x.classification === y.classification), null);
  const earlier = sites.add(site('b', 'managed', 'rename'), (x, y) => x.classification === y.classification);
  assert.deepEqual(earlier?.modules, ['a', 'b']);
  assert.equal(earlier?.classification, 'managed');
  assert.equal(sites.sites.length, 1);
});

test('modules that disagree: review, no action, no driver, both reasons named and both evidences kept', () => {
  const sites = new SitesAcrossModules();
  sites.add(site('a', 'managed', 'rename'), (x, y) => x.classification === y.classification);
  const merged = sites.add(site('b', 'unmanaged', 'none'), (x, y) => x.classification === y.classification)!;
  assert.equal(merged.classification, 'review');
  assert.equal(merged.action, 'none');
  assert.equal(merged.replacement, null);
  assert.equal(merged.driver, null);
  assert.match(merged.reason, /a is managed, b is unmanaged/);
  assert.equal(merged.evidence.length, 2);
});
