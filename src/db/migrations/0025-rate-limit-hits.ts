import { sql } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { DialectName } from '../connect.ts';
import type { AnyDb } from './builders.ts';

// Shipped: never edit this file; append a new migration instead.

/**
 * Rate-limit counters shared by every instance of the atlas on one database (issue 19): one row
 * per limit and client, the hits counted in the current window and when that window ends (epoch
 * milliseconds). On PostgreSQL the table is unlogged: the counters are written on every limited
 * request and worth nothing after a crash, so they skip the write-ahead log. Skipped where the
 * table is there already.
 */
export function rateLimitHits(dialect: DialectName): Migration {
  return {
    async up(db: AnyDb) {
      const unlogged = dialect === 'postgres' ? sql.raw('unlogged ') : sql.raw('');
      await sql`create ${unlogged}table if not exists rate_limit_hits (
        key text primary key,
        hits integer not null,
        window_ends bigint not null
      )`.execute(db);
      await sql`create index if not exists rate_limit_hits_window_idx
        on rate_limit_hits (window_ends)`.execute(db);
    },
  };
}
