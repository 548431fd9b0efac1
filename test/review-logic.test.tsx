// The review UI's parts that need no terminal: the key table, decision updates, the patch viewer's
// lines, the editor hand-over, and the refusal without a TTY.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Key } from 'ink';
import { actionsForInput, keyBindings, keyBindingsMarkdown } from '../src/review/keys.js';
import { vocabularyProblems } from '../src/vocabulary.js';
import { withModuleClassification, withPatchStatus } from '../src/review/decide.js';
import { buildPatchLines, displayText } from '../src/review/patch-lines.js';
import { editorCommand, messageForEditing, parseEditedMessage, terminalEditor } from '../src/review/edit-message.js';
import { buildReviewModel, retainDroppedPatches, sitesById } from '../src/review/review-model.js';
import { buildSyntheticSeries, syntheticBackend, syntheticPlan, SYNTHETIC_VOCABULARY } from '../bench/synthetic-review.js';

const KEY_BINDINGS = keyBindings(SYNTHETIC_VOCABULARY);
import { runReview } from '../src/review/run.js';
import { TERMINAL } from '../src/review/terminal.js';
import { emptyDecisions } from '../src/series/decisions.js';
import { REPO_ROOT } from './helpers/paths.js';

const noKey: Key = {
  upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false,
  home: false, end: false, return: false, escape: false, ctrl: false, shift: false, tab: false,
  backspace: false, delete: false, meta: false, super: false, hyper: false, capsLock: false, numLock: false,
};

test('every key name belongs to one binding only', () => {
  const names = KEY_BINDINGS.flatMap((binding) => binding.keys);
  assert.equal(new Set(names).size, names.length);
  assert.equal(new Set(KEY_BINDINGS.map((binding) => binding.id)).size, KEY_BINDINGS.length);
});

test('ink input events map to actions through the table', () => {
  assert.deepEqual(actionsForInput('j', noKey), ['down']);
  assert.deepEqual(actionsForInput('', { ...noKey, downArrow: true }), ['down']);
  assert.deepEqual(actionsForInput('', { ...noKey, pageDown: true }), ['page-down']);
  assert.deepEqual(actionsForInput(' ', noKey), ['page-down']);
  assert.deepEqual(actionsForInput('G', { ...noKey, shift: true }), ['bottom']);
  assert.deepEqual(actionsForInput('', { ...noKey, return: true }), ['open']);
  assert.deepEqual(actionsForInput('', { ...noKey, escape: true, meta: true }), ['back']);
  assert.deepEqual(actionsForInput('c', { ...noKey, ctrl: true }), ['abort']);
  // ESC j in one read: Esc, then j.
  assert.deepEqual(actionsForInput('j', { ...noKey, meta: true }), ['back', 'down']);
  assert.deepEqual(actionsForInput('?', noKey), ['help']);
  // Several characters in one read, unknown ones skipped.
  assert.deepEqual(actionsForInput('j!y\r', noKey), ['down', 'accept', 'open']);
  assert.deepEqual(actionsForInput('Z', noKey), []);
});

test("a transform's choice keys come from its vocabulary; keys that collide with the engine's are refused", () => {
  assert.deepEqual(actionsForInput('mu', noKey, KEY_BINDINGS), ['choose:managed', 'choose:unmanaged']);
  assert.deepEqual(actionsForInput('m', noKey), [], 'without the vocabulary, m means nothing');
  const renamed = { ...SYNTHETIC_VOCABULARY, classifications: SYNTHETIC_VOCABULARY.classifications.map((c) => (c.choice ? { ...c, choice: { ...c.choice, key: c.id === 'managed' ? 'r' : 'l' } } : c)) };
  assert.deepEqual(actionsForInput('rlm', noKey, keyBindings(renamed)), ['choose:managed', 'choose:unmanaged']);
  const clash = { ...SYNTHETIC_VOCABULARY, classifications: [{ ...SYNTHETIC_VOCABULARY.classifications[0], choice: { key: 'y', help: 'x' } }] };
  assert.deepEqual(vocabularyProblems(clash), ['classification "managed": review key "y" is one of the engine\'s own keys']);
  assert.deepEqual(vocabularyProblems(SYNTHETIC_VOCABULARY), []);
});

