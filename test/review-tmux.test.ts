// `kcodemod review` end to end in a real terminal: tmux runs it on examples/, send-keys drives it
// (navigate, search, accept and undo, add a trailer with e, flip a module, set one site, drop a
// patch, read and edit the cover letter, write), capture-pane reads the screen, and the written
// series and decisions file are checked (the trailers with real git interpret-trailers). tmux gets its own server (socket) and no user config.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './helpers/paths.js';

const REPO = REPO_ROOT;
const SCREEN_DEADLINE_MS = 20_000;
const EXIT_MARK = '[exited with status';
const EXITED = /\[exited with status (\d+)\]/;
const ACK = 'Acked-by: Tmux Tester <ack@example.org>';
const COVER_NOTE = 'A paragraph the tmux tester wrote.';

function tmuxInstalled(): boolean {
  return spawnSync('tmux', ['-V'], { encoding: 'utf8' }).status === 0;
}

class TmuxSession {
  private readonly socket = `kcodemod-review-test-${process.pid}`;
  private readonly target = 'review';

  constructor(command: string[], cwd: string, size: { columns: number; rows: number }) {
    // A shell around the command prints its exit status and keeps the pane open to read it
    // (tmux's remain-on-exit loses the last lines written after leaving the alternate screen).
    const keepOpen = `cd "$1" && shift && "$@"; echo "${EXIT_MARK} $?]"; exec sleep 600`;
    this.tmux(
      'new-session', '-d', '-s', this.target, '-x', String(size.columns), '-y', String(size.rows),
      'sh', '-c', keepOpen, 'sh', cwd, ...command,
    );
  }

  private tmux(...args: string[]): string {
    const result = spawnSync('tmux', ['-L', this.socket, '-f', '/dev/null', ...args], { encoding: 'utf8', timeout: 10_000 });
    if (result.status !== 0) throw new Error(`tmux ${args[0]} failed: ${result.stderr.trim()}`);
    return result.stdout;
  }

  screen(): string {
    return this.tmux('capture-pane', '-p', '-t', this.target);
  }

  sendKeys(...keys: string[]): void {
    this.tmux('send-keys', '-t', this.target, ...keys);
  }

  /** Polls the screen until `pattern` shows, or fails with the last screen (at once if the command ended). */
  async waitFor(pattern: RegExp, what: string): Promise<RegExpExecArray> {
    const deadline = Date.now() + SCREEN_DEADLINE_MS;
    let screen = '';
    while (Date.now() < deadline) {
      screen = this.screen();
      const match = pattern.exec(screen);
      if (match) return match;
      if (EXITED.test(screen)) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`timed out waiting for ${what} (${pattern}); the screen was:\n${screen}`);
  }

  /** Sends keys and waits until the screen differs from before (each key redraws something). */
  async press(key: string): Promise<string> {
    const before = this.screen();
    this.sendKeys(key);
    const deadline = Date.now() + SCREEN_DEADLINE_MS;
    while (Date.now() < deadline) {
      const screen = this.screen();
      if (screen !== before) return screen;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`the screen did not change after ${key}:\n${before}`);
  }

  /** The exit status once the command has ended, polling until then. */
  async exitStatus(): Promise<number> {
    const ended = await this.waitFor(EXITED, 'the command to end');
    return Number(ended[1]);
  }

  close(): void {
    const socketPath = spawnSync('tmux', ['-L', this.socket, 'display-message', '-p', '#{socket_path}'], { encoding: 'utf8' }).stdout.trim();
    spawnSync('tmux', ['-L', this.socket, 'kill-server'], { timeout: 10_000 });
    // tmux leaves its socket file behind.
    if (socketPath) rmSync(socketPath, { force: true });
  }
}

/** An overview row of a patch: marker, number, status, breakage flag, counts, subject. */
const PATCH_ROW = /^([▶ ])(\d{4}|----) {2}(pending|accepted|dropped|edited) +(?:(?:BROKEN|breaks \d+) +)?(\d+ sites?, \d+ files?) +(.+?)\s*$/;

/** An open site of the needs-review group classified "review"; group 1 is its file. */
const REVIEW_SITE_ROW = /^▶ \? open +review +(\S+?):\d+/;

function selectedLine(screen: string): string {
  return screen.split('\n').find((line) => line.startsWith('▶')) ?? '';
}

