// Statement deletion: input C -> the exact bytes after deleting one call, for every form kernel
// drivers have, in LF and CRLF files; and the refusals, each with a reason naming the context.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBytes } from '../src/parse/parser.js';
import { countErrorNodes } from '../src/parse/syntax.js';
import { applyEdits } from '../src/rewrite/edits.js';
import { deleteStatements, planStatementDeletion, type DeletionForm } from '../src/rewrite/delete-statement.js';

function callRange(text: string, call: string, nth: number): { start: number; end: number } {
  let at = -1;
  for (let i = 0; i <= nth; i++) at = text.indexOf(call, at + 1);
  assert.ok(at >= 0, `${call} is in the source`);
  return { start: at, end: at + call.length };
}

function plan(source: string, call: string, nth = 0) {
  const parsed = parseBytes('t.c', Buffer.from(source, 'latin1'));
  const { start, end } = callRange(parsed.text, call, nth);
  return { parsed, result: planStatementDeletion(parsed, start, end) };
}

/** Deletes `call`, checks the result parses no worse than the input, returns the new text. */
function deleted(source: string, call: string, form: DeletionForm, nth = 0): string {
  const { parsed, result } = plan(source, call, nth);
  assert.ok(result.ok, result.ok ? '' : result.reason);
  assert.equal(result.form, form);
  assert.match(result.description, /^[A-Z].*\.$/);
  const after = applyEdits(parsed.bytes, result.edits);
  assert.ok(countErrorNodes(parseBytes('t.c', after).tree.rootNode) <= countErrorNodes(parsed.tree.rootNode), 'no new parse error');
  return after.toString('latin1');
}

function refused(source: string, call: string, reason: RegExp): void {
  const { result } = plan(source, call);
  assert.equal(result.ok, false);
  if (!result.ok) assert.match(result.reason, reason);
}

const fn = (body: string) => `int start_thing(struct thing *dev)\n{\n${body}}\n`;
const crlf = (s: string) => s.replace(/\n/g, '\r\n');

