// --json of series, check and apply: one JSON document on stdout, with schemaVersion, that says the
// same as the files on disk and the commits in the repository. Real CLI runs on a git copy of examples/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { SCHEMA_VERSION } from '../src/types.js';
import { EXAMPLES_DIR } from './helpers/paths.js';
import { FIXED_AUTHOR, FIXED_DATE, describeRun, runCli, seriesArgs, type CliResult } from './helpers/cli.js';
import { git, gitRepoFrom } from './helpers/git-repo.js';
import { makeTempDir } from './helpers/temp.js';

function jsonOf(args: string[], r: CliResult): Record<string, any> {
  let doc: Record<string, any>;
  try {
    doc = JSON.parse(r.stdout);
  } catch {
    assert.fail(`stdout is not one JSON document: ${describeRun(args, r)}`);
  }
  assert.equal(doc.schemaVersion, SCHEMA_VERSION, describeRun(args, r));
  assert.equal(Object.keys(doc)[0], 'schemaVersion');
  return doc;
}

function run(args: string[]): { r: CliResult; doc: Record<string, any> } {
  const r = runCli(args);
  return { r, doc: jsonOf(args, r) };
}

const { repo } = gitRepoFrom(EXAMPLES_DIR, 'json-output');
const out = path.join(makeTempDir('json-series'), 'out');
const mbox = path.join(makeTempDir('json-mbox'), 'series.mbox');
const seriesRunArgs = seriesArgs(repo, out, ['--json', '--mbox', mbox]);
const series = run(seriesRunArgs);
const patchNames = () => fs.readdirSync(out).filter((n) => /^\d{4}-.*\.patch$/.test(n) && !n.startsWith('0000-')).sort();

test('series --json: the files written (paths, patch count, cover letter, mbox) and the notes', () => {
  const { r, doc } = series;
  assert.equal(r.status, 0, describeRun(seriesRunArgs, r));
  assert.equal(doc.transform, 'pci-intx');
  assert.equal(doc.outputDir, path.resolve(out));
  assert.equal(doc.cover, path.join(path.resolve(out), '0000-cover-letter.patch'));
  assert.ok(fs.existsSync(doc.cover));
  const onDisk = patchNames();
  assert.ok(onDisk.length > 1, `the examples give several patches: ${onDisk.join(', ')}`);
  assert.equal(doc.patchCount, onDisk.length);
  assert.deepEqual(doc.patches, onDisk.map((n) => path.join(path.resolve(out), n)));
  assert.equal(doc.mbox, mbox);
  assert.equal((fs.readFileSync(mbox, 'latin1').match(/^From [0-9a-f]{40} /gm) ?? []).length, onDisk.length + 1);
  assert.ok(Array.isArray(doc.notes) && Array.isArray(doc.warnings));
  assert.equal(doc.coreState, JSON.parse(runCli(['plan', 'pci-intx', repo, '--json']).stdout).core.state);
  // The text report is not mixed into the document's stream, nor repeated on stderr.
  assert.doesNotMatch(r.stderr, /wrote \d+ patches/);
});

test('series --json and --stdout both want stdout: a usage error, nothing written', () => {
  const dir = path.join(makeTempDir('json-stdout'), 'out');
  const args = seriesArgs(repo, dir, ['--json', '--stdout']);
  const r = runCli(args);
  assert.equal(r.status, 2, describeRun(args, r));
  assert.match(r.stderr, /^kcodemod: error: series: --json and --stdout both want stdout/m);
  assert.equal(r.stdout, '');
  assert.ok(!fs.existsSync(dir));
});

test('check --json: per patch git am, checkpatch counts, the export check; the plan after the series', () => {
  const args = ['check', 'pci-intx', repo, '--series', out, '--json'];
  const { r, doc } = run(args);
  assert.ok(r.status === 0 || r.status === 1, describeRun(args, r));
  assert.equal(doc.ok, r.status === 0);
  assert.equal(doc.series, out);
  assert.deepEqual(doc.patches.map((p: { file: string }) => p.file), patchNames());
  for (const p of doc.patches) {
    assert.equal(p.gitAm.ok, true, `${p.file}: ${p.gitAm.error}`);
    assert.equal(p.gitAm.error, null);
    // examples/ has no scripts/checkpatch.pl: not run, and why.
    assert.equal(p.checkpatch.ran, false);
    assert.match(p.checkpatch.reason, /no scripts\/checkpatch\.pl/);
    assert.deepEqual([p.checkpatch.errors, p.checkpatch.warnings, p.checkpatch.checks], [0, 0, 0]);
    assert.deepEqual(p.exports, { ok: true, problems: [] });
    assert.equal(p.ok, true);
  }
  assert.deepEqual(doc.planAfter.left, []);
  assert.equal(typeof doc.planAfter.coreState, 'string');
  assert.ok(doc.notes.some((n: string) => /checkpatch\.pl did not run/.test(n)), doc.notes.join('\n'));
  // The same verdicts as the text report.
  const text = runCli(['check', 'pci-intx', repo, '--series', out]);
  assert.equal(text.status, r.status);
  assert.equal((text.stdout.match(/^ok {3}/gm) ?? []).length, doc.patches.length);
});

test('apply --json: the new branch, its base and one commit per patch, as in the repository', () => {
  git(repo, ['config', 'user.name', 'Fixture Author']);
  git(repo, ['config', 'user.email', 'fixture@example.org']);
  const head = git(repo, ['rev-parse', 'HEAD']).stdout.trim();
  const args = ['apply', 'pci-intx', repo, '--branch', 'port', '--series', out, '--json'];
  const { r, doc } = run(args);
  assert.equal(r.status, 0, describeRun(args, r));
  assert.equal(doc.branch, 'port');
  assert.equal(doc.base, head);
  const inRepo = git(repo, ['log', '--reverse', '--format=%H %s', `${head}..port`]).stdout.trim().split('\n');
  assert.equal(doc.commits.length, patchNames().length);
  assert.deepEqual(doc.commits.map((c: { id: string; subject: string }) => `${c.id} ${c.subject}`), inRepo);
  assert.doesNotMatch(r.stderr, /committed/);

  // Generated now rather than from --series: the same shape.
  git(repo, ['checkout', '--quiet', 'main']);
  const again = ['apply', 'pci-intx', repo, '--branch', 'port2', '--from', FIXED_AUTHOR, '--date', FIXED_DATE, '--no-maintainers', '--json'];
  const second = run(again);
  assert.equal(second.r.status, 0, describeRun(again, second.r));
  assert.equal(second.doc.branch, 'port2');
  assert.deepEqual(
    second.doc.commits.map((c: { subject: string }) => c.subject),
    doc.commits.map((c: { subject: string }) => c.subject),
  );
});
