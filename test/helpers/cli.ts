// Runs the kcodemod CLI as a user would (node bin/kcodemod.js ...), in an environment that makes
// its output reproducible: fixed signature line, no colors, no global or system git config.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { CLI, REPO_ROOT } from './paths.js';
import { makeTempDir } from './temp.js';

export const FIXED_SIGNATURE = '2.39.5';
export const FIXED_AUTHOR = 'Ada Example <ada@example.org>';
export const FIXED_DATE = '2026-01-01T00:00:00Z';

export interface CliResult {
  status: number;
  stdout: string;
  stdoutBytes: Buffer;
  stderr: string;
}

export interface CliOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

let cacheHome: string | undefined;

/**
 * A cache directory of this test process's own: CLI runs never read or write the user's ~/.cache. Its
 * facts directory exists already, so the runs of tests that signal at a process's first mkdir make none.
 */
export function testCacheHome(): string {
  if (!cacheHome) {
    cacheHome = path.join(makeTempDir('cache-home'), 'cache');
    fs.mkdirSync(path.join(cacheHome, 'kcodemod', 'facts'), { recursive: true });
  }
  return cacheHome;
}

/** The environment every CLI run and every git command of the tests gets. */
export function testEnvironment(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  // GIT_DIR and friends would point git somewhere else; identities and dates come from the tests.
  for (const name of Object.keys(env)) if (name.startsWith('GIT_')) delete env[name];
  return {
    ...env,
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_CONFIG_NOSYSTEM: '1',
    KCODEMOD_SIGNATURE: FIXED_SIGNATURE,
    NO_COLOR: '1',
    LC_ALL: 'C',
    XDG_CACHE_HOME: testCacheHome(),
    ...extra,
  };
}

export function runCli(args: string[], options: CliOptions = {}): CliResult {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    env: testEnvironment(options.env),
    timeout: options.timeoutMs ?? 600_000,
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.error) throw r.error;
  return {
    status: r.status ?? -1,
    stdout: r.stdout.toString('utf8'),
    stdoutBytes: r.stdout,
    stderr: r.stderr.toString('utf8'),
  };
}

/** A one-line description of a run for assertion messages. */
export function describeRun(args: string[], r: CliResult): string {
  return `kcodemod ${args.join(' ')} exited ${r.status}\n--- stderr ---\n${r.stderr}\n--- stdout (first 2000 chars) ---\n${r.stdout.slice(0, 2000)}`;
}

/** `series` with the options that make its output reproducible; extra args come last. */
export function seriesArgs(tree: string, outputDir: string, extra: string[] = [], transform = 'pci-intx'): string[] {
  return ['series', transform, tree, '-o', outputDir, '--no-maintainers', '--from', FIXED_AUTHOR, '--date', FIXED_DATE, ...extra];
}
