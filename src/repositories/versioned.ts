import type { Kysely } from 'kysely';
import type { Database } from '../db/types.ts';

/** What an upsert did. */
export type UpsertOutcome = 'created' | 'updated' | 'unchanged';

/** Tables of curated content whose rows are keyed by a text code. */
type CodedTable = 'regions' | 'sources' | 'barrier_categories' | 'barriers';

/**
 * Inserts a row keyed by `key`, or updates it (bumping its version) when any of `cols` differs.
 * A row whose columns are all equal is left alone, so seeding twice changes nothing.
 */
export async function upsertVersioned(
  db: Kysely<Database>,
  table: CodedTable,
  key: Readonly<Record<string, string>>,
  cols: Readonly<Record<string, string | number | null>>,
  now: string,
): Promise<UpsertOutcome> {
  // biome-ignore lint/suspicious/noExplicitAny: one code path for several tables with a text key
  const q = db as unknown as Kysely<any>;
  let select = q.selectFrom(table).selectAll();
  for (const [k, v] of Object.entries(key)) select = select.where(k, '=', v);
  const existing = (await select.executeTakeFirst()) as Record<string, unknown> | undefined;
  if (!existing) {
    await q
      .insertInto(table)
      .values({ ...key, ...cols, created_at: now, updated_at: now, version: 1 })
      .execute();
    return 'created';
  }
  if (Object.entries(cols).every(([k, v]) => existing[k] === v)) return 'unchanged';
  let update = q
    .updateTable(table)
    .set({ ...cols, updated_at: now, version: Number(existing.version) + 1 });
  for (const [k, v] of Object.entries(key)) update = update.where(k, '=', v);
  await update.execute();
  return 'updated';
}