test('the README table lists every binding', () => {
  const markdown = keyBindingsMarkdown(KEY_BINDINGS);
  assert.ok(markdown.startsWith('| Key | Action |\n|---|---|\n'));
  for (const binding of KEY_BINDINGS) {
    assert.ok(markdown.includes(`| ${binding.keys.map((name) => `\`${name}\``).join(', ')} | ${binding.description} |`), binding.id);
  }
});

test('a module decision replaces the site decisions of that module only', () => {
  const decisions = emptyDecisions('pci-intx');
  decisions.sites = { a: { classification: 'unmanaged' }, b: { classification: 'managed', drop: true }, other: { classification: 'managed' } };
  const updated = withModuleClassification(decisions, 'drivers/x/x', 'managed', ['a', 'b']);
  assert.deepEqual(updated.sites, { b: { drop: true }, other: { classification: 'managed' } });
  assert.deepEqual(updated.modules, { 'drivers/x/x': { classification: 'managed' } });
  // The input is left as it was.
  assert.deepEqual(decisions.sites.a, { classification: 'unmanaged' });
  assert.deepEqual(withPatchStatus(updated, 'p', 'dropped').patches, { p: { status: 'dropped' } });
});

test('an edited message splits into subject, body and trailer block', () => {
  assert.equal(messageForEditing({ key: 'k', subject: 'ata: Use pcim_intx()', body: 'Body.\n\n', trailers: [] }), 'ata: Use pcim_intx()\n\nBody.\n');
  assert.equal(
    messageForEditing({ key: 'k', subject: 'ata: Use pcim_intx()', body: 'Body.', trailers: ['Link: https://lore.kernel.org/r/1', 'Signed-off-by: A <a@b.c>'] }),
    'ata: Use pcim_intx()\n\nBody.\n\nLink: https://lore.kernel.org/r/1\nSigned-off-by: A <a@b.c>\n',
  );
  assert.deepEqual(parseEditedMessage('  New subject \r\n\r\n\r\nLine one\nLine two\n\n'), { subject: 'New subject', body: 'Line one\nLine two', trailers: null });
  assert.deepEqual(parseEditedMessage('Only a subject'), { subject: 'Only a subject', body: '', trailers: null });
  assert.equal(parseEditedMessage('\nbody without subject'), null);
  // The last paragraph, when every line is a trailer: an added Acked-by: joins Signed-off-by:.
  assert.deepEqual(parseEditedMessage('S\n\nWhy: a reason.\nMore prose.\n\nAcked-by: B <b@c.d>\nSigned-off-by: A <a@b.c>\n\n'), {
    subject: 'S',
    body: 'Why: a reason.\nMore prose.',
    trailers: ['Acked-by: B <b@c.d>', 'Signed-off-by: A <a@b.c>'],
  });
  // A last paragraph with prose in it is body; a subject followed only by trailers has no body.
  assert.deepEqual(parseEditedMessage('S\n\nBody.\n\nAcked-by: B <b@c.d>\nnot a trailer\n'), { subject: 'S', body: 'Body.\n\nAcked-by: B <b@c.d>\nnot a trailer', trailers: null });
  assert.deepEqual(parseEditedMessage('S\n\nSigned-off-by: A <a@b.c>\n'), { subject: 'S', body: '', trailers: ['Signed-off-by: A <a@b.c>'] });
});

test('the editor is $VISUAL, then $EDITOR, then vi, with its arguments', () => {
  assert.deepEqual(editorCommand({ VISUAL: 'code -w', EDITOR: 'nano' }), ['code', '-w']);
  assert.deepEqual(editorCommand({ VISUAL: ' ', EDITOR: 'emacs -nw' }), ['emacs', '-nw']);
  assert.deepEqual(editorCommand({}), ['vi']);
});

function fakeTerminal() {
  const written: string[] = [];
  const rawModes: boolean[] = [];
  const stdin = { setRawMode: (mode: boolean) => rawModes.push(mode) } as unknown as NodeJS.ReadStream;
  const stdout = { write: (data: string) => written.push(data) } as unknown as NodeJS.WriteStream;
  return { stdin, stdout, written, rawModes };
}

test('the editor gets the terminal and the message file, and the terminal is taken back', () => {
  const terminal = fakeTerminal();
  const edit = terminalEditor(terminal, { ...process.env, VISUAL: 'sed -i s/Use/Port/', EDITOR: '' });
  const outcome = edit({ key: 'port-managed:ata', subject: 'ata: Use pcim_intx()', body: 'Why.', trailers: [] });
  assert.deepEqual(outcome, { kind: 'edited', text: 'ata: Port pcim_intx()\n\nWhy.\n' });
  assert.deepEqual(terminal.rawModes, [false, true]);
  assert.equal(terminal.written[0], TERMINAL.leaveAlternateScreen + TERMINAL.showCursor);
  assert.ok(terminal.written[1].startsWith(TERMINAL.enterAlternateScreen));
});

test('an editor that fails or is missing cancels the edit', () => {
  const failing = terminalEditor(fakeTerminal(), { ...process.env, VISUAL: 'false' });
  assert.deepEqual(failing({ key: 'k', subject: 's', body: '', trailers: [] }), { kind: 'failed', reason: 'the editor "false" exited with status 1' });
  const missing = terminalEditor(fakeTerminal(), { ...process.env, VISUAL: '/nonexistent/editor' });
  const outcome = missing({ key: 'k', subject: 's', body: '', trailers: [] });
  assert.equal(outcome.kind, 'failed');
  assert.match(outcome.kind === 'failed' ? outcome.reason : '', /^could not start the editor "\/nonexistent\/editor": .*ENOENT/);
});

test('patch lines: tabs expanded, control characters visible, diff lines toned, sites placed before the diff', () => {
  assert.equal(displayText('\tx\ty'), '        x       y');
  assert.equal(displayText('a\r'), 'a^M');
  assert.equal(displayText('caf\xe9'), 'caf\xe9');

  const plan = syntheticPlan([{ subsystem: 'net', name: 'e100', classification: 'unmanaged', sites: 2 }]);
  const decisions = emptyDecisions('pci-intx');
  const series = buildSyntheticSeries(plan, decisions);
  const patch = series.patches[1];
  const text = 'net: Use pci_intx_unmanaged()\n\nBody\n\nSigned-off-by: T <t@example.org>\n---\n x.c | 2 +-\n\ndiff --git a/x.c b/x.c\n--- a/x.c\n+++ b/x.c\n@@ -1 +1 @@\n-\tpci_intx(p, 1);\r\n+\tpci_intx_unmanaged(p, 1);\r\n';
  const { lines, sites } = buildPatchLines(text, patch, {
    sitesById: sitesById(plan),
    replacementByClassification: new Map([['managed', 'pcim_intx']]),
    vocabulary: SYNTHETIC_VOCABULARY,
    decisions,
  });
  const flat = lines.map((line) => line.map((segment) => segment.text).join(''));
  const tones = lines.map((line) => line[0]?.tone);
  assert.equal(tones[0], 'subject');
  assert.equal(tones[flat.indexOf('Signed-off-by: T <t@example.org>')], 'dim');
  const diffAt = flat.indexOf('diff --git a/x.c b/x.c');
  assert.equal(tones[diffAt], 'file');
  assert.equal(tones[diffAt + 3], 'hunk');
  // A tab after the +/- column reaches column 8, as in a terminal; CR shows as ^M.
  assert.deepEqual(flat.slice(diffAt + 4), ['-       pci_intx(p, 1);^M', '+       pci_intx_unmanaged(p, 1);^M']);
  assert.deepEqual(tones.slice(diffAt + 4), ['removed', 'added']);
  assert.deepEqual(sites.map((site) => site.siteId), patch.siteIds);
  assert.ok(sites[1].end < diffAt);
  assert.match(flat[sites[0].start], /^ {2}Site 1\/2 {2}drivers\/net\/e100_main\.c:100 e100_probe\(\)$/);
  assert.ok(flat.slice(sites[0].start, sites[0].end).includes('      alternatives: m: module managed -> pcim_intx()'));
});

test('dropped patches the builder left out are kept until taken back', () => {
  const plan = syntheticPlan([{ subsystem: 'ata', name: 'ahci', classification: 'managed' }]);
  const before = buildSyntheticSeries(plan, emptyDecisions('pci-intx'));
  const dropped = withPatchStatus(emptyDecisions('pci-intx'), 'port-managed:ata', 'dropped');
  const after = buildSyntheticSeries(plan, dropped, { omitDroppedPatches: true });
  const retained = retainDroppedPatches({ series: before, retained: [] }, after, dropped);
  assert.deepEqual(retained.map((kept) => [kept.patch.key, kept.index, kept.series === before]), [['port-managed:ata', 1, true]]);
  const model = buildReviewModel({ plan, vocabulary: SYNTHETIC_VOCABULARY, series: after, decisions: dropped, retained, staleDecisions: [] });
  assert.deepEqual(model.patches.map((entry) => [entry.key, entry.number, entry.status]), [
    ['prepare', 1, 'pending'],
    ['port-managed:ata', null, 'dropped'],
  ]);
  const restored = withPatchStatus(dropped, 'port-managed:ata', 'accepted');
  assert.deepEqual(retainDroppedPatches({ series: after, retained }, buildSyntheticSeries(plan, restored), restored), []);
});

test('without a terminal, review refuses with one line that points to series', async () => {
  const backend = syntheticBackend({ drivers: [{ subsystem: 'ata', name: 'ahci', classification: 'managed' }] });
  const errors: string[] = [];
  const write = process.stderr.write;
  process.stderr.write = ((chunk: string) => {
    errors.push(String(chunk));
    return true;
  }) as typeof process.stderr.write;
  let code: number;
  try {
    code = await runReview(backend, {
      stdin: { isTTY: false } as NodeJS.ReadStream,
      stdout: { isTTY: true } as NodeJS.WriteStream,
    });
  } finally {
    process.stderr.write = write;
  }
  assert.equal(code, 1);
  assert.deepEqual(errors, [
    'kcodemod review: needs an interactive terminal (stdin and stdout must be a TTY); use `kcodemod series synthetic --decisions FILE` instead\n',
  ]);
  assert.equal(backend.built.length, 0);
});

test("the README's key table is the generated one, and every engine key is reserved against transforms", async () => {
  const { readFileSync } = await import('node:fs');
  const { VOCABULARY: PCI_INTX } = await import('../transforms/pci-intx/vocabulary.js');
  const { VOCABULARY: PCI_REGIONS } = await import('../transforms/pci-regions/vocabulary.js');
  const { ENGINE_KEY_BINDINGS } = await import('../src/review/keys.js');
  const { ENGINE_REVIEW_KEYS } = await import('../src/vocabulary.js');
  const readme = readFileSync(`${REPO_ROOT}/README.md`, 'utf8');
  const section = readme.slice(readme.indexOf('## Review keys'));
  const table = section.slice(section.indexOf('| Key | Action |'), section.indexOf('\n\n', section.indexOf('| Key | Action |')) + 1);
  assert.equal(table, keyBindingsMarkdown(keyBindings(PCI_INTX)));
  const single = ENGINE_KEY_BINDINGS.flatMap((binding) => binding.keys).map((name) => (name === 'Space' ? ' ' : name)).filter((name) => [...name].length === 1 && name !== '↓' && name !== '↑');
  assert.deepEqual(single.filter((name) => !ENGINE_REVIEW_KEYS.has(name)), []);
  assert.deepEqual(vocabularyProblems(PCI_INTX), []);
  assert.deepEqual(vocabularyProblems(PCI_REGIONS), []);
  // The engine's new keys are refused to transforms.
  const shifted = { ...SYNTHETIC_VOCABULARY, classifications: [{ ...SYNTHETIC_VOCABULARY.classifications[0], choice: { key: 'c', help: 'x' } }] };
  assert.deepEqual(vocabularyProblems(shifted), ['classification "managed": review key "c" is one of the engine\'s own keys']);
});
