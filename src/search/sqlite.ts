import { type RawBuilder, sql } from 'kysely';
import { HIGHLIGHT_END, HIGHLIGHT_START, termPhrases } from '../domain/search.ts';
import { type HitRow, type HitsPage, type TextSearch, toHit } from './text.ts';

/**
 * The two FTS5 indexes of initiatives: words as written (a word being typed matches as a prefix
 * of them) and their stems (porter: "genomic" and "genomics", "therapy" and "therapies" meet).
 */
type Index = 'initiative_fts' | 'initiative_stems';

/**
 * One term as an FTS5 query: any of its phrases (termPhrases), quoted, * when a prefix. In the
 * stems index a phrase is never a prefix: a stem is a whole word form ("gms" stems to "gm", and
 * "gm*" would find "GMP"); a word being typed is found by the word index.
 */
function termQuery(term: string, index: Index): string {
  const star = (prefix: boolean) => (prefix && index === 'initiative_fts' ? '*' : '');
  const alternatives = termPhrases(term).map((p) => `"${p.words.join(' ')}"${star(p.prefix)}`);
  return alternatives.length === 1 ? (alternatives[0] ?? '') : `(${alternatives.join(' OR ')})`;
}

/** An FTS5 query of one index in which every term must occur. */
function ftsQuery(terms: readonly string[], index: Index): string {
  return terms.map((t) => termQuery(t, index)).join(' AND ');
}

/** The ids of initiatives where a term occurs as written or as a form of the same stem. */
function termIds(term: string): RawBuilder<unknown> {
  return sql`select rowid as id from initiative_fts
      where initiative_fts match ${termQuery(term, 'initiative_fts')}
    union select rowid as id from initiative_stems
      where initiative_stems match ${termQuery(term, 'initiative_stems')}`;
}

/**
 * The ids of initiatives where every term occurs, each in either index: the intersection of each
 * term's ids (a filter "id in (…)" on one term's ids would be pushed down into the other's
 * full-text matches and run them once per candidate row).
 */
function matchingIds(terms: readonly string[]): RawBuilder<unknown> {
  return sql.join(
    terms.map((t) => sql`select id from (${termIds(t)})`),
    sql` intersect `,
  );
}

/**
 * Each initiative the whole query matches in one index with its rank (bm25: name and acronym
 * weigh most, then the native name, then summary and objectives).
 */
function ranked(index: Index, terms: readonly string[]): RawBuilder<unknown> {
  const table = sql.table(index);
  return sql`select rowid as id, bm25(${table}, 10.0, 8.0, 6.0, 1.0, 1.0) as score
    from ${table} where ${table} match ${ftsQuery(terms, index)}`;
}

/**
 * The matches of some terms (m) and their ranks in each index (s, w), each computed once
 * (MATERIALIZED): joined as subqueries, SQLite would run a full-text match for every candidate
 * row instead (seconds on 10,000 records instead of milliseconds).
 */
function withMatches(terms: readonly string[]): RawBuilder<unknown> {
  return sql`with m as materialized (${matchingIds(terms)}),
    s as materialized (${ranked('initiative_stems', terms)}),
    w as materialized (${ranked('initiative_fts', terms)})`;
}

/**
 * The matches joined to their initiatives `i` with their ranks: an initiative that matches
 * only term by term across the two indexes ranks after the others. The matches drive the join
 * (CROSS JOIN), not a facet index of initiatives.
 */
const MATCHES = sql`m cross join initiatives i on i.id = m.id
  left join s on s.id = i.id left join w on w.id = i.id`;

const SCORE = sql`min(coalesce(s.score, 0), coalesce(w.score, 0))`;

const HIT_COLUMNS = sql`i.slug, i.name, i.acronym, i.domain, i.structural_type as type, i.status,
  i.home_country, i.submitting_region, i.summary`;

function orderBy(sort: 'relevance' | 'name' | 'updated', ranked: boolean): RawBuilder<unknown> {
  if (sort === 'relevance' && ranked) return sql`${SCORE}, lower(i.name), i.id`;
  if (sort === 'updated') return sql`i.updated_at desc, lower(i.name), i.id`;
  return sql`lower(i.name), i.id`;
}

/** Highlighted snippets of one index for the initiatives of a page (CTE `page`) only. */
function snippets(index: Index, terms: readonly string[]): RawBuilder<unknown> {
  const table = sql.table(index);
  return sql`select rowid as id,
      snippet(${table}, 3, ${HIGHLIGHT_START}, ${HIGHLIGHT_END}, '…', 32) as snippet
    from ${table} where ${table} match ${ftsQuery(terms, index)}
    and rowid in (select id from page)`;
}

/** One page of hits in order, with snippets (made for the page's rows only). */
async function rankedHits(db: Parameters<TextSearch['hits']>[0], p: HitsPage): Promise<HitRow[]> {
  const order = orderBy(p.sort, true);
  const r = await sql<HitRow>`${withMatches(p.terms)},
    page as materialized (select i.id, ${HIT_COLUMNS}, row_number() over (order by ${order}) as n
      from ${MATCHES} where ${p.where} order by ${order} limit ${p.limit} offset ${p.offset}),
    sa as materialized (${snippets('initiative_stems', p.terms)}),
    sb as materialized (${snippets('initiative_fts', p.terms)})
    select page.*, coalesce(sa.snippet, sb.snippet) as snippet
    from page left join sa on sa.id = page.id left join sb on sb.id = page.id
    order by page.n`.execute(db);
  return r.rows;
}

/** Full-text search on SQLite: FTS5 indexes over name, acronym, native name, summary, objectives. */
export const sqliteText: TextSearch = {
  matchingIds,
  async hits(db, page) {
    if (page.terms.length === 0) {
      const r = await sql<HitRow>`select ${HIT_COLUMNS}, null as snippet from initiatives i
        where ${page.where} order by ${orderBy(page.sort, false)}
        limit ${page.limit} offset ${page.offset}`.execute(db);
      return r.rows.map((row) => toHit(row, false));
    }
    const r = { rows: await rankedHits(db, page) };
    return r.rows.map((row) => toHit(row, true));
  },
  async slugs(db, query) {
    const r =
      query.terms.length === 0
        ? await sql<{ slug: string }>`select i.slug from initiatives i where ${query.where}
            order by ${orderBy(query.sort, false)}`.execute(db)
        : await sql<{ slug: string }>`${withMatches(query.terms)} select i.slug from ${MATCHES}
            where ${query.where} order by ${orderBy(query.sort, true)}`.execute(db);
    return r.rows.map((row) => row.slug);
  },
};
