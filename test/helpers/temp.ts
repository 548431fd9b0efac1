// Temporary directories that disappear when the test process ends (KEEP_TMP=1 keeps them for a look).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const created: string[] = [];
let cleanupRegistered = false;

export function makeTempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `kcodemod-test-${prefix}-`));
  created.push(dir);
  if (!cleanupRegistered) {
    cleanupRegistered = true;
    process.on('exit', () => {
      if (process.env.KEEP_TMP) {
        process.stderr.write(`kept temporary directories:\n  ${created.join('\n  ')}\n`);
        return;
      }
      for (const d of created) fs.rmSync(d, { recursive: true, force: true });
    });
  }
  return dir;
}
