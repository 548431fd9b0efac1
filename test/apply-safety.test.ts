// apply on the user's repository: the branch name resolved once, only its own branch deleted, no
// apply while another git operation waits for the user, and Ctrl-C / SIGTERM rolled back like a failure.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { git } from './helpers/git-repo.js';
import { makeTempDir } from './helpers/temp.js';
import { testEnvironment } from './helpers/cli.js';
import { CLI } from './helpers/paths.js';
import { applySeries } from '../src/apply/apply.js';

const IDENTITY_ENV = {
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
};

/** A repository on `main` with three commits' worth of patches in PATCHES (0001 applies; 0002 fails when `broken`). */
function repoWithPatches(prefix: string, options: { broken?: boolean; count?: number } = {}): { repo: string; patches: string[]; base: string } {
  const dir = makeTempDir(prefix);
  const repo = path.join(dir, 'repo');
  fs.mkdirSync(repo);
  git(repo, ['init', '--quiet', '--initial-branch=main']);
  git(repo, ['config', 'user.name', 'Fixture Author']);
  git(repo, ['config', 'user.email', 'fixture@example.org']);
  fs.writeFileSync(path.join(repo, 'a.c'), 'int a;\n');
  git(repo, ['add', 'a.c']);
  git(repo, ['commit', '--quiet', '-m', 'base']);
  const base = git(repo, ['rev-parse', 'HEAD']).stdout.trim();
  git(repo, ['switch', '--quiet', '-c', 'work']);
  for (let i = 1; i <= (options.count ?? 3); i++) {
    fs.appendFileSync(path.join(repo, 'a.c'), `int a${i};\n`);
    git(repo, ['commit', '--quiet', '-am', `change ${i}`]);
  }
  const out = path.join(dir, 'patches');
  git(repo, ['format-patch', '--quiet', '-o', out, base]);
  git(repo, ['switch', '--quiet', 'main']);
  git(repo, ['branch', '--quiet', '-D', 'work']);
  const patches = fs.readdirSync(out).sort().map((n) => path.join(out, n));
  if (options.broken) fs.writeFileSync(patches[1], fs.readFileSync(patches[1], 'utf8').replace(/^\+int a2;$/m, '+int a2;\n+int extra;').replace(/^ int a1;$/m, ' int not_there;'));
  return { repo, patches, base };
}

function withCleanGitEnv<T>(fn: () => Promise<T>): Promise<T> {
  const saved = { ...process.env };
  for (const name of Object.keys(process.env)) if (name.startsWith('GIT_')) delete process.env[name];
  Object.assign(process.env, IDENTITY_ENV);
  return fn().finally(() => {
    for (const name of Object.keys(process.env)) delete process.env[name];
    Object.assign(process.env, saved);
  });
}

function refs(repo: string): string {
  return git(repo, ['for-each-ref', '--format=%(refname) %(objectname)']).stdout;
}

test('apply --branch @{-1} resolves the name once: the branch it names already exists, nothing is deleted', async () => {
  await withCleanGitEnv(async () => {
    const { repo, patches } = repoWithPatches('apply-at-n', { broken: true });
    git(repo, ['switch', '--quiet', '-c', 'victim']);
    fs.writeFileSync(path.join(repo, 'v.c'), 'int v;\n');
    git(repo, ['add', 'v.c']);
    git(repo, ['commit', '--quiet', '-m', 'unmerged work']);
    git(repo, ['switch', '--quiet', 'main']);
    const before = refs(repo);
    await assert.rejects(applySeries(repo, '@{-1}', patches), /branch victim already exists/);
    assert.equal(refs(repo), before);
  });
});

test('apply whose series fails midway deletes the branch it created and puts the user back on main', async () => {
  await withCleanGitEnv(async () => {
    const { repo, patches } = repoWithPatches('apply-fail', { broken: true });
    const before = refs(repo);
    await assert.rejects(applySeries(repo, 'port', patches), /git am failed .*: port was removed and main is checked out as before/);
    assert.equal(refs(repo), before);
    assert.equal(git(repo, ['symbolic-ref', 'HEAD']).stdout.trim(), 'refs/heads/main');
    assert.equal(fs.existsSync(path.join(repo, '.git', 'rebase-apply')), false);
    assert.equal(git(repo, ['status', '--porcelain']).stdout, '');
  });
});

