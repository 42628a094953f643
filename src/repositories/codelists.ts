import type { Kysely } from 'kysely';
import type { Database } from '../db/types.ts';
import { BARRIER_CATEGORIES, BARRIERS, THEMES } from '../domain/codes.ts';
import { upsertVersioned } from './versioned.ts';

/** The barrier codebook version that the D6.1 code list defines. */
export const CODEBOOK_VERSION = 'd6.1-2025';

/** Writes the code lists that live in the database (themes, barrier codebook); idempotent. */
export async function syncCodeLists(db: Kysely<Database>, now: string): Promise<void> {
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
    await upsertVersioned(
      db,
      'barrier_categories',
      { code: c.code, codebook_version: CODEBOOK_VERSION },
      { label: c.label, position },
      now,
    );
  }
  for (const b of BARRIERS) {
    await upsertVersioned(
      db,
      'barriers',
      { code: b.code, codebook_version: CODEBOOK_VERSION },
      { label: b.label, number: b.number, category_code: b.category },
      now,
    );
  }
}
