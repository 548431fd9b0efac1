// The test kit for transforms, in the manner of jscodeshift's defineTest: every case directory of a
// fixtures directory holds a tree; the transform's plan and series for it must equal the case's
// plan.json and patches/ byte for byte. UPDATE_FIXTURES=1 writes them instead (review, then commit).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { createTwoFilesPatch } from 'diff';
import type { AnyTransform } from '../transform.js';
import { runFixtureCase, type CaseOutput } from './fixture-case.js';

const UPDATE_HINT = 'if the change is intended, run the test again with UPDATE_FIXTURES=1 and review the diff';

export interface FixtureMismatch {
  /** The expected file, relative to the case directory. */
  file: string;
  problem: string;
  /** A unified diff, expected against actual, when both exist. */
  diff?: string;
}

/** The case directories of a fixtures directory: every subdirectory with a tree/. */
export function fixtureCases(fixturesDir: string): string[] {
  return fs
    .readdirSync(fixturesDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(fixturesDir, e.name, 'tree')))
    .map((e) => e.name)
    .sort();
}

/** Every difference between a case's expected files and the output (empty when they are equal). */
export function compareFixtureCase(caseDir: string, output: CaseOutput): FixtureMismatch[] {
  const mismatches: FixtureMismatch[] = [];
  compareFile('plan.json', path.join(caseDir, 'plan.json'), Buffer.from(output.planJson, 'utf8'), mismatches);
  const patchesDir = path.join(caseDir, 'patches');
  const expected = fs.existsSync(patchesDir) ? fs.readdirSync(patchesDir).filter((n) => n.endsWith('.patch')).sort() : [];
  const actual = output.patches.map((p) => p.name);
  for (const name of expected) if (!actual.includes(name)) mismatches.push({ file: `patches/${name}`, problem: 'expected, but the series has no such file' });
  for (const p of output.patches) {
    if (!expected.includes(p.name)) mismatches.push({ file: `patches/${p.name}`, problem: 'written by the series, but not expected' });
    else compareFile(`patches/${p.name}`, path.join(patchesDir, p.name), p.bytes, mismatches);
  }
  return mismatches;
}

function compareFile(label: string, expectedPath: string, actual: Buffer, out: FixtureMismatch[]): void {
  if (!fs.existsSync(expectedPath)) {
    out.push({ file: label, problem: 'missing' });
    return;
  }
  const expected = fs.readFileSync(expectedPath);
  if (expected.equals(actual)) return;
  // latin1: one character a byte, so a CR or a stray byte shows in the diff as it is.
  const diff = createTwoFilesPatch(`expected/${label}`, `actual/${label}`, expected.toString('latin1'), actual.toString('latin1'), '', '', { context: 2 });
  const onlyLineEnds = expected.toString('latin1').replace(/\r\n/g, '\n') === actual.toString('latin1').replace(/\r\n/g, '\n');
  out.push({ file: label, problem: onlyLineEnds ? 'differs in line endings (CR LF) only' : 'differs', diff: diff.split('\n').slice(2).join('\n') });
}

/** The mismatches as one readable message: which files, and a diff of each. */
export function formatMismatches(caseDir: string, mismatches: FixtureMismatch[]): string {
  const lines = [`${mismatches.length} file(s) of ${caseDir} differ from the transform's output (${UPDATE_HINT}):`];
  for (const m of mismatches) {
    lines.push(`  ${m.file}: ${m.problem}`);
    if (m.diff) lines.push(m.diff.replace(/\r/g, '\\r').replace(/^/gm, '    '));
  }
  return lines.join('\n');
}

/** Writes a case's expected files from the output (patches/ replaced as a whole). */
export function writeFixtureCase(caseDir: string, output: CaseOutput): void {
  fs.writeFileSync(path.join(caseDir, 'plan.json'), output.planJson);
  const patchesDir = path.join(caseDir, 'patches');
  fs.rmSync(patchesDir, { recursive: true, force: true });
  if (output.patches.length === 0) return;
  fs.mkdirSync(patchesDir);
  for (const p of output.patches) fs.writeFileSync(path.join(patchesDir, p.name), p.bytes);
}

/** Runs one case and checks it (or, with `update`, writes its expected files); throws on a mismatch. */
export async function checkFixtureCase(transform: AnyTransform, caseDir: string, update = process.env.UPDATE_FIXTURES === '1'): Promise<void> {
  const output = await runFixtureCase(transform, caseDir);
  if (update) {
    writeFixtureCase(caseDir, output);
    return;
  }
  const mismatches = compareFixtureCase(caseDir, output);
  if (mismatches.length) throw new FixtureMismatchError(formatMismatches(caseDir, mismatches));
}

export class FixtureMismatchError extends Error {
  override name = 'FixtureMismatchError';
}

/**
 * Declares one node:test test per case of `fixturesDir` (each subdirectory with a tree/; an optional
 * options.json gives the transform's options and the split, an optional `base` names a directory the
 * tree is laid over: caseTree). A fixtures directory without cases fails.
 */
export function defineTransformTests(transform: AnyTransform, fixturesDir: string): void {
  // node:test is loaded only here: importing the SDK must not start a test run.
  const { test } = createRequire(import.meta.url)('node:test') as typeof import('node:test');
  const cases = fs.existsSync(fixturesDir) ? fixtureCases(fixturesDir) : [];
  if (cases.length === 0) {
    test(`${transform.name}: fixtures`, () => {
      throw new Error(`${fixturesDir} holds no case: add <case>/tree/ (a small kernel tree), then run with UPDATE_FIXTURES=1`);
    });
    return;
  }
  for (const name of cases) {
    test(`${transform.name}: ${name}`, () => checkFixtureCase(transform, path.join(fixturesDir, name)));
  }
}
