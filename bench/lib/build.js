// The bench measures the compiled CLI (dist/, what bin/kcodemod.js runs), never TypeScript sources:
// refuse to run without a build, and say so when sources changed after it (tsc rewrites every output,
// so the CLI entry's time is the build's time).
import fs from 'node:fs';
import path from 'node:path';
import { BenchError } from './errors.js';

const SOURCE_DIRS = ['src', 'transforms'];

export function requireFreshBuild(repoDir, log) {
  const entry = path.join(repoDir, 'dist', 'src', 'cli', 'main.js');
  if (!fs.existsSync(entry)) throw new BenchError(`kcodemod is not built (${entry} is missing): run \`npm run build\` first`);
  const built = fs.statSync(entry).mtimeMs;
  const newer = SOURCE_DIRS.flatMap((dir) => sourcesIn(path.join(repoDir, dir))).filter((file) => fs.statSync(file).mtimeMs > built);
  if (newer.length) log(`warning: ${newer.length} source file(s) changed after the last build (e.g. ${path.relative(repoDir, newer[0])}): run \`npm run build\` to measure them`);
}

function sourcesIn(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name) && !(entry.parentPath ?? entry.path).includes('__tests__'))
    .map((entry) => path.join(entry.parentPath ?? entry.path, entry.name));
}
