import { type RawBuilder, sql } from 'kysely';
import { termPhrases } from '../domain/search.ts';
import { pageByName, slugsByName } from './name-order.ts';
import { textSnippet } from './snippets.ts';
import { STEMMED_LANGUAGES, stemToken, UNSTEMMED_TAG } from './stems.ts';
import { type HitRow, type HitsPage, type TextSearch, toHit } from './text.ts';
import { translationIdsSqlite } from './translations.ts';

/**
 * The two FTS5 indexes of initiatives: words as written (a word being typed matches as a prefix
 * of them) and their stems in each record's language (migration 0028, stems.ts: "terapia" and
 * "terapias" meet in Spanish, "genomic" and "genomics" in English).
 */
type Index = 'initiative_fts' | 'initiative_stems';

/** The tags of the stems index (stems.ts): each stemmed language's, and that of the others. */
const TAGS = [...STEMMED_LANGUAGES, UNSTEMMED_TAG];

/**
 * One term as an FTS5 query: any of its phrases (termPhrases), quoted, * when a prefix. In the
 * stems index each phrase is looked for as the stem tokens of every language (stems.ts: a
 * record's words are stemmed in its own language and tagged with it, so a stem meets only a
 * query's stem in the same language), and never as a prefix: a stem is a whole word form ("gms"
 * stems to "gm", and "gm*" would find "GMP"); a word being typed is found by the word index.
 */
function termQuery(term: string, index: Index): string {
  const phrases = termPhrases(term);
  const alternatives =
    index === 'initiative_fts'
      ? phrases.map((p) => `"${p.words.join(' ')}"${p.prefix ? '*' : ''}`)
      : [
          ...new Set(
            phrases
              .filter((p) => !p.wordsOnly)
              .flatMap((p) =>
                TAGS.map((tag) => `"${p.words.map((w) => stemToken(w, tag)).join(' ')}"`),
              ),
          ),
        ];
  return alternatives.length === 1 ? (alternatives[0] ?? '') : `(${alternatives.join(' OR ')})`;
}

/** An FTS5 query of one index in which every term must occur. */
function ftsQuery(terms: readonly string[], index: Index): string {
  return terms.map((t) => termQuery(t, index)).join(' AND ');
}

/**
 * The ids of initiatives where a term occurs as written or as a form of the same stem, in their
 * own texts or in an approved translation of them.
 */
