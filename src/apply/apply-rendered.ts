// Applies a series rendered in memory (not written anywhere): its mails go to a temporary
// directory for git am, removed afterwards whatever happens.
import fs from 'node:fs';
import path from 'node:path';
import type { RenderedFile } from '../render/format-patch.js';
import { makeRunTempDir } from '../util/temp-dirs.js';
import { applySeries, type ApplyResult } from './apply.js';

/** `files` as renderSeries gives them: the cover letter first, which is not applied. */
export async function applyRenderedSeries(tree: string, branch: string, files: RenderedFile[]): Promise<ApplyResult> {
  const { dir, forget } = makeRunTempDir('kcodemod-apply-');
  try {
    const patchFiles = files.slice(1).map((f) => {
      const file = path.join(dir, f.name);
      fs.writeFileSync(file, f.bytes);
      return file;
    });
    return await applySeries(tree, branch, patchFiles);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    forget();
  }
}
