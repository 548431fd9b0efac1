import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBytes } from '../../src/sdk.js';
import { findStructInitializers, findMacroDefinitions } from '../../src/sdk.js';

const parse = (src: string) => parseBytes('lib/widget.c', Buffer.from(src, 'latin1'));
const fieldMap = (fields: { path: string; identifier: string | null }[]) => Object.fromEntries(fields.map((f) => [f.path, f.identifier]));

test('designated fields of a static const variable, with & and casts stripped', () => {
  const parsed = parse(
    [
      'static const struct widget_ops plain_ops = {',
      '\t.open = plain_open,',
      '\t.close = &plain_close,',
      '\t.name = "plain",',
      '\t.extra = (struct widget_extra *)&plain_extra,',
      '\t.flags = 1 | 2,',
      '};',
    ].join('\n'),
  );
  const [found, ...rest] = findStructInitializers(parsed, 'widget_ops');
  assert.equal(rest.length, 0);
  assert.equal(found.variable, 'plain_ops');
  assert.equal(found.file, 'lib/widget.c');
  assert.equal(found.line, 1);
  assert.deepEqual(fieldMap(found.fields), { '.open': 'plain_open', '.close': 'plain_close', '.name': null, '.extra': 'plain_extra', '.flags': null });
  assert.deepEqual(found.fields.map((f) => f.line), [2, 3, 4, 5, 6]);
  assert.equal(found.fields.find((f) => f.path === '.flags')!.text, '1 | 2');
});

test('nested lists, chained designators and one-argument wrappers name the inner variable', () => {
  const parsed = parse(
    [
      'struct widget_driver nested_driver = {',
      '\t.start = wrap_exit(nested_start),',
      '\t.core = { .ops = &nested_ops, .owner = THIS_THING },',
      '\t.core.table = table_ptr(&nested_table),',
      '\t.core.pair = pick(a, b),',
      '\t.slots[2] = nested_slot,',
      '};',
    ].join('\n'),
  );
  const [found] = findStructInitializers(parsed, 'widget_driver');
  assert.deepEqual(fieldMap(found.fields), {
    '.start': 'nested_start',
    '.core.ops': 'nested_ops',
    '.core.owner': 'THIS_THING',
    '.core.table': 'nested_table',
    '.core.pair': null,
    '.slots[2]': 'nested_slot',
  });
});

test('attributes around the name, several declarators, prototypes and locals', () => {
  const parsed = parse(
    [
      'struct widget_ops;',
      'extern struct widget_ops extern_ops;',
      'static struct widget_ops attr_after __refdata = { .open = after_open };',
      'static struct widget_ops __refdata attr_before = { .open = before_open };',
      'static const struct widget_ops maybe_ops __maybe_unused = { .open = maybe_open };',
      'struct widget_ops first = { .open = first_open }, second = { .open = second_open };',
      'static int use(struct widget_ops *ops)',
      '{',
      '\tstatic struct widget_ops local = { .open = local_open };',
      '\treturn ops == &local;',
      '}',
      '#if 0',
      'static struct widget_ops dead = { .open = dead_open };',
      '#endif',
    ].join('\n'),
  );
  const found = findStructInitializers(parsed, 'widget_ops');
  assert.deepEqual(
    found.map((f) => [f.variable, f.fields[0].identifier, f.line]),
    [
      ['attr_after', 'after_open', 3],
      ['attr_before', 'before_open', 4],
      ['maybe_ops', 'maybe_open', 5],
      ['first', 'first_open', 6],
      ['second', 'second_open', 6],
    ],
  );
});

test('another struct type of a longer name is not matched, and CRLF lines count right', () => {
  const parsed = parse('static struct widget_ops_ext x = { .open = a };\r\n\r\nstatic struct widget_ops y = {\r\n\t.open = b,\r\n};');
  const found = findStructInitializers(parsed, 'widget_ops');
  assert.deepEqual(found.map((f) => [f.variable, f.line, f.fields[0].line, f.fields[0].identifier]), [['y', 3, 4, 'b']]);
});

