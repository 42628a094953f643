import type { Migration } from 'kysely/migration';
import type { DialectName } from '../connect.ts';
import type { AnyDb } from './builders.ts';
import { columnsOf } from './rebuild.ts';

// Shipped: never edit this file; append a new migration instead.

/**
 * What a good practice needs in the region that takes it up (issue 17): `transfer_conditions`,
 * a JSON array of `{ requires, note }` (requires: a code of TRANSFER_REQUIREMENTS in
 * domain/twinning.ts; note: the curator's words), or null when none is curated. Twinning checks
 * each against the records of the region it suggests the practice to. Skipped when the column
 * is there already.
 */
export function practiceTransferConditions(dialect: DialectName): Migration {
  return {
    async up(db: AnyDb) {
      if ((await columnsOf(db, dialect, 'good_practices')).has('transfer_conditions')) return;
      await db.schema
        .alterTable('good_practices')
        .addColumn('transfer_conditions', 'text')
        .execute();
    },
  };
}
