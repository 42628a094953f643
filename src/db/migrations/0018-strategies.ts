import { sql } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { DialectName } from '../connect.ts';
import { type AnyDb, versioned, withId } from './builders.ts';
import { columnsOf } from './rebuild.ts';

// Shipped: never edit this file; append a new migration instead.

/**
 * RIS3 strategies (issue 17). `strategies` replaces the first release's `strategy_documents`,
 * which nothing ever wrote: a strategy is a record of a region (title, period, link, language,
 * priority areas as JSON) with its reading state (not_assessed, awaiting_review, confirmed,
 * rejected) and, once a curator decided, the evidence of the decision (the passage quoted, its
 * page, the source it was quoted from when not the document itself) and who decided and when.
 * `strategy_passages` holds the passages the atlas proposed from an uploaded document, ranked.
 * Rows of `strategy_documents`, should a database hold any, are carried over as not assessed.
 * Skipped where `strategies` is there already.
 */
async function strategyTables(db: AnyDb, dialect: DialectName): Promise<void> {
  await versioned(
    withId(db.schema.createTable('strategies'), dialect)
      .addColumn('key', 'text', (c) => c.notNull().unique())
      .addColumn('region_code', 'text', (c) => c.notNull().references('regions.code'))
      .addColumn('place_name', 'text')
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('period_start', 'integer')
      .addColumn('period_end', 'integer')
      .addColumn('link', 'text')
      .addColumn('language', 'text')
      .addColumn('priority_areas', 'text', (c) => c.notNull())
      .addColumn('description', 'text')
      .addColumn('document_name', 'text')
      .addColumn('document_format', 'text')
      .addColumn('document_pages', 'integer')
      .addColumn('document_sha256', 'text')
      .addColumn('review_state', 'text', (c) => c.notNull())
      .addColumn('evidence_passage', 'text')
      .addColumn('evidence_page', 'integer')
      .addColumn('evidence_source', 'text')
      .addColumn('evidence_section', 'text')
      .addColumn('decided_by', 'text')
      .addColumn('decided_by_account', 'integer')
      .addColumn('decided_at', 'text')
      .addColumn('decision_note', 'text')
      .addColumn('uploaded_by', 'text'),
  ).execute();
  await db.schema
    .createIndex('strategies_region_idx')
    .on('strategies')
    .columns(['region_code'])
    .execute();
  await withId(db.schema.createTable('strategy_passages'), dialect)
    .addColumn('strategy_id', 'integer', (c) =>
      c.notNull().references('strategies.id').onDelete('cascade'),
    )
    .addColumn('rank', 'integer', (c) => c.notNull())
    .addColumn('page', 'integer')
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('score', dialect === 'postgres' ? 'double precision' : 'real', (c) => c.notNull())
    .addColumn('terms', 'text', (c) => c.notNull())
    .addUniqueConstraint('strategy_passages_rank_uq', ['strategy_id', 'rank'])
    .execute();
}

export function strategies(dialect: DialectName): Migration {
  return {
    async up(db: AnyDb) {
      if ((await columnsOf(db, dialect, 'strategies')).size > 0) return;
      await strategyTables(db, dialect);
      if ((await columnsOf(db, dialect, 'strategy_documents')).size === 0) return;
      await sql`
        insert into strategies (key, region_code, title, period_start, language, priority_areas,
          review_state, created_at, updated_at, version)
        select 'document-' || id, region_code, title, year, language, '[]', 'not_assessed',
          created_at, updated_at, version
        from strategy_documents where region_code is not null`.execute(db);
      await db.schema.dropTable('strategy_documents').execute();
    },
  };
}
