// `kcodemod plan`: analyse the tree and print every decision (table, or one JSON document).
import type { AnyTransform } from '../../transform.js';
import type { ParsedCommandLine } from '../args.js';
import { analyzeTree } from '../../pipeline.js';
import { factCacheSettings } from '../fact-cache-option.js';
import { Timings } from '../../util/timings.js';
import { progressReporter } from '../output.js';
import { printResult, type Printer } from '../printer.js';
import type { Plan } from '../../types.js';
import { formatPlan } from '../plan-view.js';
import { subsystemResolver, subjectPrefixResolver, annotateSubsystems, type MaintainersReader } from '../../series/subsystems.js';
import { EntryStore } from '../../cache/entry-store.js';
import { factCacheDirectory } from '../../cache/location.js';
import { RememberedMaintainers } from '../../cache/remembered-maintainers.js';
import type { FactCacheSettings } from '../../cache/fact-cache.js';
import { loadPrefixConfig } from '../../series/subject-prefix.js';
import { gitVersion } from '../../util/git.js';
import { createKbuildIndex, listingText } from '../../kbuild/kbuild.js';

export async function runPlan(transform: AnyTransform, cl: ParsedCommandLine): Promise<number> {
  const timings = new Timings();
  const progress = progressReporter(!cl.flags.json);
  const cache = factCacheSettings(transform, cl);
  const { plan, files } = await analyzeTree(transform, cl.tree, { forceScan: !!cl.flags.scan, progress: progress.update, timings, paths: cl.paths, cache });
  progress.done();
  // A tree searched with git grep proves git is there: no process to ask.
  if (plan.coverage.discoverMethod !== 'git-grep' && !gitInstalled()) plan.notes.push('git is not installed: plan, audit and series work without it (series without commit ids); check and apply need it');
  // Where each site's patch would go and how its subject would start, and why.
  const maintainers = rememberedMaintainers(cache);
  const subsystems = subsystemResolver(plan.tree, (rel) => files.read(rel), maintainers.reader);
  const config = cl.flags.config as string | undefined;
  const prefixes = subjectPrefixResolver(plan.tree, (rel) => files.read(rel), config ? loadPrefixConfig(config) : {}, transform.vocabulary.subjectPrefixes, maintainers.reader);
  timings.measureSync('render', () => annotateSubsystems(plan.callSites, subsystems, prefixes));
  if (cl.flags.timings) plan.timings = timings.toJSON();
  const printer: Printer<Plan> = {
    text: (p, style) => formatPlan(p, style, { vocabulary: transform.vocabulary, subsystemOf: (f) => subsystems(f).name, verbose: !!cl.flags.verbose, kbuildListingOf: kbuildListings((rel) => files.read(rel)) }),
    // The plan is kcodemod's own document: it carries its schemaVersion already.
    json: (p) => p,
  };
  printResult(cl, printer, plan);
  maintainers.save();
  if (cl.flags.timings) process.stderr.write(timings.format() + '\n');
  return 0;
}

/** Why a site's file is in its module, read from the tree's Makefiles (only .c files have one). */
export function kbuildListings(readFile: (rel: string) => Buffer | null): (file: string) => string | null {
  const index = createKbuildIndex(readFile);
  return (file) => (file.endsWith('.c') ? listingText(index.moduleOf(file).listing) : null);
}

/** With the fact cache, MAINTAINERS' answers for the plan's files come from it (and go to it). */
function rememberedMaintainers(cache: FactCacheSettings | undefined): { reader?: MaintainersReader; save: () => void } {
  if (!cache) return { save: () => undefined };
  const store = new EntryStore(cache.directory ?? factCacheDirectory(), cache.maxBytes);
  const made: RememberedMaintainers[] = [];
  return {
    reader: (bytes) => {
      const index = new RememberedMaintainers(store, bytes);
      made.push(index);
      return index;
    },
    save: () => made.forEach((index) => index.save()),
  };
}

function gitInstalled(): boolean {
  return gitVersion() !== null;
}