test('variables defined by macro calls: the first argument and the names of the others', () => {
  const parsed = parse(
    [
      '/* DEFINE_TABLE(in_comment, a, b); */',
      '#define DEFINE_TABLE(name, a, b) struct table name = { a, b }',
      'static DEFINE_TABLE(plain_table, plain_a, plain_b);',
      'DEFINE_TABLE(bare_table, NULL, &bare_b);',
      'static const OTHER_TABLE(other_table, wrap_ptr(other_a), (handler_t)other_b, 3 + 4);',
      'static int f(void)',
      '{',
      '\tDEFINE_TABLE(local_table, x, y);',
      '\treturn 0;',
      '}',
      '#if 0',
      'static DEFINE_TABLE(dead_table, dead_a, dead_b);',
      '#endif',
      'static DEFINE_TABLE(no_final_newline, last_a, last_b);',
    ].join('\n'),
  );
  const found = findMacroDefinitions(parsed, ['DEFINE_TABLE', 'OTHER_TABLE']);
  assert.deepEqual(
    found.map((d) => [d.macro, d.variable, d.line, d.args.map((a) => a.identifier)]),
    [
      ['DEFINE_TABLE', 'plain_table', 3, ['plain_a', 'plain_b']],
      ['DEFINE_TABLE', 'bare_table', 4, [null, 'bare_b']],
      ['OTHER_TABLE', 'other_table', 5, ['other_a', 'other_b', null]],
      ['DEFINE_TABLE', 'no_final_newline', 14, ['last_a', 'last_b']],
    ],
  );
  assert.deepEqual(found[2].args.map((a) => a.text), ['wrap_ptr(other_a)', '(handler_t)other_b', '3 + 4']);
  assert.deepEqual(findMacroDefinitions(parsed, ['UNUSED_TABLE']), []);
});

test('macro-call entries without designator, with comments, strings and #ifdef lines inside the list', () => {
  const parsed = parse(
    [
      'static const struct widget_ops macro_ops = {',
      '#ifdef CONFIG_WIDGET_SLEEP',
      '\tSET_SLEEP_OPS(macro_sleep, macro_wake)',
      '#endif',
      '\tSET_IDLE_OPS(macro_idle,',
      '\t\t     macro_busy, NULL)',
      '\t/* .open = commented_out, */',
      '\t.name = "a, b } c",',
      '\t.open = macro_open, // trailing',
      '\t.close = { wrap(macro_close) },',
      '};',
    ].join('\r\n'),
  );
  const [found] = findStructInitializers(parsed, 'widget_ops');
  assert.deepEqual(found.macros.map((m) => [m.path, m.macro, m.line, m.args.map((a) => a.identifier)]), [
    ['', 'SET_SLEEP_OPS', 3, ['macro_sleep', 'macro_wake']],
    ['', 'SET_IDLE_OPS', 5, ['macro_idle', 'macro_busy', null]],
    ['.close', 'wrap', 10, ['macro_close']],
  ]);
  assert.deepEqual(found.fields.map((f) => [f.path, f.text, f.identifier, f.line]), [
    ['.name', '"a, b } c"', null, 8],
    ['.open', 'macro_open', 'macro_open', 9],
  ]);
});

test('a macro that declares a variable followed by its initializer gives the entries', () => {
  const parsed = parse(
    [
      'EXPORT_TABLE(exported_table, "NS") = {',
      '\tSET_PAIR(exp_a, exp_b) /* } */',
      '\t.open = exp_open,',
      '};',
      'static DEFINE_TABLE(plain_table, plain_a);',
    ].join('\n'),
  );
  const found = findMacroDefinitions(parsed, ['EXPORT_TABLE', 'DEFINE_TABLE']);
  assert.deepEqual(
    found.map((d) => [d.variable, d.args.map((a) => a.text), d.fields.map((f) => [f.path, f.identifier, f.line]), d.macros.map((m) => [m.macro, m.args.map((a) => a.identifier)])]),
    [
      ['exported_table', ['"NS"'], [['.open', 'exp_open', 3]], [['SET_PAIR', ['exp_a', 'exp_b']]]],
      ['plain_table', ['plain_a'], [], []],
    ],
  );
});

test('a variable that tree-sitter puts inside a function it misread is at file scope when it starts a line', () => {
  // A macro call without `;` reads as the head of a function definition whose body swallows the rest.
  const parsed = parse(
    [
      'static DEFINE_QUEUE_FN(widget_queue)',
      '',
      'enum widget_action {',
      '\tWIDGET_OPEN,',
      '\tWIDGET_CLOSE,',
      '};',
      '',
      'static int widget_reset(void)',
      '{',
      '\treturn 0;',
      '}',
      '',
      'static struct widget_ops after_misread = {',
      '\t.open = after_open,',
      '};',
      '',
    ].join('\n'),
  );
  assert.deepEqual(findStructInitializers(parsed, 'widget_ops').map((f) => [f.variable, f.fields[0].identifier]), [['after_misread', 'after_open']]);
});
