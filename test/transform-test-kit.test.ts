// The SDK's test kit (defineTransformTests and what it is made of), on the rename-when-called
// example: a case passes as written, every kind of difference is named with its file and a diff,
// UPDATE_FIXTURES writes the expected files, and importing the SDK starts no test run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { checkFixtureCase, compareFixtureCase, FixtureMismatchError, fixtureCases } from '../src/testing/transform-tests.js';
import { caseTree, runFixtureCase, TREE_PLACEHOLDER } from '../src/testing/fixture-case.js';
import { makeTempDir } from './helpers/temp.js';
import { REPO_ROOT } from './helpers/paths.js';
import transform from '../templates/rename-when-called/index.ts';

const TEMPLATE_FIXTURES = path.join(REPO_ROOT, 'templates', 'rename-when-called', '__testfixtures__');

/** A copy of one of the example's cases, to break on purpose. */
function copyCase(name: string): string {
  const dir = path.join(makeTempDir('kit'), name);
  fs.cpSync(path.join(TEMPLATE_FIXTURES, name), dir, { recursive: true, dereference: true });
  return dir;
}

async function mismatchMessage(caseDir: string): Promise<string> {
  const error = await checkFixtureCase(transform, caseDir, false).then(
    () => null,
    (e: unknown) => e,
  );
  assert.ok(error instanceof FixtureMismatchError, `expected a mismatch, got ${String(error)}`);
  return error.message;
}

test('the example has its cases, and each passes as written', async () => {
  assert.deepEqual(fixtureCases(TEMPLATE_FIXTURES), ['basic', 'by-module', 'modules']);
  for (const name of fixtureCases(TEMPLATE_FIXTURES)) await checkFixtureCase(transform, copyCase(name), false);
});

test('a changed byte in a patch names the patch and shows the line as a diff', async () => {
  const dir = copyCase('modules');
  const file = path.join(dir, 'patches', '0002-foo-Use-new_fn-instead-of-old_fn.patch');
  fs.writeFileSync(file, fs.readFileSync(file, 'latin1').replace('+\tint ret = new_fn(', '+\tint ret = new_fm('), 'latin1');
  const message = await mismatchMessage(dir);
  assert.match(message, /1 file\(s\) of .* differ/);
  assert.match(message, /patches\/0002-foo-Use-new_fn-instead-of-old_fn\.patch: differs\n/);
  assert.match(message, /^ +-\+\tint ret = new_fm\(foo->dev, 1\);\\r$/m, 'the expected line, its CR shown');
  assert.match(message, /^ +\+\+\tint ret = new_fn\(foo->dev, 1\);\\r$/m, 'the actual line');
  assert.match(message, /UPDATE_FIXTURES=1/);
});

test('a difference in line endings alone is called so', async () => {
  const dir = copyCase('modules');
  const file = path.join(dir, 'patches', '0002-foo-Use-new_fn-instead-of-old_fn.patch');
  fs.writeFileSync(file, fs.readFileSync(file, 'latin1').replace(/\r\n/g, '\n'), 'latin1');
  assert.match(await mismatchMessage(dir), /patches\/0002-foo-Use-new_fn-instead-of-old_fn\.patch: differs in line endings \(CR LF\) only/);
});

test('missing, unexpected and absent files are each named', async () => {
  const dir = copyCase('by-module');
  fs.renameSync(path.join(dir, 'patches', '0003-foo-Use-new_fn-instead-of-old_fn.patch'), path.join(dir, 'patches', '0003-foo-Something-else.patch'));
  fs.rmSync(path.join(dir, 'plan.json'));
  const output = await runFixtureCase(transform, dir);
  const mismatches = compareFixtureCase(dir, output);
  assert.deepEqual(
    mismatches.map((m) => `${m.file}: ${m.problem}`),
    [
      'plan.json: missing',
      'patches/0003-foo-Something-else.patch: expected, but the series has no such file',
      'patches/0003-foo-Use-new_fn-instead-of-old_fn.patch: written by the series, but not expected',
    ],
  );
});

test('options.json is applied: the same tree split by module gives a patch per module', async () => {
  const bySubsystem = await runFixtureCase(transform, copyCase('modules'));
  const byModule = await runFixtureCase(transform, copyCase('by-module'));
  assert.deepEqual(bySubsystem.patches.map((p) => p.name.slice(0, 8)), ['0000-cov', '0001-dri', '0002-foo']);
  assert.deepEqual(byModule.patches.map((p) => p.name.slice(0, 8)), ['0000-cov', '0001-bar', '0002-baz', '0003-foo']);
  const dir = copyCase('modules');
  fs.writeFileSync(path.join(dir, 'options.json'), '{ "split": "directory" }');
  await assert.rejects(runFixtureCase(transform, dir), /options\.json: split must be subsystem, module or file, not "directory"/);
  fs.writeFileSync(path.join(dir, 'options.json'), '{ "strategy": "direct" }');
  await assert.rejects(runFixtureCase(transform, dir), /options\.json: unknown key "strategy" \(only "options" and "split"\)/);
});

