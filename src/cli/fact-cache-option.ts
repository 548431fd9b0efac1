// The fact cache of a command: on unless --no-cache, for a transform whose files the cache can name.
import type { AnyTransform } from '../transform.js';
import type { FactCacheSettings } from '../cache/fact-cache.js';
import type { ParsedCommandLine } from './args.js';
import { transformEntryOf } from './load-transform.js';

export function factCacheSettings(transform: AnyTransform, cl: ParsedCommandLine): FactCacheSettings | undefined {
  if (cl.flags['no-cache']) return undefined;
  const transformEntry = transformEntryOf(transform);
  return transformEntry ? { transformEntry } : undefined;
}
