// Each case of __testfixtures__/ (drivers: one small driver per case; settled: the same without
// review sites) against its plan.json and patches/, through the engine's test kit. After an
// intended change: UPDATE_FIXTURES=1, review the diff, commit.
import path from 'node:path';
import { defineTransformTests } from '../../../src/sdk.js';
import transform from '../index.js';
import { sourceDirOf } from '../../../test/helpers/paths.js';

defineTransformTests(transform, path.resolve(sourceDirOf(import.meta.url), '..', '__testfixtures__'));