/** Each case runs on LF and on CRLF bytes: [name, body before, body after, form]. */
const cases: [string, string, string, DeletionForm][] = [
  ['a statement alone on its line', '\tsetup(dev);\n\trelease_thing(dev);\n\treturn 0;\n', '\tsetup(dev);\n\treturn 0;\n', 'statement'],
  ['code before it on the line', '\tsetup(dev); release_thing(dev);\n\treturn 0;\n', '\tsetup(dev);\n\treturn 0;\n', 'inline'],
  ['code after it on the line', '\trelease_thing(dev); setup(dev);\n\treturn 0;\n', '\tsetup(dev);\n\treturn 0;\n', 'inline'],
  ['a trailing comment goes with it', '\tsetup(dev);\n\trelease_thing(dev);\t/* give it back */\n\treturn 0;\n', '\tsetup(dev);\n\treturn 0;\n', 'statement'],
  ['a wrapped call', '\tsetup(dev);\n\trelease_thing(dev,\n\t\t      ALL_BITS);\n\treturn 0;\n', '\tsetup(dev);\n\treturn 0;\n', 'statement'],
  [
    'a comment that heads only the statement goes with it',
    '\tsetup(dev);\n\n\t/* give the regions back */\n\trelease_thing(dev);\n\n\treturn 0;\n',
    '\tsetup(dev);\n\n\treturn 0;\n',
    'statement',
  ],
  [
    'a comment that heads more statements stays',
    '\t/* undo everything */\n\trelease_thing(dev);\n\tdisable(dev);\n',
    '\t/* undo everything */\n\tdisable(dev);\n',
    'statement',
  ],
  [
    'a block comment between two labels goes with the statement',
    '\treturn 0;\nerr:\n\t/*\n\t * fine to call twice\n\t */\n\trelease_thing(dev);\nerr_disable:\n\tdisable(dev);\n\treturn ret;\n',
    '\treturn 0;\nerr:\nerr_disable:\n\tdisable(dev);\n\treturn ret;\n',
    'after-label',
  ],
  ['no doubled blank line', '\tsetup(dev);\n\n\trelease_thing(dev);\n\n\treturn 0;\n', '\tsetup(dev);\n\n\treturn 0;\n', 'statement'],
  ['no blank line after {', '\trelease_thing(dev);\n\n\treturn 0;\n', '\treturn 0;\n', 'statement'],
  ['no blank line before }', '\tsetup(dev);\n\n\trelease_thing(dev);\n', '\tsetup(dev);\n', 'statement'],
  ['an unbraced if with nothing else to do', '\tif (ret)\n\t\trelease_thing(dev);\n\treturn ret;\n', '\treturn ret;\n', 'if'],
  ['an if on one line', '\tif (!dev->bar) release_thing(dev);\n\treturn ret;\n', '\treturn ret;\n', 'if'],
  ['a braced if holding only the call', '\tif (ret < 0) {\n\t\t/* undo */\n\t\trelease_thing(dev);\n\t}\n\treturn ret;\n', '\treturn ret;\n', 'if'],
  ['nested ifs left empty', '\tif (a)\n\t\tif (b->c)\n\t\t\trelease_thing(dev);\n\treturn ret;\n', '\treturn ret;\n', 'if'],
  [
    'braces of an if left with one statement',
    '\tif (ret) {\n\t\trelease_thing(dev);\n\t\treturn ret;\n\t}\n\treturn 0;\n',
    '\tif (ret)\n\t\treturn ret;\n\treturn 0;\n',
    'statement',
  ],
  [
    'braces of every arm once each is one statement',
    '\tif (ret) {\n\t\trelease_thing(dev);\n\t\tcleanup(dev);\n\t} else {\n\t\tfinish(dev);\n\t}\n',
    '\tif (ret)\n\t\tcleanup(dev);\n\telse\n\t\tfinish(dev);\n',
    'statement',
  ],
  [
    'braces stay while another arm needs them',
    '\tif (ret) {\n\t\trelease_thing(dev);\n\t\tcleanup(dev);\n\t} else {\n\t\tfinish(dev);\n\t\tmore(dev);\n\t}\n',
    '\tif (ret) {\n\t\tcleanup(dev);\n\t} else {\n\t\tfinish(dev);\n\t\tmore(dev);\n\t}\n',
    'statement',
  ],
  [
    'braces stay around a statement on two lines',
    '\tif (ret) {\n\t\trelease_thing(dev);\n\t\tdev_err(&dev->dev, "failed: %d\\n",\n\t\t\tret);\n\t}\n',
    '\tif (ret) {\n\t\tdev_err(&dev->dev, "failed: %d\\n",\n\t\t\tret);\n\t}\n',
    'statement',
  ],
  [
    'braces of a loop left with one statement',
    '\tfor (i = 0; i < n; i++) {\n\t\trelease_thing(dev);\n\t\tput(dev, i);\n\t}\n',
    '\tfor (i = 0; i < n; i++)\n\t\tput(dev, i);\n',
    'statement',
  ],
  ['an unbraced else', '\tif (ret)\n\t\tsetup(dev);\n\telse\n\t\trelease_thing(dev);\n\treturn ret;\n', '\tif (ret)\n\t\tsetup(dev);\n\treturn ret;\n', 'else'],
  [
    'a braced else',
    '\tif (ret) {\n\t\tsetup(dev);\n\t\tmore(dev);\n\t} else {\n\t\trelease_thing(dev);\n\t}\n\treturn ret;\n',
    '\tif (ret) {\n\t\tsetup(dev);\n\t\tmore(dev);\n\t}\n\treturn ret;\n',
    'else',
  ],
  [
    'a braced else, braces checkpatch already flagged left alone',
    '\tif (ret) {\n\t\tsetup(dev);\n\t} else {\n\t\trelease_thing(dev);\n\t}\n',
    '\tif (ret) {\n\t\tsetup(dev);\n\t}\n',
    'else',
  ],
  [
    'braces of both arms once the else is one statement too',
    '\tif (ret) {\n\t\tsetup(dev);\n\t} else {\n\t\trelease_thing(dev);\n\t\tmore(dev);\n\t}\n',
    '\tif (ret)\n\t\tsetup(dev);\n\telse\n\t\tmore(dev);\n',
    'statement',
  ],
  ['an else if left empty', '\tif (a)\n\t\tsetup(dev);\n\telse if (b)\n\t\trelease_thing(dev);\n\treturn ret;\n', '\tif (a)\n\t\tsetup(dev);\n\treturn ret;\n', 'else'],
  [
    'the call under a goto label',
    '\treturn 0;\n\nerr_regions:\n\trelease_thing(dev);\nerr_disable:\n\tdisable_thing(dev);\n\treturn ret;\n',
    '\treturn 0;\n\nerr_regions:\nerr_disable:\n\tdisable_thing(dev);\n\treturn ret;\n',
    'after-label',
  ],
  [
    'the call under the second of two labels',
    '\treturn 0;\nerr_a:\nerr_b:\n\trelease_thing(dev);\nerr_c:\n\tdisable_thing(dev);\n\treturn ret;\n',
    '\treturn 0;\nerr_a:\nerr_b:\nerr_c:\n\tdisable_thing(dev);\n\treturn ret;\n',
    'after-label',
  ],
  ['an unused label before }', '\tfinish(dev);\nout:\n\trelease_thing(dev);\n', '\tfinish(dev);\n', 'label'],
  ['a #ifdef block left empty', '\tsetup(dev);\n#ifdef CONFIG_THING\n\trelease_thing(dev);\n#endif\n\treturn 0;\n', '\tsetup(dev);\n\treturn 0;\n', 'conditional'],
  ['in a #ifdef block with more', '#ifdef CONFIG_THING\n\trelease_thing(dev);\n\tsetup(dev);\n#endif\n', '#ifdef CONFIG_THING\n\tsetup(dev);\n#endif\n', 'statement'],
  ['in a switch case', '\tswitch (x) {\n\tcase 1:\n\t\trelease_thing(dev);\n\t\tbreak;\n\t}\n', '\tswitch (x) {\n\tcase 1:\n\t\tbreak;\n\t}\n', 'statement'],
];

