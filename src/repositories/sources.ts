import type { Kysely } from 'kysely';
import type { Database } from '../db/types.ts';
import type { Source } from '../domain/schemas.ts';
import { type UpsertOutcome, upsertVersioned } from './versioned.ts';

type Q = Kysely<Database>;

/** Inserts or updates a source document. */
export function upsertSource(db: Q, s: Source, now: string): Promise<UpsertOutcome> {
  return upsertVersioned(
    db,
    'sources',
    { code: s.code },
    {
      title: s.title,
      publisher: s.publisher,
      year: s.year,
      url: s.url ?? null,
      file: s.file ?? null,
    },
    now,
  );
}

/** Titles of all sources by code. */
export async function sourceTitles(db: Q): Promise<Map<string, string>> {
  const rows = await db.selectFrom('sources').select(['code', 'title']).execute();
  return new Map(rows.map((r) => [r.code, r.title]));
}
