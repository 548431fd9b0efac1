// Golden files: compare output with a file in __testfixtures__; UPDATE_GOLDEN=1 rewrites the
// file instead (review the diff, then commit it), like jscodeshift/ast-grep snapshot acceptance.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

export const UPDATING_GOLDEN = process.env.UPDATE_GOLDEN === '1';

const HINT = 'if the change is intended, run the test again with UPDATE_GOLDEN=1 and review the diff';

/** Asserts `actual` equals the golden file byte for byte (text shown as a diff when it differs). */
export function assertGoldenFile(goldenPath: string, actual: Buffer | string): void {
  const bytes = typeof actual === 'string' ? Buffer.from(actual, 'utf8') : actual;
  if (UPDATING_GOLDEN) {
    fs.mkdirSync(path.dirname(goldenPath), { recursive: true });
    fs.writeFileSync(goldenPath, bytes);
    return;
  }
  assert.ok(fs.existsSync(goldenPath), `golden file ${goldenPath} is missing: ${HINT}`);
  const expected = fs.readFileSync(goldenPath);
  // latin1 maps every byte to one character: equal strings are equal bytes, and the diff points at the byte.
  assert.equal(bytes.toString('latin1'), expected.toString('latin1'), `${path.basename(goldenPath)} differs from its golden file: ${HINT}`);
}

/** Asserts a directory of golden files holds exactly `files` (names and bytes). */
export function assertGoldenDir(goldenDir: string, files: { name: string; bytes: Buffer }[]): void {
  if (UPDATING_GOLDEN) {
    fs.rmSync(goldenDir, { recursive: true, force: true });
    fs.mkdirSync(goldenDir, { recursive: true });
  }
  assert.ok(fs.existsSync(goldenDir), `golden directory ${goldenDir} is missing: ${HINT}`);
  const expectedNames = fs.readdirSync(goldenDir).sort();
  if (!UPDATING_GOLDEN) {
    assert.deepEqual(files.map((f) => f.name).sort(), expectedNames, `the series' file names differ from ${goldenDir}: ${HINT}`);
  }
  for (const f of files) assertGoldenFile(path.join(goldenDir, f.name), f.bytes);
}
