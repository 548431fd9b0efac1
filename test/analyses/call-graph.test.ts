// The module call graph on small neutral C modules: static names resolved per file, calls across
// files, recursion, value uses (initializer, assignment, argument, address taken, macro body),
// #if 0, calls tree-sitter only sees inside an ERROR region, and lazy parsing with readFile.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBytes, type ParsedFile } from '../../src/parse/parser.js';
import { ModuleCallGraph, type CallEdge, type FunctionDef } from '../../src/sdk.js';
import { mayDefineFunction } from '../../src/analyses/call-graph.js';

function moduleOf(sources: Record<string, string>): { graph: ModuleCallGraph; parsed: () => string[]; text: (f: string) => string } {
  const cache = new Map<string, ParsedFile>();
  const parse = (rel: string): ParsedFile | null => {
    if (!(rel in sources)) return null;
    if (!cache.has(rel)) cache.set(rel, parseBytes(rel, Buffer.from(sources[rel], 'latin1')));
    return cache.get(rel)!;
  };
  const read = (rel: string): Buffer | null => (rel in sources ? Buffer.from(sources[rel], 'latin1') : null);
  return { graph: ModuleCallGraph.build(Object.keys(sources), parse, read), parsed: () => [...cache.keys()].sort(), text: (f) => sources[f] };
}

const A_C = `// two files, each with its own static helper()
#include "widget.h"

static int helper(struct widget *w)
{
	return w->count;
}

int widget_count(struct widget *w)
{
	return helper(w) + helper(w);
}

static void walk(struct node *n)
{
	if (n)
		walk(n->next);
}

void widget_walk(struct widget *w)
{
	walk(w->head);
	widget_shared(w);
}
`;

const B_C = `#include "widget.h"

static int helper(struct widget *w)
{
	return -w->count;
}

static void on_tick(struct widget *w)
{
	helper(w);
}

static const struct widget_ops ops = {
	.tick = on_tick,
};

#define RESET(w) widget_reset(w)

void widget_reset(struct widget *w)
{
	w->cb = widget_count;
	schedule_it(w, on_tick);
	register_it(&widget_walk);
}

void widget_shared(struct widget *w)
{
	int helper = 0;
	helper++;
	widget_reset(w);
	RESET(w);
}

#if 0
void widget_dead(struct widget *w)
{
	widget_reset(w);
}
#endif
`;

const W_H = `struct widget;
int widget_count(struct widget *w);
void widget_reset(struct widget *w);
void widget_shared(struct widget *w);

static inline void widget_touch(struct widget *w)
{
	widget_reset(w);
}
`;

function names(edges: CallEdge[], side: 'caller' | 'callee'): string[] {
  return edges.map((e) => `${e[side].file}:${e[side].name}:${e.line}`);
}

function def(graph: ModuleCallGraph, file: string, name: string): FunctionDef {
  const found = graph.resolve(name, file);
  assert.ok(found, `${name} resolves in ${file}`);
  return found;
}

test('functions: every definition with file, static-ness and the line of its name; #if 0 ones are not there', () => {
  const { graph } = moduleOf({ 'a.c': A_C, 'b.c': B_C, 'widget.h': W_H });
  assert.deepEqual(
    graph.functions.map((f) => `${f.file}:${f.name}:${f.isStatic ? 'static' : 'global'}:${f.line}`),
    [
      'a.c:helper:static:4',
      'a.c:widget_count:global:9',
      'a.c:walk:static:14',
      'a.c:widget_walk:global:20',
      'b.c:helper:static:3',
      'b.c:on_tick:static:8',
      'b.c:widget_reset:global:19',
      'b.c:widget_shared:global:26',
      'widget.h:widget_touch:static:6',
    ],
  );
  const reset = def(graph, 'b.c', 'widget_reset');
  assert.equal(B_C.slice(reset.start, reset.end).split('\n')[0], 'void widget_reset(struct widget *w)');
  assert.ok(B_C.slice(reset.start, reset.end).endsWith('}'));
});

test('resolve: a file\'s static definition first, else the module\'s non-static one, else a static inline of a header', () => {
  const { graph } = moduleOf({ 'a.c': A_C, 'b.c': B_C, 'widget.h': W_H });
  assert.equal(def(graph, 'a.c', 'helper').file, 'a.c');
  assert.equal(def(graph, 'b.c', 'helper').file, 'b.c');
  assert.equal(def(graph, 'a.c', 'widget_reset').file, 'b.c');
  assert.equal(def(graph, 'a.c', 'widget_touch').file, 'widget.h');
  assert.equal(graph.resolve('schedule_it', 'b.c'), null);
  assert.equal(graph.resolve('widget_dead', 'b.c'), null);
});

