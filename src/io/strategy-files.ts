import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { invalidData } from '../domain/errors.ts';
import { ReferenceStrategy } from '../domain/strategies.ts';

/** The file of the reference dataset that holds strategy records. */
export const STRATEGIES_FILE = 'strategies.json';

const Terms = z.array(z.string().min(1).max(120)).max(200);

/** The shape of data/reference/pm-terms.json (analysis/strategy-passages.ts reads it). */
const TermListFile = z.object({
  about: z.string().optional(),
  concepts: z.record(
    z.string(),
    z.object({ weight: z.number().positive().max(10), core: z.boolean() }),
  ),
  terms: z.record(z.string().regex(/^[a-z]{2}$/), z.record(z.string(), Terms)),
  functionWords: z.record(z.string(), Terms).optional(),
});
export type TermListFile = z.infer<typeof TermListFile>;

const TERMS_URL = new URL('../../data/reference/pm-terms.json', import.meta.url);
let cached: TermListFile | undefined;

/** The multilingual personalised-medicine term list, read and checked once. */
export function readTermList(file: URL | string = TERMS_URL): TermListFile {
  if (file === TERMS_URL && cached) return cached;
  const parsed = TermListFile.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success)
    throw invalidData(`pm-terms.json is not valid: ${parsed.error.issues[0]?.message ?? ''}`);
  for (const [lang, byConcept] of Object.entries(parsed.data.terms))
    for (const concept of Object.keys(byConcept))
      if (!parsed.data.concepts[concept])
        throw invalidData(`pm-terms.json: ${lang} lists terms of an unknown concept "${concept}"`);
  if (file === TERMS_URL) cached = parsed.data;
  return parsed.data;
}

/**
 * The strategies of a reference folder (strategies.json), checked; an empty list when the
 * folder has no such file (it is optional, as older datasets lack it).
 */
export function readReferenceStrategies(dir: string): ReferenceStrategy[] {
  const file = join(dir, STRATEGIES_FILE);
  if (!existsSync(file)) return [];
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw invalidData(`${file} is not JSON: ${(e as Error).message}`);
  }
  const list = z.object({ strategies: z.array(z.unknown()) }).safeParse(raw);
  if (!list.success) throw invalidData(`${file} must hold {"strategies": [...]}`);
  return list.data.strategies.map((s, i) => {
    const parsed = ReferenceStrategy.safeParse(s);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    throw invalidData(
      `${file}: strategy ${i + 1}: ${issue?.path.join('.') || 'record'}: ${issue?.message ?? 'invalid'}`,
    );
  });
}
