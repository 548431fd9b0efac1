import { test } from 'node:test';
import assert from 'node:assert/strict';
import { availableTransforms, loadTransform } from '../src/cli/load-transform.js';

test('transforms/lib (code the migrations share, no index module) is not a transform', async () => {
  const names = availableTransforms();
  assert.ok(names.includes('pci-intx'));
  assert.ok(!names.includes('lib'));
  await assert.rejects(loadTransform('lib'), /unknown transform "lib" \(available: [^)]*pci-intx/);
});
