#!/usr/bin/env node
// Runs the compiled CLI (npm run build / npm install compile src/ to dist/).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const compiled = new URL('../dist/src/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(compiled))) {
  process.stderr.write('kcodemod: error: not built yet: run `npm install` (or `npm run build`) in the kcodemod directory\n');
  process.exit(1);
}
let main;
try {
  ({ main } = await import(compiled.href));
} catch (e) {
  process.stderr.write(`kcodemod: error: the build in dist/ is incomplete or stale (${String(e.message).split('\n')[0]}): run \`npm run build\`\n`);
  process.exit(1);
}
process.exitCode = await main(process.argv.slice(2));