for (const [name, before, after, form] of cases) {
  test(`deletes ${name} (LF)`, () => {
    assert.equal(deleted(fn(before), release(before), form), fn(after));
  });
  test(`deletes ${name} (CRLF)`, () => {
    assert.equal(deleted(crlf(fn(before)), release(crlf(before)), form), crlf(fn(after)));
  });
}

/** The whole call text in a body (it may wrap). */
function release(body: string): string {
  const m = /release_thing\(dev(?:,\s*ALL_BITS)?\)/.exec(body);
  assert.ok(m);
  return m[0];
}

test('Latin-1 bytes and a missing final newline stay as they are', () => {
  const before = Buffer.concat([
    Buffer.from('/* r\xe9gion handling, caf\xe9 */\n', 'latin1'),
    Buffer.from('void f(struct thing *dev)\r\n{\r\n\tsetup(dev);\r\n\trelease_thing(dev);\r\n}', 'latin1'),
  ]);
  const parsed = parseBytes('t.c', before);
  const { start, end } = callRange(parsed.text, 'release_thing(dev)', 0);
  const result = planStatementDeletion(parsed, start, end);
  assert.ok(result.ok);
  const after = applyEdits(before, result.edits);
  assert.deepEqual(after, Buffer.from('/* r\xe9gion handling, caf\xe9 */\nvoid f(struct thing *dev)\r\n{\r\n\tsetup(dev);\r\n}', 'latin1'));
});

test('the description says when a comment went with the statement', () => {
  const { result } = plan(fn('\tsetup(dev);\n\n\t/* give the regions back */\n\trelease_thing(dev);\n\n\treturn 0;\n'), 'release_thing(dev)');
  assert.ok(result.ok);
  assert.equal(result.description, 'Removes `release_thing(dev);` and its line with the comment above it.');
});

test('a goto label still targeted is not left before }', () => {
  refused(fn('\tif (ret)\n\t\tgoto err;\n\treturn 0;\nerr:\n\trelease_thing(dev);\n'), 'release_thing(dev)', /label `err:`.*directly before `}`.*goto still targets it/);
  refused(fn('\tif (ret)\n\t\tgoto err;\nerr:\n\trelease_thing(dev);\n\tint x = 1;\n\treturn x;\n'), 'release_thing(dev)', /directly before a declaration/);
});

test('an if whose condition does something is refused', () => {
  refused(fn('\tif (check(dev))\n\t\trelease_thing(dev);\n'), 'release_thing(dev)', /condition has a side effect, a call: `check\(dev\)`/);
  refused(fn('\tif ((ret = x))\n\t\trelease_thing(dev);\n'), 'release_thing(dev)', /side effect, an assignment/);
  refused(fn('\tif (--dev->users)\n\t\trelease_thing(dev);\n'), 'release_thing(dev)', /side effect, an increment or decrement/);
  refused(fn('\tif (a, b)\n\t\trelease_thing(dev);\n'), 'release_thing(dev)', /side effect, a comma expression/);
});

