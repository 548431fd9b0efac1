// The series as mail, checked by the tools that send and apply it: b4 am -m (Debian's b4 0.12) must see
// the --thread --mbox output as one series (with Subject lines over 80 columns, which b4 0.12 only reads
// unfolded), and git send-email --dry-run --confirm=never (no stdin, as in CI) must accept every mail.
// .ci/run installs b4 and git-email when they are missing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { runCli, describeRun, FIXED_AUTHOR, FIXED_DATE, testEnvironment } from '../helpers/cli.js';
import { makeTempDir } from '../helpers/temp.js';
import { examplesRepo } from '../../transforms/pci-intx/__tests__/fixture-trees.js';

// A subject prefix that takes every subject of the series past 80 columns.
const LONG_PREFIX = 'RFC PATCH net-next-and-a-long-tree';

function threadedSeries(extra: string[] = []): { dir: string; mbox: string; patches: string[] } {
  const out = makeTempDir('mail-e2e');
  const dir = path.join(out, 'series');
  const mbox = path.join(out, 'series.mbox');
  const args = ['series', 'pci-intx', examplesRepo().repo, '-o', dir, '--thread', '--mbox', mbox, '--from', FIXED_AUTHOR, '--date', FIXED_DATE, '--subject-prefix', LONG_PREFIX, ...extra];
  const r = runCli(args);
  assert.equal(r.status, 0, describeRun(args, r));
  const patches = fs.readdirSync(dir).filter((f) => f.endsWith('.patch')).sort().map((f) => path.join(dir, f));
  return { dir, mbox, patches };
}

// b4 stops quietly after the first patch without a git identity (the test environment has no config).
const SENDER_IDENTITY = { GIT_CONFIG_COUNT: '2', GIT_CONFIG_KEY_0: 'user.name', GIT_CONFIG_VALUE_0: 'Ada Example', GIT_CONFIG_KEY_1: 'user.email', GIT_CONFIG_VALUE_1: 'ada@example.org' };

function tool(cmd: string, args: string[], cwd: string) {
  const r = spawnSync(cmd, args, { cwd, env: testEnvironment(SENDER_IDENTITY), stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
  if (r.error) throw r.error;
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

test('b4 am -m takes the --thread --mbox output as one series, subjects over 80 columns unfolded', () => {
  const { mbox, patches } = threadedSeries();
  const text = fs.readFileSync(mbox, 'utf8');
  const subjects = text.split('\n').filter((l) => l.startsWith('Subject: '));
  assert.equal(subjects.length, patches.length);
  assert.ok(subjects.every((s) => s.length > 80), subjects.join('\n'));
  assert.ok(!/^Subject: .*\n[ \t]/m.test(text), 'a Subject line is folded');
  const ids = text.split('\n').filter((l) => l.startsWith('Message-ID: '));
  assert.equal(new Set(ids).size, patches.length, 'one Message-ID per mail');

  const work = makeTempDir('b4');
  const r = tool('b4', ['--offline-mode', 'am', '-m', mbox, '-o', work], work);
  assert.equal(r.status, 0, r.out);
  assert.match(r.out, new RegExp(`Total patches: ${patches.length - 1}\\b`), r.out);
  const mbx = fs.readdirSync(work).filter((f) => f.endsWith('.mbx'));
  assert.equal(mbx.length, 1, `b4 wrote ${mbx.join(', ')}`);
  assert.equal(fs.readFileSync(path.join(work, mbx[0]), 'utf8').match(/^Subject: /gm)?.length, patches.length - 1);
});

test('--thread gives the same bytes for the same input; --in-reply-to makes the cover letter answer it', () => {
  const first = threadedSeries();
  const again = threadedSeries();
  assert.ok(fs.readFileSync(first.mbox).equals(fs.readFileSync(again.mbox)), 'two runs differ');
  const v2 = threadedSeries(['--in-reply-to', 'cover.v1@example.org']);
  const cover = fs.readFileSync(v2.patches[0], 'utf8');
  assert.match(cover, /^In-Reply-To: <cover\.v1@example\.org>\nReferences: <cover\.v1@example\.org>\n/m);
  const coverId = /^Message-ID: (<[^>]+>)/m.exec(cover)![1];
  const patch = fs.readFileSync(v2.patches[1], 'utf8');
  assert.ok(patch.includes(`In-Reply-To: ${coverId}\nReferences: <cover.v1@example.org>\n\t${coverId}\n`), patch.slice(0, 600));
});

test('git send-email --dry-run --confirm=never accepts every mail without a terminal', () => {
  const { patches } = threadedSeries();
  const r = tool('git', ['send-email', '--dry-run', '--confirm=never', '--from', FIXED_AUTHOR, '--to', 'list@example.org', ...patches], examplesRepo().repo);
  assert.equal(r.status, 0, r.out);
  assert.equal(r.out.match(/^Result: OK$/gm)?.length, patches.length, r.out);
});
