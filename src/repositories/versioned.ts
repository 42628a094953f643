import type { Kysely } from 'kysely';
import type { Database } from '../db/types.ts';
import type { SourceRef } from '../domain/schemas.ts';
import { appendHistory } from './history.ts';
import { listRecordSources, replaceRecordSources } from './record-sources.ts';

/** What an upsert did. */
export type UpsertOutcome = 'created' | 'updated' | 'unchanged';

/** Tables of curated content written through upsertVersioned, keyed by text columns. */
type VersionedTable =
  | 'regions'
  | 'sources'
  | 'barrier_categories'
  | 'barriers'
  | 'campaigns'
  | 'evidence'
  | 'good_practices'
  | 'regional_reports'
  | 'interview_rows'
  | 'workshops'
  | 'pillars'
  | 'reported_figures'
  | 'import_presets'
  | 'recommendations';

/** A set of codes kept in a link table next to a row with an integer id (e.g. barriers addressed). */
export interface LinkSet {
  readonly table: 'evidence_barriers' | 'good_practice_barriers' | 'recommendation_barriers';
  readonly idColumn: 'evidence_id' | 'good_practice_id' | 'recommendation_id';
  readonly values: readonly string[];
}

/** One record to write: where, under which key, which columns, provenance and linked codes. */
export interface VersionedRecord {
  readonly table: VersionedTable;
  /** The name used for this kind of record in history and provenance. */
  readonly entity: string;
  /** The unique key columns and their values. */
  readonly key: Readonly<Record<string, string>>;
  readonly columns: Readonly<Record<string, string | number | null>>;
  readonly sources?: readonly SourceRef[];
  readonly links?: LinkSet;
}

/** Who writes, and when. */
export interface WriteContext {
  readonly now: string;
  readonly actor: string;
}

/**
 * The key under which provenance and history file a record: its key columns' values joined with
 * "/", e.g. "ES51/d6-1-interviews" for a region's report of a campaign.
 */
export function recordKey(...parts: readonly string[]): string {
  return parts.join('/');
}

function stable(value: unknown): string {
  return JSON.stringify(value, (_, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

/**
 * Inserts a record, or updates it (bumping its version) when its columns, provenance or linked
 * codes differ; appends the change with before and after to the history. A record that is equal
 * in every part is left alone, so writing the same data twice changes nothing.
 */
export async function upsertVersioned(
  db: Kysely<Database>,
  record: VersionedRecord,
  ctx: WriteContext,
): Promise<UpsertOutcome> {
  // biome-ignore lint/suspicious/noExplicitAny: one code path for every table keyed by text columns
  const q = db as unknown as Kysely<any>;
  const entityKey = recordKey(...Object.values(record.key));
  const find = async () => {
    let select = q.selectFrom(record.table).selectAll();
    for (const [k, v] of Object.entries(record.key)) select = select.where(k, '=', v);
    return (await select.executeTakeFirst()) as Record<string, unknown> | undefined;
  };
  const links = record.links;
  const readLinks = async (id: unknown) =>
    links
      ? (
          await q
            .selectFrom(links.table)
            .select('barrier_code')
            .where(links.idColumn, '=', id)
            .orderBy('barrier_code')
            .execute()
        ).map((r: { barrier_code: string }) => r.barrier_code)
      : [];

  const existing = await find();
  const desired = {
    columns: record.columns,
    sources: record.sources ?? [],
    links: [...new Set(links?.values ?? [])].sort(),
  };
  const current = existing && {
    columns: Object.fromEntries(Object.keys(record.columns).map((k) => [k, existing[k]])),
    sources: record.sources ? await listRecordSources(db, record.entity, entityKey) : [],
    links: await readLinks(existing.id),
  };
  if (current && stable(current) === stable(desired)) return 'unchanged';

  if (existing) {
    let update = q
      .updateTable(record.table)
      .set({ ...record.columns, updated_at: ctx.now, version: Number(existing.version) + 1 });
    for (const [k, v] of Object.entries(record.key)) update = update.where(k, '=', v);
    await update.execute();
  } else {
    await q
      .insertInto(record.table)
      .values({
        ...record.key,
        ...record.columns,
        created_at: ctx.now,
        updated_at: ctx.now,
        version: 1,
      })
      .execute();
  }
  if (links) {
    const row = existing ?? (await find());
    await q.deleteFrom(links.table).where(links.idColumn, '=', row?.id).execute();
    if (desired.links.length > 0) {
      await q
        .insertInto(links.table)
        .values(desired.links.map((code) => ({ [links.idColumn]: row?.id, barrier_code: code })))
        .execute();
    }
  }
  if (record.sources) await replaceRecordSources(db, record.entity, entityKey, record.sources);
  await appendHistory(db, {
    entity: record.entity,
    key: entityKey,
    action: existing ? 'update' : 'create',
    actor: ctx.actor,
    at: ctx.now,
    before: current,
    after: desired,
  });
  return existing ? 'updated' : 'created';
}

/** A record to remove: where, under which key, and the link table of its codes, if any. */
export interface VersionedKey {
  readonly table: VersionedTable;
  readonly entity: string;
  readonly key: Readonly<Record<string, string>>;
  readonly links?: Omit<LinkSet, 'values'>;
}

/**
 * Removes a record with its linked codes and provenance, and appends the removal with what was
 * there to the history (so the data version moves on). False when there was no such record.
 */
export async function deleteVersioned(
  db: Kysely<Database>,
  record: VersionedKey,
  ctx: WriteContext,
): Promise<boolean> {
  // biome-ignore lint/suspicious/noExplicitAny: one code path for every table keyed by text columns
  const q = db as unknown as Kysely<any>;
  let select = q.selectFrom(record.table).selectAll();
  for (const [k, v] of Object.entries(record.key)) select = select.where(k, '=', v);
  const existing = (await select.executeTakeFirst()) as Record<string, unknown> | undefined;
  if (!existing) return false;
  if (record.links) {
    await q.deleteFrom(record.links.table).where(record.links.idColumn, '=', existing.id).execute();
  }
  let remove = q.deleteFrom(record.table);
  for (const [k, v] of Object.entries(record.key)) remove = remove.where(k, '=', v);
  await remove.execute();
  const entityKey = recordKey(...Object.values(record.key));
  await replaceRecordSources(db, record.entity, entityKey, []);
  await appendHistory(db, {
    entity: record.entity,
    key: entityKey,
    action: 'delete',
    actor: ctx.actor,
    at: ctx.now,
    before: existing,
    after: undefined,
  });
  return true;
}
