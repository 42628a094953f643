import type { Kysely } from 'kysely';
import type { Database } from '../db/types.ts';
import { BARRIER_CATEGORIES, BARRIERS, THEMES } from '../domain/codes.ts';
import type { BarrierCodebook } from '../domain/schemas.ts';
import { type UpsertOutcome, upsertVersioned, type WriteContext } from './versioned.ts';

/** The barrier codebook version that the D6.1 code list defines. */
export const CODEBOOK_VERSION = 'd6.1-2025';

/**
 * Writes the code lists that live in the database: themes, and the barrier codebook with the
 * descriptions of the reference data where it has them. Idempotent; returns what happened to
 * each category and barrier.
 */
export async function syncCodeLists(
  db: Kysely<Database>,
  ctx: WriteContext,
  codebook: BarrierCodebook = { categories: [], barriers: [] },
): Promise<UpsertOutcome[]> {
  const outcomes: UpsertOutcome[] = [];
  for (const t of THEMES) {
    await db
      .insertInto('themes')
      .values({ code: t.code, label: t.label })
      .onConflict((oc) => oc.column('code').doUpdateSet({ label: t.label }))
      .execute();
  }
  await db
    .insertInto('codebooks')
    .values({
      version: CODEBOOK_VERSION,
      published_at: '2025',
      note: 'PRECISEU D6.1 cross-regional report: 17 barriers in 6 categories',
    })
    .onConflict((oc) => oc.column('version').doNothing())
    .execute();
  for (const [position, c] of BARRIER_CATEGORIES.entries()) {
    const info = codebook.categories.find((x) => x.code === c.code);
    const outcome = await upsertVersioned(
      db,
      {
        table: 'barrier_categories',
        entity: 'barrier_category',
        key: { code: c.code, codebook_version: CODEBOOK_VERSION },
        columns: { label: c.label, position, description: info?.description ?? null },
        sources: info?.sources ?? [],
      },
      ctx,
    );
    outcomes.push(outcome);
  }
  for (const b of BARRIERS) {
    const info = codebook.barriers.find((x) => x.code === b.code);
    const outcome = await upsertVersioned(
      db,
      {
        table: 'barriers',
        entity: 'barrier',
        key: { code: b.code, codebook_version: CODEBOOK_VERSION },
        columns: {
          label: b.label,
          number: b.number,
          category_code: b.category,
          description: info?.description ?? null,
          sub_themes: info && info.subThemes.length > 0 ? JSON.stringify(info.subThemes) : null,
        },
        sources: info?.sources ?? [],
      },
      ctx,
    );
    outcomes.push(outcome);
  }
  return outcomes;
}

/** How many barriers and categories the current codebook has on record. */
export async function countCodebook(
  db: Kysely<Database>,
): Promise<{ barriers: number; categories: number }> {
  const count = async (table: 'barriers' | 'barrier_categories') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('codebook_version', '=', CODEBOOK_VERSION)
          .executeTakeFirstOrThrow()
      ).n,
    );
  return { barriers: await count('barriers'), categories: await count('barrier_categories') };
}
