import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from '../db/types.ts';
import { HIGHLIGHT_END, HIGHLIGHT_START, termPhrases } from '../domain/search.ts';
import { pageByName, slugsByName } from './name-order.ts';
import { STEMMED_LANGUAGES } from './stems.ts';
import { type HitRow, type TextSearch, toHit } from './text.ts';
import { translationIdsPostgres } from './translations.ts';

/**
 * One term as tsquery text: any of its phrases (termPhrases), words joined by <->, :* for a
 * prefix (as written only: a stem is a whole word form, and "gms" stemmed to "gm" would find
 * "GMP" as a prefix), each word looked for under some weights only (see tsQuery).
 */
function termText(term: string, weights: 'AB' | 'CD'): string {
  const star = (prefix: boolean) => (prefix && weights === 'AB' ? '*' : '');
  const phrases = termPhrases(term).filter((p) => weights === 'AB' || !p.wordsOnly);
  const alternatives = phrases.map((p) =>
    p.words
      .map((w, k) => `${w}:${star(p.prefix && k === p.words.length - 1)}${weights}`)
      .join(' <-> '),
  );
  return `(${alternatives.join(' | ')})`;
}

/** The text search configuration of a language's stems (migration 0028), or 'simple'. */
function stemsConfig(language: string): string {
  return STEMMED_LANGUAGES.includes(language) ? `atlas_stems_${language}` : 'simple';
}

/** The configurations a query's stems are looked for in: every stemmed language, and 'simple'. */
const CONFIGS = [...STEMMED_LANGUAGES.map(stemsConfig), 'simple'];

/**
 * One term as written ('simple', weights A and B: a word being typed matches as a prefix) or as
 * a form of the same stem in any of `configs` (weights C and D: "terapia" and "terapias" meet in
 * Spanish). search_vector holds both (migration 0028: each text's stems in its own language);
 * the weights keep a stem from matching a word as written, as on SQLite, where they are two
 * indexes.
 */
function termQuery(term: string, configs: readonly string[]): RawBuilder<unknown> {
  const stems = configs.map((c) => sql`to_tsquery(${c}::regconfig, ${termText(term, 'CD')})`);
  return sql`(to_tsquery('simple', ${termText(term, 'AB')}) || ${sql.join(stems, sql` || `)})`;
}

/** A tsquery in which every term must occur, its stems taken in `configs`. */
function tsQuery(terms: readonly string[], configs: readonly string[]): RawBuilder<unknown> {
  return sql`(${sql.join(
    terms.map((t) => termQuery(t, configs)),
    sql` && `,
  )})`;
}

/** A tsquery of the stems in the language a row's `language` column names (CASE per row). */
function rowQuery(terms: readonly string[], language: RawBuilder<unknown>): RawBuilder<unknown> {
  const arms = STEMMED_LANGUAGES.map(
    (l) => sql`when ${l} then ${tsQuery(terms, [stemsConfig(l)])}`,
  );
  return sql`(case ${language} ${sql.join(arms, sql` `)} else ${tsQuery(terms, ['simple'])} end)`;
}

/**
 * Whether a search vector matches every term, the stems in its text's own language: the query
 * with the stems of every language finds the candidates through the GIN index, and the query in
 * the row's language keeps those whose stems meet in that language (an English stem does not
 * meet a Spanish word).
 */
function vectorMatches(
  terms: readonly string[],
  vector: RawBuilder<unknown>,
  language: RawBuilder<unknown>,
): RawBuilder<unknown> {
  return sql`(${vector} @@ ${tsQuery(terms, CONFIGS)} and ${vector} @@ ${rowQuery(terms, language)})`;
}

/** The ids of initiatives that match every term in their own texts or an approved translation. */
function matchIds(terms: readonly string[]): RawBuilder<unknown> {
  return sql`select id from initiatives where ${vectorMatches(terms, sql`search_vector`, sql`language`)}
    union ${translationIdsPostgres(vectorMatches(terms, sql`t.search_vector`, sql`t.language`))}`;
}

