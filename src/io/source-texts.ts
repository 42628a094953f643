import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** A source document's plain text, for the checks that read a document's own words. */
export interface SourceText {
  readonly code: string;
  readonly title: string;
  readonly text: string;
}

/**
 * The plain texts of the sources that name a file, read from `dir`; a source whose file is not
 * there is left out (the checks that need it then find nothing in it, rather than failing).
 */
export async function readSourceTexts(
  dir: string,
  sources: readonly { code: string; title: string; file?: string | null }[],
): Promise<SourceText[]> {
  const read = await Promise.all(
    sources.map(async (s) => {
      if (!s.file || s.file.includes('/') || s.file.includes('\\')) return undefined;
      const text = await readFile(join(dir, s.file), 'utf8').catch(() => undefined);
      return text === undefined ? undefined : { code: s.code, title: s.title, text };
    }),
  );
  return read.filter((t): t is SourceText => t !== undefined);
}
