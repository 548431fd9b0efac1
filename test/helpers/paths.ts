// Where the repository, its CLI and examples/ are, for tests anywhere below the repository. Tests run
// as TypeScript through tsx (one file) or compiled to dist/ (npm test): a compiled test finds its
// fixtures in the repository, beside its source, not in dist/.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The directory the tests were loaded from: the repository, or dist/ for compiled tests. */
const LOADED_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const REPO_ROOT = fs.existsSync(path.join(LOADED_ROOT, 'package.json')) ? LOADED_ROOT : path.dirname(LOADED_ROOT);
export const EXAMPLES_DIR = path.join(REPO_ROOT, 'examples');
/** The compiled CLI: `npm test` builds dist/ first (`npm run build` when running one file). */
export const CLI = path.join(REPO_ROOT, 'bin', 'kcodemod.js');

/** The source directory of the module at `moduleUrl` (pass `import.meta.url`), compiled or not. */
export function sourceDirOf(moduleUrl: string): string {
  return path.join(REPO_ROOT, path.relative(LOADED_ROOT, path.dirname(fileURLToPath(moduleUrl))));
}
