// The series on the real Linux 6.12 trees (../shared/kernel/make-trees.sh): written by `series`,
// then verified by `check` (git am in a temporary clone, the tree's own checkpatch.pl --strict with
// 0 errors and 0 warnings, the static export check after every patch, and the plan on the result,
// which must find nothing left to port). Both strategies and --split-final on hybrid-core, the
// lost-restore ports on unmanaged-core, get_maintainer.pl's To: for the ata patch, and the final
// step on the examples fixture without review sites, checked with the kernel's checkpatch.pl.
// series and check run on the shared trees themselves: they promise to write nothing there, and the
// last test checks it (index, refs, objects and their times as before; an object file's mtime aside).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { kernelTree } from './trees.js';
import fs from 'node:fs';
import { runCli, describeRun, seriesArgs } from '../helpers/cli.js';
import { makeTempDir } from '../helpers/temp.js';
import { readPatches, readCoverLetter } from '../helpers/series-files.js';
import { seriesShape, phasesOf, type Phase, type PatchShape } from '../../transforms/pci-intx/__tests__/series-shape.js';
import { examplesRepo, noReviewRepo, writeSeries } from '../../transforms/pci-intx/__tests__/fixture-trees.js';

const hybridCore = kernelTree('hybrid-core');
const unmanagedCore = kernelTree('unmanaged-core');

/** What a write in a tree's repository would change: its index, refs, objects and their times. */
function repositoryState(tree: string): string {
  const gitDir = path.join(tree, '.git');
  const lines: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else {
        const st = fs.lstatSync(full);
        const rel = path.relative(gitDir, full);
        // check's git am (in a clone borrowing these objects) may write an object the tree's history
        // already has; git then "freshens" the file holding it (a pack or a loose object): its mtime,
        // never its bytes.
        const times = /^objects\/(pack\/pack-[0-9a-f]+\.pack|[0-9a-f]{2}\/[0-9a-f]{38})$/.test(rel) ? '' : ` ${st.mtimeMs} ${st.ctimeMs}`;
        lines.push(`${rel} ${st.size}${times}`);
      }
    }
  };
  walk(gitDir);
  return lines.join('\n');
}
const before = new Map([hybridCore, unmanagedCore].map((tree) => [tree, repositoryState(tree)]));

interface PlanSite {
  file: string;
  line: number;
  callee: string;
  replacement: string | null;
  phase: Phase | null;
}

function plan(tree: string): { core: { state: string }; callSites: PlanSite[] } {
  const args = ['plan', 'pci-intx', tree, '--json'];
  const r = runCli(args);
  assert.equal(r.status, 0, describeRun(args, r));
  return JSON.parse(r.stdout);
}

interface CheckedPatch {
  name: string;
  ok: boolean;
  detail: string;
}

/**
 * Runs `kcodemod check` and asserts it passed the way the issue asks: every patch applies, has
 * 0 checkpatch errors and warnings of its own, and its exports are ok; nothing is left to port.
 */
function assertCheckPasses(tree: string, seriesDir: string, patchCount: number, extra: string[] = [], coreAfter = 'unmanaged'): CheckedPatch[] {
  const args = ['check', 'pci-intx', tree, '--series', seriesDir, ...extra];
  const r = runCli(args);
  assert.equal(r.status, 0, describeRun(args, r));
  const lines = r.stdout.split('\n');
  const patches: CheckedPatch[] = [];
  lines.forEach((line, i) => {
    const m = /^(ok  |FAIL) (\S+\.patch)$/.exec(line);
    if (m) patches.push({ name: m[2], ok: m[1] === 'ok  ', detail: lines[i + 1].trim() });
  });
  assert.equal(patches.length, patchCount, `check reports every patch:\n${r.stdout}`);
  for (const p of patches) {
    assert.ok(p.ok, `${p.name}: ${p.detail}`);
    assert.match(p.detail, /^applies; checkpatch 0 errors, 0 warnings, \d+ checks(, \d+ inherited from the file)?; exports ok$/, p.name);
  }
  assert.match(r.stdout, new RegExp(`^plan after the series \\(core ${coreAfter}\\): nothing left to port$`, 'm'));
  assert.match(r.stdout, /^check passed$/m);
  return patches;
}

