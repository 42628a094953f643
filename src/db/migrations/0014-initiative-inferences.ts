import { sql } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { DialectName } from '../connect.ts';
import type { AnyDb } from './builders.ts';
import { columnsOf } from './rebuild.ts';

// Shipped: never edit this file; append a new migration instead.

/**
 * Provenance an initiative's page and the list can show:
 * - `inferred`: a JSON list of {field, reason}, the fields whose value is the curators' inference
 *   rather than printed in a source (e.g. a reporting region read from the appendix block a row
 *   sits in), and why;
 * - `origin_source`, `origin_section`: the document and section of the record's first source
 *   reference, the one it was taken from, kept beside the record so that the list can filter and
 *   count by it like any other single-valued facet (the repository writes them with the sources).
 *   Existing records get them from their first reference.
 * The grouped facet count reads only one index, so that index gains the two origin columns.
 * Each step is skipped where it is done already.
 */
export function initiativeInferences(dialect: DialectName): Migration {
  return {
    async up(db: AnyDb) {
      const columns = await columnsOf(db, dialect, 'initiatives');
      if (!columns.has('inferred')) {
        await db.schema.alterTable('initiatives').addColumn('inferred', 'text').execute();
      }
      if (!columns.has('origin_source')) {
        await db.schema.alterTable('initiatives').addColumn('origin_source', 'text').execute();
        await db.schema.alterTable('initiatives').addColumn('origin_section', 'text').execute();
        const first = (column: string) => sql`(
          select ${sql.ref(`rs.${column}`)} from record_sources rs
          where rs.entity = 'initiative' and rs.entity_key = initiatives.slug
          order by rs.id limit 1)`;
        await sql`update initiatives set origin_source = ${first('source_code')},
          origin_section = ${first('section')}`.execute(db);
      }
      await db.schema.dropIndex('initiatives_facets_idx').ifExists().execute();
      await db.schema
        .createIndex('initiatives_facet_columns_idx')
        .ifNotExists()
        .on('initiatives')
        .columns([
          'domain',
          'structural_type',
          'status',
          'home_country',
          'submitting_region',
          'origin_source',
          'origin_section',
        ])
        .execute();
    },
  };
}
