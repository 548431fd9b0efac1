#!/usr/bin/env node
// Runs the compiled CLI (npm run build / npm install compile src/ to dist/).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const compiled = new URL('../dist/src/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(compiled))) {
  process.stderr.write('kcodemod: error: not built yet: run `npm install` (or `npm run build`) in the kcodemod directory\n');
  process.exit(1);
}
const { main } = await import(compiled.href);
process.exitCode = await main(process.argv.slice(2));
