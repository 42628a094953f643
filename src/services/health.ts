import type { Db } from '../db/connect.ts';
import { countInitiatives } from '../repositories/initiatives.ts';

/** Whether the database answers, with the number of initiatives when it does. */
export async function checkHealth(
  db: Db,
): Promise<{ ok: true; initiatives: number } | { ok: false; reason: string }> {
  try {
    return { ok: true, initiatives: await countInitiatives(db.kysely) };
  } catch (e) {
    return { ok: false, reason: e instanceof Error ? e.message : String(e) };
  }
}
