// --date names a real day in git's range; the identity is the one git would commit with.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseDate, resolveAuthor } from '../src/series/identity.js';
import { gitText } from '../src/util/git.js';
import { rfc2822Date } from '../src/render/mail-headers.js';

test('--date refuses days that do not exist and years git cannot hold; real ones pass', () => {
  for (const text of ['2024-02-30', '2023-02-29T10:00:00Z', '2024-04-31', '2024-13-01', 'Fri, 30 Feb 2024 10:00:00 +0000']) {
    assert.throws(() => parseDate(text), /names a day that does not exist|cannot read/, text);
  }
  assert.throws(() => parseDate('+275760-09-13T00:00:00Z'), /outside the years git's dates can hold/);
  assert.throws(() => parseDate('1969-12-31T00:00:00Z'), /outside the years/);
  assert.equal(parseDate('2024-02-29T10:00:00Z').toISOString(), '2024-02-29T10:00:00.000Z');
  assert.equal(parseDate('Thu, 29 Feb 2024 10:00:00 +0100').toISOString(), '2024-02-29T09:00:00.000Z');
});

test('GIT_COMMITTER_NAME / GIT_COMMITTER_EMAIL win over the config, as in git', () => {
  const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'kcodemod-ident-'));
  const saved = { ...process.env };
  try {
    process.env.GIT_CONFIG_GLOBAL = '/dev/null';
    process.env.GIT_CONFIG_NOSYSTEM = '1';
    gitText(repo, ['init', '-q']);
    gitText(repo, ['config', 'user.name', 'Config Name']);
    gitText(repo, ['config', 'user.email', 'config@example.org']);
    assert.equal(resolveAuthor(undefined, repo), 'Config Name <config@example.org>');
    process.env.GIT_COMMITTER_NAME = 'Env Name';
    process.env.GIT_COMMITTER_EMAIL = 'env@example.org';
    assert.equal(resolveAuthor(undefined, repo), 'Env Name <env@example.org>');
    assert.equal(gitText(repo, ['var', 'GIT_COMMITTER_IDENT']).replace(/ \d+ [+-]\d{4}\n$/, ''), 'Env Name <env@example.org>');
  } finally {
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
    Object.assign(process.env, saved);
    fs.rmSync(repo, { recursive: true, force: true });
  }
});

test('--date keeps its time zone in the mails\' Date: header, as git does; UTC without one', () => {
  assert.equal(rfc2822Date(parseDate('Thu, 29 Feb 2024 10:00:00 +0100')), 'Thu, 29 Feb 2024 10:00:00 +0100');
  assert.equal(rfc2822Date(parseDate('2024-09-06T10:00:00-05:30')), 'Fri, 6 Sep 2024 10:00:00 -0530');
  assert.equal(rfc2822Date(parseDate('2024-09-06T23:30:00Z')), 'Fri, 6 Sep 2024 23:30:00 +0000');
  assert.throws(() => parseDate('2024-09-06T10:00:00+15:00'), /more than 14 hours from UTC/);
});
