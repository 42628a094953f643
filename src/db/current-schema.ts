import { sql } from 'kysely';
import type { Db } from './connect.ts';

/** The schema a PostgreSQL connection creates its tables in (its search_path's first); undefined on SQLite. */
export async function currentSchema(db: Db): Promise<string | undefined> {
  if (db.dialect !== 'postgres') return undefined;
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(
    db.kysely,
  );
  return rows[0]?.schema;
}