test('callers: a static function is called only from its own file; calls across files for global ones', () => {
  const { graph } = moduleOf({ 'a.c': A_C, 'b.c': B_C, 'widget.h': W_H });
  assert.deepEqual(names(graph.callersOf(def(graph, 'a.c', 'helper')), 'caller'), ['a.c:widget_count:11', 'a.c:widget_count:11']);
  assert.deepEqual(names(graph.callersOf(def(graph, 'b.c', 'helper')), 'caller'), ['b.c:on_tick:10']);
  // The local variable named helper in widget_shared() is not b.c's helper() being called.
  assert.deepEqual(names(graph.callersOf(def(graph, 'b.c', 'widget_shared')), 'caller'), ['a.c:widget_walk:23']);
  // From b.c and from the header's static inline; the call in #if 0 and the macro body are not calls.
  assert.deepEqual(names(graph.callersOf(def(graph, 'b.c', 'widget_reset')), 'caller'), ['b.c:widget_shared:30', 'widget.h:widget_touch:8']);
  const edge = graph.callersOf(def(graph, 'b.c', 'widget_reset'))[0];
  assert.equal(B_C.slice(edge.offset, edge.offset + 'widget_reset'.length), 'widget_reset');
});

test('callees: in source order, only functions of the module, recursion included', () => {
  const { graph } = moduleOf({ 'a.c': A_C, 'b.c': B_C, 'widget.h': W_H });
  assert.deepEqual(names(graph.calleesOf(def(graph, 'a.c', 'widget_walk')), 'callee'), ['a.c:walk:22', 'b.c:widget_shared:23']);
  assert.deepEqual(names(graph.calleesOf(def(graph, 'a.c', 'walk')), 'callee'), ['a.c:walk:17']);
  assert.deepEqual(names(graph.calleesOf(def(graph, 'b.c', 'widget_reset')), 'callee'), []);
});

test('value uses: initializer, assignment, argument, address taken, macro body; never a call', () => {
  const { graph } = moduleOf({ 'a.c': A_C, 'b.c': B_C, 'widget.h': W_H });
  const uses = (file: string, name: string) => graph.valueUsesOf(def(graph, file, name)).map((u) => `${u.file}:${u.line}:${u.enclosing?.name ?? '-'}`);
  assert.deepEqual(uses('b.c', 'on_tick'), ['b.c:14:-', 'b.c:22:widget_reset']);
  assert.deepEqual(uses('a.c', 'widget_count'), ['b.c:21:widget_reset']);
  assert.deepEqual(uses('a.c', 'widget_walk'), ['b.c:23:widget_reset']);
  assert.deepEqual(uses('b.c', 'widget_reset'), ['b.c:17:-']);
  assert.deepEqual(uses('a.c', 'helper'), []);
});

test('a function named in a macro call read as a file-scope declaration is a value use', () => {
  const source = 'static int on_wake(struct widget *w)\n{\n\treturn 0;\n}\n\nstatic DECLARE_OPS(widget_pm, NULL, on_wake);\n';
  const { graph } = moduleOf({ 'p.c': source });
  assert.deepEqual(graph.valueUsesOf(def(graph, 'p.c', 'on_wake')).map((u) => u.line), [6]);
  assert.deepEqual(graph.callersOf(def(graph, 'p.c', 'on_wake')), []);
});

test('reachableFrom: direct calls only, one shortest path each, root first; value uses do not run', () => {
  const { graph } = moduleOf({ 'a.c': A_C, 'b.c': B_C, 'widget.h': W_H });
  const reach = graph.reachableFrom([def(graph, 'a.c', 'widget_walk')]);
  assert.deepEqual(
    [...reach].map(([fn, path]) => `${fn.name}: ${path.map((p) => p.name).join(' > ')}`),
    ['widget_walk: widget_walk', 'walk: widget_walk > walk', 'widget_shared: widget_walk > widget_shared', 'widget_reset: widget_walk > widget_shared > widget_reset'],
  );
  // widget_reset() hands on_tick and widget_count over as values: neither is reached.
  assert.equal([...graph.reachableFrom([def(graph, 'b.c', 'widget_reset')]).keys()].length, 1);
});

test('reachableTowards: for every function, what reachableFrom finds of it, with the same path', () => {
  const sources = { 'a.c': A_C, 'b.c': B_C, 'widget.h': W_H };
  const full = moduleOf(sources).graph;
  const roots = [def(full, 'a.c', 'widget_walk'), def(full, 'b.c', 'on_tick'), def(full, 'a.c', 'widget_count')];
  const expected = full.reachableFrom(roots);
  for (const target of full.functions) {
    const { graph } = moduleOf(sources);
    const toward = graph.reachableTowards(roots.map((r) => def(graph, r.file, r.name)), [def(graph, target.file, target.name)]);
    const found = [...toward].find(([fn]) => fn.file === target.file && fn.name === target.name);
    const want = [...expected].find(([fn]) => fn.file === target.file && fn.name === target.name);
    assert.deepEqual(found?.[1].map((f) => `${f.file}:${f.name}`), want?.[1].map((f) => `${f.file}:${f.name}`), `${target.file}:${target.name}`);
  }
});

