// References a transform declares: the "[n]" a message puts after a claim matches the "Link: URL [n]"
// trailer the builder adds, a reference without a URL gets neither, quotes name their author, and
// the cover letter lists them within 75 columns but for the URL itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attributedQuote, citationMark, citedReferences, linkTrailers, referencesSection } from '../src/series/references.js';
import { SeriesBuilder } from '../src/series/builder.js';
import { vocabularyProblems, type ReferenceDecl } from '../src/vocabulary.js';
import type { SeriesContext } from '../src/transform.js';

const REFS: ReferenceDecl[] = [
  { id: 'thread', title: 'the thread "foo: Rework bar()"', author: 'Ann Author', quote: 'bar() should go.' },
  { id: 'older', title: 'the older discussion of bar() in the baz code', url: 'https://lore.kernel.org/all/20240101.older@example.org/' },
  { id: 'oldest', title: 'the first report', url: 'https://lore.kernel.org/all/20230101.first@example.org/' },
];

test('marks count only the cited references with a URL, in citation order, as the Link: trailers do', () => {
  const cites = ['thread', 'oldest', 'older'];
  assert.equal(citationMark(REFS, cites, 'thread'), '');
  assert.equal(citationMark(REFS, cites, 'oldest'), '[1]');
  assert.equal(citationMark(REFS, cites, 'older'), '[2]');
  assert.deepEqual(linkTrailers(REFS, cites), [`Link: ${REFS[2].url} [1]`, `Link: ${REFS[1].url} [2]`]);
  assert.deepEqual(linkTrailers(REFS, ['thread']), []);
  assert.deepEqual(citedReferences(REFS, ['older', 'older']).map((r) => r.id), ['older'], 'a reference cited twice is listed once');
});

test('citing a reference the transform never declared is refused', () => {
  assert.throws(() => linkTrailers(REFS, ['nowhere']), /cites the reference "nowhere", which the transform does not declare/);
  assert.throws(() => attributedQuote(REFS, ['older'], 'older'), /has no quote with its author/);
});

test('a quote names its author and source, with the mark when the source has a URL', () => {
  assert.equal(attributedQuote(REFS, ['thread'], 'thread'), 'As Ann Author wrote in the thread "foo: Rework bar()": "bar() should go."');
  const linked: ReferenceDecl[] = [{ ...REFS[0], url: 'https://lore.kernel.org/all/thread@example.org/' }];
  assert.equal(attributedQuote(linked, ['thread'], 'thread'), 'As Ann Author wrote in the thread "foo: Rework bar()" [1]: "bar() should go."');
});

test('the cover letter section lists each cited reference, numbered as the marks, its URL on a Link: line', () => {
  const section = referencesSection(REFS, ['thread', 'older']);
  assert.equal(
    section,
    ['References:', '', '  - the thread "foo: Rework bar()", Ann Author', '  [1] the older discussion of bar() in the baz code', `      Link: ${REFS[1].url}`].join('\n'),
  );
  assert.equal(referencesSection(REFS, []), '');
  const long: ReferenceDecl[] = [{ id: 'long', title: 'a discussion whose description is long enough to need a second line in the list', url: 'https://example.org/x' }];
  for (const line of referencesSection(long, ['long']).split('\n')) assert.ok(line.length <= 75 || /^ +Link: \S+$/.test(line), line);
});

test('the builder puts the cited references\' Link: trailers before --link ones and Signed-off-by', () => {
  const file = Buffer.from('int x;\n', 'latin1');
  const ctx: SeriesContext = {
    tree: '/nonexistent',
    readFile: (rel) => (rel === 'a.c' ? file : null),
    parseFile: () => {
      throw new Error('not parsed');
    },
    subsystemOf: () => ({ name: 'FOO', maintainers: ['Mo Maint <mo@example.org>'] }),
    subjectPrefix: () => ({ prefix: 'foo', source: 'test' }),
  } as SeriesContext;
  const b = new SeriesBuilder(ctx, { links: ['https://example.org/extra'], author: 'A <a@example.org>' }, REFS);
  const spec = { phase: 'p', title: 'Change x', body: 'Why [1].', siteIds: [], dependsOn: [], cautions: [] };
  const cited = b.patch({ ...spec, key: 'one', cites: ['thread', 'older'], edit: () => (b.change('a.c', () => Buffer.from('int y;\n')), ['a.c']) })!;
  assert.deepEqual(cited.trailers, [`Link: ${REFS[1].url} [1]`, 'Link: https://example.org/extra', 'Signed-off-by: A <a@example.org>']);
  const plain = b.patch({ ...spec, key: 'two', edit: () => (b.change('a.c', () => Buffer.from('int z;\n')), ['a.c']) })!;
  assert.deepEqual(plain.trailers, ['Link: https://example.org/extra', 'Signed-off-by: A <a@example.org>']);
  assert.throws(() => b.patch({ ...spec, key: 'three', cites: ['nowhere'], edit: () => (b.change('a.c', () => Buffer.from('int w;\n')), ['a.c']) }), /does not declare/);
});

test('a vocabulary declaring a reference id twice is refused', () => {
  const problems = vocabularyProblems({ classifications: [{ id: 'x', label: 'x', color: 'keep', becomes: 'no change' }], phases: [], references: [REFS[0], { ...REFS[1], id: 'thread' }] });
  assert.deepEqual(problems, ['reference "thread" is declared twice']);
});
