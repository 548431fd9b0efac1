// Series versions: a v1 -> v2 round trip on a git copy of examples/. v1 is the default series; v2
// runs with decisions that port a review module (gpio-wagtail) and move a never-managed one
// (tern) to pcim_intx(), and that retitle the finch patch. The changelog, the manifest, the
// fallback without a manifest, the range-diff and the errors a person can cause are checked.
import pciIntx from '../transforms/pci-intx/index.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import pciIntxTransform from '../transforms/pci-intx/index.js';
import { parseCommandLine } from '../src/cli/args.js';
import { prepareSeries } from '../src/cli/series-options.js';
import { renderWritableSeries } from '../src/series/render-series.js';
import { patchesToWrite } from '../src/series/build.js';
import { emptyDecisions, serializeDecisions, type Decisions } from '../src/series/decisions.js';
import type { SeriesModel } from '../src/series/model.js';
import type { RenderedFile } from '../src/render/format-patch.js';
import { DECISIONS_FILE, writeSeriesDirectory } from '../src/render/output-dir.js';
import { Timings } from '../src/util/timings.js';
import { SERIES_MANIFEST_FILE, parseSeriesManifest, seriesManifest } from '../src/series/versions/manifest.js';
import { changesSince } from '../src/series/versions/changelog.js';
import { rangeDiff } from '../src/series/versions/range-diff.js';
import { readPreviousSeries } from '../src/series/versions/previous-series.js';
import { replayDecisions } from '../src/series/versions/replay-decisions.js';
import { EXAMPLES_DIR } from './helpers/paths.js';
import { FIXED_SIGNATURE, runCli, describeRun, seriesArgs } from './helpers/cli.js';
import { cloneRepo, commitAll, git, gitRepoFrom } from './helpers/git-repo.js';
import { makeTempDir } from './helpers/temp.js';
import { readCoverLetter, readPatches } from './helpers/series-files.js';

process.env.KCODEMOD_SIGNATURE = FIXED_SIGNATURE;

const TERN_UNMANAGED = 'misc: tern: Replace pci_intx() with pci_intx_unmanaged()';
const MISC_MANAGED = 'misc: Replace pci_intx() with pcim_intx()';
const FINCH_OLD = 'wifi: finch: Replace pci_intx() with pcim_intx()';
const FINCH_NEW = 'wifi: finch: Use pcim_intx() for the managed device';
const WAGTAIL_NEW = 'gpio: wagtail: Replace pci_intx() with pcim_intx()';

interface WrittenSeries {
  dir: string;
  model: SeriesModel;
  files: RenderedFile[];
}

/** Runs the series command's own steps in-process and writes the files plus the manifest. */
async function writeVersion(repo: string, extra: string[], adjust?: (model: SeriesModel) => void): Promise<WrittenSeries> {
  const dir = path.join(makeTempDir('version'), 'out');
  const cl = parseCommandLine(seriesArgs(repo, dir, extra));
  const timings = new Timings();
  const { plan, model, options } = await prepareSeries(pciIntxTransform, cl, timings);
  const written = patchesToWrite(model, options.series.decisions);
  adjust?.(written);
  const { files } = renderWritableSeries(written, plan, options, timings);
  writeSeriesDirectory(dir, files, { force: false });
  fs.writeFileSync(path.join(dir, SERIES_MANIFEST_FILE), seriesManifest(written, files));
  return { dir, model: written, files };
}

function writeDecisions(v1: SeriesModel): string {
  const finch = v1.patches.find((p) => p.subject === FINCH_OLD);
  assert.ok(finch, `v1 has no patch "${FINCH_OLD}"`);
  const decisions: Decisions = {
    ...emptyDecisions('pci-intx'),
    modules: { 'drivers/gpio/gpio-wagtail': { classification: 'managed' }, 'drivers/misc/tern': { classification: 'managed' } },
    patches: { [finch.key]: { subject: FINCH_NEW } },
  };
  const file = path.join(makeTempDir('decisions'), 'decisions.json');
  fs.writeFileSync(file, serializeDecisions(decisions));
  return file;
}

const { repo } = gitRepoFrom(EXAMPLES_DIR, 'versions');
const v1 = await writeVersion(repo, []);
const decisionsFile = writeDecisions(v1.model);
const v2 = await writeVersion(repo, ['-v', '2', '--decisions', decisionsFile]);

function itemsOf(changelog: string): string[] {
  // One entry per "- " item, its wrapped lines joined again.
  return changelog.split('\n- ').slice(1).map((item) => item.split('\n\n')[0].replace(/\n  /g, ' '));
}

