#!/usr/bin/env node
// Runs the compiled copies of the tests that exist in the sources: a test file deleted or renamed
// in the sources is not run from a stale dist/ copy. Arguments go to `node --test` first.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
/** Source directories of the compiled tests: test/, test/analyses/, test/facts/, each transform's __tests__. */
function testDirectories() {
  const dirs = ['test', 'test/analyses', 'test/facts'];
  for (const parent of ['transforms', 'transforms/lib']) {
    for (const entry of fs.readdirSync(path.join(root, parent), { withFileTypes: true })) {
      if (entry.isDirectory() && fs.existsSync(path.join(root, parent, entry.name, '__tests__'))) dirs.push(`${parent}/${entry.name}/__tests__`);
    }
  }
  return dirs;
}

const compiled = [];
for (const dir of testDirectories()) {
  for (const name of fs.readdirSync(path.join(root, dir)).sort()) {
    const match = /^(.*\.test)\.tsx?$/.exec(name);
    if (!match) continue;
    const output = path.join('dist', dir, `${match[1]}.js`);
    if (!fs.existsSync(path.join(root, output))) {
      process.stderr.write(`run-compiled: ${dir}/${name} has no compiled copy (${output}): run npm run build:tests\n`);
      process.exit(1);
    }
    compiled.push(output);
  }
}
const result = spawnSync(process.execPath, ['--test', ...process.argv.slice(2), ...compiled], { cwd: root, stdio: 'inherit' });
process.exit(result.status ?? 1);
