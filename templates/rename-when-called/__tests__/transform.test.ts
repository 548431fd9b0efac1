// Each case of __testfixtures__/ (a tree, with options.json when it needs options) against its
// plan.json and patches/. After an intended change: UPDATE_FIXTURES=1, review the diff, commit.
import { fileURLToPath } from 'node:url';
import { defineTransformTests } from 'kcodemod/sdk';
import transform from '../index.ts';

defineTransformTests(transform, fileURLToPath(new URL('../__testfixtures__', import.meta.url)));
