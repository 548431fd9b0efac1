// A transform of one's own, loaded by path by the built CLI from a directory outside this repository
// (no node_modules anywhere near it): as TypeScript and compiled to JavaScript, with `kcodemod/sdk`
// resolved to the running engine. Its plan and series are the ones the test kit checked in-process.
// A transform the engine cannot run is one line on stderr and exit 2.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { runCli, describeRun } from '../helpers/cli.js';
import { REPO_ROOT } from '../helpers/paths.js';
import { TREE_PLACEHOLDER, FIXTURE_AUTHOR, FIXTURE_DATE } from '../../src/testing/fixture-case.js';

const TEMPLATE = path.join(REPO_ROOT, 'templates', 'rename-when-called');
const CASE = path.join(TEMPLATE, '__testfixtures__', 'modules');

// Under the system's temporary directory, never inside the repository: nothing there resolves
// kcodemod/sdk or tsx but the engine itself.
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kcodemod-external-'));
process.on('exit', () => fs.rmSync(work, { recursive: true, force: true }));
const tree = path.join(work, 'tree');
fs.cpSync(path.join(CASE, 'tree'), tree, { recursive: true });

/** The transform's files copied to work/NAME, with `edit` applied to index.ts. */
function transformCopy(name: string, edit: (source: string) => string = (s) => s): string {
  const dir = path.join(work, name);
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'index.ts'), edit(fs.readFileSync(path.join(TEMPLATE, 'index.ts'), 'utf8')));
  return dir;
}

function noNodeModulesAbove(dir: string): void {
  for (let d = dir; d !== path.dirname(d); d = path.dirname(d)) assert.ok(!fs.existsSync(path.join(d, 'node_modules')), `${d} has node_modules`);
}

function planJson(transformArg: string): string {
  const args = ['plan', transformArg, tree, '--json'];
  const r = runCli(args, { cwd: work });
  assert.equal(r.status, 0, describeRun(args, r));
  return r.stdout.split(JSON.stringify(tree).slice(1, -1)).join(TREE_PLACEHOLDER);
}

const expectedPlan = fs.readFileSync(path.join(CASE, 'plan.json'), 'utf8');

test('a TypeScript transform given by path, outside any npm project: plan --json is the fixture plan', () => {
  transformCopy('rename-when-called');
  noNodeModulesAbove(work);
  assert.ok(!fs.existsSync(path.join(work, 'package.json')));
  assert.equal(planJson('./rename-when-called'), expectedPlan);
  assert.equal(planJson(path.join(work, 'rename-when-called', 'index.ts')), expectedPlan);
});

test('the same transform compiled to JavaScript (type-checked against the SDK types) gives the same plan', () => {
  const source = transformCopy('compiled-source');
  const out = path.join(work, 'compiled');
  const config = path.join(work, 'tsconfig.json');
  fs.writeFileSync(
    config,
    JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'ES2022', moduleResolution: 'Bundler', strict: true, skipLibCheck: true, outDir: out, paths: { 'kcodemod/sdk': [path.join(REPO_ROOT, 'dist', 'src', 'sdk.d.ts')] } },
      files: [path.join(source, 'index.ts')],
    }),
  );
  const tsc = spawnSync(process.execPath, [path.join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', config], { encoding: 'utf8' });
  assert.equal(tsc.status, 0, `tsc failed:\n${tsc.stdout}${tsc.stderr}`);
  assert.match(fs.readFileSync(path.join(out, 'index.js'), 'utf8'), /^import \{[^}]+\} from 'kcodemod\/sdk';$/m);
  assert.equal(planJson('./compiled'), expectedPlan);
});

test("series with the kit's author and date writes the fixture's patches byte for byte", () => {
  const output = path.join(work, 'outgoing');
  const args = ['series', './rename-when-called', tree, '-o', output, '--from', FIXTURE_AUTHOR, '--date', FIXTURE_DATE.toISOString()];
  const r = runCli(args, { cwd: work, env: { KCODEMOD_SIGNATURE: 'kcodemod' } });
  assert.equal(r.status, 0, describeRun(args, r));
  const expected = fs.readdirSync(path.join(CASE, 'patches')).sort();
  assert.deepEqual(fs.readdirSync(output).filter((n) => n.endsWith('.patch')).sort(), expected);
  for (const name of expected) {
    assert.ok(fs.readFileSync(path.join(output, name)).equals(fs.readFileSync(path.join(CASE, 'patches', name))), `${name} differs from the fixture`);
  }
});

const UNUSABLE: [string, (source: string) => string, RegExp][] = [
  ['wrong-sdk', (s) => s.replace('sdkVersion: SDK_VERSION', 'sdkVersion: 99'), /^kcodemod: error: transform \.\/wrong-sdk was written for SDK version 99; this kcodemod offers version 1$/],
  ['engine-key', (s) => s.replace("key: 'r'", "key: 'y'"), /^kcodemod: error: transform \.\/engine-key declares an unusable vocabulary: classification "rename": review key "y" is one of the engine's own keys$/],
  ['missing-import', (s) => `import './helpers.js';\n${s}`, /^kcodemod: error: transform \.\/missing-import could not be loaded: Cannot find module '.*\/missing-import\/helpers\.js'/],
  ['no-default', (s) => s.replace('export default defineTransform(', 'export const transform = defineTransform('), /^kcodemod: error: transform \.\/no-default exports no default transform/],
];

for (const [name, edit, message] of UNUSABLE) {
  test(`an unusable transform (${name}) is one line and exit 2`, () => {
    transformCopy(name, edit);
    const args = ['plan', `./${name}`, tree];
    const r = runCli(args, { cwd: work });
    assert.equal(r.status, 2, describeRun(args, r));
    const errors = r.stderr.split('\n').filter((l) => l.startsWith('kcodemod: error:'));
    assert.equal(errors.length, 1, r.stderr);
    assert.match(errors[0], message);
    assert.equal(r.stdout, '');
  });
}

test('a transform path that does not exist is one line and exit 2', () => {
  const args = ['plan', './no-such-transform', tree];
  const r = runCli(args, { cwd: work });
  assert.equal(r.status, 2, describeRun(args, r));
  assert.match(r.stderr, /^kcodemod: error: transform \.\/no-such-transform does not exist\n/);
});

test('list names the built-in transforms with their descriptions, not the shared lib folder', () => {
  const r = runCli(['list'], { cwd: work });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^pci-intx +Remove the hybrid \(sometimes-managed\) behaviour from pci_intx\(\)/m);
  if (fs.existsSync(path.join(REPO_ROOT, 'transforms', 'pci-regions'))) assert.match(r.stdout, /^pci-regions +\S/m);
  assert.doesNotMatch(r.stdout, /^lib\b/m);
  assert.doesNotMatch(r.stdout, /cannot be loaded/);
});
