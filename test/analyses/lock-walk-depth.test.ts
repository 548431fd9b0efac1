// The lock walk keeps its own stack: a function body nested far deeper than code is written (blocks,
// ifs, loops, parentheses) is walked to the end, and the lock taken at the top is seen held at the
// innermost call, where a walk recursing on the syntax tree overflowed the call stack.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBytes } from '../../src/parse/parser.js';
import { LockWalk } from '../../src/analyses/atomic/lock-walk.js';

const DEPTH = 20_000;

function heldAtInnermostCall(body: string): string[] {
  const source = `void f(spinlock_t *l, int a)\n{\n\tspin_lock(l);\n${body}\tspin_unlock(l);\n}\n`;
  const parsed = parseBytes('deep.c', Buffer.from(source, 'latin1'));
  const fn = parsed.tree.rootNode.descendantsOfType('function_definition')[0];
  const walk = new LockWalk('deep.c', 'f', { lineOf: (offset) => source.slice(0, offset).split('\n').length });
  walk.walk(fn.childForFieldName('body')!);
  const held = walk.heldAtCall.get(source.indexOf('may_sleep('));
  assert.ok(held, 'the innermost call was reached');
  return held.map((h) => `${h.family} ${h.key}`);
}

test(`${DEPTH} nested blocks: walked without overflowing the stack, the lock seen held inside`, () => {
  assert.deepEqual(heldAtInnermostCall(`${'{\n'.repeat(DEPTH)}\tmay_sleep(a);\n${'}\n'.repeat(DEPTH)}`), ['spinlock l']);
});

test(`${DEPTH} nested ifs and loops, and a call in ${DEPTH} parentheses: walked to the end`, () => {
  const nested = Array.from({ length: DEPTH }, (_, i) => (i % 2 ? 'if (a) ' : 'while (a) ')).join('');
  assert.deepEqual(heldAtInnermostCall(`\t${nested}may_sleep(a);\n`), ['spinlock l']);
  assert.deepEqual(heldAtInnermostCall(`\ta = ${'('.repeat(DEPTH)}may_sleep(a)${')'.repeat(DEPTH)};\n`), ['spinlock l']);
});