/** Every site the plan ports is in a patch of its phase; no patch touches a file the plan does not port (core aside). */
function assertSeriesCoversPlan(shape: PatchShape[], sites: PlanSite[], portedPhases: Phase[]): void {
  const ported = sites.filter((s) => s.replacement && s.replacement !== s.callee && s.phase && portedPhases.includes(s.phase));
  for (const s of ported) {
    assert.ok(
      shape.some((p) => p.phase === s.phase && p.files.includes(s.file)),
      `${s.file}:${s.line} (${s.phase}) is in no ${s.phase} patch`,
    );
  }
  const portFiles = new Set(ported.map((s) => s.file));
  for (const p of shape.filter((x) => x.phase !== 'prepare' && x.phase !== 'remove')) {
    for (const f of p.files) assert.ok(portFiles.has(f), `${p.title} touches ${f}, which the plan does not port in that phase`);
  }
}

function kernelSeries(tree: string, extra: string[] = []): Promise<string> {
  return writeSeries(tree, extra, 'kernel-series');
}

test('hybrid-core, --strategy thread: the thread\'s five phases; check passes (git am, checkpatch, exports, plan after)', async () => {
  const sites = plan(hybridCore);
  assert.equal(sites.core.state, 'hybrid');
  const dir = await kernelSeries(hybridCore);
  const shape = seriesShape(dir);
  const phases = phasesOf(shape);
  assert.equal(phases[0], 'prepare');
  assert.equal(phases[phases.length - 1], 'remove');
  assert.deepEqual(phases, [...phases].sort((a, b) => PHASE_ORDER.indexOf(a) - PHASE_ORDER.indexOf(b)), 'phases in the thread\'s order');
  assert.deepEqual(shape.filter((p) => p.phase === 'msi').map((p) => p.files), [['drivers/pci/msi/api.c', 'drivers/pci/msi/msi.c']]);
  assert.ok(phases.filter((p) => p === 'never-managed').length > 0 && phases.filter((p) => p === 'always-managed').length > 0);
  assertSeriesCoversPlan(shape, sites.callSites, ['never-managed', 'msi', 'always-managed']);
  assert.match(readCoverLetter(dir).text.replace(/\s+/g, ' '), /checked carefully/, 'the cover letter carries the thread\'s MSI caution');
  assertCheckPasses(hybridCore, dir, shape.length);
});

const PHASE_ORDER: Phase[] = ['prepare', 'never-managed', 'msi', 'always-managed', 'remove'];

test('hybrid-core, --strategy direct: pcim_intx() public, managed ports, remove; check passes', async () => {
  const sites = plan(hybridCore);
  const dir = await kernelSeries(hybridCore, ['--strategy', 'direct']);
  const shape = seriesShape(dir);
  assert.equal(shape[0].title, 'PCI: Make pcim_intx() public');
  assert.deepEqual(phasesOf(shape), ['prepare', ...Array(shape.length - 2).fill('always-managed'), 'remove']);
  assert.deepEqual(shape[shape.length - 1].files, ['drivers/pci/devres.c', 'drivers/pci/pci.c']);
  assertSeriesCoversPlan(shape, sites.callSites, ['always-managed']);
  assertCheckPasses(hybridCore, dir, shape.length);
});

test('hybrid-core, --split-final: the two final patches of the thread; check passes', async () => {
  const dir = await kernelSeries(hybridCore, ['--split-final']);
  const shape = seriesShape(dir);
  const [removeHybrid, removeUnmanaged] = shape.slice(-2);
  assert.deepEqual(removeHybrid, { title: 'PCI: Remove the hybrid behavior from pci_intx()', phase: 'remove', files: ['drivers/pci/pci.c'] });
  assert.equal(removeUnmanaged.title, 'PCI: Remove pci_intx_unmanaged()');
  assert.ok(removeUnmanaged.files.includes('drivers/pci/devres.c') && removeUnmanaged.files.includes('include/linux/pci.h'));
  assertCheckPasses(hybridCore, dir, shape.length);
});