test('an if with an else is not inverted', () => {
  refused(fn('\tif (ret)\n\t\trelease_thing(dev);\n\telse\n\t\tsetup(dev);\n'), 'release_thing(dev)', /only statement of an if that has an else/);
});

test('a call whose value is used is refused, naming where it is', () => {
  refused(fn('\treturn release_thing(dev);\n'), 'release_thing(dev)', /value of a return statement/);
  refused(fn('\tret = release_thing(dev);\n'), 'release_thing(dev)', /assigned \(`ret = release_thing\(dev\)`\)/);
  refused(fn('\tint r = release_thing(dev);\n\treturn r;\n'), 'release_thing(dev)', /initializer of a declaration/);
  refused(fn('\tif (release_thing(dev))\n\t\treturn 1;\n'), 'release_thing(dev)', /condition of an if/);
  refused(fn('\tlog(release_thing(dev));\n'), 'release_thing(dev)', /argument of another call/);
  refused(fn('\tsetup(dev), release_thing(dev);\n'), 'release_thing(dev)', /comma expression/);
  refused(fn('\tfor (i = 0; i < n; release_thing(dev))\n\t\tput(dev, i);\n'), 'release_thing(dev)', /for header/);
  refused(fn('\t(void)release_thing(dev);\n'), 'release_thing(dev)', /cast expression/);
});

test('a call in a macro body, after an unreadable condition or alone in a loop body or last case is refused', () => {
  refused('#define UNDO(d) do { release_thing(d); } while (0)\n', 'release_thing(d)', /macro body/);
  refused(fn('\tif (a b c)\n\t\trelease_thing(dev);\n'), 'release_thing(dev)', /side effect, code tree-sitter could not parse/);
  refused(fn('\twhile (n--)\n\t\trelease_thing(dev);\n'), 'release_thing(dev)', /body of a while/);
  refused(fn('\tswitch (x) {\n\tcase 1:\n\t\trelease_thing(dev);\n\t}\n'), 'release_thing(dev)', /last case of a switch/);
});

test('several deletions in one block give one consistent result', () => {
  const before = crlf(fn('\tif (ret) {\n\t\trelease_thing(dev);\n\t\trelease_other(dev);\n\t}\n\treturn ret;\n'));
  const text = before;
  const calls = [callRange(text, 'release_thing(dev)', 0), callRange(text, 'release_other(dev)', 0)];
  const { bytes, results, edits } = deleteStatements('t.c', Buffer.from(before, 'latin1'), calls);
  assert.equal(bytes.toString('latin1'), crlf(fn('\treturn ret;\n')));
  assert.deepEqual(
    results.map((r) => (r.ok ? r.form : r.reason)),
    ['statement', 'if'],
  );
  assert.deepEqual(applyEdits(Buffer.from(before, 'latin1'), edits), bytes);
});

test('several deletions far apart: original edits rebuild the same bytes', () => {
  const before = fn('\tsetup(dev);\n\trelease_thing(dev);\n\tif (ret) {\n\t\trelease_other(dev);\n\t\treturn ret;\n\t}\nerr:\n\trelease_thing(dev);\n\tput(dev);\n\treturn 0;\n');
  const calls = [callRange(before, 'release_thing(dev)', 0), callRange(before, 'release_other(dev)', 0), callRange(before, 'release_thing(dev)', 1)];
  const { bytes, results, edits } = deleteStatements('t.c', Buffer.from(before, 'latin1'), calls);
  assert.equal(bytes.toString('latin1'), fn('\tsetup(dev);\n\tif (ret)\n\t\treturn ret;\nerr:\n\tput(dev);\n\treturn 0;\n'));
  assert.deepEqual(results.map((r) => r.ok && r.form), ['statement', 'statement', 'after-label']);
  assert.deepEqual(applyEdits(Buffer.from(before, 'latin1'), edits), bytes);
});

test('a call an earlier deletion already removed is refused', () => {
  const before = fn('\trelease_thing(release_other(dev));\n\treturn 0;\n');
  const outer = callRange(before, 'release_thing(release_other(dev))', 0);
  const inner = callRange(before, 'release_other(dev)', 0);
  const { bytes, results } = deleteStatements('t.c', Buffer.from(before, 'latin1'), [outer, inner]);
  assert.equal(bytes.toString('latin1'), fn('\treturn 0;\n'));
  assert.equal(results[0].ok, true);
  assert.deepEqual(results[1], { ok: false, reason: 'an earlier deletion in this file already removed or rewrote it' });
});
