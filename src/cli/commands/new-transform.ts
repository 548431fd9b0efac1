// `kcodemod new-transform NAME [DIR]`: a transform of one's own to start from, in DIR/NAME: the
// README's rename-when-called example under the new name, a tiny kernel tree as its test fixture, the
// plan and patches the transform makes of it (written by the test kit), and the test that checks them.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../args.js';
import { loadTransform } from '../load-transform.js';
import { runFixtureCase } from '../../testing/fixture-case.js';
import { writeFixtureCase } from '../../testing/transform-tests.js';

const TEMPLATE_NAME = 'rename-when-called';
/** The template's files the new transform gets (its other fixture cases stay with the example). */
const TEMPLATE_FILES = ['index.ts', '__tests__/transform.test.ts', '__testfixtures__/basic/tree'];

/** This kcodemod's package directory (above src/ when run from source, above dist/src/ when built). */
function packageRoot(): string {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'templates', TEMPLATE_NAME))) return dir;
  }
  throw new Error(`this kcodemod has no templates/${TEMPLATE_NAME}/ (an incomplete installation)`);
}

function refuseUnlessEmpty(target: string): void {
  let entries: string[];
  try {
    entries = fs.readdirSync(target);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return;
    throw new Error(`${target} cannot be used: ${code === 'ENOTDIR' ? 'it is a file' : (code ?? (e as Error).message)}`);
  }
  if (entries.length) throw new Error(`${target} already exists and is not empty: choose another NAME or DIR`);
}

export async function runNewTransform(name: string, dirArg: string | undefined): Promise<number> {
  if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new UsageError(`new-transform: NAME must be lower-case letters, digits and '-', starting with a letter, not "${name}"`);
  const target = path.resolve(dirArg ?? '.', name);
  refuseUnlessEmpty(target);
  const root = packageRoot();
  const template = path.join(root, 'templates', TEMPLATE_NAME);
  fs.mkdirSync(target, { recursive: true });
  for (const rel of TEMPLATE_FILES) fs.cpSync(path.join(template, rel), path.join(target, rel), { recursive: true });
  const index = path.join(target, 'index.ts');
  fs.writeFileSync(index, fs.readFileSync(index, 'utf8').replace(`name: '${TEMPLATE_NAME}'`, `name: '${name}'`));
  fs.writeFileSync(
    path.join(target, 'package.json'),
    JSON.stringify({ name, private: true, type: 'module', scripts: { test: 'node --import tsx --test __tests__/*.test.ts' } }, null, 2) + '\n',
  );
  const linked = linkEngine(target, root);

  // The expected plan and patches are what the new transform makes of its tree: its test passes as written.
  const transform = await loadTransform(index);
  const caseDir = path.join(target, '__testfixtures__', 'basic');
  writeFixtureCase(caseDir, await runFixtureCase(transform, caseDir));

  const shown = path.relative(process.cwd(), target) || '.';
  const arg = shown.startsWith('.') || path.isAbsolute(shown) ? shown : `./${shown}`;
  process.stdout.write(
    [
      `kcodemod: wrote the transform ${name} to ${target}:`,
      `  index.ts                        renames old_fn() to new_fn() in modules that call setup_fn(): make it yours`,
      `  __testfixtures__/basic/tree/    a tiny kernel tree; plan.json and patches/ beside it are what the transform makes of it`,
      `  __tests__/transform.test.ts     checks them (defineTransformTests from kcodemod/sdk)`,
      ...(linked.length ? [`  node_modules/                   ${linked.join(' and ')} linked to this kcodemod's (as npm link would)`] : []),
      'next steps:',
      `  kcodemod plan ${arg} ${path.join(arg, '__testfixtures__', 'basic', 'tree')}`,
      `  cd ${shown} && npm test          (after an intended change: UPDATE_FIXTURES=1 npm test, and review the diff)`,
      `  kcodemod series ${arg} ~/linux -o outgoing`,
      '',
    ].join('\n'),
  );
  return 0;
}

/**
 * The new transform's test imports `kcodemod/sdk` and runs under tsx: both resolve through its
 * node_modules/, linked to this kcodemod and its tsx unless they already resolve from there.
 */
function linkEngine(target: string, root: string): string[] {
  const linked: string[] = [];
  const fromTarget = createRequire(path.join(target, 'package.json'));
  const fromEngine = createRequire(path.join(root, 'package.json'));
  const links: [string, () => string][] = [
    ['kcodemod', () => root],
    ['tsx', () => path.dirname(fromEngine.resolve('tsx/package.json'))],
  ];
  for (const [pkg, source] of links) {
    try {
      fromTarget.resolve(`${pkg}/package.json`);
      continue;
    } catch {
      // not resolvable from the new transform: link it
    }
    fs.mkdirSync(path.join(target, 'node_modules'), { recursive: true });
    fs.symlinkSync(source(), path.join(target, 'node_modules', pkg), 'dir');
    linked.push(pkg);
  }
  return linked;
}
