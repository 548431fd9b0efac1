// failurePathOf() on neutral C functions: calls in error branches and in the unwind ladder are
// failure-only; a success path that falls into the labels, a straight-line call, an error
// variable that may be zero, and what the walk cannot tell (void, unknown values) are not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBytes } from '../../src/parse/parser.js';
import { failurePathOf, wordOffsets, type FailurePath } from '../../src/sdk.js';

/** The verdict for the nth call of `release` in the source. */
function verdict(source: string, nth = 0, callee = 'release'): FailurePath {
  const parsed = parseBytes('t.c', Buffer.from(source, 'latin1'));
  const offsets = wordOffsets(source, callee).filter((o) => source[o + callee.length] === '(');
  assert.ok(offsets.length > nth, `the source has call #${nth} of ${callee}()`);
  return failurePathOf(parsed, offsets[nth]);
}

function assertKind(v: FailurePath, kind: FailurePath['kind'], reason?: RegExp): void {
  assert.equal(v.kind, kind, v.reason);
  if (reason) assert.match(v.reason, reason);
}

test('in `if (err) { ...; return err; }` and `if (ret < 0)`: failure-only', () => {
  const source = `int setup(struct thing *t)
{
	int err;

	err = prepare(t);
	if (err) {
		release(t);
		return err;
	}
	err = start(t);
	if (err < 0) {
		release(t);
		return err;
	}
	return 0;
}
`;
  assertKind(verdict(source, 0), 'failure-only', /return err; \(line 8, err holds an error there\)/);
  assertKind(verdict(source, 1), 'failure-only');
});

test('an allocation failure returning -ENOMEM, and the else of `if (!ret)`', () => {
  const source = `static int alloc_it(struct thing *t)
{
	int ret = 0;

	t->buf = make_buf();
	if (!t->buf) {
		release(t);
		return -ENOMEM;
	}
	ret = start(t);
	if (!ret) {
		t->up = 1;
	} else {
		release(t);
		return ret;
	}
	return 0;
}
`;
  assertKind(verdict(source, 0), 'failure-only', /return -ENOMEM; \(line 8\)/);
  assertKind(verdict(source, 1), 'failure-only');
});

const LADDER = `static int bring_up(struct thing *t)
{
	int ret;

	ret = prepare(t);
	if (ret)
		goto out;
	t->buf = make_buf();
	if (!t->buf) {
		ret = -ENOMEM;
		goto err_release;
	}
	ret = start(t);
	if (ret < 0)
		goto err_free;
	return 0;

err_free:
	free_buf(t->buf);
err_release:
	release(t);
out:
	return ret;
}
`;

test('the unwind ladder after `return 0;`, reached by gotos only: failure-only', () => {
  assertKind(verdict(LADDER), 'failure-only', /every path through the call returns an error: return ret; \(line 23, ret holds an error there\)/);
  assertKind(verdict(LADDER, 0, 'free_buf'), 'failure-only');
});

test('the success path falls through into the labels: also-success, at the success return', () => {
  const source = `int use_it(struct thing *t)
{
	int ret;

	ret = prepare(t);
	if (ret)
		goto out;
	do_work(t);
	ret = 0;
out:
	release(t);
	return ret;
}
`;
  const v = verdict(source);
  assertKind(v, 'also-success', /return ret; with ret == 0/);
  assert.equal(v.kind === 'also-success' && v.line, 12);
});

test('a straight-line call: also-success', () => {
  const source = `int run(struct thing *t)
{
	release(t);
	return 0;
}
`;
  const v = verdict(source);
  assertKind(v, 'also-success');
  assert.equal(v.kind === 'also-success' && v.line, 4);
});

test('a goto from a path where the error variable is zero makes the label a success path too', () => {
  const source = `int set_up(struct thing *t)
{
	int ret;

	ret = prepare(t);
	if (ret)
		return ret;
	if (!t->ok)
		goto err;
	return 0;
err:
	release(t);
	return ret;
}
`;
  assertKind(verdict(source), 'also-success', /line 13/);
});

test('unknown: an untested return value, a void function, a value that is neither error nor 0', () => {
  const untested = `int maybe(struct thing *t)
{
	int ret = query(t);

	if (t->broken) {
		release(t);
		return ret;
	}
	return 0;
}
`;
  assertKind(verdict(untested), 'unknown', /whether ret holds an error there is not known/);
  assertKind(verdict('void stop(struct thing *t)\n{\n\tif (t->err) {\n\t\trelease(t);\n\t\treturn;\n\t}\n}\n'), 'unknown', /returns void/);
  assertKind(verdict('int count(struct thing *t)\n{\n\tif (t->n) {\n\t\trelease(t);\n\t\treturn t->n;\n\t}\n\treturn -EINVAL;\n}\n'), 'unknown', /is neither an error nor 0/);
});

