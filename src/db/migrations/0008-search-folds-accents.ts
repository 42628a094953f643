import { sql } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { DialectName } from '../connect.ts';
import type { AnyDb } from './builders.ts';

// Shipped: never edit this file; append a new migration instead.

/** The expression PostgreSQL generates search_vector from, as stored. */
async function searchVectorExpression(db: AnyDb): Promise<string> {
  const { rows } = await sql<{ expr: string }>`
    select pg_get_expr(d.adbin, d.adrelid) as expr
    from pg_attrdef d join pg_attribute a on a.attrelid = d.adrelid and a.attnum = d.adnum
    where d.adrelid = 'initiatives'::regclass and a.attname = 'search_vector'`.execute(db);
  return rows[0]?.expr ?? '';
}

/**
 * PostgreSQL search folds accents and splits words as SQLite's unicode61 tokenizer with
 * remove_diacritics does (commit 8393e7f changed the released full-text migration): accents
 * folded (unaccent, trusted since PostgreSQL 13) and every run of other characters a separator,
 * so "Württemberg" matches "wurttemberg" and "2023-2030" gives two words. The wrapper is
 * IMMUTABLE so that a generated column may use it. Skipped where the column uses it already.
 */
export function searchFoldsAccents(dialect: DialectName): Migration {
  return {
    async up(db: AnyDb) {
      if (dialect !== 'postgres') return;
      if ((await searchVectorExpression(db)).includes('atlas_search_text')) return;
      await sql`CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public`.execute(db);
      await sql`CREATE OR REPLACE FUNCTION atlas_search_text(text) RETURNS text
          LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
          AS $$ SELECT regexp_replace(public.unaccent('public.unaccent'::regdictionary, $1), '[^[:alnum:]]+', ' ', 'g') $$`.execute(
        db,
      );
      await sql`DROP INDEX initiatives_search_idx`.execute(db);
      await sql`ALTER TABLE initiatives DROP COLUMN search_vector`.execute(db);
      await sql`ALTER TABLE initiatives ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
          setweight(to_tsvector('simple', atlas_search_text(coalesce(name, '') || ' ' || coalesce(acronym, '') || ' ' || coalesce(native_name, ''))), 'A') ||
          setweight(to_tsvector('simple', atlas_search_text(coalesce(summary, '') || ' ' || coalesce(objectives, ''))), 'B')
        ) STORED`.execute(db);
      await sql`CREATE INDEX initiatives_search_idx ON initiatives USING GIN (search_vector)`.execute(
        db,
      );
    },
  };
}
