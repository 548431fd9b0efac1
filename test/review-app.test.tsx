// The review UI with ink-testing-library, driven by keys against a synthetic backend (three phases,
// ports in several subsystems, one module that needs review).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import React from 'react';
import { render } from 'ink-testing-library';
import { createRequire } from 'node:module';
import { ReviewApp } from '../src/review/app.js';
import type { ReviewExit } from '../src/review/controller.js';
import type { EditMessage, EditRequest, OpenInEditor } from '../src/review/edit-message.js';
import { keyBindings } from '../src/review/keys.js';
import { syntheticBackend, SYNTHETIC_VOCABULARY, type SyntheticDriver, type SyntheticOptions } from '../bench/synthetic-review.js';

const KEY_BINDINGS = keyBindings(SYNTHETIC_VOCABULARY);
import { emptyDecisions } from '../src/series/decisions.js';
import fs from 'node:fs';
import path from 'node:path';
import { terminalEditor } from '../src/review/edit-message.js';
import { makeTempDir } from './helpers/temp.js';

const DRIVERS: SyntheticDriver[] = [
  { subsystem: 'ata', name: 'ahci', classification: 'managed' },
  { subsystem: 'net', name: 'e100', classification: 'unmanaged', sites: 2 },
  { subsystem: 'net', name: 'tg3', classification: 'unmanaged' },
  { subsystem: 'sound', name: 'hda', classification: 'managed' },
  { subsystem: 'hid', name: 'sfh', classification: 'review', reason: 'the module enables no device' },
];

const KEYS = { enter: '\r', escape: '\x1b', down: '\x1b[B', up: '\x1b[A', pageDown: '\x1b[6~', ctrlC: '\x03', backspace: '\x7f' };

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

/** The scheduler React's reconciler (under ink) queues renders and effects on (the one copy in node_modules). */
const scheduler = createRequire(import.meta.url)('scheduler') as { unstable_scheduleCallback(priority: number, callback: () => void): unknown; unstable_IdlePriority: number };

/**
 * Resolves once React's scheduler has run everything queued before it (renders and effects: a new
 * input handler is registered in an effect). Counting event-loop turns is not enough on a busy
 * machine: the scheduler yields every few milliseconds and then needs more turns.
 */
const reactIdle = () => new Promise<void>((resolve) => scheduler.unstable_scheduleCallback(scheduler.unstable_IdlePriority, () => resolve()));

function startReview(options: Partial<SyntheticOptions> & { editMessage?: EditMessage; openInEditor?: OpenInEditor } = {}) {
  const backend = syntheticBackend({ drivers: DRIVERS, ...options });
  const exits: ReviewExit[] = [];
  const editMessage: EditMessage = options.editMessage ?? (() => ({ kind: 'failed', reason: 'no editor in tests' }));
  const ui = render(<ReviewApp backend={backend} editMessage={editMessage} openInEditor={options.openInEditor} onExit={(exit) => exits.push(exit)} />);
  const frame = () => ui.lastFrame() ?? '';
  const press = async (...keys: string[]) => {
    for (const key of keys) {
      ui.stdin.write(key);
      // A lone Esc is only delivered on the next turn of the event loop (it could start a sequence).
      await nextTurn();
      await nextTurn();
      await reactIdle();
    }
  };
  /** The overview line of the patch whose subject contains `subject`. */
  const row = (subject: string) => frame().split('\n').find((line) => line.includes(subject)) ?? '';
  const selectedLine = () => frame().split('\n').find((line) => line.startsWith('▶')) ?? '';
  return { backend, ui, exits, frame, press, row, selectedLine };
}

test('the overview lists the patches under their phase headings, with counts and the review group', () => {
  const { frame, ui } = startReview();
  const text = frame();
  const order = [
    'Prepare: make pci_intx_unmanaged() public',
    'PCI: Make pci_intx_unmanaged() public',
    'Never-managed drivers',
    'net: Use pci_intx_unmanaged()',
    'Always-managed drivers',
    'ata: Use pcim_intx()',
    'sound: Use pcim_intx()',
    'Needs review (1 open)',
    'drivers/hid/sfh_main.c:100 sfh_probe()',
  ].map((needle) => text.indexOf(needle));
  assert.ok(order.every((position) => position !== -1), text);
  assert.deepEqual([...order].sort((a, b) => a - b), order);
  assert.match(text, /0002 {2}pending {3}3 sites, 2 files +net: Use pci_intx_unmanaged\(\)/);
  assert.match(text, /the module enables no device/);
  assert.match(text, /accepted 0 {2}dropped 0 {2}pending 4 {2}needs review 1/);
  // Exactly one screenful: 24 rows minus the row ink leaves for the cursor.
  assert.equal(text.split('\n').length, 23);
  ui.unmount();
});

