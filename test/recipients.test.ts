import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getMaintainerRecipients, unionRecipients, coverLetterRecipients } from '../src/series/recipients.js';

const scratch = realpathSync(mkdtempSync(join(tmpdir(), 'kcodemod-recipients-')));
after(() => rmSync(scratch, { recursive: true, force: true }));

// A stand-in get_maintainer.pl: logs its cwd and arguments, answers like the real one with --norolestats.
const FAKE_GET_MAINTAINER = `use Cwd;
open(my $log, '>>', "${scratch}/calls.log") or die;
print $log getcwd() . " " . join(" ", @ARGV) . "\\n";
if (grep { $_ eq '--nol' } @ARGV) { print "Maint One <one\\@example.org>\\nShared Person <shared\\@example.org>\\n"; }
if (grep { $_ eq '--nom' } @ARGV) { print "Shared Person <SHARED\\@example.org>\\nReviewer <rev\\@example.org>\\nlinux-foo\\@vger.kernel.org\\n"; }
`;

function makeTree(name: string, withScript: boolean, withMaintainers: boolean, script = FAKE_GET_MAINTAINER): string {
  const tree = join(scratch, name);
  mkdirSync(join(tree, 'scripts'), { recursive: true });
  if (withScript) writeFileSync(join(tree, 'scripts', 'get_maintainer.pl'), script);
  if (withMaintainers) writeFileSync(join(tree, 'MAINTAINERS'), 'FOO\nF:\tfoo/\n');
  return tree;
}

const patch = join(scratch, '0001-foo.patch');
writeFileSync(patch, 'diff --git a/foo/x.c b/foo/x.c\n--- a/foo/x.c\n+++ b/foo/x.c\n@@ -1 +1 @@\n-a\n+b\n');

test('runs get_maintainer.pl from the tree top with b4\'s options; Cc: leaves out To:', () => {
  const tree = makeTree('kernel', true, true);
  const result = getMaintainerRecipients(tree, patch);
  assert.deepEqual(result, {
    status: 'found',
    to: ['Maint One <one@example.org>', 'Shared Person <shared@example.org>'],
    cc: ['Reviewer <rev@example.org>', 'linux-foo@vger.kernel.org'],
  });
  const calls = readFileSync(join(scratch, 'calls.log'), 'utf8').trim().split('\n');
  assert.deepEqual(calls, [
    `${tree} --nogit --nogit-fallback --nogit-chief-penguins --norolestats --nol ${patch}`,
    `${tree} --nogit --nogit-fallback --nogit-chief-penguins --norolestats --nom ${patch}`,
  ]);
});

test('--scripts-from: the other tree\'s script, still run from TREE', () => {
  rmSync(join(scratch, 'calls.log'), { force: true });
  const scripts = makeTree('scripts-only', true, false);
  const tree = makeTree('no-scripts', false, true);
  const result = getMaintainerRecipients(tree, patch, { scriptsFrom: scripts });
  assert.equal(result.status, 'found');
  assert.ok(readFileSync(join(scratch, 'calls.log'), 'utf8').startsWith(`${tree} `));
});

test('no script, no MAINTAINERS or a failing script: unavailable, with the reason', () => {
  const noScript = getMaintainerRecipients(makeTree('bare', false, true), patch);
  assert.equal(noScript.status, 'unavailable');
  assert.match(noScript.status === 'unavailable' ? noScript.reason : '', /get_maintainer\.pl does not exist/);

  const noMaintainers = getMaintainerRecipients(makeTree('no-maintainers', true, false), patch);
  assert.match(noMaintainers.status === 'unavailable' ? noMaintainers.reason : '', /has no MAINTAINERS file/);

  const failing = makeTree('failing', true, true, 'die "get_maintainer.pl: The current directory does not appear to be a linux kernel source tree.\\n";\n');
  const failed = getMaintainerRecipients(failing, patch);
  assert.deepEqual(failed, {
    status: 'unavailable',
    reason: 'get_maintainer.pl failed: get_maintainer.pl: The current directory does not appear to be a linux kernel source tree.',
  });
});

test('unionRecipients: each address once (case-insensitive), first-seen order and spelling', () => {
  assert.deepEqual(
    unionRecipients([
      ['A <a@example.org>', 'list@vger.kernel.org'],
      ['B <b@example.org>', 'A. Person <A@Example.org>'],
      ['LIST@vger.kernel.org', 'C <c@example.org>'],
    ]),
    ['A <a@example.org>', 'list@vger.kernel.org', 'B <b@example.org>', 'C <c@example.org>'],
  );
  assert.deepEqual(unionRecipients([]), []);
});

test('coverLetterRecipients: every To: in To:, the other Cc:s in Cc:', () => {
  assert.deepEqual(
    coverLetterRecipients([
      { to: ['A <a@example.org>'], cc: ['B <b@example.org>', 'l@vger.kernel.org'] },
      { to: ['B <b@example.org>'], cc: ['l@vger.kernel.org', 'm@vger.kernel.org'] },
    ]),
    { to: ['A <a@example.org>', 'B <b@example.org>'], cc: ['l@vger.kernel.org', 'm@vger.kernel.org'] },
  );
});
