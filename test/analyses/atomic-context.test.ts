// The engine's atomic-context analysis on neutral C modules: the IRQ registrars are the caller's
// table (a registrar the table does not name registers nothing), the three rules over the call
// graph (lock held, hard IRQ handler, callers in atomic context), static names per file, #if 0,
// and CRLF sources without a final newline.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBytes, type ParsedFile } from '../../src/parse/parser.js';
import { ModuleAtomicContext, ModuleCallGraph, wordOffsets, type AtomicContext, type IrqRegistrars } from '../../src/sdk.js';

const REGISTRARS: IrqRegistrars = { gadget_request_irq: { handler: 1, thread: 2 } };

function analysis(sources: Record<string, string>, registrars: IrqRegistrars = REGISTRARS): ModuleAtomicContext {
  const cache = new Map<string, ParsedFile>();
  const parse = (rel: string): ParsedFile | null => {
    if (!(rel in sources)) return null;
    if (!cache.has(rel)) cache.set(rel, parseBytes(rel, Buffer.from(sources[rel], 'latin1')));
    return cache.get(rel)!;
  };
  return new ModuleAtomicContext(ModuleCallGraph.build(Object.keys(sources), parse), registrars);
}

/** The context of the nth may_sleep() call of a file. */
function contextAt(atomic: ModuleAtomicContext, sources: Record<string, string>, file: string, nth = 0): AtomicContext {
  const offsets = wordOffsets(sources[file], 'may_sleep').filter((o) => sources[file][o + 'may_sleep'.length] === '(');
  const context = atomic.contextOf({ file, calleeStart: offsets[nth] });
  assert.ok(context, `may_sleep() call #${nth} of ${file} is analysed`);
  return context;
}

const IRQ_C = `#include "gadget.h"

static irqreturn_t gadget_hard(int irq, void *data)
{
	may_sleep(data);
	return IRQ_HANDLED;
}

static irqreturn_t gadget_thread(int irq, void *data)
{
	may_sleep(data);
	return IRQ_HANDLED;
}

static void gadget_locked(struct gadget *g)
{
	unsigned long flags;

	spin_lock_irqsave(&g->lock, flags);
	may_sleep(g);
	spin_unlock_irqrestore(&g->lock, flags);
	may_sleep(g);
}

int gadget_setup(struct gadget *g)
{
	gadget_locked(g);
	return gadget_request_irq(g->irq, gadget_hard, gadget_thread, 0, "gadget", g);
}
`;

test('lock held at the call; released before the next one', () => {
  const sources = { 'irq.c': IRQ_C };
  const atomic = analysis(sources);
  const held = contextAt(atomic, sources, 'irq.c', 2);
  assert.equal(held.rule, 'lock-held');
  assert.deepEqual(held.evidence.map((e) => `${e.line}: ${e.call}`), ['19: spin_lock_irqsave(&g->lock, flags)']);
  assert.match(held.reason, /^may_sleep\(g\) runs in atomic context: in gadget_locked\(\) it comes after spin_lock_irqsave/);
  const after = contextAt(atomic, sources, 'irq.c', 3);
  assert.equal(after.atomic, false);
  assert.match(after.reason, /gadget_locked\(\) calls it|gadget_setup\(\) calls gadget_locked\(\) without a lock/);
});

test('the hard handler slot of the caller\'s registrar is atomic, its thread slot is not', () => {
  const sources = { 'irq.c': IRQ_C };
  const atomic = analysis(sources);
  const hard = contextAt(atomic, sources, 'irq.c', 0);
  assert.equal(hard.rule, 'hardirq-handler');
  assert.deepEqual(hard.evidence.map((e) => `${e.line}: ${e.function}: ${e.call}`), ['28: gadget_setup: gadget_request_irq(g->irq, gadget_hard, gadget_thread, 0, "gadget", g)']);
  const thread = contextAt(atomic, sources, 'irq.c', 1);
  assert.equal(thread.atomic, false);
  assert.match(thread.reason, /gadget_thread\(\) is registered as a threaded IRQ handler's thread function \(gadget_request_irq\(.*\), irq\.c:28\)/);
});

test('a registrar the table does not name registers nothing: the handler is only a function pointer', () => {
  const sources = { 'irq.c': IRQ_C };
  const hard = contextAt(analysis(sources, {}), sources, 'irq.c', 0);
  assert.equal(hard.atomic, false);
  assert.match(hard.reason, /gadget_hard\(\) is used as a function pointer \(gadget_request_irq\(.*\), irq\.c:28\)/);
});

const A_C = `static void stop(struct gadget *g)
{
	may_sleep(g);
}

void gadget_stop(struct gadget *g)
{
	spin_lock(&g->lock);
	stop(g);
	spin_unlock(&g->lock);
}
`;

const B_C = `static void stop(struct gadget *g)
{
	may_sleep(g);
}

void gadget_park(struct gadget *g)
{
	stop(g);
	gadget_stop(g);
}

#if 0
static void gadget_old(struct gadget *g)
{
	spin_lock(&g->lock);
	gadget_park(g);
	spin_unlock(&g->lock);
	may_sleep(g);
}
#endif
`;

test('callers in atomic context, with a static name in two files told apart', () => {
  const sources = { 'a.c': A_C, 'b.c': B_C };
  const atomic = analysis(sources);
  const inA = contextAt(atomic, sources, 'a.c');
  assert.equal(inA.rule, 'callers-hold-lock');
  assert.deepEqual(inA.evidence.map((e) => `${e.file}:${e.line}: ${e.call}`), ['a.c:9: stop(g)', 'a.c:8: spin_lock(&g->lock)']);
  const inB = contextAt(atomic, sources, 'b.c', 0);
  assert.equal(inB.atomic, false);
  // gadget_old() is inside #if 0: its lock around gadget_park() does not count.
  assert.match(inB.reason, /gadget_park\(\) calls stop\(\) without a lock \(b\.c:8\), and gadget_park\(\) has no caller in the module$/);
});

test('a call inside #if 0 is still answered: its function has no caller', () => {
  const sources = { 'a.c': A_C, 'b.c': B_C };
  const dead = contextAt(analysis(sources), sources, 'b.c', 1);
  assert.equal(dead.atomic, false);
  assert.match(dead.reason, /no lock is held at may_sleep\(g\) in gadget_old\(\), gadget_old\(\) is not a hard IRQ handler, and gadget_old\(\) has no caller in the module$/);
});

test('CRLF sources without a final newline: the same verdict, lines counted right', () => {
  const sources = { 'a.c': A_C.replace(/\n/g, '\r\n').trimEnd(), 'b.c': B_C.replace(/\n/g, '\r\n') };
  const inA = contextAt(analysis(sources), sources, 'a.c');
  assert.equal(inA.rule, 'callers-hold-lock');
  assert.deepEqual(inA.evidence.map((e) => `${e.line}: ${e.call}`), ['9: stop(g)', '8: spin_lock(&g->lock)']);
});

test('a call outside any function body is not analysed (null)', () => {
  const sources = { 'm.c': '#define QUIET(g) may_sleep(g)\n' };
  assert.equal(analysis(sources).contextOf({ file: 'm.c', calleeStart: sources['m.c'].indexOf('may_sleep') }), null);
  assert.equal(analysis(sources).contextOf({ file: 'missing.c', calleeStart: 0 }), null);
});
