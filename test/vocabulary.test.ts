import { test } from 'node:test';
import assert from 'node:assert/strict';
import { vocabularyProblems, type Vocabulary } from '../src/vocabulary.js';

const base: Vocabulary = {
  classifications: [
    { id: 'rename', label: 'rename', color: 'change', becomes: 'the new name', choice: { key: 'r', help: 'rename it' } },
    { id: 'keep', label: 'keep', color: 'keep', becomes: 'unchanged', choice: { key: 'p', help: 'keep it' } },
  ],
  phases: [{ id: 'port', title: 'Ports' }],
};

test('a sound vocabulary has no problems', () => {
  assert.deepEqual(vocabularyProblems(base), []);
  assert.deepEqual(vocabularyProblems({ ...base, subjectPrefixes: { 'drivers/foo/': 'foo/bar' } }), []);
});

test('review keys must not collide with the engine or each other', () => {
  const engineKey = { ...base, classifications: [{ ...base.classifications[0], choice: { key: 'q', help: 'x' } }] };
  assert.match(vocabularyProblems(engineKey).join('\n'), /review key "q" is one of the engine's own keys/);
  const twice = { ...base, classifications: [base.classifications[0], { ...base.classifications[1], choice: { key: 'r', help: 'x' } }] };
  assert.match(vocabularyProblems(twice).join('\n'), /review key "r" is declared twice/);
});

test('a declared subject prefix cannot carry a line break into the Subject header', () => {
  const problems = vocabularyProblems({ ...base, subjectPrefixes: { 'drivers/foo/': 'foo\nCc: victim@example.org' } });
  assert.deepEqual(problems, ['subject prefix of "drivers/foo/" must be a non-empty line of text']);
  assert.equal(vocabularyProblems({ ...base, subjectPrefixes: { 'drivers/foo/': '  ' } }).length, 1);
});
