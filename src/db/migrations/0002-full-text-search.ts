import { sql } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { DialectName } from '../connect.ts';
import type { AnyDb } from './builders.ts';

// As first released (commit cd5e860). Shipped: never edit this file; append a new migration
// instead (test/unit/migration-files.test.ts checks its hash).

/**
 * Full-text search: the one place where the dialects differ. SQLite keeps an external-content
 * FTS5 index in step with initiatives through triggers; PostgreSQL keeps a generated tsvector
 * column with a GIN index. Both use the 'simple' word rules (no stemming) so that the same query
 * finds the same records on either database.
 */
export function fullTextSearch(dialect: DialectName): Migration {
  return {
    async up(db: AnyDb) {
      if (dialect === 'sqlite') {
        await sql`CREATE VIRTUAL TABLE initiative_fts USING fts5(
          name, acronym, native_name, summary, objectives,
          content='initiatives', content_rowid='id',
          tokenize='unicode61 remove_diacritics 2')`.execute(db);
        const cols = 'name, acronym, native_name, summary, objectives';
        const newCols = 'new.name, new.acronym, new.native_name, new.summary, new.objectives';
        const oldCols = 'old.name, old.acronym, old.native_name, old.summary, old.objectives';
        await sql
          .raw(`CREATE TRIGGER initiatives_fts_ai AFTER INSERT ON initiatives BEGIN
            INSERT INTO initiative_fts(rowid, ${cols}) VALUES (new.id, ${newCols}); END`)
          .execute(db);
        await sql
          .raw(`CREATE TRIGGER initiatives_fts_ad AFTER DELETE ON initiatives BEGIN
            INSERT INTO initiative_fts(initiative_fts, rowid, ${cols}) VALUES ('delete', old.id, ${oldCols}); END`)
          .execute(db);
        await sql
          .raw(`CREATE TRIGGER initiatives_fts_au AFTER UPDATE ON initiatives BEGIN
            INSERT INTO initiative_fts(initiative_fts, rowid, ${cols}) VALUES ('delete', old.id, ${oldCols});
            INSERT INTO initiative_fts(rowid, ${cols}) VALUES (new.id, ${newCols}); END`)
          .execute(db);
      } else {
        await sql`ALTER TABLE initiatives ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
          setweight(to_tsvector('simple', coalesce(name, '') || ' ' || coalesce(acronym, '') || ' ' || coalesce(native_name, '')), 'A') ||
          setweight(to_tsvector('simple', coalesce(summary, '') || ' ' || coalesce(objectives, '')), 'B')
        ) STORED`.execute(db);
        await sql`CREATE INDEX initiatives_search_idx ON initiatives USING GIN (search_vector)`.execute(
          db,
        );
      }
    },
  };
}