function termIds(term: string): RawBuilder<unknown> {
  const [words, stems] = [termQuery(term, 'initiative_fts'), termQuery(term, 'initiative_stems')];
  return sql`select rowid as id from initiative_fts where initiative_fts match ${words}
    union select rowid as id from initiative_stems where initiative_stems match ${stems}
    union ${translationIdsSqlite(words, stems)}`;
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
  i.home_country, i.submitting_region, i.summary, i.language`;

function orderBy(sort: 'relevance' | 'name' | 'updated', ranked: boolean): RawBuilder<unknown> {
  if (sort === 'relevance' && ranked) return sql`${SCORE}, lower(i.name), i.id`;
  if (sort === 'updated') return sql`i.updated_at desc, lower(i.name), i.id`;
  return sql`lower(i.name), i.id`;
}

type Query = Parameters<TextSearch['hits']>[0];

/** After a `page` CTE (with its row order n): its rows in order (snippets are made in JS). */
const PAGE_ROWS = sql`select page.*, null as snippet from page order by page.n`;

/** Rows with a highlighted snippet each, cut from the summary in the row's language. */
function withSnippets(rows: readonly HitRow[], terms: readonly string[]): HitRow[] {
  return rows.map((r) => ({ ...r, snippet: textSnippet(r.summary, terms, r.language) }));
}

/** One page of hits in order, with snippets (made for the page's rows only). */
async function rankedHits(db: Query, p: HitsPage): Promise<HitRow[]> {
  const order = orderBy(p.sort, true);
  const r = await sql<HitRow>`${withMatches(p.terms)},
    page as materialized (select i.id, ${HIT_COLUMNS}, row_number() over (order by ${order}) as n
      from ${MATCHES} where ${p.where} order by ${order} limit ${p.limit} offset ${p.offset})
    ${PAGE_ROWS}`.execute(db);
  return r.rows;
}

/**
 * The best `k` of the whole query's matches in one index that pass the filters, by rank then
 * name: a bounded sort of (id, score) pairs, nothing else of each match kept.
 */
function topOf(index: Index, p: HitsPage, k: number): RawBuilder<unknown> {
  return sql`select x.id, x.score from (${ranked(index, p.terms)}) x
    cross join initiatives i on i.id = x.id where ${p.where}
    order by x.score, lower(i.name), i.id limit ${k}`;
}

type Scored = { id: number; score: number };

/** Beyond this many hits (offset + limit) a page is ranked from every match instead. */
const TOP_K_MAX = 2000;

/**
 * The best `k` of one index's matches by rank then name, or a few more. Without filters FTS5
 * ranks alone (a bounded sort of its own rows, no lookup of the initiatives); when the k-th and
 * the next share a rank, every match of that rank or better comes (the order of equals is by
 * name, which FTS5 does not know). With filters each match is joined to its initiative (topOf).
 */
async function bestOf(db: Query, index: Index, p: HitsPage, k: number): Promise<Scored[]> {
  if (p.filtered !== false) return (await sql<Scored>`${topOf(index, p, k)}`.execute(db)).rows;
  const all = ranked(index, p.terms);
  const rows = (await sql<Scored>`${all} order by score limit ${k + 1}`.execute(db)).rows;
  const edge = rows[k - 1]?.score;
  if (rows.length <= k || edge !== rows[k]?.score) return rows.slice(0, k);
  return (await sql<Scored>`select id, score from (${all}) where score <= ${edge}`.execute(db))
    .rows;
}

/**
 * One page by relevance without ranking every match: the page's initiatives are among the best
 * offset + limit of each index (an initiative's score is the better of its two ranks, so one
 * outside both lists has at least that many ahead of it), ordered by the better score of the
 * two (passed as its place among the scores, an integer), then name. Undefined when the lists
 * hold fewer than offset + limit (initiatives that match only term by term across the indexes,
 * ranked after all others, may then reach the page) or the page is deep: the full ranking
 * (rankedHits) answers then.
 */
async function topKHits(db: Query, p: HitsPage): Promise<HitRow[] | undefined> {
  const k = p.offset + p.limit;
  if (k > TOP_K_MAX) return undefined;
  const lists = [
    ...(await bestOf(db, 'initiative_stems', p, k)),
    ...(await bestOf(db, 'initiative_fts', p, k)),
  ];
  const best = new Map<number, number>();
  for (const { id, score } of lists) best.set(id, Math.min(score, best.get(id) ?? score));
  if (best.size < k) return undefined;
  const places = new Map([...new Set(best.values())].sort((a, b) => a - b).map((s, n) => [s, n]));
  const json = JSON.stringify([...best].map(([id, score]) => [id, places.get(score)]));
  const order = sql`c.place, lower(i.name), i.id`;
  const r = await sql<HitRow>`with
    c as materialized (select json_extract(value, '$[0]') as id,
      json_extract(value, '$[1]') as place from json_each(${json})),
    page as materialized (select i.id, ${HIT_COLUMNS}, row_number() over (order by ${order}) as n
      from c cross join initiatives i on i.id = c.id order by ${order}
      limit ${p.limit} offset ${p.offset})
    ${PAGE_ROWS}`.execute(db);
  return r.rows;
}

/** The hits of some initiatives in the order given, with snippets when there are terms. */
async function pageHits(db: Query, ids: readonly number[], terms: readonly string[]) {
  const json = JSON.stringify(ids);
  const r = await sql<HitRow>`with
    page as materialized (select i.id, ${HIT_COLUMNS}, p.key as n from json_each(${json}) p
      cross join initiatives i on i.id = p.value)
    ${PAGE_ROWS}`.execute(db);
  return terms.length === 0
    ? r.rows.map((row) => toHit(row, false))
    : withSnippets(r.rows, terms).map((row) => toHit(row, true));
}

/** Full-text search on SQLite: FTS5 indexes over name, acronym, native name, summary, objectives. */
export const sqliteText: TextSearch = {
  matchingIds,
  async hits(db, page) {
    if (page.sort === 'name') return pageHits(db, await pageByName(db, this, page), page.terms);
    if (page.terms.length === 0) {
      const r = await sql<HitRow>`select ${HIT_COLUMNS}, null as snippet from initiatives i
        where ${page.where} order by ${orderBy(page.sort, false)}
        limit ${page.limit} offset ${page.offset}`.execute(db);
      return r.rows.map((row) => toHit(row, false));
    }
    const top =
      page.sort === 'relevance' && !page.exhaustive ? await topKHits(db, page) : undefined;
    const rows = top ?? (await rankedHits(db, page));
    return withSnippets(rows, page.terms).map((row) => toHit(row, true));
  },
  async slugs(db, query) {
    if (query.sort === 'name') return slugsByName(db, this, query);
    const r =
      query.terms.length === 0
        ? await sql<{ slug: string }>`select i.slug from initiatives i where ${query.where}
            order by ${orderBy(query.sort, false)}`.execute(db)
        : await sql<{ slug: string }>`${withMatches(query.terms)} select i.slug from ${MATCHES}
            where ${query.where} order by ${orderBy(query.sort, true)}`.execute(db);
    return r.rows.map((row) => row.slug);
  },
};
