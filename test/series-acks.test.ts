// The cover letter's list of acks: one line per patch within 75 columns, names without addresses
// (those are on the mails), and a patch that also touches earlier patches' files points at them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { patchesToWrite } from '../src/series/build.js';
import type { SeriesModel, SeriesPatch } from '../src/series/model.js';

function patch(subject: string, subsystem: string, acksFrom: string[]): SeriesPatch {
  return { key: subject, phase: 'p', subject, body: '', trailers: [], changes: [], siteIds: [], dependsOn: [], subsystem, acksFrom, cautions: [] };
}

const CORE = ['Bo Core <bo@example.org>'];
const NET = ['Nia Net <nia@example.org>', 'list-only@example.org'];
const DISK = ['"Dee, Disk" <dee@example.org>'];

test('acks name people once per patch; a patch over earlier patches\' files points at them by number', () => {
  const model: SeriesModel = {
    transform: 't',
    phases: [],
    notes: [],
    cover: { subject: 's', body: 'Body.', mergePath: 'Through the core tree.' },
    patches: [
      patch('core: Add x()', 'CORE', CORE),
      patch('net: Use x()', 'NETWORKING DRIVERS WITH A VERY LONG SECTION TITLE INDEED', NET),
      patch('disk: Use x()', 'DISK', DISK),
      patch('core: Remove y()', 'CORE, also NETWORKING DRIVERS WITH A VERY LONG SECTION TITLE INDEED, DISK, SOUND', [...CORE, ...NET, ...DISK, 'Sol Sound <sol@example.org>']),
    ],
  };
  const body = patchesToWrite(model, null).cover.body;
  const acks = body.slice(body.indexOf('Merge path and acks:'));
  assert.equal(
    acks,
    [
      'Merge path and acks:',
      '',
      'Through the core tree.',
      '',
      '  [1/4] CORE: Bo Core',
      '  [2/4] NETWORKING DRIVERS WITH A VERY LONG SECTION TITLE INDEED: Nia Net,',
      '        list-only@example.org',
      '  [3/4] DISK: Dee, Disk',
      '  [4/4] CORE, also SOUND: Bo Core, Sol Sound; its other files as in',
      '        [2/4]-[3/4]',
    ].join('\n'),
  );
  for (const line of acks.split('\n')) assert.ok(line.length <= 75, line);
});
