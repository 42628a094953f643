import { type RawBuilder, sql } from 'kysely';
import { HIGHLIGHT_END, HIGHLIGHT_START, termPhrases } from '../domain/search.ts';
import { type HitRow, type TextSearch, toHit } from './text.ts';

/**
 * An FTS5 query in which every term must occur, each as any of its phrases (termPhrases): a
 * phrase is its words in sequence, quoted, with * when its last word is a prefix.
 */
function ftsQuery(terms: readonly string[]): string {
  return terms
    .map((t) => {
      const alternatives = termPhrases(t).map(
        (p) => `"${p.words.join(' ')}"${p.prefix ? '*' : ''}`,
      );
      return alternatives.length === 1 ? alternatives[0] : `(${alternatives.join(' OR ')})`;
    })
    .join(' AND ');
}

const HIT_COLUMNS = sql`i.slug, i.name, i.acronym, i.domain, i.structural_type as type, i.status,
  i.home_country, i.submitting_region, i.summary`;

function orderBy(sort: 'relevance' | 'name' | 'updated', ranked: boolean): RawBuilder<unknown> {
  if (sort === 'relevance' && ranked) {
    // Name and acronym weigh most, then the native name, then summary and objectives.
    return sql`bm25(initiative_fts, 10.0, 8.0, 6.0, 1.0, 1.0), lower(i.name), i.id`;
  }
  if (sort === 'updated') return sql`i.updated_at desc, lower(i.name), i.id`;
  return sql`lower(i.name), i.id`;
}

/** Full-text search on SQLite: an FTS5 index over name, acronym, native name, summary, objectives. */
export const sqliteText: TextSearch = {
  matchingIds(terms) {
    return sql`select rowid from initiative_fts where initiative_fts match ${ftsQuery(terms)}`;
  },
  async hits(db, page) {
    if (page.terms.length === 0) {
      const r = await sql<HitRow>`select ${HIT_COLUMNS}, null as snippet from initiatives i
        where ${page.where} order by ${orderBy(page.sort, false)}
        limit ${page.limit} offset ${page.offset}`.execute(db);
      return r.rows.map((row) => toHit(row, false));
    }
    // CROSS JOIN keeps the FTS match as the outer loop; otherwise SQLite may drive from a facet
    // index and run the full-text match once per candidate row (seconds instead of milliseconds).
    const r = await sql<HitRow>`select ${HIT_COLUMNS},
        snippet(initiative_fts, 3, ${HIGHLIGHT_START}, ${HIGHLIGHT_END}, '…', 32) as snippet
      from initiative_fts cross join initiatives i on i.id = initiative_fts.rowid
      where initiative_fts match ${ftsQuery(page.terms)} and ${page.where}
      order by ${orderBy(page.sort, true)}
      limit ${page.limit} offset ${page.offset}`.execute(db);
    return r.rows.map((row) => toHit(row, true));
  },
  async slugs(db, query) {
    const r =
      query.terms.length === 0
        ? await sql<{ slug: string }>`select i.slug from initiatives i where ${query.where}
            order by ${orderBy(query.sort, false)}`.execute(db)
        : await sql<{ slug: string }>`select i.slug
            from initiative_fts cross join initiatives i on i.id = initiative_fts.rowid
            where initiative_fts match ${ftsQuery(query.terms)} and ${query.where}
            order by ${orderBy(query.sort, true)}`.execute(db);
    return r.rows.map((row) => row.slug);
  },
};
