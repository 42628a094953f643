import { sql } from 'kysely';
import type { Db } from '../db/connect.ts';
import {
  FACET_NAMES,
  type FacetCount,
  type FacetName,
  type SearchQuery,
  type SearchResult,
  searchTerms,
} from '../domain/search.ts';
import {
  type ColumnFacet,
  type ColumnRow,
  columnConditions,
  effectiveSort,
  filterConditions,
  idConditions,
  MULTI_VALUED,
  type Q,
  SCAN_COLUMNS,
  SINGLE_VALUED,
  selected,
  sortCounts,
  textSearchFor,
  whereAll,
} from './filters.ts';
import { stemQueued } from './stem-queue.ts';
import type { TextSearch } from './text.ts';

/**
 * Counts of all single-valued facets from one grouped scan. Each facet's counts are disjunctive:
 * a value's count is the number of results the query would have with that value as the facet's
 * only selection and every other filter as it is. The scan applies the text and set-valued
 * filters in SQL and groups by the columns; the column filters are applied per facet here.
 */
async function singleValuedCounts(
  db: Q,
  text: TextSearch,
  terms: readonly string[],
  query: SearchQuery,
): Promise<Map<FacetName, FacetCount[]>> {
  const cols = sql.join(SCAN_COLUMNS.map((c) => sql.ref(`i.${c}`)));
  const where = whereAll(idConditions(text, terms, query, sql`i.id`));
  const r = await sql<ColumnRow & { n: number }>`
    select ${cols}, count(*) as n from initiatives i where ${where} group by ${cols}`.execute(db);
  const passes = (row: ColumnRow, facet: ColumnFacet) => {
    const wanted = selected(query, facet.facet);
    return wanted.length === 0 || facet.values(row).some((v) => wanted.includes(v));
  };
  const out = new Map<FacetName, FacetCount[]>();
  for (const s of SINGLE_VALUED) {
    const counts = new Map<string, number>();
    for (const row of r.rows) {
      if (!SINGLE_VALUED.every((o) => o === s || passes(row, o))) continue;
      for (const value of s.values(row))
        counts.set(value, (counts.get(value) ?? 0) + Number(row.n));
    }
    out.set(s.facet, sortCounts(counts));
  }
  return out;
}

/** Disjunctive counts of one set-valued facet (scope or theme). */
async function multiValuedCounts(
  db: Q,
  text: TextSearch,
  terms: readonly string[],
  query: SearchQuery,
  m: (typeof MULTI_VALUED)[number],
): Promise<FacetCount[]> {
  const col = sql.ref(`m.${m.column}`);
  const columns = columnConditions(query);
  // Without column filters the link table alone answers, sparing a lookup of every matching row.
  const from =
    columns.length === 0
      ? sql`${sql.table(m.table)} m`
      : sql`${sql.table(m.table)} m join initiatives i on i.id = m.initiative_id`;
  const where = whereAll([
    ...columns,
    ...idConditions(text, terms, query, sql`m.initiative_id`, m.facet),
  ]);
  const r = await sql<{ value: string; n: number }>`
    select ${col} as value, count(distinct m.initiative_id) as n from ${from} where ${where} group by ${col}`.execute(
    db,
  );
  return sortCounts(new Map(r.rows.map((row) => [row.value, Number(row.n)])));
}

/**
 * The total and every facet's counts the straightforward way: one grouped scan of the columns and
 * one statement per set-valued facet, each re-running the full-text match.
 */
export async function referenceCounts(
  db: Db,
  text: TextSearch,
  terms: readonly string[],
  query: SearchQuery,
): Promise<{ total: number; facets: Record<FacetName, FacetCount[]> }> {
  const q = db.kysely;
  const [single, ...multi] = await Promise.all([
    singleValuedCounts(q, text, terms, query),
    ...MULTI_VALUED.map((m) => multiValuedCounts(q, text, terms, query, m)),
  ]);
  const facets = {} as Record<FacetName, FacetCount[]>;
  for (const f of FACET_NAMES) facets[f] = single.get(f) ?? [];
  MULTI_VALUED.forEach((m, k) => {
    facets[m.facet] = multi[k] ?? [];
  });
  // Every initiative has exactly one domain, so the domain counts of the chosen domains (or of
  // all, when none is chosen) add up to the number of results.
  const domains = selected(query, 'domain');
  const total = facets.domain
    .filter((c) => domains.length === 0 || domains.includes(c.value))
    .reduce((a, c) => a + c.count, 0);
  return { total, facets };
}

/**
 * The straightforward search: every facet count re-runs the full-text match in SQL and every
 * match is ranked. It is the reference the fast path (index.ts) is tested and benchmarked
 * against, so it stays simple.
 */
export async function referenceSearch(
  db: Db,
  query: SearchQuery & { readonly language?: string },
): Promise<SearchResult> {
  await stemQueued(db);
  const text = textSearchFor(db);
  const terms = searchTerms(query.text);
  const [hits, { total, facets }] = await Promise.all([
    text.hits(db.kysely, {
      terms,
      where: filterConditions(text, query),
      sort: effectiveSort(query, terms),
      limit: query.pageSize,
      offset: (query.page - 1) * query.pageSize,
      exhaustive: true,
      language: query.language,
    }),
    referenceCounts(db, text, terms, query),
  ]);
  return { total, hits, facets, query };
}
