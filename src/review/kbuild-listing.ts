// Why a site's file is in its module, for the site block: the Makefile line that lists it, read
// from the tree the plan read. One Kbuild index per backend (it reads each directory's Makefile once).
import { createKbuildIndex, listingText } from '../kbuild/kbuild.js';
import type { ReviewBackend } from './backend.js';

const listings = new WeakMap<ReviewBackend, (file: string) => string | null>();

export function kbuildListingOf(backend: ReviewBackend): (file: string) => string | null {
  let lookup = listings.get(backend);
  if (!lookup) {
    const index = createKbuildIndex((rel) => backend.readTreeFile(rel));
    const known = new Map<string, string | null>();
    lookup = (file) => {
      if (!known.has(file)) known.set(file, file.endsWith('.c') ? listingText(index.moduleOf(file).listing) : null);
      return known.get(file)!;
    };
    listings.set(backend, lookup);
  }
  return lookup;
}
