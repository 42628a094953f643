import { sql } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { DialectName } from '../connect.ts';
import { type AnyDb, withId } from './builders.ts';
import { columnsOf, rebuildTables } from './rebuild.ts';

// Shipped: never edit this file; append a new migration instead.

/**
 * A record's source may be unknown (an imported row whose file names none), so
 * record_sources.source_code may be null (commit a864634 changed the released first migration).
 * Skipped where it may be null already.
 */
export function optionalRecordSource(dialect: DialectName): Migration {
  return {
    async up(db: AnyDb) {
      if (!(await columnsOf(db, dialect, 'record_sources')).get('source_code')) return;
      if (dialect === 'postgres') {
        await sql`ALTER TABLE record_sources ALTER COLUMN source_code DROP NOT NULL`.execute(db);
        return;
      }
      // SQLite cannot drop NOT NULL from a column: the table is made again.
      await rebuildTables(db, dialect, [
        {
          table: 'record_sources',
          create: (d) =>
            withId(d.schema.createTable('record_sources'), dialect)
              .addColumn('entity', 'text', (c) => c.notNull())
              .addColumn('entity_key', 'text', (c) => c.notNull())
              .addColumn('source_code', 'text', (c) => c.references('sources.code'))
              .addColumn('section', 'text')
              .addColumn('row_ref', 'text')
              .addColumn('note', 'text')
              .execute(),
          copy: [
            `INSERT INTO record_sources (id, entity, entity_key, source_code, section, row_ref, note)
             SELECT id, entity, entity_key, source_code, section, row_ref, note FROM record_sources_old`,
          ],
          indexes: (d) =>
            d.schema
              .createIndex('record_sources_entity_idx')
              .on('record_sources')
              .columns(['entity', 'entity_key'])
              .execute(),
        },
      ]);
    },
  };
}
