// Text from the tree reaches mails and terminals: a file name with a newline, ESC or BEL is skipped
// (named escaped, with its reason), never written into a mail's headers or body or printed raw.
import pciIntx from '../transforms/pci-intx/index.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describeRun, runCli, seriesArgs } from './helpers/cli.js';
import { EXAMPLES_DIR } from './helpers/paths.js';
import { commitAll, git } from './helpers/git-repo.js';
import { makeTempDir } from './helpers/temp.js';
import { loadPrefixConfig } from '../src/series/subject-prefix.js';
import { parseDecisions } from '../src/series/decisions.js';

const HOSTILE_NAMES = ['evil\nCc: <victim@example.org>.c', 'title\x1b]0;owned\x07.c'];

function hostileTree(withGit: boolean): string {
  const tree = path.join(makeTempDir('untrusted'), 'tree');
  fs.cpSync(EXAMPLES_DIR, tree, { recursive: true });
  const driver = fs.readFileSync(path.join(tree, 'drivers', 'misc', 'tern.c'));
  for (const name of HOSTILE_NAMES) fs.writeFileSync(path.join(tree, 'drivers', 'misc', name), driver);
  if (withGit) {
    git(tree, ['init', '--quiet', '--initial-branch=main']);
    commitAll(tree, 'base');
  }
  return tree;
}

for (const withGit of [false, true]) {
  test(`file names with control characters are skipped with their reason, escaped, never in mails or raw on the terminal (${withGit ? 'git' : 'no git'})`, () => {
    const tree = hostileTree(withGit);
    const plan = runCli(['plan', 'pci-intx', tree]);
    assert.equal(plan.status, 0, describeRun(['plan'], plan));
    assert.doesNotMatch(plan.stdout + plan.stderr, /[\x07\x1b]/, 'no raw ESC or BEL on the terminal');
    assert.doesNotMatch(plan.stdout, /^Cc: /m);
    assert.match(plan.stdout, /evil\\nCc: <victim@example\.org>\.c.*control characters|control characters[\s\S]*evil\\nCc/);
    const audit = runCli(['audit', 'pci-intx', tree]);
    assert.ok(audit.status === 0 || audit.status === 1, describeRun(['audit'], audit));
    assert.doesNotMatch(audit.stdout + audit.stderr, /[\x07\x1b]/, 'no raw ESC or BEL from audit');

    const out = path.join(makeTempDir('untrusted-out'), 'series');
    const args = seriesArgs(tree, out);
    const r = runCli(args);
    assert.equal(r.status, 0, describeRun(args, r));
    assert.doesNotMatch(r.stdout + r.stderr, /[\x07\x1b]/);
    for (const name of fs.readdirSync(out).filter((n) => n.endsWith('.patch'))) {
      const mail = fs.readFileSync(path.join(out, name), 'latin1');
      assert.doesNotMatch(mail, /^Cc: <victim/m, `${name} carries the injected Cc line`);
      assert.doesNotMatch(mail, /[\x07\x1b]/, `${name} carries a raw control byte`);
    }
  });
}

test('a --config subject prefix with a line break or ESC is refused in one line', () => {
  const dir = makeTempDir('prefix-config');
  for (const prefix of ['misc\nCc: <victim@example.org>', 'misc\r', 'mi\x1bsc']) {
    const file = path.join(dir, 'config.json');
    fs.writeFileSync(file, JSON.stringify({ subjectPrefixes: { 'drivers/misc/': prefix } }));
    assert.throws(() => loadPrefixConfig(file), /^Error: prefix config .*: the prefix for "drivers\/misc\/" holds control characters$/);
  }
});

test('a decisions body git am would cut ("---", a diff) or with control characters is refused, naming the patch (subjects are encoded by the renderer)', () => {
  const decisions = (patch: Record<string, string>) => JSON.stringify({ version: 1, transform: 'pci-intx', sites: {}, modules: {}, patches: { p1: patch } });
  for (const [patch, reason] of [
    [{ body: 'Why.\n---\nmore' }, /patches\["p1"\]\.body holds a line "---": git am would end the message there/],
    [{ body: 'Why.\n--- \n' }, /git am would end the message there/],
    [{ body: 'Why.\ndiff --git a/x b/x\n' }, /git am would read a patch from there/],
    [{ body: 'Why \x1b[31mred\n' }, /body holds control characters/],
  ] as const) {
    assert.throws(() => parseDecisions(decisions(patch), pciIntx, 'd.json'), reason);
  }
  assert.equal(parseDecisions(decisions({ body: 'Why.\n\nA --- inside a line is fine ---\n' }), pciIntx, 'd.json').patches.p1.body, 'Why.\n\nA --- inside a line is fine ---\n');
});

test('a MAINTAINERS name with ESC or BEL reaches To:/Cc: only RFC 2047-encoded; a control byte in the address part is refused', async () => {
  const { addressHeader } = await import('../src/render/mail-headers.js');
  const header = addressHeader('To', ['Evil\x1b]0;owned\x07 Maintainer <evil@example.org>', 'Plain Person <plain@example.org>']);
  assert.doesNotMatch(header, /[\x00-\x09\x0b-\x1f\x7f]/);
  assert.match(header, /^To: =\?UTF-8\?q\?Evil=1B[^\n]*=07[^\n]* <evil@example\.org>,\n {4}Plain Person <plain@example\.org>\n$/);
  assert.throws(() => addressHeader('Cc', ['Name <ev\x1bil@example.org>']), /control character/);
});
