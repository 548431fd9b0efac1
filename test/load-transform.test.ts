import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { availableTransforms, loadTransform } from '../src/cli/load-transform.js';
import { REPO_ROOT } from './helpers/paths.js';

test('transforms/lib (code the migrations share, no index module) is not a transform', async () => {
  const names = availableTransforms();
  assert.ok(names.includes('pci-intx'));
  assert.ok(!names.includes('lib'));
  await assert.rejects(loadTransform('lib'), /unknown transform "lib" \(available: [^)]*pci-intx/);
});

test('the transforms shipped here import the SDK by relative path: they load without a loader hook', () => {
  const transforms = path.join(REPO_ROOT, 'transforms');
  const sources = (fs.readdirSync(transforms, { recursive: true }) as string[]).filter((rel) => /\.(ts|js)$/.test(rel) && !rel.split(path.sep).some((part) => part.startsWith('__')));
  assert.ok(sources.length > 10);
  for (const rel of sources) assert.doesNotMatch(fs.readFileSync(path.join(transforms, rel), 'utf8'), /['"]kcodemod\/sdk['"]/, rel);
});
