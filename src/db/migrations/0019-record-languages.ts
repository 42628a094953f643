import type { Migration } from 'kysely/migration';
import type { DialectName } from '../connect.ts';
import type { AnyDb } from './builders.ts';
import { columnsOf } from './rebuild.ts';

// Shipped: never edit this file; append a new migration instead.

/** The tables of the records whose texts are written in one language each. */
const TABLES = ['initiatives', 'good_practices', 'evidence'] as const;

/**
 * The language of a record's own texts (issue 18): `language`, a BCP 47 primary language subtag
 * (ISO 639-1, e.g. `en`, `ca`, `de`), on initiatives, good practices and evidence statements.
 * Not null; existing rows get `en`, the language the reference data is written in, and so does a
 * row written without one. Skipped for a table that has the column already.
 */
export function recordLanguages(dialect: DialectName): Migration {
  return {
    async up(db: AnyDb) {
      for (const table of TABLES) {
        if ((await columnsOf(db, dialect, table)).has('language')) continue;
        await db.schema
          .alterTable(table)
          .addColumn('language', 'text', (c) => c.notNull().defaultTo('en'))
          .execute();
      }
    },
  };
}