test('reachableTowards: two shortest ways to a target, the one reachableFrom takes; files off the way stay unparsed', () => {
  const sources = {
    'main.c': 'static void probe(void)\n{\n\tsetup_a();\n\tsetup_b();\n\tunrelated();\n}\n',
    'a.c': 'void setup_a(void)\n{\n\ttarget();\n}\n',
    'b.c': 'void setup_b(void)\n{\n\ttarget();\n}\n',
    't.c': 'void target(void)\n{\n}\n',
    'far.c': 'void unrelated(void)\n{\n\tmore();\n}\nvoid more(void)\n{\n}\n',
  };
  const mod = moduleOf(sources);
  const probe = def(mod.graph, 'main.c', 'probe');
  const toward = mod.graph.reachableTowards([probe], [def(mod.graph, 't.c', 'target')]);
  const path = [...toward].find(([fn]) => fn.name === 'target')?.[1].map((f) => f.name);
  assert.deepEqual(path, ['probe', 'setup_a', 'target']);
  assert.ok(!mod.parsed().includes('far.c'), mod.parsed().join(', '));
  const full = moduleOf(sources).graph;
  assert.deepEqual([...full.reachableFrom([def(full, 'main.c', 'probe')])].find(([fn]) => fn.name === 'target')?.[1].map((f) => f.name), path);
});

test('enclosing: the definition holding an offset, null at file scope', () => {
  const { graph } = moduleOf({ 'a.c': A_C, 'b.c': B_C, 'widget.h': W_H });
  assert.equal(graph.enclosing('b.c', B_C.indexOf('schedule_it'))?.name, 'widget_reset');
  assert.equal(graph.enclosing('b.c', B_C.indexOf('.tick')), null);
  assert.equal(graph.enclosing('missing.c', 0), null);
});

test('a call tree-sitter only sees inside an ERROR region still counts', () => {
  const source = `static void target(int x)
{
}

void caller(int x)
{
	UNKNOWN_MACRO(x) target(x) @@ ;
	if (x)
		target(x + 1);
}
`;
  const { graph } = moduleOf({ 'e.c': source });
  const parsed = parseBytes('e.c', Buffer.from(source, 'latin1'));
  assert.ok(parsed.tree.rootNode.hasError, 'the fixture does make a parse error');
  assert.deepEqual(names(graph.callersOf(def(graph, 'e.c', 'target')), 'caller'), ['e.c:caller:7', 'e.c:caller:9']);
});

test('CRLF line ends and no final newline: same graph, byte offsets', () => {
  const source = 'static int leaf(void)\r\n{\r\n\treturn 0;\r\n}\r\n\r\nint root(void)\r\n{\r\n\treturn leaf();\r\n}';
  const { graph } = moduleOf({ 'c.c': source });
  const [edge] = graph.callersOf(def(graph, 'c.c', 'leaf'));
  assert.equal(edge.caller.name, 'root');
  assert.equal(edge.line, 8);
  assert.equal(source.slice(edge.offset, edge.offset + 4), 'leaf');
  assert.equal(def(graph, 'c.c', 'root').end, source.length);
});

test('with readFile, a question about a static function parses only its own file', () => {
  const mod = moduleOf({ 'a.c': A_C, 'b.c': B_C, 'widget.h': W_H });
  const helper = mod.graph.resolve('helper', 'a.c')!;
  mod.graph.callersOf(helper);
  mod.graph.valueUsesOf(helper);
  assert.deepEqual(mod.parsed(), ['a.c']);
});

test('with readFile, resolving a callee parses only the files that may define it, not those that only call it', () => {
  const mod = moduleOf({
    'main.c': 'static void run(void)\n{\n\tshared_step();\n\tshared_step();\n}\n',
    'caller.c': 'void other(void)\n{\n\tif (shared_step())\n\t\treturn;\n}\n',
    'lib.c': 'int shared_step(void)\n{\n\treturn 0;\n}\n',
  });
  const run = mod.graph.resolve('run', 'main.c')!;
  assert.deepEqual(mod.graph.calleesOf(run).map((e) => `${e.callee.file}:${e.callee.name}:${e.line}`), ['lib.c:shared_step:3', 'lib.c:shared_step:4']);
  assert.deepEqual(mod.parsed(), ['lib.c', 'main.c']);
});

test('mayDefineFunction: a definition (body, attribute, K&R, comment, CRLF, no final newline) may; calls and mentions do not', () => {
  assert.equal(mayDefineFunction('int f(void)\n{\n}\n', 'f'), true);
  assert.equal(mayDefineFunction('int f(int a)\r\n{\r\n}', 'f'), true);
  assert.equal(mayDefineFunction('static void f(int a) __releases(x)\n{\n}', 'f'), true);
  assert.equal(mayDefineFunction('int f(a)\n\tint a;\n{\n}', 'f'), true);
  assert.equal(mayDefineFunction('int f(int a /* (unbalanced */)\n{\n}', 'f'), true);
  assert.equal(mayDefineFunction('int (f)(void)\n{\n}', 'f'), true);
  assert.equal(mayDefineFunction('void g(void)\n{\n\tf(1);\n\tx = f(2) + f((3));\n\tif (f(4)) return;\n}', 'f'), false);
  assert.equal(mayDefineFunction('int ff(void)\n{\n}\nint f_x(void)\n{\n}', 'f'), false);
});
