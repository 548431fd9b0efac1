// Renames old_fn() to new_fn() in every Kbuild module that also calls setup_fn(): one patch per
// MAINTAINERS subsystem. A complete kcodemod transform; `kcodemod new-transform` starts from it.
import { SDK_VERSION, SeriesBuilder, callSiteOf, defineTransform, evidenceOf, groupSites, keySlug } from 'kcodemod/sdk';

const [OLD, NEW, SETUP] = ['old_fn', 'new_fn', 'setup_fn'];
const PHASES = [{ id: 'rename', title: `Rename ${OLD}()` }];

export default defineTransform({
  sdkVersion: SDK_VERSION,
  name: 'rename-when-called',
  description: `Rename ${OLD}() to ${NEW}() in modules that call ${SETUP}()`,
  vocabulary: {
    classifications: [
      { id: 'rename', label: 'rename', color: 'change', becomes: `${NEW}()`, choice: { key: 'r', help: `rename the call to ${NEW}()` } },
      { id: 'keep', label: 'keep', color: 'keep', becomes: 'no change', choice: { key: 'l', help: `leave the call to ${OLD}() as it is` } },
    ],
    phases: PHASES,
  },
  searchWords: [OLD],
  factFunctions: [OLD, SETUP],
  siteFunctions: [OLD],
  checkTree: (readFile) => (readFile('Makefile') ? null : 'not a kernel tree: there is no top-level Makefile'),
  analyze(ctx) {
    const callSites = ctx.modules.flatMap(({ module, files }) => {
      const uses = files.flatMap((f) => f.uses);
      const setup = uses.find((u) => u.callee === SETUP && u.kind === 'call');
      return uses
        .filter((u) => u.callee === OLD)
        .map((u) =>
          setup && u.kind === 'call' && !u.macro
            ? callSiteOf(u, module.id, { classification: 'rename', replacement: NEW, phase: 'rename', reason: `the module calls ${SETUP}()`, evidence: [evidenceOf(setup)] })
            : callSiteOf(u, module.id, { classification: 'keep', reason: setup ? 'not a call outside a macro' : `the module never calls ${SETUP}()` }),
        );
    });
    return { core: { state: 'ready', summary: `${OLD}() callers found`, evidence: [] }, callSites, notes: [] };
  },
  audit: ({ callSites }, left = callSites.filter((s) => s.action === 'rename')) => ({ summary: `${left.length} call(s) of ${OLD}() left`, callSites: left, found: left.length > 0 }),
  buildSeries(plan, ctx, options) {
    const b = new SeriesBuilder(ctx, options);
    const sites = plan.callSites.filter((s) => s.action === 'rename');
    for (const [group, list] of groupSites(sites, options.split, ctx.subsystemOf)) {
      for (const s of list) b.moduleOfSite.set(s.id, s.module);
      b.patch({
        key: `rename:${keySlug(group)}`,
        phase: 'rename',
        title: `Use ${NEW}() instead of ${OLD}()`,
        body: `These modules call ${SETUP}(), so ${OLD}() becomes ${NEW}().`,
        siteIds: list.map((s) => s.id),
        dependsOn: [],
        cautions: [],
        edit: () => b.renameSites(list, () => NEW),
      });
    }
    const cover = { subject: `Use ${NEW}() where ${SETUP}() is called`, body: `Rename ${OLD}() to ${NEW}() in ${sites.length} call(s).` };
    return { transform: plan.transform, coreState: plan.core.state, strategy: 'default', phases: PHASES, patches: b.patches, cover, notes: [] };
  },
});