test('j/k, arrows, g/G move the selection; Enter opens a patch and Esc goes back', async () => {
  const { press, selectedLine, frame, ui } = startReview();
  assert.match(selectedLine(), /PCI: Make pci_intx_unmanaged/);
  await press('j');
  assert.match(selectedLine(), /net: Use pci_intx_unmanaged/);
  await press(KEYS.down, KEYS.down);
  assert.match(selectedLine(), /sound: Use pcim_intx/);
  await press('k', KEYS.up);
  assert.match(selectedLine(), /net: Use pci_intx_unmanaged/);
  await press('G');
  assert.match(selectedLine(), /sfh_main\.c:100/);
  await press('g');
  assert.match(selectedLine(), /PCI: Make/);

  await press('j', KEYS.enter);
  const opened = frame();
  assert.match(opened, /^ \[2\/4\] pending {2}lines 1-20\/\d+ {2}site 1\/3 e100_main\.c:100 {2}net: Use pci_intx_unmanaged\(\)/);
  assert.match(opened, /drivers\/net\/e100_main\.c \| 6/);
  assert.match(opened, /▶ Site 1\/3 {2}drivers\/net\/e100_main\.c:100 e100_probe\(\)/);
  assert.match(opened, /evidence: drivers\/net\/e100_main\.c:50 e100_probe\(\): pci_enable_device\(pdev\)/);
  assert.match(opened, /alternatives: m: module managed -> pcim_intx\(\)/);

  await press(KEYS.escape);
  assert.match(frame(), /Never-managed drivers/);
  assert.match(selectedLine(), /net: Use pci_intx_unmanaged/);
  ui.unmount();
});

