// Each case of __testfixtures__/ (drivers: one small driver per case; settled: the same without
// review sites) against its plan.json and patches/, through the engine's test kit. After an
// intended change: UPDATE_FIXTURES=1, review the diff, commit.
import { fileURLToPath } from 'node:url';
import { defineTransformTests } from '../../../src/sdk.js';
import transform from '../index.js';

defineTransformTests(transform, fileURLToPath(new URL('../__testfixtures__', import.meta.url)));
