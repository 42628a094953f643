import type { Kysely } from 'kysely';
import type { Database } from '../db/types.ts';
import type { SourceRef } from '../domain/schemas.ts';

type Q = Kysely<Database>;

/** Replaces the provenance of one record with the given source references, in order. */
export async function replaceRecordSources(
  db: Q,
  entity: string,
  key: string,
  refs: readonly SourceRef[],
): Promise<void> {
  await db
    .deleteFrom('record_sources')
    .where('entity', '=', entity)
    .where('entity_key', '=', key)
    .execute();
  if (refs.length === 0) return;
  await db
    .insertInto('record_sources')
    .values(
      refs.map((r) => ({
        entity,
        entity_key: key,
        source_code: r.source,
        section: r.section ?? null,
        row_ref: r.row ?? null,
        note: r.note ?? null,
      })),
    )
    .execute();
}

/** The provenance of one record, in the order it was given. */
export async function listRecordSources(db: Q, entity: string, key: string): Promise<SourceRef[]> {
  const rows = await db
    .selectFrom('record_sources')
    .select(['source_code', 'section', 'row_ref', 'note'])
    .where('entity', '=', entity)
    .where('entity_key', '=', key)
    .orderBy('id')
    .execute();
  return rows.map((r) => {
    const ref: SourceRef = { source: r.source_code };
    if (r.section !== null) ref.section = r.section;
    if (r.row_ref !== null) ref.row = r.row_ref;
    if (r.note !== null) ref.note = r.note;
    return ref;
  });
}

/** Every citation of a numbered table row: which record cites which row of which section. */
export async function listRowCitations(
  db: Q,
): Promise<{ entity: string; key: string; source: string; section: string; row: string }[]> {
  const rows = await db
    .selectFrom('record_sources')
    .select(['entity', 'entity_key', 'source_code', 'section', 'row_ref'])
    .where('row_ref', 'is not', null)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    entity: r.entity,
    key: r.entity_key,
    source: r.source_code,
    section: r.section ?? '',
    row: r.row_ref ?? '',
  }));
}
