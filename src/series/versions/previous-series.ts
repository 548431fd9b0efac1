// Reading the series kcodemod wrote as an earlier version (`series --previous DIR`): its mails,
// manifest, decisions and cover letter changelog.
import fs from 'node:fs';
import path from 'node:path';
import { parseDecisions, type Decisions, type DecisionsOwner } from '../decisions.js';
import { SERIES_MARKER, seriesFilePath } from '../../render/output-dir.js';
import { readRegularFile } from '../../util/fs.js';
import { COVER_LETTER, PATCH_FILE } from './file-names.js';
import { parseSeriesManifest, type SeriesManifest } from './manifest.js';
import { diffPaths, parseMail } from './mail.js';

export interface PreviousPatch {
  file: string;
  /** The subject without its "[PATCH vN nn/NN]" tag, decoded. */
  subject: string;
  key?: string;
  phase?: string;
  /** The commit message after the subject (description and trailers), as in the mail. */
  body: string;
  /** The `diff --git` sections, one character per byte (Latin-1), so file bytes survive. */
  diff: string;
  /** Paths the patch touches, in diff order. */
  paths: string[];
  siteIds?: string[];
  /** The mail as written: rangeDiff applies it even after DIR was overwritten. */
  mail: Buffer;
}

export interface PreviousSeries {
  dir: string;
  version: number;
  patches: PreviousPatch[];
  decisions: Decisions | null;
  cover: {
    file: string;
    subject: string;
    /** "base-commit:" of the cover letter, null when the series was made without one. */
    baseCommit: string | null;
    /** Its own "Changes in vN:" sections, carried into the next version like b4 does. */
    changelog: string;
  };
  /** From the manifest (absent in directories written before it existed). */
  manifest: SeriesManifest | null;
}

/** The "Changes in vN:" sections of a cover letter body: header lines, "- " items, their continuations. */
function changelogSections(coverText: string): string {
  const lines = coverText.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^Changes in v\d+:$/.test(lines[i])) continue;
    if (out.length) out.push('');
    out.push(lines[i]);
    while (i + 1 < lines.length && /^(- |  )\S/.test(lines[i + 1])) out.push(lines[++i]);
  }
  return out.join('\n');
}

function readFileOrFail(file: string, what: string): Buffer {
  try {
    return readRegularFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new Error(`cannot read ${what} ${file}: ${code === 'ENOTREG' ? 'not a regular file' : (code ?? (e as Error).message)}`);
  }
}

/**
 * Reads the series kcodemod wrote into `dir` (its earlier version). Throws a one-line Error when
 * `dir` is not such a directory, a listed file is missing, or its manifest or decisions are broken.
 */
export function readPreviousSeries(dir: string, owner: DecisionsOwner): PreviousSeries {
  const transform = owner.name;
  const root = path.resolve(dir);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(root);
  } catch {
    throw new Error(`${dir}: no such directory (the earlier version's output directory was expected)`);
  }
  if (!stat.isDirectory()) throw new Error(`${dir} is not a directory (the earlier version's output directory was expected)`);
  const markerPath = seriesFilePath(root, 'marker');
  if (!fs.existsSync(markerPath)) throw new Error(`${dir} is not a series written by kcodemod (it has no ${SERIES_MARKER} file)`);
  const names = readFileOrFail(markerPath, 'the series list').toString('utf8').split('\n').filter(Boolean);

  const coverNames = names.filter((n) => COVER_LETTER.test(n));
  const patchNames = names.filter((n) => PATCH_FILE.test(n) && !COVER_LETTER.test(n));
  if (coverNames.length !== 1) throw new Error(`${dir}: expected one cover letter in the series, found ${coverNames.length}`);
  if (patchNames.length === 0) throw new Error(`${dir}: the series has no patches`);
  const versions = new Set([...coverNames, ...patchNames].map((n) => (COVER_LETTER.exec(n) ?? PATCH_FILE.exec(n))![1] ?? '1'));
  if (versions.size !== 1) throw new Error(`${dir}: the files belong to different versions (${[...versions].map((v) => `v${v}`).join(', ')})`);
  patchNames.sort((a, b) => Number(PATCH_FILE.exec(a)![2]) - Number(PATCH_FILE.exec(b)![2]));

  const manifestPath = seriesFilePath(root, 'manifest');
  const manifest = fs.existsSync(manifestPath) ? parseSeriesManifest(readFileOrFail(manifestPath, 'the manifest').toString('utf8'), manifestPath) : null;
  if (manifest && manifest.transform !== transform) throw new Error(`${dir} holds a series of transform "${manifest.transform}", not "${transform}"`);
  const fromManifest = new Map(manifest?.patches.map((p) => [p.file, p]) ?? []);
  if (manifest && (manifest.patches.length !== patchNames.length || patchNames.some((n) => !fromManifest.has(n)))) {
    throw new Error(`${manifestPath} does not list the patches of ${dir}`);
  }

  const patches = patchNames.map((file): PreviousPatch => {
    const mail = readFileOrFail(path.join(root, file), 'patch');
    const parsed = parseMail(mail, path.join(dir, file));
    const listed = fromManifest.get(file);
    return {
      file,
      subject: parsed.subject,
      ...(listed ? { key: listed.key, phase: listed.phase, siteIds: [...listed.siteIds] } : {}),
      body: parsed.body,
      diff: parsed.diff,
      paths: diffPaths(parsed.diff),
      mail,
    };
  });
  const coverBytes = readFileOrFail(path.join(root, coverNames[0]), 'cover letter');
  const cover = parseMail(coverBytes, path.join(dir, coverNames[0]));
  const coverText = coverBytes.toString('utf8');

  const decisionsPath = seriesFilePath(root, 'decisions');
  const decisions = fs.existsSync(decisionsPath) ? parseDecisions(readFileOrFail(decisionsPath, 'decisions file').toString('utf8'), owner, decisionsPath) : null;
  const versionText = [...versions][0];
  return {
    dir: root,
    version: manifest?.version ?? Number(versionText),
    patches,
    decisions,
    cover: {
      file: coverNames[0],
      subject: cover.subject,
      baseCommit: /^base-commit: ([0-9a-f]{40,64})$/m.exec(coverText)?.[1] ?? null,
      changelog: changelogSections(coverText),
    },
    manifest,
  };
}
