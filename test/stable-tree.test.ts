// A stable tree is told apart by its Makefile's SUBLEVEL; a Fixes: line comes only from a commit the
// tree's history has, under exactly that subject.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixesLineFor, stableRelease } from '../src/series/stable-tree.js';
import { makeTempDir } from './helpers/temp.js';
import { spawnSync } from 'node:child_process';
import { testEnvironment } from './helpers/cli.js';

const makefile = (sublevel: string) => (rel: string) =>
  rel === 'Makefile' ? Buffer.from(`# SPDX-License-Identifier: GPL-2.0\nVERSION = 6\nPATCHLEVEL = 12\nSUBLEVEL = ${sublevel}\nEXTRAVERSION =\n`) : null;

test('SUBLEVEL above 0 is a stable release; 0, a missing field or no Makefile is not', () => {
  assert.equal(stableRelease(makefile('117')), '6.12.117');
  assert.equal(stableRelease(makefile('0')), null);
  assert.equal(stableRelease(makefile('')), null);
  assert.equal(stableRelease(() => null), null);
});

test('a Fixes: line names the commit with exactly that subject, or nothing', () => {
  const repo = makeTempDir('stable-tree');
  const git = (...args: string[]) => spawnSync('git', args, { cwd: repo, env: testEnvironment(), encoding: 'utf8' });
  git('init', '-q');
  git('-c', 'user.name=A', '-c', 'user.email=a@x', 'commit', '-q', '--allow-empty', '-m', 'PCI: Remove devres from pci_intx()');
  git('-c', 'user.name=A', '-c', 'user.email=a@x', 'commit', '-q', '--allow-empty', '-m', 'PCI: Remove devres from pci_intx() callers');
  const hash = git('log', '--format=%h', '--abbrev=12', '--skip=1', '-1').stdout.trim();
  assert.equal(fixesLineFor(repo, 'PCI: Remove devres from pci_intx()'), `${hash} ("PCI: Remove devres from pci_intx()")`);
  assert.equal(fixesLineFor(repo, 'PCI: something else'), null);
  assert.equal(fixesLineFor(makeTempDir('no-git'), 'PCI: Remove devres from pci_intx()'), null);
});
