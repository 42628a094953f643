import { type RawBuilder, sql } from 'kysely';
import { HIGHLIGHT_END, HIGHLIGHT_START, termPhrases } from '../domain/search.ts';
import { type HitRow, type TextSearch, toHit } from './text.ts';

/**
 * A tsquery in which every term must occur, each as any of its phrases (termPhrases): a phrase
 * is its words joined by <-> (followed by), with :* when its last word is a prefix.
 */
function tsQuery(terms: readonly string[]): RawBuilder<unknown> {
  const text = terms
    .map((t) => {
      const alternatives = termPhrases(t).map(
        (p) => `${p.words.join(' <-> ')}${p.prefix ? ':*' : ''}`,
      );
      return `(${alternatives.join(' | ')})`;
    })
    .join(' & ');
  return sql`to_tsquery('simple', ${text})`;
}

const HIT_COLUMNS = sql`i.slug, i.name, i.acronym, i.domain, i.structural_type as type, i.status,
  i.home_country, i.submitting_region, i.summary`;

const HEADLINE_OPTIONS = `StartSel=${HIGHLIGHT_START}, StopSel=${HIGHLIGHT_END}, MaxWords=32, MinWords=16, MaxFragments=2, FragmentDelimiter=" … "`;

function orderBy(
  sort: 'relevance' | 'name' | 'updated',
  terms: readonly string[],
): RawBuilder<unknown> {
  if (sort === 'relevance' && terms.length > 0) {
    return sql`ts_rank_cd(i.search_vector, ${tsQuery(terms)}) desc, lower(i.name), i.id`;
  }
  if (sort === 'updated') return sql`i.updated_at desc, lower(i.name), i.id`;
  return sql`lower(i.name), i.id`;
}

/** Full-text search on PostgreSQL: a generated, weighted tsvector column with a GIN index. */
export const postgresText: TextSearch = {
  matchingIds(terms) {
    return sql`select id from initiatives where search_vector @@ ${tsQuery(terms)}`;
  },
  async hits(db, page) {
    const ranked = page.terms.length > 0;
    const snippet = ranked
      ? sql`ts_headline('simple', coalesce(i.summary, ''), ${tsQuery(page.terms)}, ${HEADLINE_OPTIONS})`
      : sql`null`;
    const where = ranked
      ? sql`i.search_vector @@ ${tsQuery(page.terms)} and ${page.where}`
      : page.where;
    const r = await sql<HitRow>`select ${HIT_COLUMNS}, ${snippet} as snippet from initiatives i
      where ${where} order by ${orderBy(page.sort, page.terms)}
      limit ${page.limit} offset ${page.offset}`.execute(db);
    return r.rows.map((row) => toHit(row, ranked));
  },
  async slugs(db, query) {
    const where =
      query.terms.length > 0
        ? sql`i.search_vector @@ ${tsQuery(query.terms)} and ${query.where}`
        : query.where;
    const r = await sql<{ slug: string }>`select i.slug from initiatives i
      where ${where} order by ${orderBy(query.sort, query.terms)}`.execute(db);
    return r.rows.map((row) => row.slug);
  },
};