test('a case whose tree is laid over a shared base (<case>/base) runs on both, its own files first, and passes as written', async () => {
  const caseDir = copyCase('modules');
  // Part of the tree moves to a base directory beside the case, and the base holds an older copy of
  // a file the tree keeps: the tree's copy is the one analysed.
  const base = path.join(path.dirname(caseDir), 'shared-core');
  fs.mkdirSync(path.join(base, 'drivers', 'foo'), { recursive: true });
  fs.renameSync(path.join(caseDir, 'tree', 'drivers', 'bar'), path.join(base, 'drivers', 'bar'));
  fs.writeFileSync(path.join(base, 'drivers', 'foo', 'foo_io.c'), 'stale copy\r\n');
  fs.writeFileSync(path.join(caseDir, 'base'), '../shared-core\n');
  const tree = caseTree(caseDir);
  assert.notEqual(tree, path.join(caseDir, 'tree'));
  assert.deepEqual(fs.readFileSync(path.join(tree, 'drivers', 'bar', 'qux.c')), fs.readFileSync(path.join(base, 'drivers', 'bar', 'qux.c')));
  assert.deepEqual(fs.readFileSync(path.join(tree, 'drivers', 'foo', 'foo_io.c')), fs.readFileSync(path.join(caseDir, 'tree', 'drivers', 'foo', 'foo_io.c')));
  await checkFixtureCase(transform, caseDir, false);
  // A base that is not a directory is named.
  const broken = copyCase('basic');
  fs.writeFileSync(path.join(broken, 'base'), '../no-such-core\n');
  assert.throws(() => caseTree(broken), /no-such-core is not a directory/);
});

test('UPDATE_FIXTURES writes plan.json (tree path replaced) and patches/, which then pass', async () => {
  const dir = copyCase('modules');
  fs.rmSync(path.join(dir, 'plan.json'));
  fs.rmSync(path.join(dir, 'patches'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'patches'));
  fs.writeFileSync(path.join(dir, 'patches', '0009-stale.patch'), 'stale');
  await checkFixtureCase(transform, dir, true);
  const plan = fs.readFileSync(path.join(dir, 'plan.json'), 'utf8');
  assert.equal(JSON.parse(plan).tree, TREE_PLACEHOLDER);
  assert.ok(!plan.includes(dir), 'the temporary path appears nowhere in plan.json');
  assert.deepEqual(fs.readdirSync(path.join(dir, 'patches')), fs.readdirSync(path.join(TEMPLATE_FIXTURES, 'modules', 'patches')));
  for (const name of fs.readdirSync(path.join(dir, 'patches'))) {
    assert.ok(fs.readFileSync(path.join(dir, 'patches', name)).equals(fs.readFileSync(path.join(TEMPLATE_FIXTURES, 'modules', 'patches', name))), `${name} as committed`);
  }
  await checkFixtureCase(transform, dir, false);
});

test('importing the SDK loads no test runner (node:test is loaded by defineTransformTests only)', () => {
  const script = `const sdk = await import(${JSON.stringify(path.join(REPO_ROOT, 'src', 'sdk.ts'))});
const loaded = () => process.moduleLoadList.some((m) => m.includes('test_runner'));
const before = loaded();
process.stdout.write(JSON.stringify({ before, kit: typeof sdk.defineTransformTests }));`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: REPO_ROOT, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), { before: false, kit: 'function' });
});

test("the README shows the example transform and its test as they are in templates/", () => {
  const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  for (const rel of ['index.ts', '__tests__/transform.test.ts']) {
    const source = fs.readFileSync(path.join(REPO_ROOT, 'templates', 'rename-when-called', rel), 'utf8');
    const shown = source.split('\n').filter((line) => !line.startsWith('//')).join('\n').trim();
    assert.ok(readme.includes(rel === 'index.ts' ? source : shown), `README.md shows templates/rename-when-called/${rel} as it is`);
  }
  assert.ok(fs.readFileSync(path.join(REPO_ROOT, 'templates', 'rename-when-called', 'index.ts'), 'utf8').split('\n').length <= 60, 'the example stays under 60 lines');
});
