import { type Kysely, PostgresAdapter, type RawBuilder, sql } from 'kysely';
import type { Database } from '../db/types.ts';
import { stemText } from './stems.ts';

/**
 * The search documents of records' approved translations (issue 18): one per record and language,
 * its translated name and its other texts, written when a curator publishes a translation and
 * removed with it. A record is then found by its text in any of its languages: the initiatives'
 * search adds the records whose translation matches (translationIdsSqlite / translationIdsPostgres).
 */

type Q = Kysely<Database>;

/** Whether a connection (or transaction) speaks PostgreSQL. */
const isPostgres = (q: Q) => q.getExecutor().adapter instanceof PostgresAdapter;

/** One record's translated texts in one language, as its search document holds them. */
export interface TranslationDocument {
  readonly kind: string;
  readonly key: string;
  readonly language: string;
  readonly name: string;
  /** The other texts (summary, description), joined. */
  readonly body: string;
}

const SQLITE_TABLES = ['translation_words', 'translation_stems'] as const;

/** Removes the search document of a record's translation into one language. */
export async function unindexTranslation(
  q: Q,
  kind: string,
  key: string,
  language: string,
): Promise<void> {
  if (isPostgres(q)) {
    await sql`delete from translation_search where record_kind = ${kind}
      and record_key = ${key} and language = ${language}`.execute(q);
    return;
  }
  for (const table of SQLITE_TABLES) {
    await sql`delete from ${sql.table(table)} where record_kind = ${kind}
      and record_key = ${key} and language = ${language}`.execute(q);
  }
}

/** Writes (or replaces) the search document of a record's translation into one language. */
export async function indexTranslation(q: Q, d: TranslationDocument): Promise<void> {
  await unindexTranslation(q, d.kind, d.key, d.language);
  if (isPostgres(q)) {
    await sql`insert into translation_search (record_kind, record_key, language, name, body)
      values (${d.kind}, ${d.key}, ${d.language}, ${d.name}, ${d.body})`.execute(q);
    return;
  }
  await sql`insert into translation_words (record_kind, record_key, language, name, body)
    values (${d.kind}, ${d.key}, ${d.language}, ${d.name}, ${d.body})`.execute(q);
  await insertTranslationStems(q, d);
}

/** SQLite: a translation's stems, each word stemmed in the translation's language (stems.ts). */
export async function insertTranslationStems(q: Q, d: TranslationDocument): Promise<void> {
  await sql`insert into translation_stems (record_kind, record_key, language, name, body)
    values (${d.kind}, ${d.key}, ${d.language}, ${stemText(d.name, d.language)},
      ${stemText(d.body, d.language)})`.execute(q);
}

/**
 * SQLite: the ids of initiatives whose translation matches an FTS5 query, in the words index
 * (`words`, a word being typed matches as a prefix) or the stems index (`stems`).
 */
export function translationIdsSqlite(words: string, stems: string): RawBuilder<unknown> {
  return sql`select i.id as id from translation_words t
      join initiatives i on i.slug = t.record_key
      where translation_words match ${words} and t.record_kind = 'initiative'
    union select i.id as id from translation_stems t
      join initiatives i on i.slug = t.record_key
      where translation_stems match ${stems} and t.record_kind = 'initiative'`;
}

/** PostgreSQL: the ids of initiatives whose translation `t` meets a condition (a text match). */
export function translationIdsPostgres(condition: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`select i.id from translation_search t join initiatives i on i.slug = t.record_key
    where t.record_kind = 'initiative' and ${condition}`;
}
