// Transforms are folders under transforms/ (by name) or a transform a user wrote, anywhere (by path,
// like `jscodeshift -t`). A transform imports `kcodemod/sdk`: that import resolves to this engine's
// own copy, so a transform outside any npm project works, and its SDK version is checked.
import fs from 'node:fs';
import path from 'node:path';
import { register } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SDK_VERSION, type AnyTransform } from '../transform.js';
import { vocabularyProblems } from '../vocabulary.js';
import { UsageError, firstLineOf } from '../errors.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const transformsDir = path.resolve(here, '../../transforms');
/** Folders under transforms/ that hold code shared by transforms, not a transform. */
const SHARED_FOLDERS = new Set(['lib']);

export function availableTransforms(): string[] {
  try {
    return fs
      .readdirSync(transformsDir, { withFileTypes: true })
      .filter((e) => e.isDirectory() && /^[a-z0-9][a-z0-9-]*$/.test(e.name) && !SHARED_FOLDERS.has(e.name) && indexOf(path.join(transformsDir, e.name)))
      .map((e) => e.name)
      .sort();
  } catch {
    return [];
  }
}

/** An argument naming a transform by path rather than by name. */
export function isTransformPath(arg: string): boolean {
  return arg.includes('/') || /\.(c|m)?(js|ts)$/.test(arg);
}

function indexOf(dir: string): string | null {
  return ['index.js', 'index.ts', 'index.mjs', 'index.mts'].map((f) => path.join(dir, f)).find((f) => fs.existsSync(f)) ?? null;
}

/** The file each loaded transform came from: the fact cache keys on it and what it imports. */
const entryFiles = new WeakMap<AnyTransform, string>();

export function transformEntryOf(transform: AnyTransform): string | undefined {
  return entryFiles.get(transform);
}

let sdkResolverRegistered = false;

/**
 * Makes `import ... from 'kcodemod/sdk'` in any loaded module resolve to this engine's SDK, and the
 * .ts/.js files of a transform given by path load as ES modules (a transform is one), even where no
 * package.json says "type": "module". Registered after the TypeScript loader, so it runs first.
 */
function registerSdkResolver(transformDir: string): void {
  if (sdkResolverRegistered) return;
  sdkResolverRegistered = true;
  const sdk = ['sdk.js', 'sdk.ts'].map((f) => path.resolve(here, '..', f)).find((f) => fs.existsSync(f))!;
  const dirUrl = pathToFileURL(transformDir).href + '/';
  const hooks = `const sdk = ${JSON.stringify(pathToFileURL(sdk).href)};
const dir = ${JSON.stringify(dirUrl)};
export async function resolve(specifier, context, next) {
  if (specifier === 'kcodemod/sdk') return { url: sdk, shortCircuit: true };
  const resolved = await next(specifier, context);
  if (dir && resolved.url.startsWith(dir) && !resolved.url.includes('/node_modules/') && /\.(ts|js)$/.test(resolved.url)) return { ...resolved, format: 'module' };
  return resolved;
}`;
  register(`data:text/javascript,${encodeURIComponent(hooks)}`);
}

/** TypeScript transforms need a TypeScript loader: tsx's, unless one is already active (tests). */
async function enableTypeScript(): Promise<void> {
  if (process.execArgv.some((a) => a.includes('tsx'))) return;
  try {
    const api = (await import('tsx/esm/api')) as { register: () => unknown };
    api.register();
  } catch (e) {
    throw new UsageError(`cannot load a TypeScript transform: tsx is not installed with kcodemod (${firstLineOf(e)}); compile it to .js`);
  }
}

function entryOfPath(arg: string): string {
  const target = path.resolve(arg);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(target);
  } catch {
    throw new UsageError(`transform ${arg} does not exist`);
  }
  if (stat.isFile()) return target;
  const entry = indexOf(target);
  if (!entry) throw new UsageError(`transform ${arg} is a directory without index.js or index.ts`);
  return entry;
}

export async function loadTransform(arg: string): Promise<AnyTransform> {
  let entry: string;
  let label: string;
  if (isTransformPath(arg)) {
    entry = entryOfPath(arg);
    label = arg;
  } else {
    const known = availableTransforms();
    if (!known.includes(arg)) throw new UsageError(`unknown transform "${arg}" (available: ${known.join(', ') || 'none'}; a transform of your own is given by path, e.g. ./my-transform)`);
    entry = indexOf(path.join(transformsDir, arg))!;
    label = arg;
  }
  if (/\.(m|c)?ts$/.test(entry)) await enableTypeScript();
  // The transforms shipped here import the SDK by relative path: a loader hook (a thread of its own
  // that every later import waits on, ~0.25 s of CPU) is needed only for a transform given by path.
  if (isTransformPath(arg)) registerSdkResolver(path.dirname(entry));
  let mod: { default?: AnyTransform };
  try {
    mod = (await import(pathToFileURL(entry).href)) as { default?: AnyTransform };
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`transform ${label} could not be loaded: ${firstLineOf(e)}`);
  }
  const transform = mod.default;
  if (!transform || typeof transform !== 'object') throw new UsageError(`transform ${label} exports no default transform (export default defineTransform({...}))`);
  entryFiles.set(transform, entry);
  return checkTransform(transform, label);
}

/** Refuses a transform the engine cannot run: wrong SDK version, missing parts, an unsound vocabulary. */
export function checkTransform(transform: AnyTransform, label: string): AnyTransform {
  if (transform.sdkVersion !== SDK_VERSION) {
    throw new UsageError(`transform ${label} was written for SDK version ${String(transform.sdkVersion)}; this kcodemod offers version ${SDK_VERSION}`);
  }
  for (const field of ['name', 'description'] as const) if (typeof transform[field] !== 'string' || !transform[field]) throw new UsageError(`transform ${label} has no ${field}`);
  for (const fn of ['checkTree', 'analyze', 'audit', 'buildSeries'] as const) if (typeof transform[fn] !== 'function') throw new UsageError(`transform ${label} has no ${fn}() function`);
  for (const list of ['searchWords', 'factFunctions', 'siteFunctions'] as const) {
    if (!Array.isArray(transform[list]) || transform[list].some((w: unknown) => typeof w !== 'string' || !/^[A-Za-z_]\w*$/.test(w as string))) {
      throw new UsageError(`transform ${label}: ${list} must be a list of C identifiers`);
    }
  }
  const problems = vocabularyProblems(transform.vocabulary);
  if (problems.length) throw new UsageError(`transform ${label} declares an unusable vocabulary: ${problems.join('; ')}`);
  return transform;
}

/** `kcodemod list`: every transform by name, with its description. */
export async function listTransforms(): Promise<string> {
  const lines: string[] = [];
  for (const name of availableTransforms()) {
    try {
      const t = await loadTransform(name);
      lines.push(`${name.padEnd(14)} ${t.description}`);
    } catch (e) {
      lines.push(`${name.padEnd(14)} (cannot be loaded: ${(e as Error).message})`);
    }
  }
  lines.push('', 'A transform of your own: kcodemod plan ./path/to/transform TREE (see the README).');
  return lines.join('\n') + '\n';
}
