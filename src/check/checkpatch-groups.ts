// Splits patches into at most N checkpatch.pl runs of about equal cost, to run side by side. What a
// run costs is mostly starts of perl: its own, and one get_maintainer.pl per file it has not asked
// about yet (checkpatch.pl remembers a file's MAINTAINERS status for the rest of the run). So a patch
// goes to the run where it adds least to the longest, and patches touching the same files meet.

export interface GroupedPatch {
  /** The paths the patch touches. */
  touched: string[];
}

// Relative costs, measured on a kernel tree: a get_maintainer.pl start reading MAINTAINERS is about
// twice checkpatch.pl's own work on a small patch.
const COST_PER_NEW_FILE = 2;
const COST_PER_PATCH = 1;
const COST_PER_RUN = 1;

/** Index lists (each ascending) of at most `runs` groups; every patch in exactly one. */
export function groupForCheckpatch(patches: GroupedPatch[], runs: number): number[][] {
  const groups: { indexes: number[]; files: Set<string>; cost: number }[] = [];
  const newFiles = (files: Set<string>, p: GroupedPatch) => p.touched.filter((f) => !files.has(f)).length;
  // The patches touching most files first: they decide where the others cost least.
  const order = patches.map((p, i) => i).sort((a, b) => patches[b].touched.length - patches[a].touched.length || a - b);
  for (const i of order) {
    const p = patches[i];
    const added = (g: { files: Set<string> } | null) => COST_PER_PATCH + COST_PER_NEW_FILE * (g ? newFiles(g.files, p) : p.touched.length) + (g ? 0 : COST_PER_RUN);
    let best: (typeof groups)[number] | null = null;
    let bestCost = groups.length < runs ? added(null) : Infinity;
    for (const g of groups) {
      const cost = g.cost + added(g);
      if (cost < bestCost) {
        best = g;
        bestCost = cost;
      }
    }
    if (!best) {
      best = { indexes: [], files: new Set(), cost: 0 };
      groups.push(best);
    }
    best.cost = bestCost;
    best.indexes.push(i);
    for (const f of p.touched) best.files.add(f);
  }
  return groups.map((g) => g.indexes.sort((a, b) => a - b));
}
