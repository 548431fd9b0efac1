// `kcodemod new-transform NAME [DIR]`, run by the built CLI outside this repository: the scaffold's own
// test passes as written (node --import tsx --test, from its directory), plan runs on its fixture,
// and an existing non-empty directory or a bad name is refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { runCli, describeRun, testEnvironment } from '../helpers/cli.js';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kcodemod-new-transform-'));
process.on('exit', () => fs.rmSync(work, { recursive: true, force: true }));
const target = path.join(work, 'transforms', 'my-rename');

/** The scaffold's test, run as its author would: its own test run, not a child reporting to ours. */
function runScaffoldTest() {
  const env = testEnvironment();
  delete env.NODE_TEST_CONTEXT;
  return spawnSync(process.execPath, ['--import', 'tsx', '--test', '__tests__/transform.test.ts'], { cwd: target, env, encoding: 'utf8' });
}

test('new-transform writes the transform, its fixture with the expected plan and patches, its test, and says what next', () => {
  const args = ['new-transform', 'my-rename', 'transforms'];
  const r = runCli(args, { cwd: work });
  assert.equal(r.status, 0, describeRun(args, r));
  for (const rel of ['index.ts', 'package.json', '__tests__/transform.test.ts', '__testfixtures__/basic/tree/Makefile', '__testfixtures__/basic/tree/drivers/widget/widget.c', '__testfixtures__/basic/plan.json']) {
    assert.ok(fs.existsSync(path.join(target, rel)), `${rel} is written`);
  }
  assert.match(fs.readFileSync(path.join(target, 'index.ts'), 'utf8'), /^  name: 'my-rename',$/m);
  assert.equal(JSON.parse(fs.readFileSync(path.join(target, '__testfixtures__/basic/plan.json'), 'utf8')).transform, 'my-rename');
  assert.deepEqual(fs.readdirSync(path.join(target, '__testfixtures__/basic/patches')), ['0000-cover-letter.patch', '0001-widget-Use-new_fn-instead-of-old_fn.patch']);
  assert.match(r.stdout, /^next steps:\n {2}kcodemod plan \.\/transforms\/my-rename transforms\/my-rename\/__testfixtures__\/basic\/tree\n {2}cd transforms\/my-rename && npm test/m);
});

test("the new transform's own test passes as written (node --import tsx --test, in its directory)", () => {
  const r = runScaffoldTest();
  assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
  assert.match(r.stdout, /^ok 1 - my-rename: basic$/m);
  assert.match(r.stdout, /^# pass 1$/m);
});

test('its test fails, naming the patch, once the transform renames differently', () => {
  const index = path.join(target, 'index.ts');
  const source = fs.readFileSync(index, 'utf8');
  try {
    fs.writeFileSync(index, source.replace("'new_fn'", "'newer_fn'"));
    const r = runScaffoldTest();
    assert.equal(r.status, 1, r.stdout);
    assert.match(r.stdout, /plan\.json: differs/);
    assert.match(r.stdout, /0001-widget-Use-new_fn-instead-of-old_fn\.patch: expected, but the series has no such file/);
  } finally {
    fs.writeFileSync(index, source);
  }
});

test('plan runs on its fixture with the CLI', () => {
  const args = ['plan', './transforms/my-rename', 'transforms/my-rename/__testfixtures__/basic/tree', '--json'];
  const r = runCli(args, { cwd: work });
  assert.equal(r.status, 0, describeRun(args, r));
  const plan = JSON.parse(r.stdout) as { transform: string; callSites: { file: string; classification: string; replacement: string | null }[] };
  assert.equal(plan.transform, 'my-rename');
  assert.deepEqual(plan.callSites.map((s) => [s.file, s.classification, s.replacement]), [['drivers/widget/widget.c', 'rename', 'new_fn']]);
});

test('an existing non-empty directory is refused (exit 1), an empty one is used, a bad name is a usage error', () => {
  const again = runCli(['new-transform', 'my-rename', 'transforms'], { cwd: work });
  assert.equal(again.status, 1);
  assert.equal(again.stderr, `kcodemod: error: ${target} already exists and is not empty: choose another NAME or DIR\n`);
  fs.mkdirSync(path.join(work, 'empty'));
  const empty = runCli(['new-transform', 'empty'], { cwd: work });
  assert.equal(empty.status, 0, empty.stderr);
  assert.ok(fs.existsSync(path.join(work, 'empty', 'index.ts')));
  const bad = runCli(['new-transform', 'My_Transform'], { cwd: work });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /^kcodemod: error: new-transform: NAME must be lower-case letters, digits and '-', starting with a letter, not "My_Transform"\n/);
  const missing = runCli(['new-transform'], { cwd: work });
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /^kcodemod: error: new-transform: missing the NAME/);
});
