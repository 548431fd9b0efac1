// An edited cover letter (the decisions' `cover`, review's `e` in the cover view): written into the
// cover letter file and the mbox, `git am` still applies the patches, and the next version keeps it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import pciIntxTransform from '../transforms/pci-intx/index.js';
import { parseCommandLine } from '../src/cli/args.js';
import { prepareSeries } from '../src/cli/series-options.js';
import { renderWritableSeries } from '../src/series/render-series.js';
import { writeSeries } from '../src/series/write-series.js';
import { emptyDecisions, parseDecisions, serializeDecisions, type Decisions } from '../src/series/decisions.js';
import { replayDecisions } from '../src/series/versions/replay-decisions.js';
import { DECISIONS_FILE } from '../src/render/output-dir.js';
import { Timings } from '../src/util/timings.js';
import { EXAMPLES_DIR } from './helpers/paths.js';
import { seriesArgs } from './helpers/cli.js';
import { cloneRepo, git, gitAm, gitRepoFrom } from './helpers/git-repo.js';
import { makeTempDir } from './helpers/temp.js';

const COVER = { subject: 'PCI: Make pci_intx() say what it does', body: 'Why this series, in the words of its sender.\n\nA second paragraph, with a -- inside.' };

/** The series command's own steps, in-process: render, then write the directory and the mbox. */
async function writeVersion(repo: string, extra: string[]): Promise<{ dir: string; mbox: string; coverName: string; cover: string; patches: string[] }> {
  const dir = path.join(makeTempDir('cover-series'), 'out');
  const mbox = path.join(path.dirname(dir), 'series.mbox');
  const { plan, model, options } = await prepareSeries(pciIntxTransform, parseCommandLine(seriesArgs(repo, dir, extra)), new Timings());
  const written = writeSeries(dir, renderWritableSeries(model, plan, options, new Timings()), { force: false, mbox });
  return { dir, mbox, coverName: path.basename(written.cover), cover: fs.readFileSync(written.cover, 'utf8'), patches: written.patches };
}

function decisionsFile(decisions: Decisions): string {
  const file = path.join(makeTempDir('cover-decisions'), 'decisions.json');
  fs.writeFileSync(file, serializeDecisions(decisions));
  return file;
}

test('series --decisions with a cover writes it into 0000-cover-letter.patch and the mbox; git am applies the patches; v2 keeps it', async () => {
  const { repo } = gitRepoFrom(EXAMPLES_DIR, 'cover-edit');
  const plain = await writeVersion(repo, []);
  assert.doesNotMatch(plain.cover, /in the words of its sender/);

  const v1 = await writeVersion(repo, ['--decisions', decisionsFile({ ...emptyDecisions('pci-intx'), cover: COVER })]);
  assert.equal(v1.coverName, '0000-cover-letter.patch');
  assert.match(v1.cover, /^Subject: \[PATCH 0+\/\d+\] PCI: Make pci_intx\(\) say what it does$/m);
  assert.match(v1.cover, /\n\nWhy this series, in the words of its sender\.\n\nA second paragraph, with a -- inside\.\n/);
  // What the renderer adds after the text is still there: the shortlog and diffstat.
  assert.match(v1.cover, / files? changed, /);
  const mbox = fs.readFileSync(v1.mbox, 'utf8');
  assert.match(mbox, /^Subject: \[PATCH 0+\/\d+\] PCI: Make pci_intx\(\) say what it does$/m);
  assert.match(mbox, /Why this series, in the words of its sender\./);
  // The patches are what they were: the edited cover letter changes none of them.
  assert.deepEqual(v1.patches.map((file) => fs.readFileSync(file, 'utf8')), plain.patches.map((file) => fs.readFileSync(file, 'utf8')));
  const clone = cloneRepo(repo, 'cover-am');
  gitAm(clone, v1.patches);
  assert.equal(git(clone, ['rev-list', '--count', 'HEAD']).stdout.trim(), String(v1.patches.length + 1));

  // v1's decisions as review leaves them in its output directory: v2 runs with them.
  fs.mkdirSync(path.dirname(path.join(v1.dir, DECISIONS_FILE)), { recursive: true });
  fs.writeFileSync(path.join(v1.dir, DECISIONS_FILE), serializeDecisions({ ...emptyDecisions('pci-intx'), cover: COVER }));
  const v2 = await writeVersion(repo, ['-v', '2', '--previous', v1.dir]);
  assert.match(v2.cover, /^Subject: \[PATCH v2 0+\/\d+\] PCI: Make pci_intx\(\) say what it does$/m);
  assert.match(v2.cover, /Why this series, in the words of its sender\./);
});

test('the cover of newer decisions wins field by field over the earlier version\'s', () => {
  const earlier = { ...emptyDecisions('pci-intx'), cover: { subject: 'Old subject', body: 'Old text.' } };
  const current = { ...emptyDecisions('pci-intx'), cover: { subject: 'New subject' } };
  assert.deepEqual(replayDecisions(earlier, current)!.cover, { subject: 'New subject', body: 'Old text.' });
  assert.equal(replayDecisions(emptyDecisions('pci-intx'), emptyDecisions('pci-intx'))!.cover, undefined);
});

test('a hostile cover in a decisions file is refused, naming the field', () => {
  const owner = { name: 'pci-intx', vocabulary: pciIntxTransform.vocabulary };
  const text = (cover: unknown) => JSON.stringify({ schemaVersion: 1, transform: 'pci-intx', cover });
  for (const [cover, reason] of [
    [{ body: 'Why.\n---\nmore' }, /^Error: d\.json: cover\.body holds a line "---": git am would end the message there$/],
    [{ body: 'Why.\ndiff --git a/x b/x\n' }, /^Error: d\.json: cover\.body holds a line starting "diff --git": git am would read a patch from there$/],
    [{ body: 'Why \x1b]0;owned\x07\n' }, /^Error: d\.json: cover\.body holds control characters/],
    [{ subject: 'PCI: x\nCc: <victim@example.org>' }, /^Error: d\.json: cover\.subject holds control characters or line breaks$/],
    [{ subject: '  ' }, /^Error: d\.json: cover\.subject is empty$/],
    [{ subject: 7 }, /^Error: d\.json: cover\.subject must be a string$/],
    ['text', /^Error: d\.json: "cover" must be an object$/],
  ] as const) {
    assert.throws(() => parseDecisions(text(cover), owner, 'd.json'), (error: Error) => reason.test(String(error)), JSON.stringify(cover));
  }
  assert.deepEqual(parseDecisions(text(COVER), owner, 'd.json').cover, COVER);
  assert.equal(parseDecisions(JSON.stringify({ schemaVersion: 1, transform: 'pci-intx' }), owner, 'd.json').cover, undefined);
});
