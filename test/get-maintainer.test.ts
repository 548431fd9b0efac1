// The in-process get_maintainer.pl rules on a small MAINTAINERS: which sections a patch reaches, in
// which order, and how people and lists split into To: and Cc:. (test/kernel/ compares it with the real
// script on a real tree.) Also the series policy: the merging tree on every mail, the union on the cover.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { makeTempDir } from './helpers/temp.js';
import { parseMaintainers } from '../src/series/maintainers.js';
import { builtinRecipients } from '../src/series/get-maintainer.js';
import { seriesRecipients } from '../src/series/recipients.js';

const MAINTAINERS = `List of maintainers

FOO DRIVERS
M:\tAnna Foo <anna@foo.example>
R:\tRoy Review <roy@review.example>
L:\tfoo@lists.example
L:\tfoo-private@lists.example (subscribers-only)
S:\tMaintained
F:\tdrivers/foo/
X:\tdrivers/foo/legacy/

FOO CORE
M:\tCora Core <cora@core.example>
M:\tAnna Foo <anna@other.example>
L:\tfoo@lists.example
S:\tSupported
F:\tdrivers/foo/core.c
F:\tinclude/linux/foo.h

BAR NAMED FILES
M:\tBea Bar <bea@bar.example>
L:\tbar@lists.example (moderated for non-subscribers)
S:\tMaintained
N:\tbar

KEYWORD WATCH
M:\tKim Keyword <kim@kw.example>
S:\tMaintained
K:\t\\bfoo_magic \\(

STAR SECTION
M:\tSam Star <sam@star.example>
S:\tOdd Fixes
F:\t*/foo/*.c

OLD NAME
M:\tOld Name <old@mail.example>
S:\tMaintained
F:\tdrivers/foo/old.c

THE REST
M:\tLinus Torvalds <torvalds@linux-foundation.org>
L:\tlinux-kernel@vger.kernel.org
S:\tBuried alive in reporters
F:\t*
F:\t*/
`;

function fixtureTree(): string {
  const tree = makeTempDir('get-maintainer');
  fs.writeFileSync(path.join(tree, 'MAINTAINERS'), MAINTAINERS);
  fs.writeFileSync(path.join(tree, '.mailmap'), 'New Name <new@mail.example> <old@mail.example>\n');
  fs.mkdirSync(path.join(tree, 'drivers', 'foo', 'legacy'), { recursive: true });
  fs.mkdirSync(path.join(tree, 'Documentation'), { recursive: true });
  fs.writeFileSync(path.join(tree, 'Documentation', 'bar.yaml'), 'maintainers:\n  - Yara Yaml <yara@yaml.example>\n');
  return tree;
}

function patchOf(files: string[], body = ['-a', '+b']): string {
  return [
    'From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001',
    'Subject: [PATCH] test',
    '',
    '---',
    ...files.flatMap((f) => [`diff --git a/${f} b/${f}`, `--- a/${f}`, `+++ b/${f}`, '@@ -1 +1 @@', ...body]),
  ].join('\n');
}

const tree = fixtureTree();
const builtin = builtinRecipients(tree, parseMaintainers(fs.readFileSync(path.join(tree, 'MAINTAINERS'))));

test('the deepest matching section comes first; people in To:, lists in Cc:, subscribers-only lists left out', () => {
  const r = builtin.recipientsFor(patchOf(['drivers/foo/core.c']));
  // FOO CORE (depth 3, the file itself) before FOO DRIVERS (depth 2, its directory) before STAR SECTION
  // (starts with "*": -1) and THE REST; a name seen once (Anna Foo) is not repeated with another address.
  assert.deepEqual(r.to, ['Cora Core <cora@core.example>', 'Anna Foo <anna@other.example>', 'Roy Review <roy@review.example>', 'Sam Star <sam@star.example>']);
  assert.deepEqual(r.cc, ['foo@lists.example', 'linux-kernel@vger.kernel.org']);
});

test('X: takes a section off a file; a directory pattern reaches files below it only', () => {
  const r = builtin.recipientsFor(patchOf(['drivers/foo/legacy/a.c']));
  assert.ok(!r.to.includes('Anna Foo <anna@foo.example>'), JSON.stringify(r));
  assert.deepEqual(r.cc, ['linux-kernel@vger.kernel.org']);
});

test('N: matches file names, K: matches changed lines of the diff, moderated lists stay', () => {
  const named = builtin.recipientsFor(patchOf(['lib/bar_table.c']));
  assert.deepEqual(named.to, ['Bea Bar <bea@bar.example>']);
  assert.deepEqual(named.cc, ['bar@lists.example', 'linux-kernel@vger.kernel.org']);
  const keyword = builtin.recipientsFor(patchOf(['lib/x.c'], ['-a', '+\tfoo_magic(1);']));
  assert.deepEqual(keyword.to, ['Kim Keyword <kim@kw.example>']);
  // A context line is not a change: the keyword there reaches nobody.
  const context = builtin.recipientsFor(patchOf(['lib/x.c'], [' foo_magic(1);', '-a', '+b']));
  assert.deepEqual(context.to, []);
});

test('.mailmap maps addresses, Linus is left out, a .yaml file adds the people written in it', () => {
  assert.deepEqual(builtin.recipientsFor(patchOf(['drivers/foo/old.c'])).to.slice(0, 1), ['New Name <new@mail.example>']);
  const rest = builtin.recipientsFor(patchOf(['README']));
  assert.deepEqual(rest, { to: [], cc: ['linux-kernel@vger.kernel.org'], ties: [] });
  assert.deepEqual(builtin.recipientsFor(patchOf(['Documentation/bar.yaml'])).to, ['Bea Bar <bea@bar.example>', 'Yara Yaml <yara@yaml.example>']);
});

test('a section by title gives its people and lists', () => {
  assert.deepEqual(builtin.sectionRecipients('FOO CORE'), { to: ['Cora Core <cora@core.example>', 'Anna Foo <anna@other.example>'], cc: ['foo@lists.example'] });
  assert.equal(builtin.sectionRecipients('NO SUCH SECTION'), null);
});

test('series policy: the merging tree on every patch, the union on the cover letter, --to-all sends all to all', () => {
  const perPatch = [
    { to: ['A <a@x>'], cc: ['list-a@x'] },
    { to: ['B <b@x>'], cc: ['list-b@x', 'm@x'] },
  ];
  const merging = { to: ['M <m@x>'], cc: ['merge-list@x'] };
  const own = seriesRecipients(perPatch, { merging, toAll: false });
  assert.deepEqual(own.patches[0], { to: ['A <a@x>', 'M <m@x>'], cc: ['list-a@x', 'merge-list@x'] });
  // m@x is in To: through the merging tree: not in Cc: as well.
  assert.deepEqual(own.patches[1], { to: ['B <b@x>', 'M <m@x>'], cc: ['list-b@x', 'merge-list@x'] });
  assert.deepEqual(own.cover, { to: ['A <a@x>', 'M <m@x>', 'B <b@x>'], cc: ['list-a@x', 'merge-list@x', 'list-b@x'] });
  const all = seriesRecipients(perPatch, { merging, toAll: true });
  for (const p of all.patches) assert.deepEqual(p, all.cover);
  assert.deepEqual(seriesRecipients(perPatch, { merging: null, toAll: false }).patches, perPatch);
});
