// The fact cache of one run: the tree's content names, the word index for discovery, and the analysis
// entries. The pipeline asks it three things: which candidate files it already knows (discovery), whether
// an earlier analysis still holds (lookup), and to keep this one (store). It never decides a result.
import crypto from 'node:crypto';
import type { DiscoverResult } from '../discover/discover.js';
import type { KnownMatches, KnownSearch } from '../discover/git-grep.js';
import type { ModuleFacts, Plan } from '../types.js';
import { decodeEntry, encodeEntry, listingHash, type AnalysisEntry } from './analysis-entry.js';
import { EntryStore } from './entry-store.js';
import { engineFingerprint, transformFingerprint } from './fingerprints.js';
import { factCacheDirectory } from './location.js';
import { SourceDirectories, UnlistableDirectory } from './source-directories.js';
import { TreeContent } from './tree-content.js';
import { WordIndex } from './word-index.js';

export interface FactCacheSettings {
  /** The transform's entry file: it and what it imports are part of every key. */
  transformEntry: string;
  /** Default: $XDG_CACHE_HOME/kcodemod/facts. */
  directory?: string;
  maxBytes?: number;
}

/** What an analysis depends on besides the files it reads. */
export interface AnalysisKey {
  transform: string;
  forceScan: boolean;
  paths: string[];
  discovered: DiscoverResult;
}

const ANALYSIS_KIND = 'analysis';
/** The files discovery searches (its `*.c` and `*.h`). */
const SOURCE_SUFFIXES = ['.c', '.h'];
const VARIANTS_KIND = 'variants';
/** Analyses kept per key (the same candidates, different contents): a branch switched back and forth hits. */
const MAX_VARIANTS = 6;

export class RunCache {
  private readonly observed = new Map<string, string | null>();
  private readonly listings = new Map<string, string>();
  /** A file read twice with different bytes during the run: this analysis is not kept. */
  private unstable = false;

  private content: TreeContent | null = null;
  /** Files loaded before the tree's index was read: named once it is. */
  private early: [string, Buffer | null][] = [];
  private readonly opened: Promise<void>;
  private readonly store: EntryStore;
  private readonly words: WordIndex;
  private readonly fingerprint: string;
  private directories: SourceDirectories | null = null;

  /** Starts reading TREE's index (a realpath); files may be observed at once. `overlay`: files replacing the tree's. */
  constructor(tree: string, words: readonly string[], settings: FactCacheSettings, overlay?: Map<string, Buffer | null>) {
    this.store = new EntryStore(settings.directory ?? factCacheDirectory(), settings.maxBytes);
    this.fingerprint = hashOf([engineFingerprint(), transformFingerprint(settings.transformEntry)]);
    this.words = WordIndex.load(this.store, hashOf([engineFingerprint(), tree, ...[...words].sort()]));
    this.opened = TreeContent.of(tree, overlay).then((content) => {
      this.content = content;
      for (const [rel, bytes] of this.early) this.observe(rel, bytes);
      this.early = [];
    });
    // Awaited only in a git tree; elsewhere a failure (a Ctrl-C) must not surface as an unhandled rejection.
    this.opened.catch(() => undefined);
  }

  /** Resolves once the tree's index is read. */
  ready(): Promise<void> {
    return this.opened;
  }

  /** What discovery may take from the word index (its matches undefined when git gave no index to name blobs by). */
  knownSearch(): KnownSearch {
    return { matches: this.knownMatches(), empty: this.words.empty };
  }

  private async knownMatches(): Promise<KnownMatches | undefined> {
    await this.opened;
    const { content, words } = this;
    if (!content?.indexed) return undefined;
    return {
      cleanBlob: (file) => content.cleanBlob(file),
      cleanSources: () => content.cleanFiles(SOURCE_SUFFIXES),
      get untrustedPaths() {
        return content.untrustedPaths;
      },
      matches: (blob) => words.matches(blob),
      record: (blob, matched) => words.record(blob, matched),
      sourceListing: () => this.sourceListing(content),
    };
  }

