// Trailers a person adds (review's `e` holds the trailer block): written in the block with
// Signed-off-by:, as git interpret-trailers reads it, and kept in the next version (--previous).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pciIntxTransform from '../transforms/pci-intx/index.js';
import { parseCommandLine } from '../src/cli/args.js';
import { prepareSeries } from '../src/cli/series-options.js';
import { renderWritableSeries } from '../src/series/render-series.js';
import { patchesToWrite } from '../src/series/build.js';
import { emptyDecisions, parseDecisions, serializeDecisions, type Decisions } from '../src/series/decisions.js';
import { DECISIONS_FILE, writeSeriesDirectory } from '../src/render/output-dir.js';
import { Timings } from '../src/util/timings.js';
import { SERIES_MANIFEST_FILE, seriesManifest } from '../src/series/versions/manifest.js';
import { EXAMPLES_DIR } from './helpers/paths.js';
import { FIXED_AUTHOR, seriesArgs } from './helpers/cli.js';
import { gitRepoFrom } from './helpers/git-repo.js';
import { makeTempDir } from './helpers/temp.js';

const ACK = 'Acked-by: Finch Maintainer <finch@example.org>';

/** The series command's own steps, in-process: the files plus the manifest. */
async function writeVersion(repo: string, extra: string[]): Promise<{ dir: string; files: Map<string, string> }> {
  const dir = path.join(makeTempDir('trailers'), 'out');
  const { plan, model, options } = await prepareSeries(pciIntxTransform, parseCommandLine(seriesArgs(repo, dir, extra)), new Timings());
  const written = patchesToWrite(model, options.series.decisions);
  const { files } = renderWritableSeries(written, plan, options, new Timings());
  writeSeriesDirectory(dir, files, { force: false });
  fs.writeFileSync(path.join(dir, SERIES_MANIFEST_FILE), seriesManifest(written, files));
  return { dir, files: new Map(files.map((f) => [f.name, Buffer.from(f.bytes).toString('latin1')])) };
}

/** What real `git interpret-trailers --parse` finds in a mail file. */
function parsedTrailers(file: string): string[] {
  const r = spawnSync('git', ['interpret-trailers', '--parse', file], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim().split('\n');
}

test('an edited trailer block: Acked-by: with Signed-off-by: in the written patch, and again in v2 from v1\'s decisions', async () => {
  const { repo } = gitRepoFrom(EXAMPLES_DIR, 'trailers');
  const plain = await writeVersion(repo, []);
  const finchName = [...plain.files.keys()].find((name) => /wifi-finch/.test(name))!;
  assert.ok(finchName, 'the plain series has a finch patch');
  const plainTrailers = parsedTrailers(path.join(plain.dir, finchName));
  assert.deepEqual(plainTrailers, [`Signed-off-by: ${FIXED_AUTHOR}`]);

  const manifest = JSON.parse(fs.readFileSync(path.join(plain.dir, SERIES_MANIFEST_FILE), 'utf8')) as { patches: { file: string; key: string }[] };
  const key = manifest.patches.find((p) => p.file === finchName)!.key;
  const decisions: Decisions = { ...emptyDecisions('pci-intx'), patches: { [key]: { trailers: [ACK, `Signed-off-by: ${FIXED_AUTHOR}`] } } };
  const decisionsFile = path.join(makeTempDir('trailer-decisions'), 'decisions.json');
  fs.writeFileSync(decisionsFile, serializeDecisions(decisions));

  const v1 = await writeVersion(repo, ['--decisions', decisionsFile]);
  assert.deepEqual(parsedTrailers(path.join(v1.dir, finchName)), [ACK, `Signed-off-by: ${FIXED_AUTHOR}`]);
  // The other patches keep the series' own trailers.
  const other = [...v1.files.keys()].find((name) => /misc-tern/.test(name))!;
  assert.deepEqual(parsedTrailers(path.join(v1.dir, other)), [`Signed-off-by: ${FIXED_AUTHOR}`]);

  // v1's decisions as review leaves them in the output directory: v2 runs with them.
  fs.mkdirSync(path.dirname(path.join(v1.dir, DECISIONS_FILE)), { recursive: true });
  fs.copyFileSync(decisionsFile, path.join(v1.dir, DECISIONS_FILE));
  const v2 = await writeVersion(repo, ['-v', '2', '--previous', v1.dir]);
  const v2Finch = [...v2.files.keys()].find((name) => /wifi-finch/.test(name))!;
  assert.match(v2Finch, /^v2-/);
  assert.deepEqual(parsedTrailers(path.join(v2.dir, v2Finch)), [ACK, `Signed-off-by: ${FIXED_AUTHOR}`]);
});

test('a decisions file\'s trailers must be trailer lines', () => {
  const owner = { name: 'pci-intx', vocabulary: pciIntxTransform.vocabulary };
  const text = (trailers: unknown) => JSON.stringify({ schemaVersion: 1, transform: 'pci-intx', patches: { p: { trailers } } });
  assert.deepEqual(parseDecisions(text([ACK]), owner, 'd.json').patches.p, { trailers: [ACK] });
  assert.throws(() => parseDecisions(text(['just prose']), owner, 'd.json'), /^Error: d\.json: patches\["p"\]\.trailers holds "just prose", not a trailer/);
  assert.throws(() => parseDecisions(text(['Acked-by: x\u001b[2J']), owner, 'd.json'), /not a trailer/);
  assert.throws(() => parseDecisions(text('Acked-by: x'), owner, 'd.json'), /must be a list of strings/);
});
