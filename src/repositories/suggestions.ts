import type { Kysely, Selectable } from 'kysely';
import type { Database, SuggestionsTable } from '../db/types.ts';

type Q = Kysely<Database>;

export type SuggestionRow = Selectable<SuggestionsTable>;

export async function insertSuggestion(
  db: Q,
  row: Omit<SuggestionRow, 'id' | 'decided_by' | 'decided_at' | 'decision_note'>,
): Promise<number> {
  const { id } = await db
    .insertInto('suggestions')
    .values(row)
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** How many suggestions one address has sent since `since`. */
export async function countSuggestionsSince(
  db: Q,
  addressHash: string,
  since: string,
): Promise<number> {
  const row = await db
    .selectFrom('suggestions')
    .select((e) => e.fn.countAll<number>().as('n'))
    .where('address_hash', '=', addressHash)
    .where('created_at', '>=', since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Suggestions in a state, oldest first (the queue's order). */
export function listSuggestions(db: Q, state: string, limit: number): Promise<SuggestionRow[]> {
  return db
    .selectFrom('suggestions')
    .selectAll()
    .where('state', '=', state)
    .orderBy('created_at')
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** Records a curator's decision on an open suggestion; false when it was decided already. */
export async function decideSuggestion(
  db: Q,
  id: number,
  d: { state: string; by: number | null; at: string; note: string | null },
): Promise<boolean> {
  const r = await db
    .updateTable('suggestions')
    .set({ state: d.state, decided_by: d.by, decided_at: d.at, decision_note: d.note })
    .where('id', '=', id)
    .where('state', '=', 'open')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}
