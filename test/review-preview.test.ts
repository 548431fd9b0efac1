// The review's patch view against the real backend on examples/: what it shows is what `w` writes,
// byte for byte (numbers after a drop, the From commit id, the signature, the cover letter).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parseCommandLine } from '../src/cli/args.js';
import { loadTransform } from '../src/cli/load-transform.js';
import { prepareSeries } from '../src/cli/series-options.js';
import { reviewBackend } from '../src/series/review-session.js';
import { withPatchStatus } from '../src/review/decide.js';
import { Timings } from '../src/util/timings.js';
import { EXAMPLES_DIR } from './helpers/paths.js';
import { gitRepoFrom } from './helpers/git-repo.js';
import { makeTempDir } from './helpers/temp.js';

async function examplesBackend() {
  const { repo } = gitRepoFrom(EXAMPLES_DIR, 'review-preview');
  const out = path.join(makeTempDir('review-preview'), 'out');
  const transform = await loadTransform('pci-intx');
  const args = ['review', 'pci-intx', repo, '-o', out, '--no-maintainers', '--from', 'Ada Example <ada@example.org>', '--date', '2026-01-01T00:00:00Z'];
  const timings = new Timings();
  const planned = await prepareSeries(transform, parseCommandLine(args, transform.vocabulary), timings);
  return { backend: reviewBackend(transform, planned, { force: false, timings }), out, timings };
}

test('the patch view and the cover letter are the files w writes, after a drop too', async () => {
  const { backend, out } = await examplesBackend();
  const decisions = withPatchStatus(backend.decisions, 'msi', 'dropped');
  const series = backend.buildSeries(decisions);
  const msiAt = series.patches.findIndex((patch) => patch.key === 'msi');
  assert.ok(msiAt > 0 && msiAt < series.patches.length - 1, 'a patch after the dropped one');
  const previews = series.patches.map((_, index) => backend.renderPatchText(series, index, decisions));
  const cover = backend.renderCoverText(series, decisions);

  backend.write(decisions);
  const written = fs.readdirSync(out).filter((name) => name.endsWith('.patch')).sort();
  const texts = written.map((name) => fs.readFileSync(path.join(out, name), 'latin1'));
  assert.equal(texts.length, series.patches.length, 'the cover letter and every patch but the dropped one');
  assert.equal(cover, texts[0]);
  assert.deepEqual(previews.filter((_, index) => index !== msiAt), texts.slice(1));
  const after = previews[msiAt + 1];
  assert.match(after, new RegExp(`^Subject: \\[PATCH ${String(msiAt + 1).padStart(2, '0')}/${String(series.patches.length - 1).padStart(2, '0')}\\]`, 'm'));
  assert.doesNotMatch(after, /^From 0{40} /);
  // The dropped patch is still shown, outside the numbering.
  assert.match(previews[msiAt], /^Subject: \[PATCH\] PCI\/MSI: /m);
});

test('the preview is rendered again only when what w writes changes', async () => {
  const { backend, timings } = await examplesBackend();
  const rendering = () => timings.stages.get('render') ?? 0;
  const first = backend.buildSeries(backend.decisions);
  const text = backend.renderPatchText(first, 0, backend.decisions);
  const once = rendering();
  assert.ok(once > 0);
  // An accept writes the same files: the same text, and no rendering.
  const accepted = withPatchStatus(backend.decisions, first.patches[0].key, 'accepted');
  assert.equal(backend.renderPatchText(backend.buildSeries(accepted), 0, accepted), text);
  assert.equal(rendering(), once);
  // A drop renumbers: rendered again.
  const dropped = withPatchStatus(backend.decisions, 'msi', 'dropped');
  assert.notEqual(backend.renderPatchText(backend.buildSeries(dropped), 0, dropped), text);
  assert.ok(rendering() > once);
});
