import { sql } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { DialectName } from '../connect.ts';
import type { AnyDb } from './builders.ts';
import { columnsOf } from './rebuild.ts';

// Shipped: never edit this file; append a new migration instead.

/**
 * What a translation was made from (issue 18): `source_version`, the version of the original
 * record current when the translation was published, and `source_text`, the original's text of
 * that field then. A translation whose original's text differs now may be out of date. The
 * translations already there are taken as made from the original as it is when this runs.
 * Skipped when the columns are there already.
 */
export function translationSources(dialect: DialectName): Migration {
  return {
    async up(db: AnyDb) {
      if ((await columnsOf(db, dialect, 'record_translations')).has('source_version')) return;
      await db.schema
        .alterTable('record_translations')
        .addColumn('source_version', 'integer')
        .execute();
      await db.schema.alterTable('record_translations').addColumn('source_text', 'text').execute();
      for (const [kind, table] of [
        ['initiative', 'initiatives'],
        ['good_practice', 'good_practices'],
      ] as const) {
        const original = sql.table(table);
        await sql`update record_translations set
            source_version = (select o.version from ${original} o
              where o.slug = record_translations.record_key),
            source_text = (select case record_translations.field
                when 'name' then o.name when 'summary' then o.summary end
              from ${original} o where o.slug = record_translations.record_key)
          where record_kind = ${kind}`.execute(db);
      }
    },
  };
}
