// EditHistory: rounds of edits, each planned on the bytes the previous rounds left, read back as
// edits of the original bytes, and original offsets found in the current bytes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EditHistory } from '../src/rewrite/edit-history.js';
import { applyEdits } from '../src/rewrite/edits.js';

const b = (s: string) => Buffer.from(s, 'latin1');

test('rounds of edits read back as edits of the original bytes', () => {
  const original = b('one two three four\r\nfive caf\xe9');
  const history = new EditHistory(original);
  history.apply([{ start: 4, end: 8, replacement: b('') }]); // "two " goes
  assert.equal(history.current.toString('latin1'), 'one three four\r\nfive caf\xe9');
  history.apply([
    { start: 0, end: 3, replacement: b('ONE') },
    { start: 10, end: 14, replacement: b('') }, // "four" goes
  ]);
  assert.equal(history.current.toString('latin1'), 'ONE three \r\nfive caf\xe9');
  history.apply([{ start: history.current.length, end: history.current.length, replacement: b('!') }]); // an insertion at the very end
  const edits = history.originalEdits();
  assert.deepEqual(applyEdits(original, edits), history.current);
  assert.deepEqual(
    edits.map((e) => [e.start, e.end, e.replacement.toString('latin1')]),
    [
      [0, 3, 'ONE'],
      [4, 8, ''],
      [14, 18, ''],
      [original.length, original.length, '!'],
    ],
  );
});

test('original offsets map to the current bytes, and removed ones to null', () => {
  const history = new EditHistory(b('abcdefghij'));
  history.apply([{ start: 2, end: 5, replacement: b('XY') }]); // cde -> XY
  assert.equal(history.currentOffset(0), 0);
  assert.equal(history.currentOffset(3), null);
  assert.equal(history.currentOffset(5), 4);
  assert.equal(history.currentOffset(10, true), 9);
  assert.equal(history.currentOffset(2, true), 2);
  assert.equal(history.currentOffset(4, true), null);
});