/**
 * Initiatives `i` that match (a semi-join on the ids, so that the GIN index still finds the
 * matches; an OR beside the index condition would read every initiative).
 */
function matches(terms: readonly string[]): RawBuilder<unknown> {
  return sql`i.id in (${matchIds(terms)})`;
}

/** Rank weights {D, C, B, A}: names (as written or as stems) weigh most. */
const RANK_WEIGHTS = '{0.4, 1.0, 0.4, 1.0}';

const HIT_COLUMNS = sql`i.slug, i.name, i.acronym, i.domain, i.structural_type as type, i.status,
  i.home_country, i.submitting_region, i.summary, i.language`;

/** The configuration of the stems of a row's language (a CASE over its `language` column). */
function configOf(language: RawBuilder<unknown>): RawBuilder<unknown> {
  const arms = STEMMED_LANGUAGES.map((l) => sql`when ${l} then ${stemsConfig(l)}::regconfig`);
  return sql`(case ${language} ${sql.join(arms, sql` `)} else 'simple'::regconfig end)`;
}

const HEADLINE_OPTIONS = `StartSel=${HIGHLIGHT_START}, StopSel=${HIGHLIGHT_END}, MaxWords=32, MinWords=16, MaxFragments=2, FragmentDelimiter=" … "`;

function orderBy(
  sort: 'relevance' | 'name' | 'updated',
  terms: readonly string[],
): RawBuilder<unknown> {
  if (sort === 'relevance' && terms.length > 0) {
    return sql`ts_rank_cd(${RANK_WEIGHTS}::float4[], i.search_vector, ${rowQuery(terms, sql`i.language`)}) desc, lower(i.name), i.id`;
  }
  if (sort === 'updated') return sql`i.updated_at desc, lower(i.name), i.id`;
  return sql`lower(i.name), i.id`;
}

/** A highlighted snippet of the summary, in the row's language, when there are terms. */
function snippetOf(terms: readonly string[]): RawBuilder<unknown> {
  return terms.length > 0
    ? sql`ts_headline(${configOf(sql`i.language`)}, coalesce(i.summary, ''), ${rowQuery(terms, sql`i.language`)}, ${HEADLINE_OPTIONS})`
    : sql`null`;
}

/** The hits of some initiatives in the order given, with snippets when there are terms. */
async function pageHits(db: Kysely<Database>, ids: readonly number[], terms: readonly string[]) {
  const r = await sql<HitRow>`select ${HIT_COLUMNS}, ${snippetOf(terms)} as snippet
    from unnest(${[...ids]}::int[]) with ordinality as p(id, n)
    join initiatives i on i.id = p.id order by p.n`.execute(db);
  return r.rows.map((row) => toHit(row, terms.length > 0));
}

/** Full-text search on PostgreSQL: a generated, weighted tsvector column with a GIN index. */
export const postgresText: TextSearch = {
  matchingIds: matchIds,
  async hits(db, page) {
    if (page.sort === 'name') return pageHits(db, await pageByName(db, this, page), page.terms);
    const ranked = page.terms.length > 0;
    const where = ranked ? sql`${matches(page.terms)} and ${page.where}` : page.where;
    const r = await sql<HitRow>`select ${HIT_COLUMNS}, ${snippetOf(page.terms)} as snippet
      from initiatives i where ${where} order by ${orderBy(page.sort, page.terms)}
      limit ${page.limit} offset ${page.offset}`.execute(db);
    return r.rows.map((row) => toHit(row, ranked));
  },
  async slugs(db, query) {
    if (query.sort === 'name') return slugsByName(db, this, query);
    const where =
      query.terms.length > 0 ? sql`${matches(query.terms)} and ${query.where}` : query.where;
    const r = await sql<{ slug: string }>`select i.slug from initiatives i
      where ${where} order by ${orderBy(query.sort, query.terms)}`.execute(db);
    return r.rows.map((row) => row.slug);
  },
};