test('pointer returns: ERR_PTR, ERR_CAST and PTR_ERR are failures', () => {
  const source = `struct thing *get_thing(struct owner *o)
{
	struct thing *t = lookup(o);

	if (IS_ERR(t)) {
		release(o);
		return ERR_CAST(t);
	}
	if (!t->ready) {
		release(o);
		return ERR_PTR(-EAGAIN);
	}
	return t;
}

int get_id(struct owner *o)
{
	struct thing *t = lookup(o);

	if (IS_ERR(t)) {
		release(o);
		return PTR_ERR(t);
	}
	return t->id;
}
`;
  assertKind(verdict(source, 0), 'failure-only');
  assertKind(verdict(source, 1), 'failure-only');
  assertKind(verdict(source, 2), 'failure-only');
});

test('a retry loop through a backward goto and a switch are followed', () => {
  const source = `int with_retry(struct thing *t)
{
	int ret;

again:
	ret = attempt(t);
	if (ret == -EAGAIN)
		goto again;
	switch (t->mode) {
	case 1:
		t->x = 1;
		break;
	default:
		break;
	}
	if (ret) {
		release(t);
		return ret;
	}
	return 0;
}
`;
  assertKind(verdict(source), 'failure-only');
});

test('code under #if 0 is not a path; #ifdef code may be', () => {
  const dead = 'int f(struct thing *t)\n{\n\trelease(t);\n#if 0\n\treturn 0;\n#endif\n\treturn -EIO;\n}\n';
  assertKind(verdict(dead), 'failure-only');
  const maybe = 'int f(struct thing *t)\n{\n\trelease(t);\n#ifdef CONFIG_THING\n\treturn 0;\n#endif\n\treturn -EIO;\n}\n';
  assertKind(verdict(maybe), 'also-success');
});

test('CRLF line ends and no final newline: the same verdicts and lines', () => {
  const crlf = LADDER.replace(/\n/g, '\r\n').trimEnd();
  assertKind(verdict(crlf), 'failure-only', /line 23/);
  const v = verdict('int run(struct thing *t)\r\n{\r\n\trelease(t);\r\n\treturn 0;\r\n}');
  assert.equal(v.kind === 'also-success' && v.line, 4);
});

test('not a call, or outside a function: unknown', () => {
  const source = 'static int x = 1;\nint f(void)\n{\n\treturn x;\n}\n';
  const parsed = parseBytes('t.c', Buffer.from(source));
  assertKind(failurePathOf(parsed, 0), 'unknown');
  assertKind(failurePathOf(parsed, source.indexOf('return')), 'unknown', /no call/);
});

test('a loop runs its body again with what the last pass left: the end of the body and continue go back', () => {
  const loopBack = `int pick(struct thing *t)
{
	int ret = -EBUSY;
	int i;

	for (i = 0; i < 4; i++) {
		if (t->ready[i]) {
			release(t);
			return ret;
		}
		ret = 0;
	}
	return -ENODEV;
}
`;
  assertKind(verdict(loopBack), 'also-success', /line 9/);
  const viaContinue = loopBack.replace('\t\tret = 0;\n\t}', '\t\tif (t->skip[i]) {\n\t\t\tret = 0;\n\t\t\tcontinue;\n\t\t}\n\t\tbreak;\n\t}');
  assert.match(viaContinue, /continue;/);
  assertKind(verdict(viaContinue), 'also-success', /line 9/);
});

test('pointer and bool returns: a tested non-NULL pointer or true is not an error, NULL is not a success', () => {
  const pointer = `struct thing *find(struct owner *o)
{
	struct thing *t = lookup(o);

	if (t) {
		release(o);
		return t;
	}
	return NULL;
}
`;
  assertKind(verdict(pointer), 'unknown', /whether t holds an error there is not known/);
  const nullReturn = 'struct thing *find(struct owner *o)\n{\n\trelease(o);\n\treturn 0;\n}\n';
  assertKind(verdict(nullReturn), 'unknown', /is neither an error nor 0/);
  const boolean = 'bool check(struct owner *o)\n{\n\tint ok = inspect(o);\n\n\tif (ok) {\n\t\trelease(o);\n\t\treturn ok;\n\t}\n\treturn false;\n}\n';
  assertKind(verdict(boolean), 'unknown');
});

test('`ret == -EAGAIN` taken: ret holds an error', () => {
  const source = 'int get(struct owner *o)\n{\n\tint ret = lookup(o);\n\n\tif (ret == -EAGAIN) {\n\t\trelease(o);\n\t\treturn ret;\n\t}\n\treturn 0;\n}\n';
  assertKind(verdict(source), 'failure-only');
});

test('an error variable whose address is passed to a call is no longer known', () => {
  const source = 'int get(struct owner *o)\n{\n\tint ret = lookup(o);\n\n\tif (ret) {\n\t\tretry(o, &ret);\n\t\trelease(o);\n\t\treturn ret;\n\t}\n\treturn 0;\n}\n';
  assertKind(verdict(source), 'unknown', /whether ret holds an error there is not known/);
});
