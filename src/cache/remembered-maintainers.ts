// MAINTAINERS' answers to "which section owns this file", kept per content of the file (Linux's is
// ~800 KB: parsing it and building its pattern index costs a warm plan more than anything else it
// does). A file the entry has no answer for, and every other question, goes to the parsed file.
import crypto from 'node:crypto';
import { parseMaintainers, type MaintainersIndex, type Section, type SectionMatch } from '../series/maintainers.js';
import type { EntryStore } from './entry-store.js';
import { engineFingerprint } from './fingerprints.js';

const KIND = 'maintainers';

interface Answers {
  /** The sections answered so far, by their place in the file. */
  sections: Record<string, Section>;
  /** file -> the place of its section (-1: none). */
  files: Record<string, number>;
}

export class RememberedMaintainers implements MaintainersIndex {
  private parsed: MaintainersIndex | null = null;
  private readonly answers: Answers;
  private readonly key: string;
  private changed = false;
  /** One object per section, as a parsed index gives. */
  private readonly objects = new Map<number, Section>();

  constructor(
    private readonly store: EntryStore,
    private readonly bytes: Buffer,
  ) {
    // The engine's fingerprint covers the matching rules.
    this.key = `${engineFingerprint()}\0${crypto.createHash('sha256').update(bytes).digest('hex')}`;
    this.answers = load(store, this.key);
  }

  get sections(): Section[] {
    return this.full().sections;
  }

  sectionFor(file: string): Section | null {
    const known = Object.hasOwn(this.answers.files, file) ? this.answers.files[file] : undefined;
    if (known === -1) return null;
    // An answer naming no kept section (a damaged entry) is no answer.
    if (known !== undefined && Object.hasOwn(this.answers.sections, known)) return this.sectionAt(known);
    const full = this.full();
    const section = full.sectionFor(file);
    const place = section ? full.sections.indexOf(section) : -1;
    this.answers.files[file] = place;
    if (section) this.answers.sections[place] = section;
    this.changed = true;
    return section;
  }

  matchingSections(file: string): SectionMatch[] {
    return this.full().matchingSections(file);
  }

  /** Writes the answers learnt this run. */
  save(): void {
    if (this.changed) this.store.put(KIND, this.key, Buffer.from(JSON.stringify(this.answers), 'utf8'));
    this.changed = false;
  }

  private sectionAt(place: number): Section {
    if (this.parsed) return this.parsed.sections[place];
    let section = this.objects.get(place);
    if (!section) {
      section = this.answers.sections[place];
      this.objects.set(place, section);
    }
    return section;
  }

  private full(): MaintainersIndex {
    this.parsed ??= parseMaintainers(this.bytes);
    return this.parsed;
  }
}

function load(store: EntryStore, key: string): Answers {
  const payload = store.get(KIND, key);
  if (payload) {
    try {
      const answers = JSON.parse(payload.toString('utf8')) as Answers;
      if (answers && typeof answers.sections === 'object' && typeof answers.files === 'object') return answers;
    } catch {
      /* an unreadable entry is no entry */
    }
  }
  return { sections: {}, files: {} };
}
