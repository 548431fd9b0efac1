import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCheckpatch } from '../src/check/checkpatch.js';

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

test('a change to a file MAINTAINERS marks Obsolete warns, inherited from its status: it does not fail the patch', () => {
  const tree = treeReporting([
    "x.patch:40: WARNING:OBSOLETE: drivers/gpu/drm/tiny/cirrus.c is marked as 'obsolete' in the MAINTAINERS hierarchy.  No unnecessary modifications please.",
    'x.patch:52: CHECK:PARENTHESIS_ALIGNMENT: Alignment should match open parenthesis',
  ]);
  const r = runCheckpatch(tree, join(tree, 'x.patch'));
  assert.equal(r.ran, true);
  assert.equal(r.failing, 0);
  assert.equal(r.findings[0].type, 'OBSOLETE');
  assert.equal(r.findings[0].inherited, true);
  assert.match(r.findings[0].inheritedFrom ?? '', /MAINTAINERS status/);
  assert.equal(r.findings[1].inherited, false);
});

test('CRLF findings are inherited from the bytes; any other warning fails the patch', () => {
  const tree = treeReporting([
    'x.patch:12: ERROR:DOS_LINE_ENDINGS: DOS line endings',
    'x.patch:13: WARNING:LONG_LINE: line length of 101 exceeds 100 columns',
  ]);
  const r = runCheckpatch(tree, join(tree, 'x.patch'));
  assert.equal(r.failing, 1);
  assert.match(r.findings[0].inheritedFrom ?? '', /own bytes/);
  assert.equal(r.findings[1].inherited, false);
  assert.equal(r.findings[1].inheritedFrom, undefined);
});
