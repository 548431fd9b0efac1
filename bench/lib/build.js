// The bench measures the compiled CLI (dist/, what bin/kcodemod.js runs), never TypeScript sources:
// refuse to run without a build, and say so when sources changed after it. An incremental build
// (`tsc -b`) leaves unchanged outputs alone but rewrites its build info whenever a source changed, so
// the build info's time is the last build's.
import fs from 'node:fs';
import path from 'node:path';
import { BenchError } from './errors.js';

const SOURCE_DIRS = ['src', 'transforms'];

export function requireFreshBuild(repoDir, log) {
  const entry = path.join(repoDir, 'dist', 'src', 'cli', 'main.js');
  if (!fs.existsSync(entry)) throw new BenchError(`kcodemod is not built (${entry} is missing): run \`npm run build\` first`);
  const buildInfo = path.join(repoDir, 'dist', '.tsbuildinfo');
  const built = fs.statSync(fs.existsSync(buildInfo) ? buildInfo : entry).mtimeMs;
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
