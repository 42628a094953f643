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

function toRef(r: {
  source_code: string;
  section: string | null;
  row_ref: string | null;
  note: string | null;
}): SourceRef {
  const ref: SourceRef = { source: r.source_code };
  if (r.section !== null) ref.section = r.section;
  if (r.row_ref !== null) ref.row = r.row_ref;
  if (r.note !== null) ref.note = r.note;
  return ref;
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
  return rows.map(toRef);
}

/**
 * The provenance of many records of one kind, by record key, each in the order it was given:
 * of the given keys, or of every record of that kind when no keys are given. One query instead
 * of one per record, for exports.
 */
export async function listRecordSourcesByKey(
  db: Q,
  entity: string,
  keys?: readonly string[],
): Promise<Map<string, SourceRef[]>> {
  const out = new Map<string, SourceRef[]>();
  if (keys?.length === 0) return out;
  let q = db
    .selectFrom('record_sources')
    .select(['entity_key', 'source_code', 'section', 'row_ref', 'note'])
    .where('entity', '=', entity);
  if (keys) q = q.where('entity_key', 'in', [...keys]);
  for (const r of await q.orderBy('id').execute()) {
    const list = out.get(r.entity_key) ?? [];
    list.push(toRef(r));
    out.set(r.entity_key, list);
  }
  return out;
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
