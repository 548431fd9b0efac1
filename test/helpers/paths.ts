// Where the repository, its CLI and examples/ are, for tests anywhere below the repository.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const EXAMPLES_DIR = path.join(REPO_ROOT, 'examples');
/** The compiled CLI: `npm test` builds dist/ first (`npm run build` when running one file). */
export const CLI = path.join(REPO_ROOT, 'bin', 'kcodemod.js');
