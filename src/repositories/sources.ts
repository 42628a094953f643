import type { Kysely } from 'kysely';
import type { Database } from '../db/types.ts';
import type { SourceDocument } from '../domain/open-data.ts';
import type { Source } from '../domain/schemas.ts';
import { type UpsertOutcome, upsertVersioned, type WriteContext } from './versioned.ts';

type Q = Kysely<Database>;

/** Inserts or updates a source document. */
export function upsertSource(db: Q, s: Source, ctx: WriteContext): Promise<UpsertOutcome> {
  return upsertVersioned(
    db,
    {
      table: 'sources',
      entity: 'source',
      key: { code: s.code },
      columns: {
        title: s.title,
        publisher: s.publisher,
        year: s.year,
        url: s.url ?? null,
        file: s.file ?? null,
      },
    },
    ctx,
  );
}

/** Titles of all sources by code. */
export async function sourceTitles(db: Q): Promise<Map<string, string>> {
  const rows = await db.selectFrom('sources').select(['code', 'title']).execute();
  return new Map(rows.map((r) => [r.code, r.title]));
}

/** Every source document, newest first. */
export function listSources(db: Q) {
  return db.selectFrom('sources').selectAll().orderBy('year', 'desc').orderBy('title').execute();
}

/** Title, publisher and link of every source by code, for citing them in linked data. */
export async function sourceDocuments(db: Q): Promise<Map<string, SourceDocument>> {
  const rows = await db
    .selectFrom('sources')
    .select(['code', 'title', 'publisher', 'url'])
    .execute();
  return new Map(rows.map((r) => [r.code, { title: r.title, publisher: r.publisher, url: r.url }]));
}