test('unmanaged-core: only always-managed ports, whose messages say the restore was lost; check passes', async () => {
  const sites = plan(unmanagedCore);
  assert.equal(sites.core.state, 'unmanaged');
  const dir = await kernelSeries(unmanagedCore);
  const shape = seriesShape(dir);
  assert.ok(shape.length > 0);
  assert.deepEqual(phasesOf(shape), Array(shape.length).fill('always-managed'));
  assertSeriesCoversPlan(shape, sites.callSites, ['always-managed']);
  for (const p of readPatches(dir)) {
    assert.match(p.title, /Restore the INTx state on detach with pcim_intx\(\)$/, p.name);
    assert.match(p.message.replace(/\s+/g, ' '), /lost that restore/, `${p.name} says the driver lost its INTx restore`);
  }
  // The tree is 6.12.117: a stable branch, fixed by backports rather than through a subsystem tree.
  const cover = readCoverLetter(dir).text.replace(/\s+/g, ' ');
  assert.match(cover, /stable release 6\.12\.117/);
  assert.match(cover, /Cc: stable@vger\.kernel\.org on each port \(--stable\)/);
  assertCheckPasses(unmanagedCore, dir, shape.length);
});

test('hybrid-core with recipients: the ata patch goes To: Damien Le Moal and Niklas Cassel; every mail reaches the PCI tree', () => {
  const out = path.join(makeTempDir('maintainers'), 'out');
  const args = seriesArgs(hybridCore, out).filter((a) => a !== '--no-maintainers');
  const r = runCli(args);
  assert.equal(r.status, 0, describeRun(args, r));
  assert.doesNotMatch(r.stderr, /warning: no To\/Cc/);
  const ata = readPatches(out).filter((p) => p.files.some((f) => f.startsWith('drivers/ata/')));
  assert.equal(ata.length, 1, 'one ata patch');
  const to = ata[0].headers.get('To') ?? '';
  assert.match(to, /Damien Le Moal <dlemoal@kernel\.org>/);
  assert.match(to, /Niklas Cassel <cassel@kernel\.org>/);
  assert.match(ata[0].headers.get('Cc') ?? '', /linux-ide@vger\.kernel\.org/);
  // The cover letter is sent to everyone the patches are.
  const coverTo = readCoverLetter(out).headers.get('To') ?? '';
  for (const name of ['Damien Le Moal', 'Niklas Cassel', 'Bjorn Helgaas']) assert.match(coverTo, new RegExp(name));
  // The series goes through the PCI tree: its maintainer and list are on every mail.
  for (const mail of [readCoverLetter(out), ...readPatches(out)]) {
    const to = mail.headers.get('To') ?? '';
    assert.match(to, /Bjorn Helgaas <bhelgaas@google\.com>/, to);
    assert.match(mail.headers.get('Cc') ?? '', /linux-pci@vger\.kernel\.org/);
  }
});

test('examples/ without review sites: the series with its final step passes check with the kernel\'s checkpatch.pl', async () => {
  const { repo } = noReviewRepo();
  const dir = await writeSeries(repo);
  assert.equal(phasesOf(seriesShape(dir)).at(-1), 'remove');
  assertCheckPasses(repo, dir, readPatches(dir).length, ['--scripts-from', hybridCore]);
});

test('examples/: the default series passes check with the kernel\'s checkpatch.pl; CRLF is reported as inherited', async () => {
  const { repo } = examplesRepo();
  const dir = await writeSeries(repo);
  // Review sites keep the final step out: pci_intx_unmanaged() stays, the core is left migrating.
  const checked = assertCheckPasses(repo, dir, readPatches(dir).length, ['--scripts-from', hybridCore], 'migrating');
  const crlf = checked.filter((p) => /inherited/.test(p.detail));
  assert.equal(crlf.length, 1, 'one patch (swift_pci.c, CRLF) has a finding inherited from the file');
  assert.ok(readPatches(dir).find((p) => p.name === crlf[0].name)!.files.includes('drivers/misc/swift_pci.c'));
});

test('series and check wrote nothing in the trees\' repositories: every file of .git as it was, times included (an object file\'s mtime aside)', () => {
  for (const [tree, state] of before) assert.equal(repositoryState(tree), state, `${tree}/.git changed`);
});