test('apply refuses while git am, an interactive rebase, a merge, a cherry-pick, a revert or a bisect waits for the user', async () => {
  await withCleanGitEnv(async () => {
    const { repo, patches } = repoWithPatches('apply-busy', { broken: true });
    // A stopped git am with a clean tree: its state must survive.
    const stopped = git(repo, ['am', '--quiet', patches[1]], { allowFailure: true });
    assert.notEqual(stopped.status, 0);
    assert.equal(git(repo, ['status', '--porcelain']).stdout, '');
    await assert.rejects(applySeries(repo, 'port', patches), /in the middle of a git am or git rebase/);
    assert.ok(fs.existsSync(path.join(repo, '.git', 'rebase-apply')), 'the stopped git am is still there');
    git(repo, ['am', '--abort']);

    // An interactive rebase stopped at "edit".
    fs.appendFileSync(path.join(repo, 'a.c'), 'int b;\n');
    git(repo, ['commit', '--quiet', '-am', 'second']);
    const rebase = git(repo, ['-c', 'sequence.editor=sed -i s/^pick/edit/', 'rebase', '--quiet', '-i', 'HEAD~1'], { allowFailure: true });
    assert.equal(rebase.status, 0, rebase.stderr);
    await assert.rejects(applySeries(repo, 'port', patches), /in the middle of a git rebase \(interactive or merge\)/);
    git(repo, ['rebase', '--abort']);

    git(repo, ['bisect', 'start']);
    await assert.rejects(applySeries(repo, 'port', patches), /in the middle of a git bisect/);
    git(repo, ['bisect', 'reset']);

    const head = git(repo, ['rev-parse', 'HEAD']).stdout.trim();
    for (const [file, what] of [['MERGE_HEAD', 'merge'], ['CHERRY_PICK_HEAD', 'cherry-pick'], ['REVERT_HEAD', 'revert']]) {
      fs.writeFileSync(path.join(repo, '.git', file), `${head}\n`);
      await assert.rejects(applySeries(repo, 'port', patches), new RegExp(`in the middle of a git ${what}`));
      fs.rmSync(path.join(repo, '.git', file));
    }
    assert.equal(git(repo, ['rev-parse', '--verify', '--quiet', 'refs/heads/port'], { allowFailure: true }).status, 1);
  });
});

/** Runs `apply --series` with a hook that makes git am wait, signals it, and returns its exit and stderr. */
async function interruptedApply(prefix: string, signal: NodeJS.Signals, toGroup: boolean): Promise<{ repo: string; before: string; status: number | null; stderr: string }> {
  const { repo, patches } = repoWithPatches(prefix, { count: 4 });
  const marker = path.join(path.dirname(repo), 'hook-ran');
  const hook = path.join(repo, '.git', 'hooks', 'applypatch-msg');
  fs.writeFileSync(hook, `#!/bin/sh\ntouch '${marker}'\nsleep 1\n`, { mode: 0o755 });
  const before = refs(repo);
  const child = spawn(process.execPath, [CLI, 'apply', 'pci-intx', repo, '--branch', 'port', '--series', path.dirname(patches[0])], {
    env: testEnvironment(IDENTITY_ENV),
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const started = Date.now();
  while (!fs.existsSync(marker)) {
    if (Date.now() - started > 60_000) throw new Error(`the hook never ran: ${stderr}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  if (toGroup) process.kill(-child.pid!, signal);
  else child.kill(signal);
  const status = await exited;
  await new Promise((r) => setTimeout(r, 50));
  return { repo, before, status, stderr };
}

for (const [signal, toGroup, exitStatus] of [['SIGINT', true, 130], ['SIGTERM', false, 143]] as const) {
  test(`${signal} during apply (${toGroup ? 'Ctrl-C: the whole process group' : 'kcodemod alone'}) rolls back as a failing patch does, and says so`, async () => {
    const { repo, before, status, stderr } = await interruptedApply(`apply-${signal}`, signal, toGroup);
    assert.equal(status, exitStatus, stderr);
    assert.match(stderr, new RegExp(`^kcodemod: interrupted by ${signal}: port was removed and main is checked out as before$`, 'm'));
    assert.equal(refs(repo), before);
    assert.equal(git(repo, ['symbolic-ref', 'HEAD']).stdout.trim(), 'refs/heads/main');
    assert.equal(fs.existsSync(path.join(repo, '.git', 'rebase-apply')), false);
    assert.equal(git(repo, ['status', '--porcelain']).stdout, '');
  });
}
