/**
 * The release of the running code, as a fingerprint: results kept across restarts (report and
 * export files in the cache folder and the database) are made by code, so a file made by an
 * earlier release is not served by a later one that would make it differently, even when the
 * data has not changed.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder of the application's own code: src/ when run from source, dist/ when built. */
const CODE_DIR = fileURLToPath(new URL('..', import.meta.url));

let fingerprint: string | undefined;

/**
 * A hash over every file of the application's code (names and contents; about 800 files, some
 * tens of milliseconds, once per process): equal for the same release on every instance, new for
 * any change of code, catalogue or template.
 */
export function releaseFingerprint(): string {
  if (fingerprint !== undefined) return fingerprint;
  const h = createHash('sha256');
  const files = readdirSync(CODE_DIR, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
  for (const file of files) {
    h.update(relative(CODE_DIR, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  fingerprint = h.digest('hex').slice(0, 16);
  return fingerprint;
}
