import type { Migration } from 'kysely/migration';
import type { DialectName } from '../connect.ts';
import type { AnyDb } from './builders.ts';
import { columnsOf } from './rebuild.ts';

// Shipped: never edit this file; append a new migration instead.

/**
 * An evidence statement may carry the stakeholder's words as the source prints them in quotation
 * marks: `quote` holds them as JSON ({text, attribution, printedIn: [{source, section, page,
 * note}]}), beside the paraphrase in `statement`. Null for a statement that is only a paraphrase.
 * Skipped where the column is there already.
 */
export function evidenceQuotes(dialect: DialectName): Migration {
  return {
    async up(db: AnyDb) {
      if ((await columnsOf(db, dialect, 'evidence')).has('quote')) return;
      await db.schema.alterTable('evidence').addColumn('quote', 'text').execute();
    },
  };
}
