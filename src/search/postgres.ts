import { type RawBuilder, sql } from 'kysely';
import { HIGHLIGHT_END, HIGHLIGHT_START, termPhrases } from '../domain/search.ts';
import { type HitRow, type TextSearch, toHit } from './text.ts';
import { translationIdsPostgres } from './translations.ts';

/**
 * One term as tsquery text: any of its phrases (termPhrases), words joined by <->, :* for a
 * prefix (as written only: a stem is a whole word form, and "gms" stemmed to "gm" would find
 * "GMP" as a prefix), each word looked for under some weights only (see tsQuery).
 */
function termText(term: string, weights: 'AB' | 'CD'): string {
  const star = (prefix: boolean) => (prefix && weights === 'AB' ? '*' : '');
  const alternatives = termPhrases(term).map((p) =>
    p.words
      .map((w, k) => `${w}:${star(p.prefix && k === p.words.length - 1)}${weights}`)
      .join(' <-> '),
  );
  return `(${alternatives.join(' | ')})`;
}

/**
 * A tsquery in which every term must occur, each as written ('simple', weights A and B: a word
 * being typed matches as a prefix) or as a form of the same stem ('atlas_stems', weights C and
 * D: "genomic" and "genomics", "therapy" and "therapies" meet). search_vector holds both
 * (migration 0017); the weights keep a stem from matching a word as written ("strategi" would
 * find "strategic"), as on SQLite, where they are two indexes.
 */
function tsQuery(terms: readonly string[]): RawBuilder<unknown> {
  const each = terms.map(
    (t) =>
      sql`(to_tsquery('simple', ${termText(t, 'AB')}) || to_tsquery('atlas_stems', ${termText(t, 'CD')}))`,
  );
  return sql`(${sql.join(each, sql` && `)})`;
}

/** The ids of initiatives that match a tsquery in their own texts or an approved translation. */
function matchIds(query: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`select id from initiatives where search_vector @@ ${query}
    union ${translationIdsPostgres(query)}`;
}

/**
 * Initiatives `i` that match a tsquery (a semi-join on the ids, so that the GIN index still
 * finds the matches; an OR beside the index condition would read every initiative).
 */
function matches(query: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`i.id in (${matchIds(query)})`;
}

/** Rank weights {D, C, B, A}: names (as written or as stems) weigh most. */
const RANK_WEIGHTS = '{0.4, 1.0, 0.4, 1.0}';

const HIT_COLUMNS = sql`i.slug, i.name, i.acronym, i.domain, i.structural_type as type, i.status,
  i.home_country, i.submitting_region, i.summary, i.language`;

const HEADLINE_OPTIONS = `StartSel=${HIGHLIGHT_START}, StopSel=${HIGHLIGHT_END}, MaxWords=32, MinWords=16, MaxFragments=2, FragmentDelimiter=" … "`;

function orderBy(
  sort: 'relevance' | 'name' | 'updated',
  terms: readonly string[],
): RawBuilder<unknown> {
  if (sort === 'relevance' && terms.length > 0) {
    return sql`ts_rank_cd(${RANK_WEIGHTS}::float4[], i.search_vector, ${tsQuery(terms)}) desc, lower(i.name), i.id`;
  }
  if (sort === 'updated') return sql`i.updated_at desc, lower(i.name), i.id`;
  return sql`lower(i.name), i.id`;
}

/** Full-text search on PostgreSQL: a generated, weighted tsvector column with a GIN index. */
export const postgresText: TextSearch = {
  matchingIds(terms) {
    return matchIds(tsQuery(terms));
  },
  async hits(db, page) {
    const ranked = page.terms.length > 0;
    const snippet = ranked
      ? sql`ts_headline('atlas_stems', coalesce(i.summary, ''), ${tsQuery(page.terms)}, ${HEADLINE_OPTIONS})`
      : sql`null`;
    const where = ranked ? sql`${matches(tsQuery(page.terms))} and ${page.where}` : page.where;
    const r = await sql<HitRow>`select ${HIT_COLUMNS}, ${snippet} as snippet from initiatives i
      where ${where} order by ${orderBy(page.sort, page.terms)}
      limit ${page.limit} offset ${page.offset}`.execute(db);
    return r.rows.map((row) => toHit(row, ranked));
  },
  async slugs(db, query) {
    const where =
      query.terms.length > 0
        ? sql`${matches(tsQuery(query.terms))} and ${query.where}`
        : query.where;
    const r = await sql<{ slug: string }>`select i.slug from initiatives i
      where ${where} order by ${orderBy(query.sort, query.terms)}`.execute(db);
    return r.rows.map((row) => row.slug);
  },
};
