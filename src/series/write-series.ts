// Writes a rendered series: the directory (mails, manifest, marker) and, with it or not at all, the
// mbox. Returns where everything went.
import path from 'node:path';
import { renderMbox } from '../render/mbox.js';
import { writeSeriesDirectory } from '../render/output-dir.js';
import type { RenderedSeries } from './render-series.js';
import { seriesManifest } from './versions/manifest.js';

export interface WrittenSeries {
  dir: string;
  /** Paths of the cover letter and of the patches, in series order. */
  cover: string;
  patches: string[];
  mbox: string | null;
}

export function writeSeries(outputDir: string, rendered: RenderedSeries, options: { force: boolean; mbox?: string }): WrittenSeries {
  const { files, written } = rendered;
  const mbox = options.mbox ? path.resolve(options.mbox) : null;
  const extraOutputs = mbox ? [{ path: mbox, bytes: renderMbox(files) }] : [];
  writeSeriesDirectory(outputDir, files, { force: options.force, manifest: seriesManifest(written, files), extraOutputs });
  return {
    dir: outputDir,
    cover: path.join(outputDir, files[0].name),
    patches: files.slice(1).map((f) => path.join(outputDir, f.name)),
    mbox,
  };
}
