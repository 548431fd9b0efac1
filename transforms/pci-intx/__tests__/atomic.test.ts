// The atomic-context rules of issue 8 on small fixture modules under __testfixtures__/atomic/:
// each rule fires where it must (lock held, hard IRQ handler, callers in atomic context) and
// stays quiet where it must not (unlock before the call, a lock in another function, a thread
// function, a mutex, a lock under #if 0, callers beyond two levels, function pointers).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { sourceDirOf } from '../../../test/helpers/paths.js';
import { parseBytes, type ParsedFile } from '../../../src/parse/parser.js';
import { wordOffsets } from '../../../src/facts/lines.js';
import { ModuleAtomicity, atomicContextOf, type AtomicContext } from '../atomic.js';

const FIXTURES = path.resolve(sourceDirOf(import.meta.url), '..', '__testfixtures__', 'atomic');

/** A fixture directory as one module: its files, parsed on demand and counted. */
function fixtureModule(name: string): { files: string[]; parse: (rel: string) => ParsedFile | null; parses: () => number } {
  const dir = path.join(FIXTURES, name);
  const cache = new Map<string, ParsedFile>();
  const parse = (rel: string): ParsedFile | null => {
    const file = path.join(dir, rel);
    if (!fs.existsSync(file)) return null;
    if (!cache.has(rel)) cache.set(rel, parseBytes(rel, fs.readFileSync(file)));
    return cache.get(rel)!;
  };
  return { files: fs.readdirSync(dir).sort(), parse, parses: () => cache.size };
}

/** The nth pci_intx call inside the definition of `fn` in `file`. */
function siteIn(mod: ReturnType<typeof fixtureModule>, file: string, fn: string, nth = 0): { file: string; function: string; calleeStart: number } {
  const parsed = mod.parse(file)!;
  const body = new RegExp(`\\n(static )?[a-z_ ]+\\b${fn}\\([^)]*\\)\\n\\{\\n[\\s\\S]*?\\n\\}\\n`).exec(parsed.text);
  assert.ok(body, `${file} defines ${fn}()`);
  const offsets = wordOffsets(body[0], 'pci_intx').filter((o) => body[0][o + 'pci_intx'.length] === '(');
  assert.ok(offsets.length > nth, `${fn}() has pci_intx call #${nth}`);
  return { file, function: fn, calleeStart: body.index + offsets[nth] };
}

function contextIn(moduleName: string, file: string, fn: string, nth = 0): AtomicContext {
  const mod = fixtureModule(moduleName);
  const context = new ModuleAtomicity(mod.files, mod.parse).contextOf(siteIn(mod, file, fn, nth));
  assert.ok(context, `${fn}() site is analysed`);
  return context;
}

function assertAtomic(context: AtomicContext, rule: AtomicContext['rule'], evidence: { line: number; call: string }[]): void {
  assert.equal(context.atomic, true, context.reason);
  assert.equal(context.rule, rule, context.reason);
  assert.deepEqual(
    context.evidence.map((e) => ({ line: e.line, call: e.call })),
    evidence,
  );
}

function assertNotAtomic(context: AtomicContext, why: RegExp): void {
  assert.equal(context.atomic, false, context.reason);
  assert.equal(context.rule, null);
  assert.match(context.reason, why);
}

// ---- Rule 1: a lock is held at the call in its own function ----------------------------------

test('lock held: spin_lock_irqsave before the call, released after it', () => {
  const c = contextIn('lock', 'locks.c', 'held_irqsave');
  assertAtomic(c, 'lock-held', [{ line: 19, call: 'spin_lock_irqsave(&foo->lock, flags)' }]);
  assert.equal(c.evidence[0].function, 'held_irqsave');
  assert.match(c.reason, /^pci_intx\(foo->pdev, 0\) runs in atomic context: in held_irqsave\(\) it comes after spin_lock_irqsave/);
});

test('lock held: an unlock on an early-return path does not release it for the code after', () => {
  assertAtomic(contextIn('lock', 'locks.c', 'held_after_early_return'), 'lock-held', [{ line: 26, call: 'spin_lock(&foo->lock)' }]);
});

test('lock held: the call before a goto to the unlock label', () => {
  assertAtomic(contextIn('lock', 'locks.c', 'held_before_goto'), 'lock-held', [{ line: 40, call: 'spin_lock_irqsave(&foo->lock, flags)' }]);
});

test('lock held: an unlock in one switch case that returns does not count after the switch', () => {
  assertAtomic(contextIn('lock', 'locks.c', 'switch_unlock'), 'lock-held', [{ line: 161, call: 'spin_lock(&foo->lock)' }]);
});

test('lock held: guard() and scoped_guard() with spinlock classes, until the scope ends', () => {
  assertAtomic(contextIn('lock', 'locks.c', 'under_guard'), 'lock-held', [{ line: 86, call: 'guard(spinlock_irqsave)(&foo->lock)' }]);
  assertAtomic(contextIn('lock', 'locks.c', 'under_scoped_guard', 0), 'lock-held', [{ line: 92, call: 'scoped_guard(spinlock, &foo->lock)' }]);
  assertNotAtomic(contextIn('lock', 'locks.c', 'under_scoped_guard', 1), /no lock is held at pci_intx\(foo->pdev, 1\) in under_scoped_guard\(\)/);
});

