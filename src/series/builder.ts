// Builds a series patch by patch over a virtual copy of the tree: each patch records the files its
// edits changed, as they were before it, and gets its subject prefix, subsystem and acks from the
// tree's MAINTAINERS and history. Transforms describe patches; this does the bookkeeping.
import type { SeriesContext, SeriesOptions } from '../transform.js';
import type { FileChange, SeriesPatch } from './model.js';
import { VirtualTree, ascii } from '../rewrite/edits.js';
import { TransformRefusal } from '../transform.js';
import type { ReferenceDecl } from '../vocabulary.js';
import { linkTrailers } from './references.js';

/** A site's callee, located in the tree as the plan found it. */
export interface RenameTarget {
  id: string;
  file: string;
  calleeStart: number;
  calleeEnd: number;
}

export type PatchSpec = Omit<SeriesPatch, 'changes' | 'trailers' | 'subject' | 'subjectPrefixSource' | 'subsystem' | 'acksFrom'> & {
  title: string;
  /** Makes the patch's edits through the builder; returns the files it touched. */
  edit: () => string[];
  trailers?: string[];
  /** The files whose subsystem names the patch (default: the files it changes). */
  ownerFiles?: string[];
  /** Ids of the references (the vocabulary's) its message cites: each with a URL gets a Link: trailer. */
  cites?: string[];
};

export class SeriesBuilder {
  readonly vt: VirtualTree;
  readonly patches: SeriesPatch[] = [];
  /** Site id -> Kbuild module, to name a one-module patch after its driver. */
  readonly moduleOfSite = new Map<string, string>();
  /** Content of each file touched by the patch being built, as it was before that patch. */
  private readonly before = new Map<string, Buffer | null>();

  constructor(
    readonly ctx: SeriesContext,
    readonly options: Pick<SeriesOptions, 'links' | 'author'>,
    /** The references patches may cite (the transform's vocabulary's). */
    readonly references: readonly ReferenceDecl[] = [],
  ) {
    this.vt = new VirtualTree(ctx.readFile);
  }

  /** Records the changes `edit` makes as one patch; null when it changed nothing. */
  patch(spec: PatchSpec): SeriesPatch | null {
    this.before.clear();
    const files = [...new Set(spec.edit())];
    const changes: FileChange[] = [];
    for (const f of files) {
      const b = this.before.get(f) ?? null;
      const a = this.vt.read(f);
      if (b && a && b.equals(a)) continue;
      changes.push({ path: f, before: b, after: a });
    }
    this.before.clear();
    if (changes.length === 0) return null;
    changes.sort((x, y) => (x.path < y.path ? -1 : 1));
    const paths = spec.ownerFiles ?? changes.map((c) => c.path);
    const modules = new Set(spec.siteIds.map((id) => this.moduleOfSite.get(id)));
    const prefix = this.ctx.subjectPrefix(paths, modules.size === 1 && !spec.ownerFiles ? [...modules][0] : undefined);
    const subsystem = this.ctx.subsystemOf(paths[0]);
    // A patch that also touches other subsystems' files needs their acks too.
    const acks = [...subsystem.maintainers];
    const others: string[] = [];
    for (const c of changes) {
      const sub = this.ctx.subsystemOf(c.path);
      if (sub.name !== subsystem.name && !others.includes(sub.name)) others.push(sub.name);
      for (const m of sub.maintainers) if (!acks.includes(m)) acks.push(m);
    }
    const patch: SeriesPatch = {
      key: spec.key,
      phase: spec.phase,
      subject: `${prefix.prefix}: ${spec.title}`,
      subjectPrefixSource: prefix.source,
      body: spec.body,
      trailers: [
        ...(spec.trailers ?? []),
        ...linkTrailers(this.references, spec.cites ?? []),
        ...this.options.links.map((l) => `Link: ${l}`),
        `Signed-off-by: ${this.options.author}`,
      ],
      changes,
      siteIds: spec.siteIds,
      dependsOn: spec.dependsOn,
      subsystem: others.length ? `${subsystem.name}, also ${others.join(', ')}` : subsystem.name,
      acksFrom: acks,
      cautions: spec.cautions,
    };
    this.patches.push(patch);
    return patch;
  }

  /** Changes a file through `fn(currentBytes)`, remembering its content before this patch. */
  change(file: string, fn: (bytes: Buffer) => Buffer): void {
    const current = this.vt.read(file);
    if (!current) throw new TransformRefusal(`${file} is missing from the tree`);
    if (!this.before.has(file)) this.before.set(file, current);
    const next = fn(current);
    if (!next.equals(current)) this.vt.write(file, next);
  }

  /** Renames the callee of plan sites (original offsets, mapped through earlier patches). */
  renameSites<T extends RenameTarget>(sites: T[], to: (s: T) => string): string[] {
    const byFile = new Map<string, T[]>();
    for (const s of sites) byFile.set(s.file, [...(byFile.get(s.file) ?? []), s]);
    for (const [file, list] of byFile) {
      const current = this.vt.read(file);
      if (!this.before.has(file)) this.before.set(file, current);
      this.vt.applyOriginalEdits(
        file,
        // A site renamed by an earlier patch: its original range still maps to the current name.
        list.map((s) => ({ start: s.calleeStart, end: s.calleeEnd, replacement: ascii(to(s)) })),
      );
    }
    return [...byFile.keys()];
  }
}

/** How port patches are cut: one per MAINTAINERS subsystem, per Kbuild module or per file. */
export type SplitBy = 'subsystem' | 'module' | 'file';

/** Sites grouped into port patches, ordered by the first file each touches (stable, easy to follow). */
export function groupSites<T extends { file: string; module: string }>(sites: T[], split: SplitBy, subsystemOf: (file: string) => { name: string }): [string, T[]][] {
  const groups = new Map<string, T[]>();
  for (const s of sites) {
    const k = split === 'file' ? s.file : split === 'module' ? s.module : subsystemOf(s.file).name;
    groups.set(k, [...(groups.get(k) ?? []), s]);
  }
  return [...groups].sort(([, a], [, b]) => (a[0].file < b[0].file ? -1 : a[0].file > b[0].file ? 1 : 0));
}

/** A patch key part from a group name: lower case, words joined by '-'. */
export function keySlug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}
