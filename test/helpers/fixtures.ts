import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { fileURLToPath } from 'node:url';

/** A small, hand-checked reference dataset drawn from PRECISEU D3.1. */
export const FIXTURE_DIR = fileURLToPath(new URL('../fixtures/reference', import.meta.url));

/** The shipped reference dataset. */
export const REFERENCE_DIR = fileURLToPath(new URL('../../data/reference', import.meta.url));

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * A temporary folder for the files a test writes, removed after the test file, and a writer of
 * one file in it that returns its path.
 */
export function scratchFiles(prefix: string): {
  dir: string;
  file: (name: string, content: string | Buffer) => string;
} {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  after(() => rmSync(dir, { recursive: true, force: true }));
  return {
    dir,
    file(name, content) {
      const path = join(dir, name);
      writeFileSync(path, content);
      return path;
    },
  };
}
