// The fact cache as the CLI uses it: in $XDG_CACHE_HOME, skipped by --no-cache, and keyed by the
// transform's own files: an external transform edited between two runs is run again, not remembered.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { describeRun, runCli, testEnvironment } from './helpers/cli.js';
import { makeTempDir } from './helpers/temp.js';
import { CLI, REPO_ROOT } from './helpers/paths.js';

function entriesIn(cacheHome: string): string[] {
  const facts = path.join(cacheHome, 'kcodemod', 'facts');
  return fs.existsSync(facts) ? fs.readdirSync(facts).filter((name) => name.endsWith('.entry')) : [];
}

test('plan writes its facts under $XDG_CACHE_HOME; with --no-cache it writes none and prints the same plan', () => {
  const used = path.join(makeTempDir('cli-cache-used'), 'xdg');
  const unused = path.join(makeTempDir('cli-cache-unused'), 'xdg');
  const args = ['plan', 'pci-intx', 'examples', '--json'];
  const cached = runCli(args, { env: { XDG_CACHE_HOME: used } });
  assert.equal(cached.status, 0, describeRun(args, cached));
  assert.ok(entriesIn(used).length > 0, 'the cache is in XDG_CACHE_HOME');
  const uncached = runCli([...args, '--no-cache'], { env: { XDG_CACHE_HOME: unused } });
  assert.equal(uncached.status, 0, describeRun(args, uncached));
  assert.equal(fs.existsSync(unused), false, '--no-cache creates nothing');
  assert.equal(cached.stdout, uncached.stdout);
});

test('an external transform edited between runs is keyed by its imported files', () => {
  const work = makeTempDir('cli-cache-transform');
  const cacheHome = path.join(work, 'xdg');
  const transformDir = path.join(work, 'my-rename');
  fs.mkdirSync(transformDir);
  const template = fs.readFileSync(path.join(REPO_ROOT, 'templates', 'rename-when-called', 'index.ts'), 'utf8');
  const declaration = "const [OLD, NEW, SETUP] = ['old_fn', 'new_fn', 'setup_fn'];";
  assert.ok(template.includes(declaration));
  // The new name lives in a file the transform imports: the edit below changes only that file.
  fs.writeFileSync(path.join(transformDir, 'index.ts'), template.replace(declaration, "import { NEW } from './names.js';\nconst [OLD, SETUP] = ['old_fn', 'setup_fn'];"));
  const names = path.join(transformDir, 'names.ts');
  fs.writeFileSync(names, "export const NEW = 'new_fn';\n");
  const tree = path.join(REPO_ROOT, 'templates', 'rename-when-called', '__testfixtures__', 'basic', 'tree');
  const args = ['plan', transformDir, tree, '--json'];
  const replacements = (stdout: string) => (JSON.parse(stdout) as { callSites: { replacement: string | null }[] }).callSites.map((s) => s.replacement);

  const first = runCli(args, { env: { XDG_CACHE_HOME: cacheHome } });
  assert.equal(first.status, 0, describeRun(args, first));
  assert.ok(replacements(first.stdout).includes('new_fn'));
  assert.ok(entriesIn(cacheHome).length > 0);

  fs.writeFileSync(names, "export const NEW = 'newer_fn';\n");
  const edited = runCli(args, { env: { XDG_CACHE_HOME: cacheHome } });
  assert.equal(edited.status, 0, describeRun(args, edited));
  assert.ok(replacements(edited.stdout).includes('newer_fn'), 'the edited transform decided, not the cache');
  assert.ok(!replacements(edited.stdout).includes('new_fn'));
  const uncached = runCli([...args, '--no-cache'], { env: { XDG_CACHE_HOME: cacheHome } });
  assert.equal(edited.stdout, uncached.stdout);
});

test('runs at the same time on one cache all succeed with the same plan, and leave whole entries', async () => {
  const cacheHome = path.join(makeTempDir('cli-cache-concurrent'), 'xdg');
  const args = ['plan', 'pci-intx', 'examples', '--json'];
  const runAsync = () =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [CLI, ...args], { cwd: REPO_ROOT, env: testEnvironment({ XDG_CACHE_HOME: cacheHome }) });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk) => (stdout += chunk));
      child.stderr.on('data', (chunk) => (stderr += chunk));
      child.on('error', reject);
      child.on('close', (status) => resolve({ status, stdout, stderr }));
    });
  const runs = await Promise.all([runAsync(), runAsync(), runAsync()]);
  for (const run of runs) assert.equal(run.status, 0, run.stderr);
  assert.equal(new Set(runs.map((run) => run.stdout)).size, 1, 'every run printed the same plan');
  const facts = path.join(cacheHome, 'kcodemod', 'facts');
  assert.deepEqual(fs.readdirSync(facts).filter((name) => !name.endsWith('.entry')), [], 'no temporary file is left');
  const uncached = runCli([...args, '--no-cache'], { env: { XDG_CACHE_HOME: cacheHome } });
  assert.equal(runs[0].stdout, uncached.stdout);
  const after = runCli(args, { env: { XDG_CACHE_HOME: cacheHome } });
  assert.equal(after.stdout, uncached.stdout, 'the entries they left are read back whole');
  const timed = runCli(['plan', 'pci-intx', 'examples', '--timings'], { env: { XDG_CACHE_HOME: cacheHome } });
  assert.match(timed.stderr, /^ {2}cache /m);
  assert.doesNotMatch(timed.stderr, /^ {2}parse /m, 'the plan came from the cache: nothing was parsed');
});
