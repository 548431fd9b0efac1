// Where the fact cache lives: $XDG_CACHE_HOME/kcodemod/facts (default ~/.cache/kcodemod/facts). Only
// this directory is the cache's: the kernel trees and the bench's copies may live beside it.
import os from 'node:os';
import path from 'node:path';

export function factCacheDirectory(env: NodeJS.ProcessEnv = process.env): string {
  // The XDG base directory specification ignores a relative value.
  const xdg = env.XDG_CACHE_HOME;
  const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(env.HOME || os.homedir(), '.cache');
  return path.join(base, 'kcodemod', 'facts');
}
