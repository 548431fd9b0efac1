// Occurrences of a function's name that are not uses of it: a goto label named after it, and a
// prototype that tree-sitter lost inside an ERROR region (an unknown attribute macro before it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { collectFacts, readsAsPrototype } from '../../src/facts/collect.js';
import { parseBytes } from '../../src/parse/parser.js';

const facts = (text: string) => collectFacts(parseBytes('x.c', Buffer.from(text, 'latin1')), ['req_all']).uses.map((u) => `${u.line}:${u.kind}:${u.text}`);

test('a goto label carrying the name is not a use; a call next to it is', () => {
  const text = 'int probe(struct dev *d)\n{\n\tif (req_all(d, "x"))\n\t\tgoto req_all;\n\treturn 0;\nreq_all:\n\treturn -1;\n}\n';
  assert.deepEqual(facts(text), ['3:call:req_all(d, "x")']);
});

test('prototypes after a lost parse are not calls; calls in the same ERROR region still are', () => {
  const text = [
    'int __printf(6, 7) other(struct dev *dev, unsigned int nr,',
    '\t\tconst char *fmt, ...);',
    '#define HAVE_REQ 2',
    'int __must_check req_all(struct dev *, const char *);',
    'static inline int wrap(struct dev *d)',
    '{',
    '\treturn req_all(d, "w");',
    '}',
    '',
  ].join('\n');
  const uses = facts(text);
  assert.ok(!uses.some((u) => u.startsWith('4:')), `the prototype is not a use: ${uses.join(', ')}`);
  assert.ok(uses.some((u) => u === '7:call:req_all(d, "w")'), uses.join(', '));
});

test('a long run of words before a name is read in linear time (a nested regex backtracked for minutes on a fuzzed file)', () => {
  const words = 'alpha beta gamma delta '.repeat(200);
  // Ends in a word that is no identifier: the old pattern tried every split of the run before failing.
  const text = `${words}9lives target(x);\n`;
  assert.equal(readsAsPrototype(text, text.indexOf('target')), false);
  const prototype = `${words}target(struct dev *d);\n`;
  assert.equal(readsAsPrototype(prototype, prototype.indexOf('target')), true);
});