test('the manifest records key, phase, subject and sites of every patch file', () => {
  const manifest = parseSeriesManifest(fs.readFileSync(path.join(v1.dir, SERIES_MANIFEST_FILE), 'utf8'), 'manifest');
  assert.equal(manifest.version, 1);
  assert.equal(manifest.transform, 'pci-intx');
  assert.equal(manifest.cover.file, '0000-cover-letter.patch');
  assert.deepEqual(manifest.patches.map((p) => p.file), v1.files.slice(1).map((f) => f.name));
  assert.deepEqual(manifest.patches.map((p) => p.key), v1.model.patches.map((p) => p.key));
  const tern = manifest.patches.find((p) => p.subject === TERN_UNMANAGED);
  assert.ok(tern, 'the tern port is listed by its subject');
  assert.equal(tern.phase, 'never-managed');
  assert.deepEqual(tern.siteIds, ['drivers/misc/tern.c::tern_probe::pci_intx(pdev, 1)#0', 'drivers/misc/tern.c::tern_remove::pci_intx(pdev, 0)#0']);
  const v2manifest = parseSeriesManifest(fs.readFileSync(path.join(v2.dir, SERIES_MANIFEST_FILE), 'utf8'), 'manifest');
  assert.equal(v2manifest.version, 2);
  assert.match(v2manifest.patches[0].file, /^v2-0001-/);
});

test('readPreviousSeries reads subjects, bodies, diffs and keys back from v1', () => {
  const previous = readPreviousSeries(v1.dir, pciIntx);
  assert.equal(previous.version, 1);
  assert.equal(previous.patches.length, v1.model.patches.length);
  assert.deepEqual(previous.patches.map((p) => p.subject), v1.model.patches.map((p) => p.subject));
  assert.deepEqual(previous.patches.map((p) => p.key), v1.model.patches.map((p) => p.key));
  const tern = previous.patches.find((p) => p.subject === TERN_UNMANAGED)!;
  assert.deepEqual(tern.paths, ['drivers/misc/tern.c']);
  assert.match(tern.body, /^pci_intx\(\) is a hybrid function/);
  assert.match(tern.body, /\n\nSigned-off-by: Ada Example <ada@example.org>$/);
  assert.match(tern.diff, /^diff --git a\/drivers\/misc\/tern\.c b\/drivers\/misc\/tern\.c\n/);
  assert.doesNotMatch(tern.diff, /\n-- \n/, 'the signature is not part of the diff');
  assert.equal(previous.cover.changelog, '');
  assert.equal(previous.decisions, null);
  // examples/ is a fresh commit with no uncommitted files: the cover letter names it.
  assert.equal(previous.cover.baseCommit, git(repo, ['rev-parse', 'HEAD']).stdout.trim());
});

test('readPreviousSeries decodes RFC 2047 subjects and unfolds long ones', async () => {
  const finch = v1.model.patches.find((p) => p.subject === FINCH_OLD)!;
  const subject = 'wifi: finch: Använd pcim_intx() för den hanterade enheten, så att INTx återställs när drivrutinen kopplas från';
  const file = path.join(makeTempDir('decisions-utf8'), 'decisions.json');
  fs.writeFileSync(file, serializeDecisions({ ...emptyDecisions('pci-intx'), patches: { [finch.key]: { subject } } }));
  const written = await writeVersion(repo, ['--decisions', file]);
  const mail = written.files.find((f) => f.bytes.includes('=?UTF-8?q?'));
  assert.ok(mail, 'the subject is RFC 2047-encoded in its mail');
  const previous = readPreviousSeries(written.dir, pciIntx);
  assert.ok(previous.patches.some((p) => p.subject === subject), previous.patches.map((p) => p.subject).join('\n'));
  assert.equal(changesSince(previous, written.model, 2), 'Changes in v2:\n- No changes');
});

test('changesSince: added patch, dropped patch, moved and newly ported sites, changed subject', () => {
  const changelog = changesSince(readPreviousSeries(v1.dir, pciIntx), v2.model, 2);
  const lines = changelog.split('\n');
  assert.equal(lines[0], 'Changes in v2:');
  for (const line of lines) assert.ok(line.length <= 72, `longer than 72 columns: ${line}`);
  assert.deepEqual(itemsOf(changelog), [
    `New patch "${WAGTAIL_NEW}"`,
    `Dropped patch "${TERN_UNMANAGED}"`,
    `Moved drivers/misc/tern.c tern_probe(), tern_remove() from never-managed ports ("${TERN_UNMANAGED}") to always-managed ports ("${MISC_MANAGED}")`,
    `Now ported: drivers/gpio/gpio-wagtail.c wagtail_gpio_irq_init(), in always-managed ports ("${WAGTAIL_NEW}")`,
    // With three drivers the message lists them: a real change of the message.
    `Reworded the message of "${MISC_MANAGED}"`,
    `Changed the subject "${FINCH_OLD}" to "${FINCH_NEW}"`,
  ]);
});