test('review in tmux: navigate, search, undo, add a trailer, flip a module, set one site, drop a patch, cover letter, write', async () => {
  assert.ok(tmuxInstalled(), 'tmux is not installed: apt-get install tmux (the review UI is tested in a real terminal; .ci/run installs it)');
  const outputDir = mkdtempSync(join(tmpdir(), 'kcodemod-review-tmux-'));
  // The "editor": adds an Acked-by: line above Signed-off-by: in the trailer block, as a person would.
  const editorDir = mkdtempSync(join(tmpdir(), 'kcodemod-review-editor-'));
  const editor = join(editorDir, 'add-ack.sh');
  // In the cover letter (a buffer named after its key) it adds a paragraph instead.
  writeFileSync(editor, `#!/bin/sh\ncase "$1" in\n*cover-letter.txt) printf '\\n${COVER_NOTE}\\n' >> "$1" ;;\n*) sed -i 's/^Signed-off-by:/${ACK}\\nSigned-off-by:/' "$1" ;;\nesac\n`);
  chmodSync(editor, 0o755);
  // The fact cache goes to a directory of the test's own, never the user's ~/.cache.
  const cacheHome = mkdtempSync(join(tmpdir(), 'kcodemod-review-tmux-cache-'));
  const command = ['env', `VISUAL=${editor}`, `XDG_CACHE_HOME=${cacheHome}`, 'node', 'bin/kcodemod.js', 'review', 'pci-intx', 'examples', '-o', outputDir, '--no-maintainers', '--from', 'Test <t@example.org>'];
  const session = new TmuxSession(command, REPO, { columns: 100, rows: 30 });
  let restarted: TmuxSession | null = null;
  try {
    await session.waitFor(/accepted 0 {2}dropped 0 {2}pending \d+ {2}needs review \d+/, 'the status line');
    // The header knows the output directory holds no series yet.
    await session.waitFor(/written: nothing yet/, 'the written state in the header');
    const first = selectedLine(session.screen());
    assert.match(first, PATCH_ROW, 'the first patch is selected');

    // Navigate: the selection moves down and back.
    assert.notEqual(selectedLine(await session.press('j')), first);
    assert.equal(selectedLine(await session.press('k')), first);

    // Accept the first patch, then undo it: pending again.
    session.sendKeys('y');
    await session.waitFor(/accepted 1 {2}dropped 0/, 'the accept');
    session.sendKeys('z');
    await session.waitFor(/Undone: Accepted: .+/, 'the undo');
    await session.waitFor(/accepted 0 {2}dropped 0/, 'the counts after the undo');

    // Search the overview for the MSI patch, as in less.
    session.sendKeys('/', 'M', 'S', 'I', 'Enter');
    await session.waitFor(/\/MSI: 1 of \d+/, 'the search');
    assert.match(selectedLine(session.screen()), /MSI/);

    // e on it: the edit buffer holds the trailer block; the editor adds an ack there.
    session.sendKeys('e');
    await session.waitFor(/Edited: .*MSI/, 'the edit');

    // Flip the module of the last site in review (the needs-review group ends the overview).
    let screen = await session.press('G');
    for (let guard = 0; guard < 60 && !REVIEW_SITE_ROW.test(selectedLine(screen)); guard++) screen = await session.press('k');
    const site = REVIEW_SITE_ROW.exec(selectedLine(screen));
    assert.ok(site, `a site in review is selected:\n${screen}`);
    const siteFile = site[1];
    session.sendKeys('m');
    const moved = await session.waitFor(/Module (\S+) set to managed: \d+ sites? (now in (\d{4})|in no patch)/, 'the module decision');
    const moduleId = moved[1];
    const holder = moved[3] ?? null;

    // One site alone: the next open review site above, with Shift (or the reason it cannot take it).
    screen = await session.press('G');
    for (let guard = 0; guard < 60 && !REVIEW_SITE_ROW.test(selectedLine(screen)); guard++) screen = await session.press('k');
    const single = REVIEW_SITE_ROW.exec(selectedLine(screen));
    assert.ok(single, `another site in review is selected:\n${screen}`);
    session.sendKeys('U');
    const sited = await session.waitFor(/Site (\S+):\d+ set to unmanaged|Not set: (\S+):\d+ cannot be unmanaged: .+/, 'the site decision');
    const singleFile = sited[1] ?? sited[2];
    assert.equal(singleFile, single[1]);
    const singleSet = sited[1] !== undefined;

    // The cover letter, as it will be written; q closes it.
    session.sendKeys('c');
    await session.waitFor(/Cover letter, as w writes it/, 'the cover letter');
    await session.waitFor(/Subject: \[PATCH 0+\/\d+\]/, "the cover letter's subject");
    // e there edits it: the view shows the letter with the new paragraph, as w writes it.
    session.sendKeys('e');
    await session.waitFor(/Cover letter edited/, 'the cover letter edit');
    // The new paragraph ends the letter's text: page down to it.
    let cover = session.screen();
    for (let guard = 0; guard < 20 && !cover.includes(COVER_NOTE); guard++) cover = await session.press('Space');
    assert.ok(cover.includes(COVER_NOTE), `the edited cover letter shows the new paragraph:\n${cover}`);
    session.sendKeys('q');
    await session.waitFor(/Needs review/, 'the overview again');

    // Drop the last patch of the series (nothing depends on it), unless it now holds the flipped site.
    screen = await session.press('G');
    const droppable = (line: string) => {
      const row = PATCH_ROW.exec(line);
      return row !== null && row[2] !== holder && row[2] !== '----';
    };
    for (let guard = 0; guard < 60 && !droppable(selectedLine(screen)); guard++) screen = await session.press('k');
    const droppedRow = PATCH_ROW.exec(selectedLine(screen));
    assert.ok(droppedRow && droppable(droppedRow[0]), `a patch row is selected:\n${screen}`);
    const droppedSubject = droppedRow[5];
    session.sendKeys('d');
    screen = (await session.waitFor(/Dropped: .+/, 'the drop')).input;
    assert.doesNotMatch(screen, /Not writable/);
    const counts = /accepted (\d+) {2}dropped 1 {2}pending (\d+)/.exec(screen);
    assert.ok(counts, screen);
    const kept = Number(counts[1]) + Number(counts[2]);

    // Patches are pending: w asks first.
    session.sendKeys('w');
    await session.waitFor(/Write anyway\? \(y\/n\) +\d+ patch(es)? pending/, 'the question before writing');
    session.sendKeys('y');
    assert.equal(await session.exitStatus(), 0, session.screen());
    assert.match(session.screen(), /Wrote \d+ files? to /);

    const files = readdirSync(outputDir);
    const patches = files.filter((name) => /^\d{4}-.*\.patch$/.test(name) && !name.startsWith('0000-'));
    assert.equal(patches.length, kept, `written: ${files.join(', ')}`);
    const texts = patches.map((name) => readFileSync(join(outputDir, name), 'latin1'));
    const subjectLines = texts.map((text) => /^Subject: (.*(?:\n [^\n]*)*)/m.exec(text)?.[1].replace(/\n /g, ' ') ?? '');
    // The overview may cut a long subject: compare its start.
    assert.ok(subjectLines.every((subject) => !subject.includes(`] ${droppedSubject}`)), `"${droppedSubject}" was dropped`);
    if (holder !== null) {
      assert.ok(texts.some((text) => text.includes(`diff --git a/${siteFile} b/${siteFile}`)), `${siteFile} is ported after the flip`);
    }

    // The ack sits in the trailer block with Signed-off-by:, as git reads it.
    const msiPatch = patches.find((name, i) => /MSI/.test(subjectLines[i]));
    assert.ok(msiPatch, `the MSI patch is written: ${patches.join(', ')}`);
    const parsed = spawnSync('git', ['interpret-trailers', '--parse', join(outputDir, msiPatch)], { encoding: 'utf8' });
    assert.equal(parsed.status, 0, parsed.stderr);
    const trailers = parsed.stdout.trim().split('\n');
    assert.ok(trailers.includes(ACK), `git interpret-trailers --parse: ${parsed.stdout}`);
    assert.deepEqual(trailers.slice(-2), [ACK, 'Signed-off-by: Test <t@example.org>']);

    // The edited cover letter is written, and saved as the decisions' cover.
    assert.ok(readFileSync(join(outputDir, files.find((name) => name.startsWith('0000-'))!), 'utf8').includes(`\n${COVER_NOTE}\n`), 'the cover letter holds the edit');

    const decisions = JSON.parse(readFileSync(join(outputDir, '.kcodemod', 'kcodemod-decisions.json'), 'utf8'));
    assert.ok(decisions.cover?.body?.endsWith(COVER_NOTE), JSON.stringify(decisions.cover));
    assert.equal(decisions.schemaVersion, 1);
    assert.equal(decisions.transform, 'pci-intx');
    assert.equal(decisions.modules[moduleId]?.classification, 'managed');
    const siteDecisions = Object.entries(decisions.sites as Record<string, { classification?: string }>).filter(([, d]) => d.classification === 'unmanaged');
    assert.equal(siteDecisions.length, singleSet ? 1 : 0, JSON.stringify(decisions.sites));
    // The undone accept left no trace.
    assert.ok(!Object.values(decisions.patches as Record<string, { status?: string }>).some((d) => d.status === 'accepted'), JSON.stringify(decisions.patches));
    const droppedKeys = Object.entries(decisions.patches as Record<string, { status?: string }>)
      .filter(([, decision]) => decision.status === 'dropped')
      .map(([key]) => key);
    assert.equal(droppedKeys.length, 1, JSON.stringify(decisions.patches));

    // A restart on the written directory: the saved decisions come back, and the header says the
    // written series is what w would write now; q quits at once (nothing decided since).
    session.close();
    restarted = new TmuxSession(command, REPO, { columns: 100, rows: 30 });
    await restarted.waitFor(/written: up to date/, 'the written state after a restart');
    restarted.sendKeys('q');
    assert.equal(await restarted.exitStatus(), 0, restarted.screen());
  } finally {
    restarted?.close();
    session.close();
    rmSync(outputDir, { recursive: true, force: true });
    rmSync(editorDir, { recursive: true, force: true });
  }
});
