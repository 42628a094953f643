import type { Migration } from 'kysely/migration';
import type { AnyDb } from './builders.ts';

// Shipped: never edit this file; append a new migration instead.

/**
 * The keys of the records an import has planned so far, one row per key, so that a file of a
 * million rows is checked against its own earlier rows on disk instead of in memory. Rows exist
 * only inside the import's transaction: a dry run rolls them back and an apply deletes them.
 */
export const importKeys: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('import_keys')
      .addColumn('run', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('row', 'integer', (c) => c.notNull())
      .addColumn('slug', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('import_keys_pk', ['run', 'key', 'kind'])
      .execute();
  },
};