test('changesSince the other way round: sites no longer ported, moved back', () => {
  const items = itemsOf(changesSince(readPreviousSeries(v2.dir, pciIntx), v1.model, 3));
  assert.ok(items.includes(`No longer ported: drivers/gpio/gpio-wagtail.c wagtail_gpio_irq_init(), was in always-managed ports ("${WAGTAIL_NEW}")`), items.join('\n'));
  assert.ok(items.includes(`Moved drivers/misc/tern.c tern_probe(), tern_remove() from always-managed ports ("${MISC_MANAGED}") to never-managed ports ("${TERN_UNMANAGED}")`), items.join('\n'));
  assert.ok(items.includes(`Changed the subject "${FINCH_NEW}" to "${FINCH_OLD}"`), items.join('\n'));
});

test('changesSince without changes says so, and refuses a version that is not higher', () => {
  const previous = readPreviousSeries(v1.dir, pciIntx);
  assert.equal(changesSince(previous, v1.model, 2), 'Changes in v2:\n- No changes');
  assert.throws(() => changesSince(previous, v1.model, 1), /is v1: the new version must be higher \(got v1\)/);
});

test('changesSince reports a reworded message, new trailers and changed code of the same patch', () => {
  const previous = readPreviousSeries(v1.dir, pciIntx);
  const edited: SeriesModel = { ...v1.model, patches: v1.model.patches.map((p) => ({ ...p, trailers: [...p.trailers], changes: p.changes.map((c) => ({ ...c })) })) };
  const finch = edited.patches.find((p) => p.subject === FINCH_OLD)!;
  finch.body = finch.body.replace('pci_intx() is a hybrid function', 'pci_intx() is a two-faced function');
  finch.trailers = ['Cc: stable@vger.kernel.org', ...finch.trailers];
  const quill = edited.patches.find((p) => p.changes.some((c) => c.path === 'drivers/ata/pata_quill.c'))!;
  const change = quill.changes[0];
  change.after = Buffer.from(change.after!.toString('latin1').replace('pcim_intx(pdev, 1)', 'pcim_intx(pdev, 1) /* managed */'), 'latin1');
  assert.deepEqual(itemsOf(changesSince(previous, edited, 2)), [
    `Changed the code of "${quill.subject}"`,
    `Reworded the message of "${FINCH_OLD}"`,
    `Added the trailer "Cc: stable@vger.kernel.org" to "${FINCH_OLD}"`,
  ]);
});

test('changesSince says once that a trailer was added to many patches', () => {
  const previous = readPreviousSeries(v1.dir, pciIntx);
  const managedPorts = v1.model.patches.filter((p) => p.phase === 'always-managed');
  assert.ok(managedPorts.length > 3);
  const edited: SeriesModel = {
    ...v1.model,
    patches: v1.model.patches.map((p) => (p.phase === 'always-managed' ? { ...p, trailers: ['Cc: stable@vger.kernel.org', ...p.trailers] } : p)),
  };
  assert.deepEqual(itemsOf(changesSince(previous, edited, 2)), [`Added the trailer "Cc: stable@vger.kernel.org" to ${managedPorts.length} patches`]);
});

test('without a manifest, patches are matched by subject, then by the files they touch', () => {
  const bare = path.join(makeTempDir('no-manifest'), 'v1');
  fs.cpSync(v1.dir, bare, { recursive: true });
  fs.rmSync(path.join(bare, SERIES_MANIFEST_FILE));
  const previous = readPreviousSeries(bare, pciIntx);
  assert.equal(previous.manifest, null);
  assert.ok(previous.patches.every((p) => p.key === undefined && p.siteIds === undefined));
  assert.deepEqual(itemsOf(changesSince(previous, v2.model, 2)), [
    `New patch "${WAGTAIL_NEW}"`,
    `Dropped patch "${TERN_UNMANAGED}"`,
    // Without site ids the move of tern's sites is not known: only its effect on the patch is.
    `Reworded the message of "${MISC_MANAGED}"`,
    `Changed the code of "${MISC_MANAGED}"`,
    `Changed the subject "${FINCH_OLD}" to "${FINCH_NEW}"`,
  ]);
});

