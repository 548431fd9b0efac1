// The review's first frame comes before the series: the stages show as they start, keys typed while
// the series is built are kept and run in order once the review is there, Ctrl-C stops the wait and
// a failing build is handed back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import React from 'react';
import { render } from 'ink-testing-library';
import { ReviewStartup, type ReviewLoader } from '../src/review/startup.js';
import type { ReviewExit } from '../src/review/controller.js';
import type { ReviewBackend } from '../src/review/backend.js';
import { syntheticBackend, type SyntheticDriver } from '../bench/synthetic-review.js';

const DRIVERS: SyntheticDriver[] = [
  { subsystem: 'ata', name: 'ahci', classification: 'managed' },
  { subsystem: 'net', name: 'e100', classification: 'unmanaged' },
  { subsystem: 'sound', name: 'hda', classification: 'managed' },
];

const turn = () => new Promise((resolve) => setTimeout(resolve, 5));

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400 && !condition(); i++) await turn();
  assert.ok(condition(), what);
}

/** A loader the test drives: each stage it is told to start, then the backend when released. */
function controlledLoader() {
  let stage: (name: string) => void = () => {};
  let finish: (result: ReviewBackend | Error) => void = () => {};
  const load: ReviewLoader = (report) => {
    stage = report;
    return new Promise((resolve, reject) => {
      finish = (result) => (result instanceof Error ? reject(result) : resolve(result));
    });
  };
  return { load, stage: (name: string) => stage(name), finish: (result: ReviewBackend | Error) => finish(result) };
}

function start(load: ReviewLoader) {
  const exits: ReviewExit[] = [];
  const failures: unknown[] = [];
  const ui = render(
    <ReviewStartup
      title="kcodemod review synthetic"
      load={load}
      editMessage={() => ({ kind: 'failed', reason: 'no editor' })}
      onExit={(exit) => exits.push(exit)}
      onFailure={(error) => failures.push(error)}
    />,
  );
  const frame = () => ui.lastFrame() ?? '';
  const selected = () => frame().split('\n').find((line) => line.startsWith('▶')) ?? '';
  return { ui, frame, selected, exits, failures };
}

test('the first frame shows before the series, with each stage as it starts; keys typed meanwhile run once it is there', async () => {
  const loader = controlledLoader();
  const { ui, frame, selected } = start(loader.load);
  assert.match(frame(), /kcodemod review synthetic {2}starting/);
  await turn();
  loader.stage('searching');
  await until(() => /… searching/.test(frame()), `the running stage shows:\n${frame()}`);
  loader.stage('classifying');
  await until(() => /✓ searching/.test(frame()) && /… classifying/.test(frame()), `the stage before is done:\n${frame()}`);
  // Two keys while the series is being built: kept, and said so.
  ui.stdin.write('j');
  await turn();
  ui.stdin.write('j');
  await until(() => /2 keys kept/.test(frame()), `the kept keys are counted:\n${frame()}`);
  loader.finish(syntheticBackend({ drivers: DRIVERS }));
  await until(() => /accepted 0 {2}dropped 0/.test(frame()), `the review is there:\n${frame()}`);
  // The same two keys on a review that was there from the start select the same row.
  const reference = start(async () => syntheticBackend({ drivers: DRIVERS }));
  await until(() => /accepted 0/.test(reference.frame()), 'the reference review is there');
  reference.ui.stdin.write('j');
  await turn();
  reference.ui.stdin.write('j');
  // Two rows down from the first: both keys were read (waiting for "moved" alone raced the second key).
  await until(() => /^▶0003 /.test(reference.selected()), `the reference moved two rows:\n${reference.frame()}`);
  // The kept keys run once the review is there, each on its own frame: the last one settles it.
  await until(() => selected() === reference.selected(), `the kept keys select the reference's row:\n${frame()}`);
  assert.equal(selected(), reference.selected());
  reference.ui.unmount();
  ui.unmount();
});

test('Ctrl-C while the series is built stops with 130; a failing build is handed back', async () => {
  const stopped = start(controlledLoader().load);
  await turn();
  stopped.ui.stdin.write('\x03');
  await until(() => stopped.exits.length === 1, 'Ctrl-C ends the wait');
  assert.equal(stopped.exits[0].code, 130);
  assert.match(stopped.exits[0].summary, /nothing written/);
  stopped.ui.unmount();

  const loader = controlledLoader();
  const failing = start(loader.load);
  await turn();
  loader.finish(new Error('not a Linux kernel tree'));
  await until(() => failing.failures.length === 1, 'the failure is handed back');
  assert.equal((failing.failures[0] as Error).message, 'not a Linux kernel tree');
  failing.ui.unmount();
});
