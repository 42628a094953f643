import { sql } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { AnyDb } from './builders.ts';

// Shipped: never edit this file; append a new migration instead.

/**
 * Indexes in the orders a browse without words sorts by (issue 19): by name (lower(name), id)
 * and by the latest change (updated_at desc, lower(name), id). The first page of a browse then
 * reads 20 index entries instead of sorting every initiative (61 ms at 100,000, 0.09 ms with
 * the index). The same expression on both dialects. Skipped where they are there already.
 */
export const searchBrowseOrder: Migration = {
  async up(db: AnyDb) {
    await sql`create index if not exists initiatives_name_order_idx
      on initiatives (lower(name), id)`.execute(db);
    await sql`create index if not exists initiatives_updated_order_idx
      on initiatives (updated_at desc, lower(name), id)`.execute(db);
  },
};