test('lock held: rcu_read_lock, local_irq_save, write_lock_bh, preempt_disable before a break', () => {
  assertAtomic(contextIn('lock', 'locks.c', 'under_rcu'), 'lock-held', [{ line: 106, call: 'rcu_read_lock()' }]);
  assertAtomic(contextIn('lock', 'locks.c', 'irqs_off'), 'lock-held', [{ line: 115, call: 'local_irq_save(flags)' }]);
  // The raw spinlock before it is released: only the rwlock is open.
  assertAtomic(contextIn('lock', 'locks.c', 'under_raw_and_rwlock'), 'lock-held', [{ line: 124, call: 'write_lock_bh(&foo->rwlock)' }]);
  // The loop can be left by the break with preemption still disabled.
  assertAtomic(contextIn('lock', 'locks.c', 'preempt_off_in_loop'), 'lock-held', [{ line: 151, call: 'preempt_disable()' }]);
});

test('lock held: after `if (!spin_trylock()) return;`, but not after a trylock branch that unlocks', () => {
  assertAtomic(contextIn('lock', 'locks.c', 'after_trylock'), 'lock-held', [{ line: 131, call: 'spin_trylock(&foo->lock)' }]);
  assertNotAtomic(contextIn('lock', 'locks.c', 'trylock_released'), /no lock is held at pci_intx\(foo->pdev, 0\) in trylock_released\(\)/);
});

test('lock held: a lock under #ifdef CONFIG_... may be compiled in, so it counts', () => {
  assertAtomic(contextIn('lock', 'locks.c', 'lock_in_ifdef'), 'lock-held', [{ line: 79, call: 'spin_lock(&foo->lock)' }]);
});

test('not atomic: the lock is released before the call', () => {
  assertNotAtomic(contextIn('lock', 'locks.c', 'unlocked_before'), /no lock is held at pci_intx\(foo->pdev, 0\) in unlocked_before\(\)/);
});

test('not atomic: mutex_lock() and guard(mutex) may sleep themselves', () => {
  assertNotAtomic(contextIn('lock', 'locks.c', 'under_mutex'), /no lock is held/);
  assertNotAtomic(contextIn('lock', 'locks.c', 'under_mutex_guard'), /no lock is held/);
});

test('not atomic: a spin_lock() inside #if 0 is never compiled', () => {
  assertNotAtomic(contextIn('lock', 'locks.c', 'lock_never_compiled'), /no lock is held at pci_intx\(foo->pdev, 0\) in lock_never_compiled\(\)/);
});

test('not atomic: a lock taken in another function that does not call this one', () => {
  const c = contextIn('lock', 'locks.c', 'not_called_by_lock_holder');
  assertNotAtomic(c, /foo_probe\(\) calls not_called_by_lock_holder\(\) without a lock \(locks\.c:207\), and foo_probe\(\) is used as a function pointer \(\.probe = foo_probe, locks\.c:213\): its callers are unknown/);
  assert.deepEqual(c.evidence.map((e) => e.call), ['not_called_by_lock_holder(&foo)']);
});

// ---- Rule 2: hard IRQ handlers ---------------------------------------------------------------

test('hard IRQ handler: request_irq, devm_request_irq, request_any_context_irq, the first handler of request_threaded_irq', () => {
  const cases: [string, number, string][] = [
    ['bar_hard_irq', 77, 'request_threaded_irq(pdev->irq, bar_hard_irq, bar_thread_fn, IRQF_SHARED, "bar", bar)'],
    ['bar_devm_irq', 81, 'devm_request_irq(&pdev->dev, pdev->irq, bar_devm_irq, 0, "bar", bar)'],
    ['bar_any_context', 88, 'request_any_context_irq(pdev->irq, bar_any_context, 0, "bar", bar)'],
    // Named in a conditional expression behind a cast.
    ['bar_legacy_irq', 91, 'request_irq(pdev->irq, bar->mode ? bar_msi_irq : (irq_handler_t)bar_legacy_irq, 0, "bar", bar)'],
  ];
  for (const [fn, line, call] of cases) {
    const c = contextIn('irq', 'irq.c', fn);
    assertAtomic(c, 'hardirq-handler', [{ line, call }]);
    assert.equal(c.evidence[0].note, `registers ${fn}() as a hard IRQ handler`);
    assert.match(c.reason, new RegExp(`runs in hard interrupt context: ${fn}\\(\\) is registered as an IRQ handler`));
  }
});

