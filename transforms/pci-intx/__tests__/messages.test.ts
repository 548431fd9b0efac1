// The mails as a maintainer would send them: short messages that name functions (never file:line),
// each claim from a discussion with its Link: trailer and each quote with its author, and a cover
// letter within checkpatch's 75 columns that keeps the classification table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { git } from '../../../test/helpers/git-repo.js';
import { readCoverLetter, readPatches, type PatchMail } from '../../../test/helpers/series-files.js';
import { VOCABULARY } from '../vocabulary.js';
import { defaultSeries, examplesRepo, noReviewRepo, writeSeries } from './fixture-trees.js';

const withReview = await defaultSeries(examplesRepo().repo);
const complete = await defaultSeries(noReviewRepo().repo);
const direct = await writeSeries(noReviewRepo().repo, ['--strategy', 'direct'], 'direct-series');
const SERIES = { 'examples/': withReview, 'examples/ without review sites': complete, '--strategy direct': direct };

const FILE_LINE = /\b[\w./-]+\.[ch]:\d+/;
/** checkpatch lets a Link: line run over 75 columns: a URL cannot be broken. */
const URL_ONLY = /^\s*Link: https?:\/\/\S+( \[\d+\])?$/;

/** The message without its trailers: what a reader reads. */
function prose(p: PatchMail): string {
  return p.message.split('\n').filter((l) => !p.trailers.includes(l)).join('\n').trim();
}

function words(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

/** The cover letter's text up to the shortlog git format-patch adds. */
function coverText(dir: string): string {
  const cover = readCoverLetter(dir).message;
  return cover.slice(0, cover.search(/^\S.* \(\d+\):$/m));
}

test('no commit message names a file:line; the cover letter keeps that evidence', () => {
  for (const [name, dir] of Object.entries(SERIES)) {
    for (const p of readPatches(dir)) assert.doesNotMatch(prose(p), FILE_LINE, `${name}: ${p.name} cites a file:line`);
  }
  assert.match(readCoverLetter(withReview).message, FILE_LINE, 'the cover letter lists the sites left out with their lines');
});

test('every cover letter line fits in 75 columns, but for a URL that cannot be broken', () => {
  for (const [name, dir] of Object.entries(SERIES)) {
    const long = readCoverLetter(dir).message.split('\n').filter((l) => l.length > 75 && !URL_ONLY.test(l));
    assert.deepEqual(long, [], `${name}: cover letter lines over 75 columns`);
  }
});

test('the cover letter has no sentence run into the next one, and keeps the classification table', () => {
  for (const [name, dir] of Object.entries(SERIES)) {
    const text = coverText(dir);
    // A sentence may start with a function's name ("pci_intx() ..."), never with a plain word.
    assert.doesNotMatch(text.replace(/\b(e\.g|i\.e)\./g, ''), /[a-z)]\. (?![a-z0-9_]*[_(])[a-z]/, `${name}: a sentence continues in lower case after a full stop`);
    assert.match(text, /How each module was classified/);
    assert.match(text, /^ {2}managed {3}pata_quill: 2 calls, pcim_enable_device\(\) in quill_init_one\(\)$/m);
  }
  assert.match(coverText(complete), /^ {2}unmanaged tern: 2 calls, pci_enable_device_mem\(\) in tern_probe\(\)$/m);
});

test('messages are as short as the hand-made series: at most 130 words each, 80 on average', () => {
  // The hand-made upstream series says what and why in 40 to 80 words a patch.
  for (const [name, dir] of Object.entries(SERIES)) {
    const counts = readPatches(dir).map((p) => ({ name: p.name, words: words(prose(p)) }));
    for (const c of counts) assert.ok(c.words <= 130, `${name}: ${c.name} has ${c.words} words`);
    const mean = counts.reduce((n, c) => n + c.words, 0) / counts.length;
    assert.ok(mean <= 80, `${name}: ${mean.toFixed(0)} words a message on average`);
  }
});

test('the cover letter of a whole series stays under 100 lines before the shortlog', () => {
  const lines = coverText(complete).trimEnd().split('\n').length;
  assert.ok(readPatches(complete).length >= 15, 'a series as long as the real one');
  assert.ok(lines <= 100, `the cover letter has ${lines} lines of its own`);
});

test('no paragraph is repeated in every port: the context is one short sentence pair', () => {
  const ports = readPatches(complete).filter((p) => /Replace pci_intx\(\)/.test(p.title));
  const first = (p: PatchMail) => prose(p).split('\n\n')[0];
  assert.ok(ports.length >= 10);
  for (const p of ports) assert.ok(words(first(p)) <= 40, `${p.name}: its context paragraph is ${words(first(p))} words`);
  for (const p of ports) assert.doesNotMatch(prose(p), /^- /m, `${p.name}: a bullet list for one-line changes`);
});

test('the claim of earlier trouble carries its Link: trailer, the quote its author; git sees one trailer block', () => {
  const msiDiscussion = VOCABULARY.references.find((r) => r.id === 'msi-devres')!;
  const plan = VOCABULARY.references.find((r) => r.id === 'plan')!;
  for (const [name, dir] of Object.entries({ 'examples/': withReview, 'examples/ without review sites': complete })) {
    const patches = readPatches(dir);
    const msi = patches.find((p) => p.title.startsWith('PCI/MSI:'))!;
    assert.ok(msi, `${name}: the MSI patch`);
    assert.match(prose(msi), /has caused trouble before \[1\]\./);
    assert.match(prose(msi).replace(/\s+/g, ' '), new RegExp(`As ${plan.author} wrote in the thread "PCI: Fix devres regression in pci_intx\\(\\)": "I \\*suspect\\*`));
    assert.deepEqual(msi.trailers, [`Link: ${msiDiscussion.url} [1]`, msi.trailers.at(-1)]);
    const parsed = git(dir, ['interpret-trailers', '--parse', path.join(dir, msi.name)]).stdout.trim().split('\n');
    assert.deepEqual(parsed.map((l) => l.split(':')[0]), ['Link', 'Signed-off-by'], `${name}: ${parsed.join(' | ')}`);
    // A patch that cites nothing gets no reference link.
    for (const p of patches.filter((x) => x !== msi)) {
      assert.doesNotMatch(prose(p), /\[\d+\]/, `${p.name} cites nothing`);
      assert.ok(!p.trailers.some((t) => t.startsWith('Link: ')), `${p.name}: no Link: trailer`);
    }
    const cover = coverText(dir);
    assert.match(cover, /has caused trouble before \[1\]\./);
    assert.match(cover, new RegExp(`References:\\n\\n {2}- the thread "PCI: Fix devres regression in pci_intx\\(\\)", Philipp Stanner\\n {2}\\[1\\] the earlier discussion[^\\n]*\\n(?:[^\\n]*\\n)? {6}Link: ${msiDiscussion.url!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n`));
  }
});

test('the direct order cites the same discussion in its cover letter, where the MSI core stays on pci_intx()', () => {
  const cover = coverText(direct);
  assert.match(cover, /The MSI core keeps calling pci_intx\(\)[\s\S]*has caused trouble before \[1\]\./);
  assert.match(cover, /\[1\] the earlier discussion/);
});
