import { sql } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { DialectName } from '../connect.ts';
import type { AnyDb } from './builders.ts';

// Shipped once released: never edit this file then; append a new migration instead.

/**
 * The languages whose texts are stemmed, with their snowball names: those PostgreSQL 15 has a
 * snowball dictionary for and src/search/stems.ts stems alike on SQLite (a copy: a migration
 * holds what it creates). Texts in any other language (bg, uk among the partners) are not stemmed.
 */
const SNOWBALL: readonly (readonly [string, string])[] = [
  ['en', 'english'],
  ['es', 'spanish'],
  ['ca', 'catalan'],
  ['de', 'german'],
  ['it', 'italian'],
  ['fr', 'french'],
  ['nl', 'dutch'],
  ['sv', 'swedish'],
  ['ro', 'romanian'],
  ['el', 'greek'],
  ['lt', 'lithuanian'],
];

const COLUMNS = 'name, acronym, native_name, summary, objectives';

/** Whether the schema has this migration's work already (a later schema under an earlier name). */
async function done(db: AnyDb, dialect: DialectName): Promise<boolean> {
  const { rows } =
    dialect === 'sqlite'
      ? await sql<{ found: string }>`select name as found from sqlite_master
          where type = 'table' and name = 'search_stems_queue'`.execute(db)
      : await sql<{ found: string }>`select cfgname as found from pg_ts_config
          where cfgname = 'atlas_stems_es' and cfgnamespace = current_schema()::regnamespace`.execute(
          db,
        );
  return rows.length > 0;
}

/**
 * SQLite: the stems index holds each text's words as stem tokens of the record's language (the
 * language's code and the stem run together, "esterapi", so that a stem meets only the query's
 * stem in the same language), written by the search code in JavaScript (src/search/stems.ts):
 * SQLite cannot call a Snowball stemmer from a trigger. Triggers queue the initiatives whose texts
 * or language change (search_stems_queue), and every search first stems the queued ones; a
 * deleted initiative leaves the index at once. Every initiative and translation is queued here.
 */
async function sqliteStems(db: AnyDb): Promise<void> {
  for (const t of ['initiatives_stems_ai', 'initiatives_stems_ad', 'initiatives_stems_au'])
    await sql`drop trigger if exists ${sql.raw(t)}`.execute(db);
  await sql`drop table if exists initiative_stems`.execute(db);
  await sql
    .raw(`CREATE VIRTUAL TABLE initiative_stems USING fts5(${COLUMNS},
      tokenize='unicode61 remove_diacritics 2')`)
    .execute(db);
  await sql`CREATE TABLE search_stems_queue (id integer PRIMARY KEY)`.execute(db);
  await sql`CREATE TRIGGER initiatives_stems_ai AFTER INSERT ON initiatives BEGIN
      INSERT OR IGNORE INTO search_stems_queue (id) VALUES (new.id); END`.execute(db);
  await sql
    .raw(`CREATE TRIGGER initiatives_stems_au AFTER UPDATE OF ${COLUMNS}, language ON initiatives BEGIN
      INSERT OR IGNORE INTO search_stems_queue (id) VALUES (new.id); END`)
    .execute(db);
  await sql`CREATE TRIGGER initiatives_stems_ad AFTER DELETE ON initiatives BEGIN
      DELETE FROM initiative_stems WHERE rowid = old.id;
      DELETE FROM search_stems_queue WHERE id = old.id; END`.execute(db);
  await sql`INSERT INTO search_stems_queue (id) SELECT id FROM initiatives`.execute(db);
  await sql`drop table if exists translation_stems`.execute(db);
  await sql`CREATE VIRTUAL TABLE translation_stems USING fts5(
      record_kind UNINDEXED, record_key UNINDEXED, language UNINDEXED, name, body,
      tokenize='unicode61 remove_diacritics 2')`.execute(db);
  await sql`CREATE TABLE translation_stems_queue (record_kind text NOT NULL,
      record_key text NOT NULL, language text NOT NULL,
      PRIMARY KEY (record_kind, record_key, language))`.execute(db);
  await sql`INSERT OR IGNORE INTO translation_stems_queue (record_kind, record_key, language)
      SELECT record_kind, record_key, language FROM translation_words`.execute(db);
}