  /**
   * The tree's .c/.h files as `git ls-files -v -s --cached --others` would list them, from the index
   * and the directory record; null when git must be asked (a directory that cannot be listed, a
   * repository nested in the tree that is no submodule).
   */
  private sourceListing(content: TreeContent): string[] | null {
    this.directories ??= SourceDirectories.load(this.store, content.tree);
    let names;
    try {
      names = this.directories.names(content.tree);
    } catch (error) {
      if (error instanceof UnlistableDirectory) return null;
      throw error;
    }
    if (names.nested.some((dir) => !content.isGitlink(dir))) return null;
    this.directories.save();
    const untracked = content.untrackedAmong(names.paths).map((p) => `? ${Buffer.from(p, 'latin1').toString('utf8')}`);
    return [...untracked, ...content.recordsOf(SOURCE_SUFFIXES)];
  }

  /** Called with the bytes of every file the analysis loads (null: absent or unreadable). */
  observe(rel: string, bytes: Buffer | null): void {
    if (!this.content) {
      this.early.push([rel, bytes]);
      return;
    }
    const key = this.content.keyOfBytes(rel, bytes);
    if (this.observed.has(rel) && this.observed.get(rel) !== key) this.unstable = true;
    else this.observed.set(rel, key);
  }

  observeListing(dir: string, files: readonly string[]): void {
    const hash = listingHash(files);
    if (this.listings.has(dir) && this.listings.get(dir) !== hash) this.unstable = true;
    else this.listings.set(dir, hash);
  }

  /** The earlier analysis under KEY when everything it read is unchanged, else null. */
  async lookup(key: AnalysisKey, listSources: (dir: string) => string[]): Promise<AnalysisEntry | null> {
    await this.opened;
    if (!this.content) return null;
    for (const variant of this.variants(this.analysisKey(key))) {
      const payload = this.store.get(ANALYSIS_KIND, variant);
      const entry = payload ? decodeEntry(payload) : null;
      if (entry && this.stillHolds(entry, listSources)) return entry;
    }
    return null;
  }

  private stillHolds(entry: AnalysisEntry, listSources: (dir: string) => string[]): boolean {
    for (const [rel, name] of entry.inputs) if (this.content!.keyOf(rel) !== name) return false;
    for (const [dir, hash] of entry.listings) if (listingHash(listSources(dir)) !== hash) return false;
    return true;
  }

  /** The variants kept under KEY, most recent first. */
  private variants(key: string): string[] {
    const payload = this.store.get(VARIANTS_KIND, key);
    if (!payload) return [];
    const list = payload.toString('latin1').split('\n');
    return list.every((v) => /^[0-9a-f]{64}$/.test(v)) ? list : [];
  }

  /** Keeps this run's analysis (a fresh object graph: the caller goes on to change the plan it returns). */
  keep(key: AnalysisKey, plan: Plan, modules: ModuleFacts[]): void {
    if (this.unstable || !this.content) return;
    const entry: AnalysisEntry = { inputs: [...this.observed], listings: [...this.listings], plan, modules };
    const analysisKey = this.analysisKey(key);
    const variant = hashOf([analysisKey, JSON.stringify(entry.inputs), JSON.stringify(entry.listings)]);
    if (!this.store.put(ANALYSIS_KIND, variant, encodeEntry(entry))) return;
    // Two runs may add a variant at once: one list wins, the other's entry is only found later again.
    const variants = [variant, ...this.variants(analysisKey).filter((v) => v !== variant)].slice(0, MAX_VARIANTS);
    this.store.put(VARIANTS_KIND, analysisKey, Buffer.from(variants.join('\n'), 'latin1'));
  }

  /** Writes what discovery learnt; called once the run's discovery is done. */
  saveWords(): void {
    this.words.save(2 * (this.content?.trackedCount ?? 0), () => {
      const blobs = new Set<string>();
      for (const [, blob] of this.content?.cleanFiles(SOURCE_SUFFIXES) ?? []) blobs.add(blob);
      return blobs;
    });
  }

  private analysisKey(key: AnalysisKey): string {
    return hashOf([this.fingerprint, this.content!.tree, JSON.stringify(key)]);
  }
}

function hashOf(parts: readonly string[]): string {
  return crypto.createHash('sha256').update(parts.join('\0')).digest('hex');
}
