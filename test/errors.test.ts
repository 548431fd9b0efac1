// The error module: one exit status per kind of failure, the README's table equal to it, and the
// one-line message every error becomes; the README's option table kept true to the flags.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { EXIT, EXIT_STATUSES, InputError, Interrupted, ToolMissingError, TransformRefusal, UsageError, errorLine, exitStatusOf, isExpected, oneLine } from '../src/errors.js';
import { TransformRefusal as SdkTransformRefusal } from '../src/sdk.js';
import { FLAGS, UsageError as ArgsUsageError, helpText } from '../src/cli/args.js';
import { InputError as PipelineInputError } from '../src/pipeline.js';
import { ToolMissingError as ProcToolMissingError } from '../src/util/proc.js';
import { ApplyInterrupted } from '../src/apply/apply.js';
import { REPO_ROOT } from './helpers/paths.js';

test('each kind of failure maps to its exit status', () => {
  assert.equal(exitStatusOf(new UsageError('x')), EXIT.usage);
  assert.equal(exitStatusOf(new InputError('x')), EXIT.failed);
  assert.equal(exitStatusOf(new TransformRefusal('x')), EXIT.failed);
  assert.equal(exitStatusOf(new ToolMissingError('x')), EXIT.failed);
  assert.equal(exitStatusOf(new Error('x')), EXIT.failed);
  assert.equal(exitStatusOf('not even an Error'), EXIT.failed);
  assert.equal(exitStatusOf(new ApplyInterrupted('interrupted by SIGINT', 2)), 130);
  assert.equal(exitStatusOf(new Interrupted('interrupted by SIGTERM', 15)), 143);
  assert.deepEqual([EXIT.done, EXIT.failed, EXIT.usage], [0, 1, 2]);
});

test('the error classes are the same wherever they are imported from (SDK, args, pipeline, proc)', () => {
  assert.equal(SdkTransformRefusal, TransformRefusal);
  assert.equal(ArgsUsageError, UsageError);
  assert.equal(PipelineInputError, InputError);
  assert.equal(ProcToolMissingError, ToolMissingError);
  assert.ok(isExpected(new InputError('x')));
  assert.ok(!isExpected(new TypeError('x')));
});

test("README's exit status table is the module's table, and --help lists every code", () => {
  const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### Exit status'));
  const rows = [...section.slice(0, section.indexOf('\n\n', section.indexOf('| code |'))).matchAll(/^\| ([^|]+) \| (.+) \|$/gm)]
    .map((m) => ({ code: m[1].trim(), meaning: m[2].trim() }))
    .filter((r) => r.code !== 'code' && r.code !== '---');
  assert.deepEqual(rows, EXIT_STATUSES.map((r) => ({ code: r.code, meaning: r.meaning })));
  const help = helpText();
  for (const r of EXIT_STATUSES) assert.match(help, new RegExp(`^  ${r.code.replace('+', '\\+')} +${r.summary.replace(/[()/]/g, '\\$&')}$`, 'm'));
});

test('a message becomes one visible line, cut when it runs away', () => {
  assert.equal(oneLine('bad JSON:\n  {"a":\n  1'), 'bad JSON: {"a": 1');
  assert.equal(oneLine('NUL\x00 ESC\x1b CR\r here'), 'NUL\\x00 ESC\\x1b CR\\x0d here');
  assert.equal(oneLine('   '), 'unknown error');
  assert.equal(oneLine('x'.repeat(1000)), `${'x'.repeat(400)}...`);
  assert.equal(errorLine(new Error('first\nsecond')), 'first second');
  assert.equal(errorLine(42), '42');
});

test("README's option table lists every flag of the help text with the commands that take it", () => {
  const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### Options'), readme.indexOf('### JSON output'));
  for (const [name, spec] of Object.entries(FLAGS)) {
    const row = new RegExp(`^\\| \`(?:-${spec.short}, )?--${name}[\` ].*?\\| ([^|]+) \\|`, 'm').exec(section);
    assert.ok(row, `README has no row for --${name}`);
    assert.equal(row[1].trim(), spec.commands === 'all' ? 'all' : spec.commands.join(', '), `--${name}`);
  }
});
