// The command line's failures: every mistake a user can make on the command line, and every
// missing tool, ends in one line "kcodemod: error: ..." with the documented exit status (1: cannot be
// done, 2: usage), never a stack trace and never a half-written output directory.
// A few real CLI runs per kind of failure pin the exit status and the wording end to end; the other
// cases of a kind are checked in-process (the same functions main() runs before any work), which
// spares a node start and a load of the engine per case.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { runCli, describeRun, seriesArgs, testEnvironment, type CliResult } from './helpers/cli.js';
import { CLI, EXAMPLES_DIR } from './helpers/paths.js';
import { makeTempDir } from './helpers/temp.js';
import { copyTree, gitRepoFrom } from './helpers/git-repo.js';
import { assertErrorOf, commandLineError } from './helpers/command-line.js';
import { seriesInProcess } from './helpers/in-process.js';

/** Exactly one error line matching `message`, the exit status `status`, and nothing that looks like a trace. */
function assertOneLineError(args: string[], r: CliResult, status: number, message: RegExp): void {
  const context = describeRun(args, r);
  assert.equal(r.status, status, context);
  const errors = r.stderr.split('\n').filter((l) => l.startsWith('kcodemod: error: '));
  assert.equal(errors.length, 1, context);
  assert.match(errors[0], message, context);
  assert.doesNotMatch(r.stderr, /^\s+at .+[:(]\d+/m, `a stack trace: ${context}`);
  assert.doesNotMatch(r.stderr, /node:internal|Error: |\[ERR_/, context);
  assert.doesNotMatch(errors[0], /[\x00-\x08\x0b-\x1f\x7f]/, 'control characters are escaped');
}

function run(args: string[], env?: NodeJS.ProcessEnv): CliResult {
  return runCli(args, { env });
}

/** A directory whose PATH offers only `tools` (symlinks to the real programs): node, and maybe git. */
function pathWith(tools: string[]): string {
  const bin = makeTempDir('path');
  for (const tool of tools) {
    const real = tool === 'node' ? process.execPath : whichOrNull(tool);
    assert.ok(real, `${tool} is needed on this machine for the test`);
    fs.symlinkSync(real, path.join(bin, tool));
  }
  return bin;
}

function whichOrNull(tool: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    const candidate = path.join(dir, tool);
    if (dir && fs.existsSync(candidate)) return candidate;
  }
  return null;
}

test('a tree that does not exist: exit 1 for every command', () => {
  const missing = path.join(makeTempDir('missing'), 'no-such-tree');
  const out = path.join(makeTempDir('out'), 'series');
  for (const args of [
    ['plan', 'pci-intx', missing],
    ['audit', 'pci-intx', missing],
    seriesArgs(missing, out),
    ['check', 'pci-intx', missing, '--series', out],
    ['apply', 'pci-intx', missing, '--branch', 'port'],
  ]) {
    assertOneLineError(args, run(args), 1, /tree .*no-such-tree does not exist/);
  }
  assert.equal(fs.existsSync(out), false, 'no output directory for a failed run');
});

test('a file instead of a directory: exit 1', () => {
  const file = path.join(makeTempDir('file'), 'Makefile');
  fs.writeFileSync(file, 'obj-y += drivers/\n');
  const args = ['plan', 'pci-intx', file];
  assertOneLineError(args, run(args), 1, /is not a directory/);
});

test('an empty directory and a directory that is not a kernel tree: exit 1, named as such', () => {
  const empty = makeTempDir('empty');
  const notKernel = makeTempDir('not-kernel');
  fs.writeFileSync(path.join(notKernel, 'README'), 'just notes\n');
  fs.mkdirSync(path.join(notKernel, 'src'));
  fs.writeFileSync(path.join(notKernel, 'src', 'main.c'), 'int main(void) { pci_intx(0, 1); return 0; }\n');
  for (const tree of [empty, notKernel]) {
    for (const command of ['plan', 'audit']) {
      const args = [command, 'pci-intx', tree];
      assertOneLineError(args, run(args), 1, /not a Linux kernel tree/);
    }
    const out = path.join(makeTempDir('out'), 'series');
    const args = seriesArgs(tree, out);
    assertOneLineError(args, run(args), 1, /not a Linux kernel tree/);
    assert.equal(fs.existsSync(out), false);
  }
  // A Makefile but no PCI core.
  const noPci = makeTempDir('no-pci');
  fs.writeFileSync(path.join(noPci, 'Makefile'), 'obj-y += drivers/\n');
  const args = ['plan', 'pci-intx', noPci];
  assertOneLineError(args, run(args), 1, /not a Linux kernel tree with a PCI core: drivers\/pci\/pci\.c is missing/);
});

test('unknown command, transform or flag, and malformed command lines: exit 2 with the usage line', async () => {
  const cases: [string[], RegExp][] = [
    [['frobnicate', 'pci-intx'], /unknown command "frobnicate"/],
    [['plan', 'no-such-transform', EXAMPLES_DIR], /unknown transform "no-such-transform" \(available: .*pci-intx/],
    [['plan', '../transforms/no-such-transform', EXAMPLES_DIR], /transform \.\.\/transforms\/no-such-transform does not exist/],
    [['plan', 'pci-intx', EXAMPLES_DIR, '--no-such-flag'], /plan: Unknown option '--no-such-flag'/],
    // A flag of another command is not a flag of this one.
    [['plan', 'pci-intx', EXAMPLES_DIR, '--branch', 'x'], /Unknown option '--branch'/],
    [['plan'], /missing the transform name/],
    [['plan', 'pci-intx', EXAMPLES_DIR, 'extra'], /unexpected argument "extra"/],
    [['series', 'pci-intx', EXAMPLES_DIR, '--output'], /--output/],
    [seriesArgs(EXAMPLES_DIR, '/nonexistent/out', ['--strategy', 'sideways']), /--strategy must be thread or direct/],
    [seriesArgs(EXAMPLES_DIR, '/nonexistent/out', ['-v', '0']), /--reroll-count takes a positive whole number/],
  ];
  for (const [args, message] of cases) assertErrorOf(args, await commandLineError(args), 2, message);
  // End to end, one case of each place a usage error comes from: the parser, the transform loader,
  // the transform's own options, and the commands that check their required flags themselves.
  const endToEnd: [string[], RegExp][] = [
    cases[0],
    cases[1],
    cases[8],
    [['check', 'pci-intx', EXAMPLES_DIR], /--series DIR is required/],
    [['apply', 'pci-intx', EXAMPLES_DIR], /--branch NAME is required/],
  ];
  for (const [args, message] of endToEnd) {
    const r = run(args);
    assertOneLineError(args, r, 2, message);
    assert.match(r.stderr, /^usage: kcodemod /m, describeRun(args, r));
  }
});

test('hostile --from (newlines, header injection, angle brackets): one-line error, exit 1, nothing written', async () => {
  const out = path.join(makeTempDir('from'), 'series');
  const hostile = [
    'Ada\n<ada@example.org>',
    'Ada <ada@example.org>\nBcc: victim@example.org',
    'Ada <ada@example.org>\r\nX-Injected: 1',
    'Ada <<ada@example.org>>',
    'Ada <x> <ada@example.org>',
    'Ada <ada@example.org> trailing',
    'Ada \x1b[31m <ada@example.org>',
    '<ada@example.org>',
    'Ada',
    '',
  ];
  for (const from of hostile) {
    const args = seriesArgs(EXAMPLES_DIR, out, ['--from', from]);
    assertErrorOf(args, await commandLineError(args), 1, /--from must look like "Name <email@example.org>"/);
  }
  // End to end: a line break, and a header smuggled after one.
  for (const from of hostile.slice(0, 2)) {
    const args = seriesArgs(EXAMPLES_DIR, out, ['--from', from]);
    assertOneLineError(args, run(args), 1, /--from must look like "Name <email@example.org>"/);
  }
  assert.equal(fs.existsSync(out), false, 'no output directory for a refused identity');
});

test('a bad --date or an output path under a regular file: exit 1 before any work', async () => {
  const dir = makeTempDir('badout');
  const args = seriesArgs(EXAMPLES_DIR, path.join(dir, 'series'), ['--date', 'next tuesday-ish']);
  assertOneLineError(args, run(args), 1, /--date: cannot read "next tuesday-ish"/);

  // As root a read-only directory does not stop writes; a regular file where a directory must be does.
  const file = path.join(dir, 'notes.txt');
  fs.writeFileSync(file, 'mine\n');
  const under = seriesArgs(EXAMPLES_DIR, path.join(file, 'series'));
  assertOneLineError(under, run(under), 1, /-o\/--output .*(is a file, not a directory|exists and is not a directory)/);
  const onFile = seriesArgs(EXAMPLES_DIR, file);
  assertErrorOf(onFile, await commandLineError(onFile), 1, /-o\/--output .*(is a file, not a directory|exists and is not a directory)/);
  const mbox = seriesArgs(EXAMPLES_DIR, path.join(dir, 'series'), ['--mbox', path.join(file, 'all.mbox')]);
  assertErrorOf(mbox, await commandLineError(mbox), 1, /--mbox .* is a file, not a directory/);
  assert.deepEqual(fs.readdirSync(dir), ['notes.txt']);
  assert.equal(fs.readFileSync(file, 'utf8'), 'mine\n');
});

test('a closed stdout (kcodemod plan | head) ends quietly with the command\'s own status', async () => {
  const child = spawn(process.execPath, [CLI, 'plan', 'pci-intx', EXAMPLES_DIR, '--json'], { env: testEnvironment(), stdio: ['ignore', 'pipe', 'pipe'] });
  // The reader goes away before kcodemod writes: its write fails with EPIPE.
  child.stdout.destroy();
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  const status = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  assert.equal(status, 0, stderr);
  assert.doesNotMatch(stderr, /EPIPE|^\s+at /m, stderr);
});

test('without git on PATH: plan, audit and series work on a non-git tree and say what needs git; check and apply fail in one line', () => {
  const tree = copyTree(EXAMPLES_DIR, 'nogit');
  const env = { PATH: pathWith(['node']) };
  const plan = run(['plan', 'pci-intx', tree], env);
  assert.equal(plan.status, 0, describeRun(['plan'], plan));
  assert.match(plan.stdout, /^\d+ call sites: \d+ managed, \d+ unmanaged/m);
  assert.match(plan.stdout, /^note: git is not installed: plan, audit and series work without it \(series without commit ids\); check and apply need it$/m);
  const json = run(['plan', 'pci-intx', tree, '--json'], env);
  assert.equal(json.status, 0, describeRun(['plan', '--json'], json));
  assert.equal(JSON.parse(json.stdout).coverage.discoverMethod, 'scan');

  const audit = run(['audit', 'pci-intx', tree], env);
  assert.ok(audit.status === 0 || audit.status === 1, describeRun(['audit'], audit));
  assert.doesNotMatch(audit.stderr, /error/);

  const out = path.join(makeTempDir('nogit-out'), 'series');
  const series = run(seriesArgs(tree, out), env);
  assert.equal(series.status, 0, describeRun(['series'], series));
  assert.match(series.stderr, /^kcodemod: warning: git is not installed \(not found on PATH\): no commit ids and no base-commit$/m);
  assert.match(fs.readFileSync(path.join(out, '0001-PCI-Add-pci_intx_unmanaged-and-make-pcim_intx-public.patch'), 'utf8'), /^From 0{40} Mon Sep 17 00:00:00 2001$/m);
  for (const args of [['check', 'pci-intx', tree, '--series', out], ['apply', 'pci-intx', tree, '--branch', 'port', '--from', 'A <a@example.org>']]) {
    assertOneLineError(args, run(args, env), 1, /git is not installed \(not found on PATH\)/);
  }
});

test('check without checkpatch.pl, and without perl: the report says checkpatch did not run and why', async () => {
  const { repo } = gitRepoFrom(EXAMPLES_DIR, 'nocheckpatch');
  const out = path.join(makeTempDir('nocheckpatch-out'), 'series');
  await seriesInProcess(seriesArgs(repo, out));

  // Whether an unchecked series passes is check's policy; that it says so, and why, is the point here.
  const args = ['check', 'pci-intx', repo, '--series', out];
  const noScript = run(args);
  assert.ok(noScript.status === 0 || noScript.status === 1, describeRun(args, noScript));
  assert.equal(noScript.stderr, '', describeRun(args, noScript));
  assert.match(noScript.stdout, /checkpatch not run: no scripts\/checkpatch\.pl in .* \(use --scripts-from KERNEL_TREE\)/);
  assert.match(noScript.stdout, /^note: checkpatch\.pl did not run.*no scripts\/checkpatch\.pl/m);

  // A kernel tree with the script, but no perl to run it.
  const scripts = makeTempDir('scripts');
  fs.mkdirSync(path.join(scripts, 'scripts'));
  fs.writeFileSync(path.join(scripts, 'scripts', 'checkpatch.pl'), 'print "never run\\n";\n');
  const noPerlArgs = [...args, '--scripts-from', scripts];
  const noPerl = run(noPerlArgs, { PATH: pathWith(['node', 'git']) });
  assert.ok(noPerl.status === 0 || noPerl.status === 1, describeRun(noPerlArgs, noPerl));
  assert.equal(noPerl.stderr, '', describeRun(noPerlArgs, noPerl));
  assert.match(noPerl.stdout, /checkpatch not run: perl is not installed: checkpatch\.pl cannot run/);
  assert.match(noPerl.stdout, /^note: checkpatch\.pl did not run.*perl is not installed/m);
});

test('an error message with control characters or line breaks is printed whole on one line, controls escaped', () => {
  const dir = makeTempDir('nul');
  const decisions = path.join(dir, 'decisions.json');
  fs.writeFileSync(decisions, JSON.stringify({ version: 1, transform: 'pci-intx', sites: {}, modules: {}, patches: { prepare: { subject: 'evil\u0000subject\u001b[31m' } } }));
  const args = seriesArgs(EXAMPLES_DIR, path.join(dir, 'series'), ['--decisions', decisions]);
  const r = run(args);
  assertOneLineError(args, r, 1, /evil\\x00subject\\x1b\[31m/);
  assert.equal(fs.existsSync(path.join(dir, 'series')), false);

  // The JSON parser quotes the input, line break included: the message stays whole, on one line.
  fs.writeFileSync(decisions, 'x\ny\n');
  const broken = runCli(args);
  assertOneLineError(args, broken, 1, /decisions\.json: not valid JSON \(Unexpected token .*\)$/);
});

test('external programs start only through util/proc (argument arrays, a timeout, no shell)', () => {
  const root = path.dirname(EXAMPLES_DIR);
  const sources: string[] = [];
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const child = `${rel}/${entry.name}`;
      if (entry.isDirectory() && !/^(__tests__|__testfixtures__|node_modules)$/.test(entry.name)) walk(child);
      else if (/\.tsx?$/.test(entry.name)) sources.push(child);
    }
  };
  walk('src');
  walk('transforms');
  // The review's $EDITOR runs attached to the terminal, also with an argument array.
  const allowed = new Set(['src/util/proc.ts', 'src/review/edit-message.ts']);
  for (const file of sources) {
    const text = fs.readFileSync(path.join(root, file), 'utf8');
    assert.doesNotMatch(text, /shell:\s*true/, `${file} starts a shell`);
    if (!allowed.has(file)) assert.doesNotMatch(text, /['"]node:child_process['"]|['"]child_process['"]/, `${file} starts programs without util/proc`);
  }
  const proc = fs.readFileSync(path.join(root, 'src/util/proc.ts'), 'utf8');
  assert.match(proc, /shell: false/);
  assert.match(proc, /timeout: options\.timeout \?\? \d/);
});
