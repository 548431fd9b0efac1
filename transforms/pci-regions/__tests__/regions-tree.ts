// The pci-regions fixture tree (__testfixtures__/regions-tree: the region core of Linux 6.12 and one
// small driver per case) as a git repository, and the plan kcodemod makes of it.
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeRun, runCli } from '../../../test/helpers/cli.js';
import { gitRepoFrom } from '../../../test/helpers/git-repo.js';

export const REGIONS_TREE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '__testfixtures__', 'regions-tree');

export interface PlanSite {
  id: string;
  file: string;
  line: number;
  call: string;
  classification: string;
  action: string;
  replacement: string | null;
  driver: string | null;
  reason: string;
  releasePath?: string;
}

let repo: { repo: string; head: string } | null = null;

/** The fixture tree as a git repository (made once per test file). */
export function regionsRepo(): string {
  repo ??= gitRepoFrom(REGIONS_TREE, 'regions-tree');
  return repo.repo;
}

export function planOf(tree: string): { core: { state: string; summary: string }; callSites: PlanSite[] } {
  const args = ['plan', 'pci-regions', tree, '--json'];
  const r = runCli(args);
  assert.equal(r.status, 0, describeRun(args, r));
  return JSON.parse(r.stdout);
}
