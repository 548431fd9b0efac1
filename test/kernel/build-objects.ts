// Which kernel objects the build check compiles for a patch, and which ones make reports failed.
import fs from 'node:fs';
import path from 'node:path';
import type { PatchMail } from '../helpers/series-files.js';

/**
 * The objects a patch's C files become (headers are covered by the objects that include them). A
 * C file that its directory's Makefile never names as an object but other C files there #include
 * (sound/pci/echoaudio/echoaudio.c) is built as those files' objects: alone it does not compile.
 */
export function objectsOf(tree: string, patch: Pick<PatchMail, 'files'>): string[] {
  return patch.files.filter((f) => f.endsWith('.c')).flatMap((f) => includersOf(tree, f) ?? [f]).map((f) => f.replace(/\.c$/, '.o'));
}

/** The C files that #include `file` when no Makefile of its directory names its object, else null. */
export function includersOf(tree: string, file: string): string[] | null {
  const dir = path.posix.dirname(file);
  const base = path.posix.basename(file, '.c');
  const makefiles = ['Makefile', 'Kbuild'].map((m) => path.join(tree, dir, m)).filter((m) => fs.existsSync(m));
  if (makefiles.some((m) => new RegExp(`\\b${base}\\.o\\b`).test(fs.readFileSync(m, 'latin1')))) return null;
  const includes = new RegExp(`^\\s*#\\s*include\\s+"${base}\\.c"`, 'm');
  const includers = fs
    .readdirSync(path.join(tree, dir))
    .filter((name) => name.endsWith('.c') && includes.test(fs.readFileSync(path.join(tree, dir, name), 'latin1')))
    .map((name) => path.posix.join(dir, name))
    .sort();
  return includers.length ? includers : null;
}

/** The objects make names as failed ("[scripts/Makefile.build:N: dir/x.o] Error 1"). */
export function failedObjects(log: string): Set<string> {
  return new Set([...log.matchAll(/\[scripts\/Makefile\.build:\d+: ([^\]\s]+\.o)\] Error/g)].map((m) => m[1]));
}
