// Where the real Linux trees are: KCODEMOD_KERNEL_TREES (set by .ci/run), else
// ~/.cache/kcodemod/trees. A missing tree fails the kernel tests loudly: they never skip.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const kernelTreesDir = process.env.KCODEMOD_KERNEL_TREES ?? path.join(os.homedir(), '.cache', 'kcodemod', 'trees');

export function kernelTree(name: 'hybrid-core' | 'unmanaged-core'): string {
  const tree = path.join(kernelTreesDir, name);
  if (!fs.existsSync(path.join(tree, '.git'))) {
    throw new Error(`the real kernel tree ${tree} is missing: build it with \`bash ../shared/kernel/make-trees.sh ${kernelTreesDir}\` (or set KCODEMOD_KERNEL_TREES)`);
  }
  return tree;
}
