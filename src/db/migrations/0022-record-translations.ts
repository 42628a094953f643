import { sql } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { DialectName } from '../connect.ts';
import { type AnyDb, withId } from './builders.ts';
import { columnsOf } from './rebuild.ts';

// Shipped: never edit this file; append a new migration instead.

/**
 * Translations of records' texts (issue 18). `record_translations` holds one approved text per
 * record, field and language (`record_kind` initiative or good_practice, `record_key` its slug),
 * who translated it, which published version of the translation it came from and the curator who
 * approved it. A proposal waits in `record_versions` (entity `translation`) like any other change
 * and reaches this table only when a curator publishes it, so pages never show a pending text.
 */
async function translationTable(db: AnyDb, dialect: DialectName): Promise<void> {
  await withId(db.schema.createTable('record_translations'), dialect)
    .addColumn('record_kind', 'text', (c) => c.notNull())
    .addColumn('record_key', 'text', (c) => c.notNull())
    .addColumn('field', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('translated_by', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('approved'))
    .addColumn('reviewed_by', 'text')
    .addColumn('version_number', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('record_translations_one', [
      'record_kind',
      'record_key',
      'field',
      'language',
    ])
    .execute();
}

/**
 * The search documents of translations: one per record and language, its translated name and its
 * other texts. SQLite: two FTS5 tables as for the originals (words as written, and their porter
 * stems), accents folded. PostgreSQL: a table with a stored tsvector built as the initiatives' is
 * (names weights A and C, the rest B and D), so the same tsquery matches both.
 */
async function searchDocuments(db: AnyDb, dialect: DialectName): Promise<void> {
  if (dialect === 'sqlite') {
    for (const [table, tokenize] of [
      ['translation_words', 'unicode61 remove_diacritics 2'],
      ['translation_stems', 'porter unicode61 remove_diacritics 2'],
    ] as const) {
      await sql
        .raw(`CREATE VIRTUAL TABLE ${table} USING fts5(
          record_kind UNINDEXED, record_key UNINDEXED, language UNINDEXED, name, body,
          tokenize='${tokenize}')`)
        .execute(db);
    }
    return;
  }
  await sql`CREATE TABLE translation_search (
      record_kind text NOT NULL,
      record_key text NOT NULL,
      language text NOT NULL,
      name text NOT NULL,
      body text NOT NULL,
      search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', atlas_search_text(name)), 'A') ||
        setweight(to_tsvector('simple', atlas_search_text(body)), 'B') ||
        setweight(to_tsvector('atlas_stems', atlas_search_text(name)), 'C') ||
        setweight(to_tsvector('atlas_stems', atlas_search_text(body)), 'D')
      ) STORED,
      PRIMARY KEY (record_kind, record_key, language)
    )`.execute(db);
  await sql`CREATE INDEX translation_search_idx ON translation_search USING GIN (search_vector)`.execute(
    db,
  );
}

/** Record translations and their search documents; skipped where the table is there already. */
export function recordTranslations(dialect: DialectName): Migration {
  return {
    async up(db: AnyDb) {
      if ((await columnsOf(db, dialect, 'record_translations')).size > 0) return;
      await translationTable(db, dialect);
      await searchDocuments(db, dialect);
    },
  };
}