test('not atomic: the thread function of a threaded IRQ handler may sleep', () => {
  const c = contextIn('irq', 'irq.c', 'bar_thread_fn');
  assertNotAtomic(c, /bar_thread_fn\(\) is registered as a threaded IRQ handler's thread function \(request_threaded_irq\(.*\), irq\.c:77\): it runs in a kernel thread/);
  assert.equal(c.evidence[0].note, 'registers bar_thread_fn() as the thread function');
  assertNotAtomic(contextIn('irq', 'irq.c', 'bar_only_thread'), /devm_request_threaded_irq\(&pdev->dev, pdev->irq, NULL, bar_only_thread, .*irq\.c:85/);
});

test('not atomic: a handler registered only inside #if 0', () => {
  assertNotAtomic(contextIn('irq', 'irq.c', 'bar_disabled_irq'), /bar_disabled_irq\(\) has no caller in the module/);
});

// ---- Rule 3: callers, one or two levels up, across the module's files ---------------------------

test('callers: every call holds a lock (spin_lock and spin_lock_bh, from another file)', () => {
  const c = contextIn('callers', 'intx.c', 'baz_set_locked');
  assertAtomic(c, 'callers-hold-lock', [
    { line: 49, call: 'baz_set_locked(baz, on)' },
    { line: 48, call: 'spin_lock(&baz->lock)' },
    { line: 52, call: 'baz_set_locked(baz, !on)' },
    { line: 51, call: 'spin_lock_bh(&baz->lock)' },
  ]);
  assert.ok(c.evidence.every((e) => e.file === 'main.c' && e.function === 'baz_update'));
  assert.match(c.reason, /baz_set_locked\(\) is only called in atomic context \(2 call\(s\) in the module, from baz_update\(\)\)/);
});

test('callers: the only caller is a hard IRQ handler', () => {
  assertAtomic(contextIn('callers', 'intx.c', 'baz_mask_from_irq'), 'callers-hold-lock', [
    { line: 11, call: 'baz_mask_from_irq(baz)' },
    { line: 69, call: 'request_irq(pdev->irq, baz_irq, IRQF_SHARED, "baz", baz)' },
  ]);
});

test('callers: two levels up, the caller of the caller holds the lock', () => {
  const c = contextIn('callers', 'intx.c', 'baz_two_levels');
  assertAtomic(c, 'callers-hold-lock', [
    { line: 17, call: 'baz_two_levels(baz)' },
    { line: 25, call: 'baz_mid(baz)' },
    { line: 24, call: 'spin_lock_irqsave(&baz->lock, flags)' },
  ]);
});

test('not atomic: the lock is three levels up, beyond what is followed', () => {
  assertNotAtomic(contextIn('callers', 'intx.c', 'baz_three_levels'), /baz_level1\(\) calls baz_level2\(\) without a lock held \(main\.c:36\) \(callers are followed two levels up\)/);
});

test('not atomic: only some calls hold a lock, and the reason says so', () => {
  const c = contextIn('callers', 'intx.c', 'baz_sometimes_locked');
  assertNotAtomic(c, /baz_probe\(\) calls baz_sometimes_locked\(\) without a lock \(main\.c:67\).*\(though 1 of its 2 calls are in atomic context\)$/);
  assert.ok(c.evidence.some((e) => e.call === 'spin_lock(&baz->lock)' && e.line === 54));
});

test('not atomic: callers unknown through a function pointer, an export, or none at all', () => {
  assertNotAtomic(contextIn('callers', 'intx.c', 'baz_by_pointer'), /baz_by_pointer\(\) is used as a function pointer \(baz->ops\.set = baz_by_pointer;, main\.c:68\): its callers are unknown/);
  assertNotAtomic(contextIn('callers', 'intx.c', 'baz_exported'), /baz_exported\(\) is exported \(EXPORT_SYMBOL_GPL\(baz_exported\), intx\.c:40\): its callers in other modules are unknown/);
  assertNotAtomic(contextIn('callers', 'intx.c', 'baz_unused'), /baz_unused\(\) has no caller in the module/);
});

test('static functions of one name in two files are told apart', () => {
  assertAtomic(contextIn('statics', 'a.c', 'quiesce'), 'callers-hold-lock', [
    { line: 14, call: 'quiesce(qux)' },
    { line: 13, call: 'spin_lock(&qux->lock)' },
  ]);
  assertNotAtomic(contextIn('statics', 'b.c', 'quiesce'), /quiesce\(\) is used as a function pointer \(\.quiesce = quiesce, b\.c:14\)/);
});

test('a site in a macro body, or in a file that cannot be read, is not analysed (null)', () => {
  const mod = fixtureModule('statics');
  const text = mod.parse('b.c')!.text;
  const inMacro = text.indexOf('pci_intx((qux)');
  assert.ok(inMacro > 0);
  assert.equal(atomicContextOf({ file: 'b.c', function: null, calleeStart: inMacro }, mod.files, mod.parse), null);
  assert.equal(atomicContextOf({ file: 'missing.c', function: 'x', calleeStart: 0 }, mod.files, mod.parse), null);
});

test('with readFile, files that do not mention a needed name are never parsed', () => {
  const mod = fixtureModule('statics');
  const read = (rel: string) => fs.readFileSync(path.join(FIXTURES, 'statics', rel));
  const atomicity = new ModuleAtomicity(mod.files, mod.parse, read);
  const c = atomicity.contextOf(siteIn(mod, 'a.c', 'quiesce'));
  assert.equal(c?.atomic, true);
  // a.c holds the site and its caller; b.c only has its own static quiesce() (a different function), qux.h is never needed.
  assert.equal(mod.parses(), 1);
});
