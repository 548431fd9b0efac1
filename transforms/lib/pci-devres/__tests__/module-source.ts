// A Kbuild module made of in-memory C files, with the facts a transform collects for it: the enable
// calls and the uses of one site function.
import type { ModuleFacts, ParsedFile } from '../../../../src/sdk.js';
import { collectFacts, parseBytes } from '../../../../src/sdk.js';
import { ENABLE_FUNCTIONS } from '../index.js';

export const SITE_FUNCTION = 'pci_intx';

export interface TestModule {
  facts: ModuleFacts;
  files: string[];
  parseFile(rel: string): ParsedFile | null;
}

export function moduleOf(id: string, sources: Record<string, string>): TestModule {
  const parsed = new Map(Object.entries(sources).map(([file, text]) => [file, parseBytes(file, Buffer.from(text, 'latin1'))]));
  const files = [...parsed.keys()];
  return {
    files,
    parseFile: (rel) => parsed.get(rel) ?? null,
    facts: {
      module: { id, sources: files.filter((f) => f.endsWith('.c')), configs: [], implicit: false },
      files: [...parsed.values()].map((p) => collectFacts(p, [SITE_FUNCTION, ...ENABLE_FUNCTIONS])),
    },
  };
}

/** The uses of the site function, in file order. */
export function sitesOf(module: TestModule) {
  return module.facts.files.flatMap((f) => f.uses).filter((u) => u.callee === SITE_FUNCTION);
}
