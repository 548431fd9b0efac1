// Transforms are folders under transforms/: a new migration is a new folder, nothing in src/.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Transform } from '../transform.js';
import { UsageError } from './args.js';

const transformsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../transforms');

export function availableTransforms(): string[] {
  try {
    return fs
      .readdirSync(transformsDir, { withFileTypes: true })
      .filter((e) => e.isDirectory() && /^[a-z0-9][a-z0-9-]*$/.test(e.name))
      .map((e) => e.name)
      .sort();
  } catch {
    return [];
  }
}

export async function loadTransform(name: string): Promise<Transform> {
  const known = availableTransforms();
  if (!known.includes(name)) throw new UsageError(`unknown transform "${name}" (available: ${known.join(', ') || 'none'})`);
  const dir = path.join(transformsDir, name);
  const entry = ['index.js', 'index.ts'].map((f) => path.join(dir, f)).find((f) => fs.existsSync(f));
  if (!entry) throw new UsageError(`transform "${name}" has no index module`);
  const mod = (await import(pathToFileURL(entry).href)) as { default?: Transform };
  if (!mod.default) throw new UsageError(`transform "${name}" exports no default transform`);
  return mod.default;
}
