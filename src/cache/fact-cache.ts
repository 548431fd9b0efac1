// The fact cache of one run: the tree's content names, the word index for discovery, and the analysis
// entries. The pipeline asks it three things: which candidate files it already knows (discovery), whether
// an earlier analysis still holds (lookup), and to keep this one (store). It never decides a result.
import crypto from 'node:crypto';
import type { DiscoverResult } from '../discover/discover.js';
import { classifiedListing, type KnownMatches, type KnownSearch, type SourceListing } from '../discover/git-grep.js';
import type { ModuleFacts, Plan } from '../types.js';
import { decodeEntry, encodeEntry, listingHash, type AnalysisEntry } from './analysis-entry.js';
import { EntryStore } from './entry-store.js';
import { engineFingerprint, transformFingerprint } from './fingerprints.js';
import { factCacheDirectory } from './location.js';
import { SourceDirectories, UnlistableDirectory } from './source-directories.js';
import { indexIdentity, readDigests, TreeContent, type ReadDigests } from './tree-content.js';
import { loadSnapshot, saveSnapshot, type IndexSnapshot } from './index-snapshot.js';
import { readTreeFile } from '../util/fs.js';
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
  /** Files loaded before the index was listed: their SHA-256 (null: nothing read), named once it is. */
  private pending: [string, ReadDigests | null][] = [];
  private readonly opened: Promise<void>;
  private readonly store: EntryStore;
  private wordIndex: WordIndex | null = null;
  private readonly wordScope: string;
  private readonly snapshotScope: string;
  private readonly fingerprint: string;
  private directories: SourceDirectories | null = null;
  /** What an earlier run learnt from the index the tree had when this run started (null: none). */
  private readonly snapshot: { identity: string; snapshot: IndexSnapshot } | null;
  /** The tracked part of this run's source listing, once made from the index listing. */
  private trackedListing: SourceListing | null = null;

  /** Starts reading TREE's index (a realpath); files may be observed at once. `overlay`: files replacing the tree's. */
  constructor(
    tree: string,
    words: readonly string[],
    settings: FactCacheSettings,
    private readonly overlay?: Map<string, Buffer | null>,
  ) {
    this.store = new EntryStore(settings.directory ?? factCacheDirectory(), settings.maxBytes);
    this.fingerprint = hashOf([engineFingerprint(this.store), transformFingerprint(settings.transformEntry)]);
    this.wordScope = hashOf([engineFingerprint(), tree, ...[...words].sort()]);
    this.snapshotScope = this.wordScope;
    const identity = indexIdentity(tree);
    const snapshot = identity ? loadSnapshot(this.store, hashOf([this.snapshotScope, identity])) : null;
    this.snapshot = identity && snapshot ? { identity, snapshot } : null;
    // With an earlier run's answer for this index, listing the index may not be needed at all.
    this.opened = TreeContent.of(tree, overlay, { listing: !this.snapshot }).then((content) => {
      this.content = content;
      if (content.listed) this.nameObserved();
    });
    // Awaited only in a git tree; elsewhere a failure (a Ctrl-C) must not surface as an unhandled rejection.
    this.opened.catch(() => undefined);
  }

  private get words(): WordIndex {
    this.wordIndex ??= WordIndex.load(this.store, this.wordScope);
    return this.wordIndex;
  }

  /** Resolves once the tree's index is read. */
  ready(): Promise<void> {
    return this.opened;
  }

  /** What discovery may take from the word index (its matches undefined when git gave no index to name blobs by). */
  knownSearch(): KnownSearch {
    return { matches: this.knownMatches(), empty: !this.snapshot && this.words.empty };
  }

  /** The snapshot of the index this run found, when git's answers since were given against that same index. */
  private currentSnapshot(): IndexSnapshot | null {
    return this.snapshot && this.content?.identity === this.snapshot.identity ? this.snapshot.snapshot : null;
  }

  private async knownMatches(): Promise<KnownMatches | undefined> {
    await this.opened;
    const { content } = this;
    if (!content?.indexed) return undefined;
    const snapshot = this.currentSnapshot();
    if (!snapshot) await content.loadListing();
    if (!content.indexed) return undefined;
    return {
      cleanBlob: (file) => content.cleanBlob(file),
      cleanSources: () => content.cleanFiles(SOURCE_SUFFIXES),
      get untrustedPaths() {
        return content.untrustedPaths;
      },
      matches: (blob) => this.words.matches(blob),
      record: (blob, matched) => this.words.record(blob, matched),
      modifiedNow: () => content.modifiedNow(),
      planned: snapshot ? plannedFrom(snapshot, content.modified) : undefined,
      sourceListing: () => this.sourceListing(content),
    };
  }

  /**
   * The tree's .c/.h files as `git ls-files -t -s --cached --others` would list them, from the index
   * and the directory record; null when git must be asked (a directory that cannot be listed, a
   * repository nested in the tree that is no submodule).
   */
  private async sourceListing(content: TreeContent): Promise<SourceListing | null> {
    this.directories ??= SourceDirectories.load(this.store, content.tree);
    let names;
    try {
      names = this.directories.names(content.tree);
    } catch (error) {
      if (error instanceof UnlistableDirectory) return null;
      throw error;
    }
    if (names.nested.length > 0) {
      await content.loadListing();
      if (names.nested.some((dir) => !content.isGitlink(dir))) return null;
    }
    let untracked = names.unchanged && content.identity ? this.directories.untrackedFor(content.identity) : null;
    if (!untracked) {
      await content.loadListing();
      untracked = content.untrackedAmong(names.paths());
      this.directories.rememberUntracked(content.identity, untracked);
    }
    this.directories.save();
    const snapshot = this.currentSnapshot();
    const tracked = snapshot ? { trackedCount: snapshot.trackedCount, untracked: [], badNames: snapshot.trackedBadNames } : (this.trackedListing = classifiedListing(content.recordsOf(SOURCE_SUFFIXES)));
    const others = classifiedListing(untracked.map((p) => `? ${Buffer.from(p, 'latin1').toString('utf8')}`));
    return { trackedCount: tracked.trackedCount, untracked: others.untracked, badNames: [...tracked.badNames, ...others.badNames] };
  }

  /** Called with the bytes of every file the analysis loads (null: absent or unreadable). */
  observe(rel: string, bytes: Buffer | null): void {
    if (!this.content?.listed) {
      this.pending.push([rel, bytes ? readDigests(bytes) : null]);
      return;
    }
    this.note(rel, this.content.keyOfBytes(rel, bytes));
  }

  private note(rel: string, key: string | null): void {
    if (this.observed.has(rel) && this.observed.get(rel) !== key) this.unstable = true;
    else this.observed.set(rel, key);
  }

  /** Names the files observed before the index was listed. */
  private nameObserved(): void {
    for (const [rel, digest] of this.pending) this.note(rel, this.content!.keyOfDigest(rel, digest));
    this.pending = [];
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
      if (entry && (await this.stillHolds(entry, listSources))) return entry;
    }
    // The analysis runs: the files it reads are named by the index's blob ids.
    void this.content.loadListing().then(() => this.nameObserved(), () => undefined);
    return null;
  }

  private async stillHolds(entry: AnalysisEntry, listSources: (dir: string) => string[]): Promise<boolean> {
    const content = this.content!;
    if (entry.index && entry.index === content.identity && !this.overlay) {
      if (!this.inputsHoldOnSameIndex(entry)) return false;
    } else {
      await content.loadListing();
      for (const [rel, name] of entry.inputs) if (content.keyOf(rel) !== name) return false;
    }
    for (const [dir, hash] of entry.listings) if (listingHash(listSources(dir)) !== hash) return false;
    return true;
  }

  /**
   * The inputs of an analysis made against this very index, checked without listing it: a file named by
   * its blob then is unchanged when git does not report it modified now; one that git reported modified
   * then and not now is named by its blob now (a different name); any other is hashed as keyOf does.
   */
  private inputsHoldOnSameIndex(entry: AnalysisEntry): boolean {
    const content = this.content!;
    const modifiedThen = new Set(entry.modified ?? []);
    for (const [rel, name] of entry.inputs) {
      if (name?.startsWith('g:')) {
        if (content.modified.has(rel)) return false;
        continue;
      }
      if (modifiedThen.has(rel) && !content.modified.has(rel)) return false;
      const bytes = readTreeFile(content.tree, rel);
      if ((bytes ? `w:${sha256(bytes)}` : null) !== name) return false;
    }
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
  async keep(key: AnalysisKey, plan: Plan, modules: ModuleFacts[]): Promise<void> {
    const content = this.content;
    if (!content) return;
    await content.loadListing();
    this.nameObserved();
    if (this.unstable) return;
    const entry: AnalysisEntry = { inputs: [...this.observed], listings: [...this.listings], plan, modules, index: content.identity, modified: [...content.modified].filter((rel) => this.observed.has(rel)).sort() };
    const analysisKey = this.analysisKey(key);
    const variant = hashOf([analysisKey, JSON.stringify(entry.inputs), JSON.stringify(entry.listings)]);
    if (!this.store.put(ANALYSIS_KIND, variant, encodeEntry(entry))) return;
    // Two runs may add a variant at once: one list wins, the other's entry is only found later again.
    const variants = [variant, ...this.variants(analysisKey).filter((v) => v !== variant)].slice(0, MAX_VARIANTS);
    this.store.put(VARIANTS_KIND, analysisKey, Buffer.from(variants.join('\n'), 'latin1'));
  }

  /** Writes what discovery learnt; called once the run's discovery is done. */
  saveWords(): void {
    const content = this.content;
    if (!content?.listed || !content.indexed) return;
    this.words.save(2 * content.trackedCount, () => {
      const blobs = new Set<string>();
      for (const [, blob] of content.cleanFiles(SOURCE_SUFFIXES)) blobs.add(blob);
      return blobs;
    });
    this.saveSnapshot(content);
  }

  /** Keeps what discovery took from this index for the next run that finds it unchanged. */
  private saveSnapshot(content: TreeContent): void {
    if (!content.identity || this.currentSnapshot() || !this.trackedListing) return;
    const hits: string[] = [];
    const untrusted: string[] = [];
    for (const [rel, blob, link] of content.indexedFiles(SOURCE_SUFFIXES)) {
      if (blob === undefined) {
        if (!link) untrusted.push(rel);
        continue;
      }
      // A blob no search has answered for yet (a file modified since it was staged) is searched every time.
      const matched = this.words.matches(blob);
      if (matched === undefined) untrusted.push(rel);
      else if (matched) hits.push(rel);
    }
    const snapshot: IndexSnapshot = { hits, untrusted: [...new Set(untrusted)], trackedCount: this.trackedListing.trackedCount, trackedBadNames: this.trackedListing.badNames };
    saveSnapshot(this.store, hashOf([this.snapshotScope, content.identity]), snapshot);
  }

  private analysisKey(key: AnalysisKey): string {
    return hashOf([this.fingerprint, this.content!.tree, JSON.stringify(key)]);
  }
}

/** The search a snapshot gives: the files the index does not vouch for and those modified since, and the known hits among the rest. */
function plannedFrom(snapshot: IndexSnapshot, modified: ReadonlySet<string>): { paths: string[]; knownHits: string[] } {
  const paths = new Set(snapshot.untrusted);
  for (const rel of modified) if (SOURCE_SUFFIXES.some((suffix) => rel.endsWith(suffix))) paths.add(rel);
  return { paths: [...paths].sort(), knownHits: snapshot.hits.filter((rel) => !modified.has(rel)) };
}

function sha256(bytes: Buffer): string {
  return crypto.createHash('sha256').update(bytes).digest('hex');
}

function hashOf(parts: readonly string[]): string {
  return crypto.createHash('sha256').update(parts.join('\0')).digest('hex');
}