/** PostgreSQL: the stems configuration of each language (snowball, no stop words, as atlas_stems). */
async function postgresConfigurations(db: AnyDb): Promise<void> {
  for (const [code, name] of SNOWBALL) {
    await sql
      .raw(
        `CREATE TEXT SEARCH DICTIONARY atlas_stem_${code} (TEMPLATE = snowball, Language = ${name})`,
      )
      .execute(db);
    await sql
      .raw(`CREATE TEXT SEARCH CONFIGURATION atlas_stems_${code} (COPY = simple)`)
      .execute(db);
    await sql
      .raw(`ALTER TEXT SEARCH CONFIGURATION atlas_stems_${code}
        ALTER MAPPING FOR asciiword, word, asciihword, hword, hword_asciipart, hword_part
        WITH atlas_stem_${code}`)
      .execute(db);
  }
}

/** The configuration of a text's stems, by a language column: its own, else 'simple'. */
function configOf(column: string): string {
  const arms = SNOWBALL.map(([code]) => `WHEN '${code}' THEN 'atlas_stems_${code}'::regconfig`);
  return `(CASE ${column} ${arms.join(' ')} ELSE 'simple'::regconfig END)`;
}

/** A weighted search vector: words as written (A names, B the rest), stems in the language (C, D). */
function vector(names: string, rest: string, language: string): string {
  const config = configOf(language);
  return `setweight(to_tsvector('simple', atlas_search_text(${names})), 'A') ||
    setweight(to_tsvector('simple', atlas_search_text(${rest})), 'B') ||
    setweight(to_tsvector(${config}, atlas_search_text(${names})), 'C') ||
    setweight(to_tsvector(${config}, atlas_search_text(${rest})), 'D')`;
}

/**
 * PostgreSQL: the search vectors of initiatives and of translations stem each text in its own
 * language (the record's `language`, the translation's), by a configuration per language; the
 * weights stay as they were (migration 0017), so the queries keep their shape.
 */
async function postgresVectors(db: AnyDb): Promise<void> {
  const names = `coalesce(name, '') || ' ' || coalesce(acronym, '') || ' ' || coalesce(native_name, '')`;
  const rest = `coalesce(summary, '') || ' ' || coalesce(objectives, '')`;
  await sql`DROP INDEX initiatives_search_idx`.execute(db);
  await sql`ALTER TABLE initiatives DROP COLUMN search_vector`.execute(db);
  await sql
    .raw(`ALTER TABLE initiatives ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
      ${vector(names, rest, 'language')}) STORED`)
    .execute(db);
  await sql`CREATE INDEX initiatives_search_idx ON initiatives USING GIN (search_vector)`.execute(
    db,
  );
  await sql`DROP INDEX translation_search_idx`.execute(db);
  await sql`ALTER TABLE translation_search DROP COLUMN search_vector`.execute(db);
  await sql
    .raw(`ALTER TABLE translation_search ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
      ${vector('name', 'body', 'language')}) STORED`)
    .execute(db);
  await sql`CREATE INDEX translation_search_idx ON translation_search USING GIN (search_vector)`.execute(
    db,
  );
}

/**
 * Search stems each text in its own language (issue 18): "terapias" finds "terapia" in a Spanish
 * record, "genomische" finds "Genomik" in a German one, and an English stem no longer meets a
 * Spanish word. The word index (words as written, accents folded) is unchanged. Skipped where
 * the stems per language are there already.
 */
export function searchStemsPerLanguage(dialect: DialectName): Migration {
  return {
    async up(db: AnyDb) {
      if (await done(db, dialect)) return;
      if (dialect === 'sqlite') await sqliteStems(db);
      else {
        await postgresConfigurations(db);
        await postgresVectors(db);
      }
    },
  };
}
