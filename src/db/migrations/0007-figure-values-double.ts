import { sql } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { DialectName } from '../connect.ts';
import type { AnyDb } from './builders.ts';

// Shipped: never edit this file; append a new migration instead.

/**
 * Figure values as 8-byte floats on PostgreSQL, where `real` has 4 bytes and rounds large
 * figures (commit b0f4a56 changed the released first migration). SQLite's REAL has 8 already.
 * Changing a column to the type it has is a no-op, so a database that has it already is fine.
 */
export function figureValuesDouble(dialect: DialectName): Migration {
  return {
    async up(db: AnyDb) {
      if (dialect !== 'postgres') return;
      await sql`ALTER TABLE reported_figures ALTER COLUMN value TYPE double precision`.execute(db);
    },
  };
}
