import type { Migration } from 'kysely/migration';
import type { DialectName } from '../connect.ts';
import { type AnyDb, versioned, withId } from './builders.ts';

// Shipped: never edit this file; append a new migration instead.

/** Saved column mappings for imports, and a log of every applied import with its file's checksum. */
export function imports(dialect: DialectName): Migration {
  return {
    async up(db: AnyDb) {
      await versioned(
        db.schema
          .createTable('import_presets')
          .addColumn('name', 'text', (c) => c.primaryKey())
          .addColumn('rules', 'text', (c) => c.notNull()),
      ).execute();
      await withId(db.schema.createTable('imports'), dialect)
        .addColumn('source_code', 'text', (c) => c.references('sources.code'))
        .addColumn('file_name', 'text', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('format', 'text', (c) => c.notNull())
        .addColumn('rows', 'integer', (c) => c.notNull())
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .execute();
    },
  };
}
