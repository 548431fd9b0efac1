// Git object ids for file contents, so `index` lines name the blobs git itself would store.
import { createHash } from 'node:crypto';

/** The id git gives `bytes` as a blob: sha1("blob <len>\0" + bytes). */
export function gitBlobId(bytes: Buffer): string {
  const hash = createHash('sha1');
  hash.update(`blob ${bytes.length}\0`, 'latin1');
  hash.update(bytes);
  return hash.digest('hex');
}

/** The all-zero id git prints for a missing side (created or deleted file). */
export const NULL_OBJECT_ID = '0'.repeat(40);
