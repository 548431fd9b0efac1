// The pci-regions fixture trees (__testfixtures__/<case>/tree: one small driver per case, laid over
// the region core of Linux 6.12 in __testfixtures__/core-hybrid) as a git repository, and the plan
// kcodemod makes of a tree.
import path from 'node:path';
import { sourceDirOf } from '../../../test/helpers/paths.js';
import { gitRepoFrom } from '../../../test/helpers/git-repo.js';
import { analyzeTree } from '../../../src/pipeline.js';
import { caseTree } from '../../../src/testing/fixture-case.js';
import pciRegions from '../index.js';

const FIXTURES = path.resolve(sourceDirOf(import.meta.url), '..', '__testfixtures__');
/** The test kit's cases: `drivers` (one small driver per case) and `settled` (the same without review sites). */
export const REGIONS_TREE = caseTree(path.join(FIXTURES, 'drivers'));
export const SETTLED_TREE = caseTree(path.join(FIXTURES, 'settled'));
export const EXPECTED_MD = path.join(FIXTURES, 'drivers', 'EXPECTED.md');

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

/**
 * The plan of a tree as `plan pci-regions --json` prints it (the tests that check the command itself
 * run it), analysed in-process: no node start and no load of the engine per plan.
 */
export async function planOf(tree: string): Promise<{ core: { state: string; summary: string }; callSites: PlanSite[] }> {
  const { plan } = await analyzeTree(pciRegions, tree);
  return JSON.parse(JSON.stringify(plan));
}
