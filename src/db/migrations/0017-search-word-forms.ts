import { sql } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { DialectName } from '../connect.ts';
import type { AnyDb } from './builders.ts';

// Shipped: never edit this file; append a new migration instead.

const COLUMNS = 'name, acronym, native_name, summary, objectives';
const NEW = 'new.name, new.acronym, new.native_name, new.summary, new.objectives';
const OLD = 'old.name, old.acronym, old.native_name, old.summary, old.objectives';

/** Whether a database has the stems already (a later schema recorded under an earlier name). */
async function hasStems(db: AnyDb, dialect: DialectName): Promise<boolean> {
  const { rows } =
    dialect === 'sqlite'
      ? await sql<{ found: string }>`select name as found from sqlite_master
          where type = 'table' and name = 'initiative_stems'`.execute(db)
      : await sql<{ found: string }>`
          select pg_get_expr(d.adbin, d.adrelid) as found
          from pg_attrdef d join pg_attribute a on a.attrelid = d.adrelid and a.attnum = d.adnum
          where d.adrelid = 'initiatives'::regclass and a.attname = 'search_vector'`.execute(db);
  return rows.some((r) => r.found.includes('stems'));
}

/**
 * SQLite: a second FTS5 index over the same columns whose words are stemmed (the porter wrapper
 * around unicode61 with accents folded), kept in step by triggers as the word index is. The word
 * index stays: a word being typed ("genomi") still matches as a prefix of the words on record.
 */
async function sqliteStems(db: AnyDb): Promise<void> {
  await sql`CREATE VIRTUAL TABLE initiative_stems USING fts5(
      name, acronym, native_name, summary, objectives,
      content='initiatives', content_rowid='id',
      tokenize='porter unicode61 remove_diacritics 2')`.execute(db);
  await sql
    .raw(`CREATE TRIGGER initiatives_stems_ai AFTER INSERT ON initiatives BEGIN
      INSERT INTO initiative_stems(rowid, ${COLUMNS}) VALUES (new.id, ${NEW}); END`)
    .execute(db);
  await sql
    .raw(`CREATE TRIGGER initiatives_stems_ad AFTER DELETE ON initiatives BEGIN
      INSERT INTO initiative_stems(initiative_stems, rowid, ${COLUMNS}) VALUES ('delete', old.id, ${OLD}); END`)
    .execute(db);
  await sql
    .raw(`CREATE TRIGGER initiatives_stems_au AFTER UPDATE ON initiatives BEGIN
      INSERT INTO initiative_stems(initiative_stems, rowid, ${COLUMNS}) VALUES ('delete', old.id, ${OLD});
      INSERT INTO initiative_stems(rowid, ${COLUMNS}) VALUES (new.id, ${NEW}); END`)
    .execute(db);
  await sql`INSERT INTO initiative_stems(initiative_stems) VALUES ('rebuild')`.execute(db);
}

/**
 * PostgreSQL: a text search configuration that stems words as English does, without a stop-word
 * list (a query of "for" or "the" matches as on SQLite), and a search_vector that holds each
 * text's words both as written (weights A for the names, B for the rest, as before) and as stems
 * (C for the names, D for the rest), so that a query may match either and a stem is looked for
 * among stems only (as on SQLite, where they are two indexes).
 */
async function postgresStems(db: AnyDb): Promise<void> {
  await sql`CREATE TEXT SEARCH DICTIONARY atlas_stem (TEMPLATE = snowball, Language = english)`.execute(
    db,
  );
  await sql`CREATE TEXT SEARCH CONFIGURATION atlas_stems (COPY = simple)`.execute(db);
  await sql`ALTER TEXT SEARCH CONFIGURATION atlas_stems
      ALTER MAPPING FOR asciiword, word, asciihword, hword, hword_asciipart, hword_part
      WITH atlas_stem`.execute(db);
  await sql`DROP INDEX initiatives_search_idx`.execute(db);
  await sql`ALTER TABLE initiatives DROP COLUMN search_vector`.execute(db);
  await sql`ALTER TABLE initiatives ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
      setweight(to_tsvector('simple', atlas_search_text(coalesce(name, '') || ' ' || coalesce(acronym, '') || ' ' || coalesce(native_name, ''))), 'A') ||
      setweight(to_tsvector('simple', atlas_search_text(coalesce(summary, '') || ' ' || coalesce(objectives, ''))), 'B') ||
      setweight(to_tsvector('atlas_stems', atlas_search_text(coalesce(name, '') || ' ' || coalesce(acronym, '') || ' ' || coalesce(native_name, ''))), 'C') ||
      setweight(to_tsvector('atlas_stems', atlas_search_text(coalesce(summary, '') || ' ' || coalesce(objectives, ''))), 'D')
    ) STORED`.execute(db);
  await sql`CREATE INDEX initiatives_search_idx ON initiatives USING GIN (search_vector)`.execute(
    db,
  );
}

/**
 * Search matches word forms (issue 13: "genomics" found 8 and "genomic" 10, "therapy" 7 and
 * "therapies" 21): each text is indexed also by the stems of its words, so a singular finds the
 * plural and "genomic" finds "genomics". The word index is kept for prefixes of words as typed.
 * Skipped where the stems are there already.
 */
export function searchWordForms(dialect: DialectName): Migration {
  return {
    async up(db: AnyDb) {
      if (await hasStems(db, dialect)) return;
      if (dialect === 'sqlite') await sqliteStems(db);
      else await postgresStems(db);
    },
  };
}
