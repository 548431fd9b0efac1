// Parsing while discovery runs (src/parse/parse-ahead.ts) changes when files are parsed, never the
// plan: the plan JSON of examples/ and of the pci-regions fixtures, as git trees (where git grep
// streams the names), is byte-identical with parses made ahead (all of them, or a budget that runs
// out midway) and without any.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { analyzeTree, TreeFiles, type AheadParse, type AnalyzeOptions } from '../src/pipeline.js';
import { discoverCandidates } from '../src/discover/discover.js';
import { nulSeparatedNames } from '../src/discover/name-stream.js';
import type { AnyTransform } from '../src/transform.js';
import { caseTree } from '../src/testing/fixture-case.js';
import type { ParsedFile } from '../src/parse/parser.js';
import pciIntx from '../transforms/pci-intx/index.ts';
import pciRegions from '../transforms/pci-regions/index.ts';
import { EXAMPLES_DIR, REPO_ROOT } from './helpers/paths.js';
import { gitRepoFrom } from './helpers/git-repo.js';

const REGIONS_FIXTURES = path.join(REPO_ROOT, 'transforms', 'pci-regions', '__testfixtures__');

const CASES: { name: string; transform: AnyTransform; source: string }[] = [
  { name: 'examples/ (pci-intx)', transform: pciIntx as AnyTransform, source: EXAMPLES_DIR },
  { name: 'pci-regions drivers fixture', transform: pciRegions as AnyTransform, source: caseTree(path.join(REGIONS_FIXTURES, 'drivers')) },
  { name: 'pci-regions settled fixture', transform: pciRegions as AnyTransform, source: caseTree(path.join(REGIONS_FIXTURES, 'settled')) },
];

/** The plan as `plan --json` prints it (the tree's path aside), and the files whose parse made ahead was used. */
async function planJson(transform: AnyTransform, tree: string, options: AnalyzeOptions): Promise<{ json: string; adopted: string[] }> {
  const { keepAhead, parse } = TreeFiles.prototype;
  const madeAhead = new WeakSet<ParsedFile>();
  const adopted = new Set<string>();
  TreeFiles.prototype.keepAhead = function (this: TreeFiles, made: AheadParse): void {
    if (made.parsed) madeAhead.add(made.parsed);
    keepAhead.call(this, made);
  };
  TreeFiles.prototype.parse = function (this: TreeFiles, rel: string): ParsedFile | null {
    const parsed = parse.call(this, rel);
    if (parsed && madeAhead.has(parsed)) adopted.add(rel);
    return parsed;
  };
  try {
    const { plan } = await analyzeTree(transform, tree, options);
    return { json: JSON.stringify({ ...plan, tree: '<tree>' }, null, 2), adopted: [...adopted] };
  } finally {
    Object.assign(TreeFiles.prototype, { keepAhead, parse });
  }
}

for (const c of CASES) {
  test(`${c.name}: the same plan with files parsed during discovery as without`, async () => {
    const { repo } = gitRepoFrom(c.source, 'parse-ahead');
    const serial = await planJson(c.transform, repo, { parseAheadBytes: 0 });
    const overlapped = await planJson(c.transform, repo, { parseAheadBytes: 64 * 1024 * 1024 });
    const partly = await planJson(c.transform, repo, { parseAheadBytes: 1 });
    assert.equal(serial.adopted.length, 0);
    assert.ok(overlapped.adopted.length > 1, `files parsed ahead: ${overlapped.adopted.join(', ')}`);
    // A budget of one byte is used up by the first file: the rest is parsed as without overlap.
    assert.equal(partly.adopted.length, 1);
    assert.ok(JSON.parse(serial.json).callSites.length > 0);
    assert.equal(overlapped.json, serial.json);
    assert.equal(partly.json, serial.json);
  });
}

test('discovery hands over each name git grep prints, before checking it', async () => {
  const { repo } = gitRepoFrom(EXAMPLES_DIR, 'parse-ahead-names');
  const heard: string[] = [];
  const found = await discoverCandidates(repo, pciIntx.searchWords, { onCandidate: (file) => heard.push(file) });
  assert.equal(found.method, 'git-grep');
  assert.ok(found.files.length > 0);
  assert.deepEqual([...heard].sort(), found.files);
});

test('names split across output chunks are joined; empty names are skipped', () => {
  const names: string[] = [];
  const split = nulSeparatedNames((name) => names.push(name));
  split(Buffer.from('drivers/a.c\0drivers/b'));
  split(Buffer.from('.h\0\0'));
  split(Buffer.from('d\xe9.c', 'latin1'));
  split(Buffer.from('\0'));
  assert.deepEqual(names, ['drivers/a.c', 'drivers/b.h', 'd\uFFFD.c']);
});
