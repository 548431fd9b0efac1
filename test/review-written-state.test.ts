// After a restart the review knows whether the series in -o is what w would write now: the
// manifest's files against the files rendered from the decisions (the author date and the commit
// ids it changes are not a difference).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import pciIntx from '../transforms/pci-intx/index.js';
import { parseCommandLine } from '../src/cli/args.js';
import { prepareSeries } from '../src/cli/series-options.js';
import { reviewBackend } from '../src/series/review-session.js';
import { withPatchStatus } from '../src/review/decide.js';
import { initialState } from '../src/review/controller.js';
import { titleLine } from '../src/review/screens.js';
import { Timings } from '../src/util/timings.js';
import { FIXED_AUTHOR } from './helpers/cli.js';
import { gitRepoFrom } from './helpers/git-repo.js';
import { makeTempDir } from './helpers/temp.js';
import { EXAMPLES_DIR } from './helpers/paths.js';

async function backendAt(repo: string, out: string, date: string, extra: string[] = []) {
  const cl = parseCommandLine(['review', 'pci-intx', repo, '-o', out, '--no-maintainers', '--from', FIXED_AUTHOR, '--date', date, ...extra]);
  const timings = new Timings();
  return reviewBackend(pciIntx, await prepareSeries(pciIntx, cl, timings), { force: false, timings });
}

const header = (backend: Awaited<ReturnType<typeof backendAt>>) => titleLine(initialState(backend), 400, null, 20).map((segment) => segment.text).join('').trim();

test('the header says whether the written series is up to date, stale and why, or not written yet', async () => {
  const { repo } = gitRepoFrom(EXAMPLES_DIR, 'written-state');
  const out = path.join(makeTempDir('written-state'), 'out');
  const first = await backendAt(repo, out, '2024-09-06T10:00:00Z');
  assert.deepEqual(first.writtenState!(first.buildSeries(first.decisions), first.decisions), { kind: 'none' });
  assert.match(header(first), /written: nothing yet$/);
  const { files } = first.write(first.decisions);

  // A restart on another day: the same decisions give the same series.
  const restarted = await backendAt(repo, out, '2024-09-07T11:30:00Z');
  const series = restarted.buildSeries(restarted.decisions);
  assert.deepEqual(restarted.writtenState!(series, restarted.decisions), { kind: 'current' });
  assert.match(header(restarted), /written: up to date$/);

  // Other decisions: fewer patches than written.
  const msi = series.patches.find((patch) => patch.phase === 'msi')!;
  const dropped = withPatchStatus(restarted.decisions, msi.key, 'dropped');
  assert.deepEqual(restarted.writtenState!(restarted.buildSeries(dropped), dropped), { kind: 'stale', reason: `${files - 1} patches written, ${files - 2} now` });

  // A written file changed by hand: stale, and the header says so.
  const patchFile = fs.readdirSync(out).find((name) => /^0002-.*\.patch$/.test(name))!;
  fs.appendFileSync(path.join(out, patchFile), '\n');
  assert.deepEqual(restarted.writtenState!(series, restarted.decisions), { kind: 'stale', reason: `1 of ${files} files differ from what w writes now` });
  assert.match(header(restarted), /written: STALE, 1 of \d+ files differ from what w writes now$/);
});

test("w writes a decision against the evidence as that decision, never as the evidence's opposite", async () => {
  const { repo } = gitRepoFrom(EXAMPLES_DIR, 'written-decided');
  const tmp = makeTempDir('written-decided');
  const decisions = path.join(tmp, 'decisions.json');
  fs.writeFileSync(decisions, JSON.stringify({ schemaVersion: 1, transform: 'pci-intx', modules: { 'drivers/misc/plume': { classification: 'unmanaged' } } }));
  const out = path.join(tmp, 'out');
  const backend = await backendAt(repo, out, '2024-09-06T10:00:00Z', ['--decisions', decisions]);
  backend.write(backend.decisions);
  const texts = fs.readdirSync(out).filter((name) => name.endsWith('.patch')).map((name) => fs.readFileSync(path.join(out, name), 'latin1'));
  const plume = texts.find((text) => text.includes('diff --git a/drivers/misc/plume.c'));
  assert.ok(plume, 'a written patch ports plume');
  const text = plume.slice(0, plume.indexOf('\n---\n')).replace(/\s+/g, ' ');
  // tern shares the patch: its own evidence stays; the no-change claim names it alone.
  assert.doesNotMatch(text, /plume[^.]* with pci_enable_device|No functional change\./);
  assert.match(text, /No functional change for tern\./);
  assert.match(text, /plume enables its device with pcim_enable_device\(\), so its pci_intx\(\) call in plume_probe\(\) is managed today\. A person decided against that evidence/);
  const cover = fs.readFileSync(path.join(out, fs.readdirSync(out).find((name) => /^0000-/.test(name))!), 'latin1').replace(/\s+/g, ' ');
  assert.match(cover, /Decided by a person, not by the evidence: - drivers\/misc\/plume\.c:67 plume_probe\(\): unmanaged by module decision, against the evidence for managed/);
});
