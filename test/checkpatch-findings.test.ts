import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCheckpatch, runCheckpatchOn } from '../src/check/checkpatch.js';
import { groupForCheckpatch } from '../src/check/checkpatch-groups.js';

const scratch = mkdtempSync(join(tmpdir(), 'kcodemod-checkpatch-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** A tree whose scripts/checkpatch.pl prints the given --terse lines, as the real one does. */
function treeReporting(lines: string[]): string {
  const tree = mkdtempSync(join(scratch, 'tree-'));
  mkdirSync(join(tree, 'scripts'));
  const script = `print ${JSON.stringify(lines.map((l) => `${l}\n`).join(''))};\nexit(${lines.length ? 1 : 0});\n`;
  writeFileSync(join(tree, 'scripts', 'checkpatch.pl'), script);
  writeFileSync(join(tree, 'x.patch'), 'patch\n');
  return tree;
}

test('a change to a file MAINTAINERS marks Obsolete warns, inherited from its status: it does not fail the patch', async () => {
  const tree = treeReporting([
    "x.patch:40: WARNING:OBSOLETE: drivers/gpu/drm/tiny/cirrus.c is marked as 'obsolete' in the MAINTAINERS hierarchy.  No unnecessary modifications please.",
    'x.patch:52: CHECK:PARENTHESIS_ALIGNMENT: Alignment should match open parenthesis',
  ]);
  const r = await runCheckpatch(tree, join(tree, 'x.patch'));
  assert.equal(r.ran, true);
  assert.equal(r.failing, 0);
  assert.equal(r.findings[0].type, 'OBSOLETE');
  assert.equal(r.findings[0].inherited, true);
  assert.match(r.findings[0].inheritedFrom ?? '', /MAINTAINERS status/);
  assert.equal(r.findings[1].inherited, false);
});

test('CRLF findings are inherited from the bytes; any other warning fails the patch', async () => {
  const tree = treeReporting([
    'x.patch:12: ERROR:DOS_LINE_ENDINGS: DOS line endings',
    'x.patch:13: WARNING:LONG_LINE: line length of 101 exceeds 100 columns',
  ]);
  const r = await runCheckpatch(tree, join(tree, 'x.patch'));
  assert.equal(r.failing, 1);
  assert.match(r.findings[0].inheritedFrom ?? '', /own bytes/);
  assert.equal(r.findings[1].inherited, false);
  assert.equal(r.findings[1].inheritedFrom, undefined);
});

test('one run over several patches gives each the result of a run of its own, a failing run included', async () => {
  // Findings name their patch; "crash" in a patch makes the script die there, as a perl error would.
  const tree = mkdtempSync(join(scratch, 'tree-'));
  mkdirSync(join(tree, 'scripts'));
  const script = `
my $status = 0;
for my $p (grep { !/^--/ } @ARGV) {
  open(my $f, '<', $p) or die; my $text = do { local $/; <$f> }; close($f);
  die "checkpatch died on $p\\n" if $text =~ /crash/;
  if ($text =~ /long/) { print "$p:3: WARNING:LONG_LINE: line length of 101 exceeds 100 columns\\n"; $status = 1; }
  if ($text =~ /crlf/) { print "$p:4: ERROR:DOS_LINE_ENDINGS: DOS line endings\\n"; $status = 1; }
}
exit($status);
`;
  writeFileSync(join(tree, 'scripts', 'checkpatch.pl'), script);
  const files = ['clean', 'long', 'crlf long', 'crash', 'clean too'].map((text, i) => {
    const file = join(tree, `000${i + 1}-x.patch`);
    writeFileSync(file, `${text}\n`);
    return file;
  });
  const alone = [];
  for (const file of files) alone.push(await runCheckpatch(tree, file));
  assert.deepEqual(await runCheckpatchOn(tree, files), alone);
  assert.deepEqual(await runCheckpatchOn(tree, [files[0], files[4]]), [alone[0], alone[4]]);
  assert.equal(alone[3].ran, false);
  assert.match(alone[3].reason ?? '', /^checkpatch\.pl failed: checkpatch died on/);
  assert.deepEqual(alone.map((r) => r.failing), [0, 1, 1, 0, 0]);
});

test('patches are grouped into at most N runs, each patch once; patches touching the same files meet', () => {
  const touching = (...files: string[]) => ({ touched: files });
  const patches = [
    touching('a.c', 'pci.h'),
    touching('b.c'),
    touching('c.c'),
    touching('d.c'),
    touching('a.c', 'b.c', 'c.c', 'd.c', 'e.c', 'f.c', 'pci.h'),
    touching('e.c'),
  ];
  for (const runs of [1, 2, 3, 8]) {
    const groups = groupForCheckpatch(patches, runs);
    assert.ok(groups.length <= runs && groups.length >= 1, `${groups.length} groups for ${runs} runs`);
    assert.deepEqual(groups.flat().sort(), [0, 1, 2, 3, 4, 5]);
    for (const g of groups) assert.deepEqual(g, [...g].sort((x, y) => x - y));
  }
  assert.deepEqual(groupForCheckpatch(patches, 1), [[0, 1, 2, 3, 4, 5]]);
  // Two runs: the large patch's run takes the small ones whose files it already asked about once the
  // other run costs as much.
  const two = groupForCheckpatch(patches, 2);
  assert.equal(two.length, 2);
  assert.ok(two.every((g) => g.length >= 2), JSON.stringify(two));
  assert.deepEqual(groupForCheckpatch([], 2), []);
});