test('the changelog of an earlier version is carried into the next one', async () => {
  const previous = readPreviousSeries(v1.dir, pciIntx);
  const v2changes = changesSince(previous, v2.model, 2);
  // What the CLI does once --previous is wired: the section goes into the cover letter's text.
  const withChangelog = await writeVersion(repo, ['-v', '2', '--decisions', decisionsFile], (model) => {
    model.cover.body = `${model.cover.body}\n\n${v2changes}`;
  });
  const second = readPreviousSeries(withChangelog.dir, pciIntx);
  assert.equal(second.version, 2);
  assert.equal(second.cover.changelog, v2changes);
  assert.equal(changesSince(second, withChangelog.model, 3), `Changes in v3:\n- No changes\n\n${v2changes}`);
});

test('rangeDiff compares v1 and v2 in a scratch repository and leaves the tree alone', () => {
  const before = {
    refs: git(repo, ['for-each-ref']).stdout,
    objects: git(repo, ['count-objects', '-v']).stdout,
    status: git(repo, ['status', '--porcelain', '--ignored']).stdout,
  };
  const result = rangeDiff(repo, readPreviousSeries(v1.dir, pciIntx), v2.files);
  assert.equal(result.reason, undefined);
  const text = result.text!;
  const pair = (mark: string, subject: string) => new RegExp(`^ *[-\\d]+: +[-0-9a-f]+ ${mark} +[-\\d]+: +[-0-9a-f]+ ${subject.replace(/[()]/g, '\\$&')}$`, 'm');
  // The commits are the ones the mails name: their "From <sha>" lines.
  const fromId = (file: RenderedFile) => file.bytes.toString('latin1').slice('From '.length, 'From '.length + 7);
  assert.match(text, new RegExp(`^ *1: +${fromId(v1.files[1])} = +1: +${fromId(v2.files[1])} `, 'm'));
  assert.match(text, pair('!', FINCH_OLD), 'the retitled finch patch is paired with its v1 and shown as changed');
  assert.match(text, /^ {4}-    wifi: finch: Replace pci_intx\(\) with pcim_intx\(\)\n {4}\+    wifi: finch: Use pcim_intx\(\) for the managed device$/m);
  assert.match(text, pair('<', TERN_UNMANAGED), 'the tern port is only in v1');
  assert.match(text, pair('>', WAGTAIL_NEW), 'the wagtail port is only in v2');
  assert.match(text, pair('=', 'ata: pata_quill: Replace pci_intx() with pcim_intx()'), 'an unchanged patch is equal');
  assert.deepEqual(
    { refs: git(repo, ['for-each-ref']).stdout, objects: git(repo, ['count-objects', '-v']).stdout, status: git(repo, ['status', '--porcelain', '--ignored']).stdout },
    before,
  );
});

test('rangeDiff puts v1 on its own base-commit when the tree has moved on', () => {
  const moved = cloneRepo(repo, 'versions-moved');
  const tern = path.join(moved, 'drivers/misc/tern.c');
  fs.writeFileSync(tern, Buffer.from(fs.readFileSync(tern).toString('latin1').replace('\tpci_intx(pdev, 1);\n', '\tpci_intx(pdev, 1); /* INTx on */\n'), 'latin1'));
  commitAll(moved, 'tern: a later change on a line the series changes');
  const previous = readPreviousSeries(v1.dir, pciIntx);
  assert.equal(previous.cover.baseCommit, git(moved, ['rev-parse', 'HEAD~1']).stdout.trim());
  const result = rangeDiff(moved, previous, v1.files);
  assert.ok(result.text !== null, `no range-diff: ${result.reason}`);
  assert.match(result.text, /^ *1: +[0-9a-f]+ = +1: +[0-9a-f]+ PCI: /m);
  // A series without base-commit goes on HEAD, where the tern port no longer applies: a reason, no range-diff.
  const withoutBase = v1.files.map((f, i) => (i === 0 ? { ...f, bytes: Buffer.from(f.bytes.toString('latin1').replace(/\nbase-commit: [0-9a-f]+\n/, '\n'), 'latin1') } : f));
  const failed = rangeDiff(moved, previous, withoutBase);
  assert.equal(failed.text, null);
  assert.match(failed.reason!, /^the new version \S*tern\S* does not apply to [0-9a-f]{12}: /);
});