test('the patch view scrolls a long diff one screenful at a time', async () => {
  const { press, frame, ui } = startReview({ changedLinesPerFile: 1000 });
  await press('j', KEYS.enter);
  assert.match(frame(), /lines 1-20\/4\d{3}/);
  assert.equal(frame().split('\n').length, 23);
  await press(' ');
  assert.match(frame(), /lines 20-39\//);
  await press('j', KEYS.pageDown);
  assert.match(frame(), /lines 40-59\//);
  await press('G');
  const end = frame();
  const total = Number(/lines \d+-(\d+)\/(\d+)/.exec(end)![2]);
  assert.match(end, new RegExp(`lines ${total - 19}-${total}/${total}`));
  assert.match(end, /\+\s+pci_intx_unmanaged\(pdev, 1\); \/\* line 999 \*\//);
  assert.equal(end.split('\n').length, 23);
  await press('g');
  assert.match(frame(), /lines 1-20\//);
  ui.unmount();
});

test('] and [ select the sites of the open patch and scroll to their evidence', async () => {
  const { press, frame, ui } = startReview();
  await press('j', KEYS.enter, ']');
  assert.match(frame(), /site 2\/3/);
  assert.match(frame(), /▶ Site 2\/3 {2}drivers\/net\/e100_main\.c:110/);
  await press(']', ']');
  assert.match(frame(), /▶ Site 3\/3 {2}drivers\/net\/tg3_main\.c:100/);
  await press('[');
  assert.match(frame(), /▶ Site 2\/3/);
  ui.unmount();
});

test('y and d set the status, save the decisions at once and update the counts', async () => {
  const { press, row, frame, backend, ui } = startReview();
  await press('j', 'y');
  assert.match(row('net: Use pci_intx_unmanaged'), /0002 {2}accepted/);
  assert.equal(backend.saved.length, 1);
  assert.deepEqual(backend.saved[0].patches['port-unmanaged:net'], { status: 'accepted' });
  // The overview moves on to the next patch, like git add -p.
  await press('d');
  assert.match(row('ata: Use pcim_intx'), /---- {2}dropped/);
  assert.equal(backend.saved.length, 2);
  assert.equal(backend.saved[1].patches['port-managed:ata'].status, 'dropped');
  assert.match(frame(), /accepted 1 {2}dropped 1 {2}pending 2 {2}needs review 1 {2}\(not written\)/);
  // Numbers follow the series that would be written: the dropped patch has none.
  assert.match(row('sound: Use pcim_intx'), /0003 {2}pending/);
  // Every decision rebuilt the series with the decisions just saved.
  assert.equal(backend.built.at(-1), backend.saved.at(-1));
  ui.unmount();
});

test('a accepts every pending patch of the phase, leaving dropped ones dropped', async () => {
  const { press, row, backend, ui } = startReview();
  await press('j', 'j', 'j', 'd', 'k', 'a');
  assert.match(row('ata: Use pcim_intx'), /accepted/);
  assert.match(row('sound: Use pcim_intx'), /dropped/);
  assert.match(row('net: Use pci_intx_unmanaged'), /pending/);
  assert.equal(backend.saved.at(-1)!.patches['port-managed:ata'].status, 'accepted');
  ui.unmount();
});

test('dropping a patch others depend on marks them broken and w refuses with the reason', async () => {
  const { press, row, frame, backend, exits, ui } = startReview();
  await press('d');
  assert.match(row('PCI: Make pci_intx_unmanaged'), /---- {2}dropped {3}breaks 3/);
  assert.match(row('net: Use pci_intx_unmanaged'), /0001 {2}pending {3}BROKEN/);
  assert.match(row('ata: Use pcim_intx'), /BROKEN/);
  assert.match(frame(), /Dropped: PCI: Make pci_intx_unmanaged\(\) public \(breaks 3 patches that need it\)/);
  await press('k');
  assert.match(frame(), /Not writable: 3 need a dropped patch: y on it or d on them \("PCI: Make pci_intx_unmanaged\(\) public/);

  await press('w');
  assert.match(frame(), /Not written: 3 need a dropped patch: y on it or d on them/);
  assert.equal(backend.written.length, 0);
  assert.equal(exits.length, 0);

  // The reason stays on screen while the breakage lasts, and goes when it is resolved.
  await press('j', 'k');
  assert.match(frame(), /Not writable/);
  await press('y');
  assert.doesNotMatch(frame(), /BROKEN|Not writable/);
  // Patches are still pending: w asks first.
  await press('w');
  assert.match(frame(), /Write anyway\? \(y\/n\) {2}3 patches pending, 1 review site open/);
  assert.equal(backend.written.length, 0);
  await press('y');
  assert.equal(backend.written.length, 1);
  assert.deepEqual(exits, [{ code: 0, summary: 'Wrote 5 files to /synthetic/outgoing' }]);
  ui.unmount();
});

test('m / u set the module of the selected site, rebuild the series and move its sites', async () => {
  const { press, row, frame, backend, ui } = startReview();
  // The net patch spans two modules: the overview asks for a site.
  await press('j', 'm');
  assert.match(frame(), /This patch covers 2 modules: open it \(Enter\) and pick a site with \] and \[/);
  assert.equal(backend.saved.length, 0);

  await press(KEYS.enter, ']', ']', 'm');
  const decisions = backend.saved.at(-1)!;
  assert.deepEqual(decisions.modules, { 'drivers/net/tg3': { classification: 'managed' } });
  assert.equal(backend.built.at(-1), decisions);
  assert.match(frame(), /Module drivers\/net\/tg3 set to managed: 1 site now in 0004 net: Use pcim_intx\(\)/);
  // The open patch kept its other sites.
  assert.match(frame(), /\[2\/5\] .*site 2\/2.* net: Use pci_intx_unmanaged\(\)/);

  await press(KEYS.escape);
  assert.match(row('net: Use pcim_intx'), /0004 {2}pending {3}1 site, 1 file/);
  assert.match(row('net: Use pci_intx_unmanaged'), /2 sites, 1 file/);

  // u on a single-module patch in the overview moves it back.
  await press('j', 'j', 'u');
  assert.deepEqual(backend.saved.at(-1)!.modules, { 'drivers/net/tg3': { classification: 'unmanaged' } });
  assert.doesNotMatch(frame(), /net: Use pcim_intx/);
  assert.match(row('net: Use pci_intx_unmanaged'), /3 sites, 2 files/);
  ui.unmount();
});

test('m on a review site resolves it: it joins a patch and the needs-review count drops', async () => {
  const { press, row, frame, backend, ui } = startReview();
  await press('G');
  assert.match(row('sfh_main.c'), /\? open/);
  await press(KEYS.enter);
  assert.match(frame(), /This site is in no patch yet/);
  await press('m');
  assert.deepEqual(backend.saved.at(-1)!.modules, { 'drivers/hid/sfh': { classification: 'managed' } });
  assert.match(row('sfh_main.c'), /✓ managed/);
  assert.match(row('hid: Use pcim_intx'), /1 site, 1 file/);
  assert.match(frame(), /needs review 0/);
  assert.match(frame(), /Needs review \(0 open\)/);
  // Enter on the resolved site opens the patch that now holds it, with the site selected.
  await press(KEYS.enter);
  assert.match(frame(), /hid: Use pcim_intx\(\)/);
  assert.match(frame(), /▶ Site 1\/1 {2}drivers\/hid\/sfh_main\.c:100/);
  assert.match(frame(), /decided: module set to managed/);
  // The site block says why the file is in its module: the Makefile line that lists it.
  assert.match(frame(), /kbuild: drivers\/hid\/Makefile:1 obj-m \+= sfh_main\.o/);
  ui.unmount();
});

test('e edits the subject and message through the editor and saves them', async () => {
  const requests: EditRequest[] = [];
  const editMessage: EditMessage = (request) => {
    requests.push(request);
    return { kind: 'edited', text: 'net: Port to pci_intx_unmanaged()\n\nA better body.\n' };
  };
  const { press, row, backend, ui } = startReview({ editMessage });
  await press('j', 'e');
  assert.deepEqual(requests.map((request) => [request.key, request.subject]), [['port-unmanaged:net', 'net: Use pci_intx_unmanaged()']]);
  assert.deepEqual(backend.saved.at(-1)!.patches['port-unmanaged:net'], {
    subject: 'net: Port to pci_intx_unmanaged()',
    body: 'A better body.',
  });
  assert.match(row('net: Port to pci_intx_unmanaged()'), /0002 {2}edited/);
  await press('y');
  assert.match(row('net: Port to pci_intx_unmanaged()'), /accepted .*\(edited\)/);
  ui.unmount();
});

test('e holds the trailer block: an added Acked-by: is saved next to Signed-off-by:, and survives the next edit', async () => {
  const requests: EditRequest[] = [];
  const texts = [
    'net: Use pci_intx_unmanaged()\n\nA better body.\n\nAcked-by: Net Maintainer <net@example.org>\nSigned-off-by: Test <t@example.org>\n',
    'net: Port to pci_intx_unmanaged()\n\nA better body.\n',
  ];
  const editMessage: EditMessage = (request) => {
    requests.push(request);
    return { kind: 'edited', text: texts.shift()! };
  };
  const { press, backend, ui } = startReview({ editMessage });
  await press('j', 'e');
  assert.deepEqual(requests[0].trailers, ['Signed-off-by: Test <t@example.org>'], 'the edit buffer gets the trailer block');
  assert.deepEqual(backend.saved.at(-1)!.patches['port-unmanaged:net'].trailers, ['Acked-by: Net Maintainer <net@example.org>', 'Signed-off-by: Test <t@example.org>']);
  await press('e');
  assert.deepEqual(requests[1].trailers, ['Acked-by: Net Maintainer <net@example.org>', 'Signed-off-by: Test <t@example.org>'], 'the next edit starts from the edited block');
  // An edit without a trailer block keeps the edited trailers.
  assert.deepEqual(backend.saved.at(-1)!.patches['port-unmanaged:net'], {
    subject: 'net: Port to pci_intx_unmanaged()',
    body: 'A better body.',
    trailers: ['Acked-by: Net Maintainer <net@example.org>', 'Signed-off-by: Test <t@example.org>'],
  });
  ui.unmount();
});

test('a failed or empty edit changes nothing', async () => {
  const outcomes = [
    { kind: 'failed' as const, reason: 'the editor "vi" exited with status 1' },
    { kind: 'edited' as const, text: '\n\nbody only\n' },
  ];
  const { press, frame, backend, ui } = startReview({ editMessage: () => outcomes.shift()! });
  await press('j', 'e');
  assert.match(frame(), /Edit cancelled: the editor "vi" exited with status 1/);
  await press('e');
  assert.match(frame(), /Edit cancelled: the subject was empty/);
  assert.equal(backend.saved.length, 0);
  ui.unmount();
});

test('? shows every key of the key table, and closes again', async () => {
  const { press, frame, ui } = startReview();
  await press('?');
  let help = frame();
  for (let page = 0; page < 3; page++) {
    await press(' ');
    help += frame();
  }
  // Descriptions wrap under themselves: compare with the blanks run together.
  const flowed = help.replace(/\s+/g, ' ');
  for (const binding of KEY_BINDINGS) {
    assert.ok(help.includes(binding.keys.join(' ')), `help lacks keys of ${binding.id}`);
    assert.ok(flowed.includes(binding.description), `help lacks the description of ${binding.id}`);
  }
  await press('?');
  assert.match(frame(), /Never-managed drivers/);
  await press('?', KEYS.escape);
  assert.match(frame(), /Never-managed drivers/);
  ui.unmount();
});

test('q quits at once when nothing is unwritten, and asks first otherwise', async () => {
  const first = startReview();
  await first.press('q');
  assert.equal(first.exits.length, 1);
  assert.equal(first.exits[0].code, 0);
  first.ui.unmount();

  const { press, frame, exits, ui } = startReview();
  await press('y', 'q');
  assert.match(frame(), /Quit without writing the series\? \(y\/n\) {2}Decisions are saved\./);
  await press('n');
  assert.equal(exits.length, 0);
  assert.doesNotMatch(frame(), /Quit without writing/);
  await press('q', 'y');
  assert.deepEqual(exits, [{ code: 0, summary: 'Quit without writing the series; decisions are saved in /synthetic/outgoing' }]);
  ui.unmount();
});

test('Ctrl-C quits at once with status 130', async () => {
  const { press, exits, ui } = startReview();
  await press('y', KEYS.ctrlC);
  assert.equal(exits[0]?.code, 130);
  ui.unmount();
});

test('a failing write stays in the UI with the reason', async () => {
  const { press, frame, exits, ui } = startReview({ writeFailure: 'outgoing holds other files: use --force' });
  await press('w', 'y');
  assert.match(frame(), /Not written: outgoing holds other files: use --force/);
  assert.equal(exits.length, 0);
  ui.unmount();
});

test('several keys in one read (fast typing, tmux send-keys) are all applied in order', async () => {
  const { press, row, backend, ui } = startReview();
  await press('jyd');
  assert.match(row('net: Use pci_intx_unmanaged'), /accepted/);
  assert.match(row('ata: Use pcim_intx'), /dropped/);
  assert.equal(backend.saved.length, 2);
  ui.unmount();
});

test('a dropped patch the builder leaves out stays listed and can be taken back', async () => {
  const { press, row, backend, ui } = startReview({ omitDroppedPatches: true });
  await press('j', 'j', 'd');
  assert.equal(backend.built.at(-1)!.patches['port-managed:ata'].status, 'dropped');
  assert.match(row('ata: Use pcim_intx'), /---- {2}dropped/);
  await press('k', 'y');
  assert.match(row('ata: Use pcim_intx'), /0003 {2}accepted/);
  ui.unmount();
});

test('resumed decisions are shown, and stale ones are listed', () => {
  const decisions = emptyDecisions('pci-intx');
  decisions.patches['port-managed:ata'] = { status: 'accepted' };
  decisions.modules['drivers/hid/sfh'] = { classification: 'unmanaged' };
  const { frame, row, ui } = startReview({ decisions, staleDecisions: ['sites/drivers/gone.c:gone_probe:pci_intx(pdev, 1):0'] });
  assert.match(row('ata: Use pcim_intx'), /accepted/);
  assert.match(row('sfh_main.c'), /✓ unmanaged/);
  assert.match(frame(), /1 saved decision no longer match the tree: listed at the end of the overview/);
  assert.match(frame(), /Saved decisions that no longer match the tree \(1\)/);
  assert.match(frame(), /drivers\/gone\.c:gone_probe/);
  ui.unmount();
});

test('the frame follows the terminal size on resize', async () => {
  const { ui, frame, press } = startReview({ changedLinesPerFile: 500 });
  await press('j', KEYS.enter);
  assert.equal(frame().split('\n').length, 23);
  Object.defineProperty(ui.stdout, 'rows', { value: 40, configurable: true });
  ui.stdout.emit('resize');
  await nextTurn();
  await reactIdle();
  assert.equal(frame().split('\n').length, 39);
  assert.match(frame(), /lines 1-36\//);
  Object.defineProperty(ui.stdout, 'rows', { value: 12, configurable: true });
  ui.stdout.emit('resize');
  await nextTurn();
  await reactIdle();
  assert.equal(frame().split('\n').length, 11);
  assert.match(frame(), /lines 1-8\//);
  ui.unmount();
});

test('a review site follows the patch that ports it, not a later patch that lists it again', async () => {
  const drivers: SyntheticDriver[] = [
    { subsystem: 'ata', name: 'ahci', classification: 'managed' },
    { subsystem: 'pci', name: 'msi', classification: 'unmanaged', needsReview: true, reason: 'the MSI core: check by hand' },
  ];
  const { press, row, frame, selectedLine, ui } = startReview({ drivers, finalPatch: true });
  // Accept the final patch only (it lists the MSI site again).
  await press('G');
  for (let guard = 0; guard < 10 && !/PCI: Remove the old behaviour/.test(selectedLine()); guard++) await press('k');
  await press('y');
  assert.match(row('PCI: Remove the old behaviour'), /accepted/);
  assert.match(row('pci: Use pci_intx_unmanaged'), /pending/);
  assert.match(row('msi_main.c'), /\? open/);
  assert.match(frame(), /needs review 1/);
  // Enter on the site opens the patch that ports it.
  await press('G', KEYS.enter);
  assert.match(frame(), /^ \[\d\/\d\] .* pci: Use pci_intx_unmanaged\(\)/);
  // Accepting that patch resolves the site.
  await press('y', KEYS.escape, 'G');
  assert.match(row('msi_main.c'), /✓ accepted/);
  ui.unmount();
});

test('m / u on a site that cannot take the classification are refused with the reason; nothing is saved', async () => {
  const drivers: SyntheticDriver[] = [
    { subsystem: 'i2c', name: 'pipit', classification: 'managed' },
    { subsystem: 'i2c', name: 'pipit_poll', module: 'drivers/i2c/pipit', classification: 'review', reason: 'inside #if 0', fixed: 'it is never compiled' },
  ];
  const { press, row, frame, backend, ui } = startReview({ drivers });
  await press('G', 'u');
  assert.match(frame(), /Not set: drivers\/i2c\/pipit_poll_main\.c:100 cannot be unmanaged: it is never compiled/);
  assert.equal(backend.saved.length, 0);
  assert.match(row('pipit_poll_main.c'), /\? open/);
  assert.match(row('i2c: Use pcim_intx'), /pending/);
  assert.doesNotMatch(frame(), /i2c: Use pci_intx_unmanaged/);
  // The site alone (the builder refuses such a decision outright): the same refusal.
  await press('U');
  assert.match(frame(), /Not set: drivers\/i2c\/pipit_poll_main\.c:100 cannot be unmanaged: it is never compiled/);
  assert.equal(backend.saved.length, 0);
  ui.unmount();
});

test('the selected site follows scrolling: the choice keys act on the site whose diff is on screen', async () => {
  const { press, frame, backend, ui } = startReview({ changedLinesPerFile: 40 });
  await press('j', KEYS.enter);
  assert.match(frame(), /site 1\/3 e100_main\.c:100/);
  // The end of the diff is tg3's file.
  await press('G');
  assert.match(frame(), /site 3\/3 tg3_main\.c:100/);
  await press('m');
  assert.deepEqual(backend.saved.at(-1)!.modules, { 'drivers/net/tg3': { classification: 'managed' } });
  // The open patch kept e100's two sites; a selected site still on screen stays selected.
  await press('g');
  assert.match(frame(), /site 2\/2 e100_main\.c:110/);
  await press(']', '[');
  assert.match(frame(), /site 1\/2 e100_main\.c:100/);
  ui.unmount();
});

/** Sets the terminal size of a running review and waits for the frame. */
async function resize(ui: ReturnType<typeof render>, columns: number, rows = 24) {
  Object.defineProperty(ui.stdout, 'columns', { value: columns, configurable: true });
  Object.defineProperty(ui.stdout, 'rows', { value: rows, configurable: true });
  ui.stdout.emit('resize');
  await nextTurn();
  await reactIdle();
}

test('prose wraps, cut code lines and cut rows are marked, the position and (y/n) stay visible, at 60 to 200 columns', async () => {
  const reason = `the MSI core: ${'for a managed device the MSI code is itself reached through devres, '.repeat(4)}so check it by hand END-OF-REASON`;
  const drivers: SyntheticDriver[] = [
    { subsystem: 'pci', name: 'msi', classification: 'unmanaged', needsReview: true, reason },
    { subsystem: 'ata', name: 'ahci', classification: 'managed' },
  ];
  const { press, frame, ui } = startReview({ drivers, changedLinesPerFile: 2 });
  for (const columns of [60, 80, 100, 200]) {
    await resize(ui, columns);
    // The overview's review row is cut with an ellipsis.
    await press('G');
    const rows = frame().split('\n');
    assert.ok(rows.every((line) => line.length <= columns), `${columns}: ${frame()}`);
    assert.match(rows.find((line) => line.includes('msi_main.c'))!, /…$/);
    // In the patch, the reason wraps: every word is there, no line is wider than the screen.
    await press('g', 'j', KEYS.enter, ']');
    const opened = frame();
    assert.ok(opened.split('\n').every((line) => line.length <= columns), `${columns}: ${opened}`);
    assert.match(opened.replace(/\s+/g, ' '), /why: the MSI core: .* so check it by hand END-OF-REASON/);
    assert.match(opened.split('\n')[0], /lines \d+-\d+\/\d+/);
    await press(KEYS.escape);
  }
  // A code line wider than the screen ends with a marker; the whole line shows when it fits.
  await resize(ui, 60);
  await press('j', KEYS.enter, 'G');
  assert.match(frame(), /^diff --git a\/drivers\/\S+ b\/drivers\/\S*›$/m);
  await resize(ui, 200);
  assert.match(frame(), /^diff --git a\/drivers\/(\S+) b\/drivers\/\1$/m);
  await press(KEYS.escape, 'y', 'q');
  await resize(ui, 60);
  assert.match(frame(), /Quit without writing the series\? \(y\/n\)/);
  ui.unmount();
});

test('an edited message moves with its sites when a decision moves them to another patch', async () => {
  const editMessage: EditMessage = () => ({ kind: 'edited', text: 'sound: hda: Port to the new call\n\nHand-written reason.\n' });
  const { press, row, frame, backend, ui } = startReview({ editMessage });
  await press('j', 'j', 'j');
  assert.match(row('sound: Use pcim_intx'), /^▶/);
  await press('e', 'u');
  const saved = backend.saved.at(-1)!;
  assert.deepEqual(saved.modules, { 'drivers/sound/hda': { classification: 'unmanaged' } });
  assert.deepEqual(saved.patches['port-unmanaged:sound'], { subject: 'sound: hda: Port to the new call', body: 'Hand-written reason.' });
  assert.equal(saved.patches['port-managed:sound']?.subject, undefined);
  assert.match(row('sound: hda: Port to the new call'), /edited/);
  assert.match(frame(), /Edited message moved with its sites \(check it with e\); Module drivers\/sound\/hda set to unmanaged/);
  ui.unmount();
});

test('a fast Esc followed by j (one read: ESC j) is Esc, then j, not Alt-j', async () => {
  const { press, frame, selectedLine, ui } = startReview();
  await press('j', KEYS.enter);
  assert.match(frame(), /lines 1-/);
  await press('\x1bj');
  assert.match(frame(), /Never-managed drivers/);
  assert.match(selectedLine(), /ata: Use pcim_intx/);
  ui.unmount();
});

test('z undoes the last decision of any kind: back to pending, no override left in the decisions', async () => {
  const { press, row, frame, backend, ui } = startReview();
  await press('j', 'y');
  assert.match(row('net: Use pci_intx_unmanaged'), /accepted/);
  await press('z');
  assert.match(row('net: Use pci_intx_unmanaged'), /pending/);
  assert.match(frame(), /Undone: Accepted: net: Use pci_intx_unmanaged\(\)/);
  assert.deepEqual(backend.saved.at(-1), emptyDecisions('synthetic'));
  // A module decision, then an edit: undone newest first.
  await press('G', 'm', 'z');
  assert.deepEqual(backend.saved.at(-1)!.modules, {});
  assert.match(row('sfh_main.c'), /\? open/);
  await press('z');
  assert.match(frame(), /Nothing to undo/);
  ui.unmount();
});

test('/ searches the overview; n and N go to the next and previous match; in a patch it searches the text', async () => {
  const { press, frame, selectedLine, ui } = startReview({ changedLinesPerFile: 30 });
  await press('/', 'U', 's', 'e', ' ', 'p', 'c', 'i', 'm', KEYS.enter);
  assert.match(selectedLine(), /ata: Use pcim_intx/);
  assert.match(frame(), /\/Use pcim: 1 of 2/);
  await press('n');
  assert.match(selectedLine(), /sound: Use pcim_intx/);
  await press('n');
  assert.match(selectedLine(), /ata: Use pcim_intx/);
  assert.match(frame(), /\(wrapped\)/);
  await press('N');
  assert.match(selectedLine(), /sound: Use pcim_intx/);
  // A search typed with Backspace, and one that finds nothing.
  await press('/', 'x', 'y', KEYS.backspace, KEYS.backspace, 'z', 'z', 'z', KEYS.enter);
  assert.match(frame(), /Not found: zzz/);
  // In a patch: the lines of its text.
  await press('g', 'j', KEYS.enter, '/', 'l', 'i', 'n', 'e', ' ', '2', '5', KEYS.enter);
  assert.match(frame().split('\n')[1], /line 25 \*\//);
  ui.unmount();
});

test('} { move between hunks, ) ( between files of the open patch', async () => {
  const { press, frame, ui } = startReview({ changedLinesPerFile: 30 });
  await press('j', KEYS.enter, ')');
  assert.match(frame().split('\n')[1], /^diff --git a\/drivers\/net\/e100_main\.c/);
  await press(')');
  assert.match(frame().split('\n')[1], /^diff --git a\/drivers\/net\/tg3_main\.c/);
  assert.match(frame(), /site 3\/3 tg3_main\.c:100/);
  await press('(');
  assert.match(frame().split('\n')[1], /^diff --git a\/drivers\/net\/e100_main\.c/);
  await press('}');
  assert.match(frame().split('\n')[1], /^@@ /);
  await press('{');
  assert.match(frame().split('\n')[1], /^@@ |^diff --git/);
  ui.unmount();
});

test('q in a patch goes back to the overview; q in the overview quits', async () => {
  const { press, frame, exits, ui } = startReview();
  await press('j', KEYS.enter, 'q');
  assert.match(frame(), /Never-managed drivers/);
  assert.equal(exits.length, 0);
  await press('q');
  assert.equal(exits.length, 1);
  ui.unmount();
});

test('M sets the selected site alone; x leaves a site out with the consequence shown, x again takes it back', async () => {
  const { press, row, frame, selectedLine, backend, ui } = startReview();
  await press('j', KEYS.enter, ']', ']', 'M');
  const tg3 = 'drivers/net/tg3_main.c:tg3_probe:pci_intx(pdev, 0):0';
  assert.deepEqual(backend.saved.at(-1)!.sites, { [tg3]: { classification: 'managed' } });
  assert.deepEqual(backend.saved.at(-1)!.modules, {});
  // The site went to its new patch, and the view follows it there.
  assert.match(frame(), /Site drivers\/net\/tg3_main\.c:100 set to managed \(its module unchanged\): now in 0004 net: Use pcim_i/);
  assert.match(frame(), /decided: site set to managed/);
  assert.match(frame(), /^ \[4\/5\] .* net: Use pcim_intx\(\)/);
  await press('q');
  // Leave the ata site out: its patch is gone, and the message says so.
  await press('g');
  for (let guard = 0; guard < 10 && !/ata: Use pcim_intx/.test(selectedLine()); guard++) await press('j');
  assert.match(selectedLine(), /ata: Use pcim_intx/);
  await press('x');
  assert.deepEqual(backend.saved.at(-1)!.sites['drivers/ata/ahci_main.c:ahci_probe:pci_intx(pdev, 0):0'], { drop: true });
  assert.match(frame(), /Left out: drivers\/ata\/ahci_main\.c:100; "ata: Use pcim_intx\(\)" leaves the series/);
  assert.ok(!frame().split('\n').some((line) => /^[ ▶](\d{4}|----) .*ata: Use pcim_intx/.test(line)), 'the ata patch is gone');
  await press('z');
  assert.match(row('ata: Use pcim_intx'), /pending/);
  ui.unmount();
});

test('y in a patch accepts it and opens the next pending patch', async () => {
  const { press, frame, row, ui } = startReview();
  await press('j', KEYS.enter, 'y');
  assert.match(frame(), /^ \[3\/4\] pending .* ata: Use pcim_intx\(\)/);
  assert.match(frame(), /Accepted: net: Use pci_intx_unmanaged\(\)/);
  await press('y', 'y');
  assert.match(frame(), /no pending patch after it/);
  assert.match(row('sound: Use pcim_intx'), /accepted/);
  ui.unmount();
});

test('a reclassification keeps the cursor on the patch that now holds the sites', async () => {
  const { press, selectedLine, ui } = startReview();
  await press('j', 'j', 'j');
  assert.match(selectedLine(), /sound: Use pcim_intx/);
  await press('u');
  assert.match(selectedLine(), /sound: Use pci_intx_unmanaged/);
  ui.unmount();
});

test("s shows the selected site's function from the tree, o opens it in the editor, c shows the cover letter", async () => {
  const opened: [string, number][] = [];
  const openInEditor: OpenInEditor = (file, line) => {
    opened.push([file, line]);
    return null;
  };
  const { press, frame, ui } = startReview({ openInEditor });
  await press('G', 's');
  assert.match(frame(), /drivers\/hid\/sfh_main\.c:100 sfh_probe\(\)/);
  assert.match(frame(), /^▶ {2}100 {2}\s+pci_intx\(pdev, 0\);$/m);
  // The view scrolls: its top is the function's signature.
  await press('g');
  assert.match(frame(), /^ {4}40 {2}static int sfh_probe\(struct pci_dev \*pdev\)$/m);
  await press(KEYS.escape, 'o');
  assert.deepEqual(opened, [['/synthetic/drivers/hid/sfh_main.c', 100]]);
  await press('c');
  assert.match(frame(), /Cover letter, as w writes it/);
  assert.match(frame(), /PCI: Remove the hybrid behaviour of pci_intx\(\)/);
  await press('q');
  assert.match(frame(), /Needs review/);
  ui.unmount();
});

/** A $VISUAL that checks the buffer it is given starts with `expected`, then replaces it with `text`. */
function scriptedVisual(expected: string, text: string): string {
  const dir = makeTempDir('cover-visual');
  fs.writeFileSync(path.join(dir, 'replacement.txt'), text);
  fs.writeFileSync(path.join(dir, 'expected.txt'), expected);
  const script = path.join(dir, 'visual.sh');
  fs.writeFileSync(script, `#!/bin/sh\nhead -c ${Buffer.byteLength(expected)} "$1" | cmp -s - "${dir}/expected.txt" || exit 3\ncat "${dir}/replacement.txt" > "$1"\n`, { mode: 0o755 });
  return script;
}

/** The streams the editor hands the terminal over with, as ink-testing-library has no real terminal. */
function fakeStreams() {
  return {
    stdin: { setRawMode: () => undefined } as unknown as NodeJS.ReadStream,
    stdout: { write: () => true } as unknown as NodeJS.WriteStream,
  };
}

test('e in the cover letter edits its subject and text in $VISUAL: saved in the decisions, shown in the cover letter, undone by z', async () => {
  const visual = scriptedVisual('PCI: Remove the hybrid behaviour of pci_intx()\n', 'PCI: Make pci_intx() unmanaged\n\nWhy the series exists.\n\nNote: not a trailer, the text of the letter.\n');
  const editMessage = terminalEditor(fakeStreams(), { ...process.env, VISUAL: visual, EDITOR: '' });
  const { press, frame, backend, ui } = startReview({ editMessage });
  await press('c', 'e');
  assert.deepEqual(backend.saved.at(-1)!.cover, { subject: 'PCI: Make pci_intx() unmanaged', body: 'Why the series exists.\n\nNote: not a trailer, the text of the letter.' });
  assert.match(frame(), /Cover letter, as w writes it/);
  assert.match(frame(), /^PCI: Make pci_intx\(\) unmanaged$/m);
  assert.match(frame(), /^Why the series exists\.$/m);
  assert.match(frame(), /Cover letter edited/);
  assert.doesNotMatch(frame(), /Remove the hybrid behaviour/);
  // Out of the letter, z takes the edit back: no cover left in the decisions.
  await press(KEYS.escape, 'z');
  assert.equal(backend.saved.at(-1)!.cover, undefined);
  await press('c');
  assert.match(frame(), /^PCI: Remove the hybrid behaviour of pci_intx\(\)$/m);
  ui.unmount();
});

test('a cover letter edit that git am would cut, or with control characters, is not saved; the reason is shown', async () => {
  const texts = ['PCI: Subject\n\nWhy.\n---\nmore\n', 'PCI: Subject\n\nWhy \x1b[31mred\n', 'PCI: Subject\n\nWhy.\ndiff --git a/x b/x\n'];
  const reasons = [/git am would end the message there/, /holds control characters/, /holds a line starting "diff --git"/];
  const { press, frame, backend, ui } = startReview({ editMessage: () => ({ kind: 'edited', text: texts.shift()! }) });
  await press('c');
  for (const reason of reasons) {
    await press('e');
    assert.match(frame(), /Edit not saved: the cover letter's text/);
    assert.match(frame(), reason);
  }
  assert.equal(backend.saved.length, 0);
  assert.match(frame(), /^PCI: Remove the hybrid behaviour of pci_intx\(\)$/m);
  ui.unmount();
});

test('a patch message edit that git am would cut is not saved: the decisions file would refuse it on the next start', async () => {
  const { press, frame, backend, ui } = startReview({ editMessage: () => ({ kind: 'edited', text: 'net: Use pci_intx_unmanaged()\n\nWhy.\n---\nmore\n' }) });
  await press('j', 'e');
  assert.match(frame(), /Edit not saved: the message holds a line "---"/);
  assert.equal(backend.saved.length, 0);
  ui.unmount();
});
