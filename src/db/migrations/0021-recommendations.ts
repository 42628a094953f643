import type { Migration } from 'kysely/migration';
import type { DialectName } from '../connect.ts';
import { type AnyDb, versioned, withId } from './builders.ts';
import { columnsOf } from './rebuild.ts';

// Shipped: never edit this file; append a new migration instead.

/**
 * Recommendations (issue 17): what the sources recommend, each a curated record in the atlas's
 * own words with its kind (D6.1 way forward or joint roadmap, a region's outlook, an EP PerMed
 * pillar's next step, ICPerMed, the Commission), level, pillar, the organisations it names, and
 * a verbatim quote where one is kept (with its source, section and page). Link tables hold the
 * barriers it addresses, the stakeholder groups it names and the regions it concerns. Skipped
 * where `recommendations` is there already.
 */
async function recommendationTables(db: AnyDb, dialect: DialectName): Promise<void> {
  await versioned(
    withId(db.schema.createTable('recommendations'), dialect)
      .addColumn('slug', 'text', (c) => c.notNull().unique())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('level', 'text', (c) => c.notNull())
      .addColumn('pillar_code', 'text')
      .addColumn('actors_named', 'text')
      .addColumn('quote_text', 'text')
      .addColumn('quote_source', 'text')
      .addColumn('quote_section', 'text')
      .addColumn('quote_page', 'text')
      .addColumn('quote_note', 'text')
      .addColumn('language', 'text', (c) => c.notNull().defaultTo('en'))
      .addColumn('actor_codes', 'text', (c) => c.notNull())
      .addColumn('region_codes', 'text', (c) => c.notNull()),
  ).execute();
  const link = async (table: string, column: string, references?: string) => {
    await db.schema
      .createTable(table)
      .addColumn('recommendation_id', 'integer', (c) =>
        c.notNull().references('recommendations.id').onDelete('cascade'),
      )
      .addColumn(column, 'text', (c) =>
        references ? c.notNull().references(references) : c.notNull(),
      )
      .addPrimaryKeyConstraint(`${table}_pk`, ['recommendation_id', column])
      .execute();
    await db.schema.createIndex(`${table}_code_idx`).on(table).columns([column]).execute();
  };
  await link('recommendation_barriers', 'barrier_code');
  await link('recommendation_actors', 'actor_code');
  await link('recommendation_regions', 'region_code', 'regions.code');
}

export function recommendations(dialect: DialectName): Migration {
  return {
    async up(db: AnyDb) {
      if ((await columnsOf(db, dialect, 'recommendations')).size > 0) return;
      await recommendationTables(db, dialect);
    },
  };
}