test('rangeDiff gives a reason instead when the tree is not a git repository', () => {
  const plain = path.join(makeTempDir('not-git'), 'tree');
  fs.mkdirSync(plain);
  const result = rangeDiff(plain, readPreviousSeries(v1.dir, pciIntx), v2.files);
  assert.equal(result.text, null);
  assert.match(result.reason!, /is not the top level of a git repository/);
});

test('readPreviousSeries refuses what is not a kcodemod series, in one line', () => {
  const missing = path.join(makeTempDir('missing'), 'nope');
  const empty = makeTempDir('empty');
  const other = path.join(makeTempDir('other-transform'), 'v1');
  fs.cpSync(v1.dir, other, { recursive: true });
  const manifest = JSON.parse(fs.readFileSync(path.join(other, SERIES_MANIFEST_FILE), 'utf8'));
  fs.writeFileSync(path.join(other, SERIES_MANIFEST_FILE), JSON.stringify({ ...manifest, transform: 'other' }));
  const incomplete = path.join(makeTempDir('incomplete'), 'v1');
  fs.cpSync(v1.dir, incomplete, { recursive: true });
  fs.rmSync(path.join(incomplete, v1.files[3].name));
  for (const [dir, message] of [
    [missing, /: no such directory/],
    [empty, /is not a series written by kcodemod \(it has no \.kcodemod\/series file\)/],
    [other, /holds a series of transform "other", not "pci-intx"/],
    [incomplete, /cannot read patch .*0003-.*: ENOENT/],
  ] as const) {
    assert.throws(() => readPreviousSeries(dir, pciIntx), (e: Error) => message.test(e.message) && !e.message.includes('\n'));
  }
});

test('the decisions of v1 come back with the series and replay under the new ones', () => {
  const withDecisions = path.join(makeTempDir('with-decisions'), 'v1');
  fs.cpSync(v1.dir, withDecisions, { recursive: true });
  const earlier: Decisions = {
    ...emptyDecisions('pci-intx'),
    sites: { 'drivers/misc/tern.c::tern_probe::pci_intx(pdev, 1)#0': { drop: true } },
    modules: { 'drivers/gpio/gpio-wagtail': { classification: 'unmanaged' } },
    patches: { prepare: { subject: 'PCI: Prepare', status: 'accepted' } },
  };
  fs.writeFileSync(path.join(withDecisions, DECISIONS_FILE), serializeDecisions(earlier));
  const previous = readPreviousSeries(withDecisions, pciIntx);
  assert.deepEqual(previous.decisions, earlier);
  const current: Decisions = { ...emptyDecisions('pci-intx'), modules: { 'drivers/gpio/gpio-wagtail': { classification: 'managed' } }, patches: { prepare: { body: 'Why.' } } };
  assert.deepEqual(replayDecisions(previous.decisions, current), {
    schemaVersion: 1,
    transform: 'pci-intx',
    sites: earlier.sites,
    drivers: {},
    modules: { 'drivers/gpio/gpio-wagtail': { classification: 'managed' } },
    patches: { prepare: { subject: 'PCI: Prepare', status: 'accepted', body: 'Why.' } },
  });
  assert.equal(replayDecisions(null, current), current);
  assert.equal(replayDecisions(earlier, null), earlier);
});

// The CLI part: `series -v 2 --previous DIR` once src/cli/commands/series.ts wires the functions above.
test('series -v 2 --previous writes v2 mails with the changelog and the range-diff', () => {
  const out = path.join(makeTempDir('cli-v2'), 'out');
  const args = seriesArgs(repo, out, ['-v', '2', '--previous', v1.dir, '--decisions', decisionsFile]);
  const r = runCli(args);
  assert.equal(r.status, 0, describeRun(args, r));
  const patches = readPatches(out);
  patches.forEach((p, i) => {
    assert.match(p.name, /^v2-\d{4}-/);
    assert.equal(p.subject.slice(0, p.subject.indexOf(']') + 1), `[PATCH v2 ${String(i + 1).padStart(2, '0')}/${patches.length}]`);
  });
  assert.ok(patches.some((p) => p.title === FINCH_NEW));
  const cover = readCoverLetter(out);
  assert.match(cover.subject, /^\[PATCH v2 00\/\d+\] /);
  assert.match(cover.text, /\nChanges in v2:\n- New patch "gpio: wagtail: Replace pci_intx\(\) with pcim_intx\(\)"\n/);
  assert.match(cover.text, /\nRange-diff against v1:\n/);
  assert.ok(fs.existsSync(path.join(out, SERIES_MANIFEST_FILE)), 'the manifest is written');
});
