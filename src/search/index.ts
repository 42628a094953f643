import { type Expression, type Kysely, type SqlBool, sql } from 'kysely';
import type { Db } from '../db/connect.ts';
import type { Database } from '../db/types.ts';
import { FACET_NAMES, type FacetName, type SearchQuery, searchTerms } from '../domain/search.ts';
import { postgresText } from './postgres.ts';
import { sqliteText } from './sqlite.ts';
import type { TextSearch } from './text.ts';

/** One initiative in a result list. */
export interface SearchHit {
  readonly slug: string;
  readonly name: string;
  readonly acronym: string | null;
  readonly domain: string;
  readonly type: string;
  readonly status: string;
  readonly homeCountry: string;
  readonly submittingRegion: string | null;
  /** Text with HIGHLIGHT_START/HIGHLIGHT_END around matched words; plain text when no words were given. */
  readonly snippet: string;
}

/** A value of a facet and how many results it would have if chosen alone in its facet. */
export interface FacetCount {
  readonly value: string;
  readonly count: number;
}

/** A page of results with the total and the facet counts. */
export interface SearchResult {
  readonly total: number;
  readonly hits: readonly SearchHit[];
  readonly facets: Readonly<Record<FacetName, readonly FacetCount[]>>;
  readonly query: SearchQuery;
}

type Q = Kysely<Database>;

const SINGLE_VALUED: Partial<
  Record<FacetName, 'domain' | 'structural_type' | 'status' | 'home_country' | 'submitting_region'>
> = {
  domain: 'domain',
  type: 'structural_type',
  status: 'status',
  country: 'home_country',
  region: 'submitting_region',
};
const MULTI_VALUED: Partial<
  Record<
    FacetName,
    { table: 'initiative_scopes' | 'initiative_themes'; column: 'scope' | 'theme_code' }
  >
> = {
  scope: { table: 'initiative_scopes', column: 'scope' },
  theme: { table: 'initiative_themes', column: 'theme_code' },
};

/** The text-search implementation of a database dialect. */
function textSearchFor(db: Db): TextSearch {
  return db.dialect === 'postgres' ? postgresText : sqliteText;
}

/**
 * The conditions of a query on initiatives aliased `i`, leaving out one facet when counting it:
 * facet counts are disjunctive, i.e. a value's count is the number of results the query would
 * have with that value as the facet's only selection and every other facet as it is.
 */
function conditions(
  text: TextSearch,
  terms: readonly string[],
  query: SearchQuery,
  except?: FacetName,
): Expression<SqlBool>[] {
  const out: Expression<SqlBool>[] = [];
  if (terms.length > 0) out.push(text.matches(terms));
  for (const facet of FACET_NAMES) {
    const values = query.filters[facet];
    if (facet === except || !values || values.length === 0) continue;
    const single = SINGLE_VALUED[facet];
    if (single) {
      out.push(sql<SqlBool>`${sql.ref(`i.${single}`)} in (${sql.join(values)})`);
      continue;
    }
    const multi = MULTI_VALUED[facet];
    if (multi) {
      out.push(
        sql<SqlBool>`exists (select 1 from ${sql.table(multi.table)} m where m.initiative_id = i.id and ${sql.ref(`m.${multi.column}`)} in (${sql.join(values)}))`,
      );
    }
  }
  return out;
}

function whereAll(conds: readonly Expression<SqlBool>[]): Expression<SqlBool> {
  return conds.length === 0 ? sql<SqlBool>`1 = 1` : sql<SqlBool>`${sql.join(conds, sql` and `)}`;
}

async function facetCounts(
  db: Q,
  text: TextSearch,
  terms: readonly string[],
  query: SearchQuery,
  facet: FacetName,
): Promise<FacetCount[]> {
  const where = whereAll(conditions(text, terms, query, facet));
  const single = SINGLE_VALUED[facet];
  let rows: { value: string | null; count: number | string }[];
  if (single) {
    const col = sql.ref(`i.${single}`);
    const r = await sql<{ value: string | null; count: number }>`
      select ${col} as value, count(*) as count from initiatives i
      where ${where} and ${col} is not null group by ${col}`.execute(db);
    rows = r.rows;
  } else {
    const multi = MULTI_VALUED[facet];
    if (!multi) return [];
    const col = sql.ref(`m.${multi.column}`);
    const r = await sql<{ value: string; count: number }>`
      select ${col} as value, count(*) as count
      from ${sql.table(multi.table)} m join initiatives i on i.id = m.initiative_id
      where ${where} group by ${col}`.execute(db);
    rows = r.rows;
  }
  return rows
    .filter((r): r is { value: string; count: number } => r.value !== null)
    .map((r) => ({ value: r.value, count: Number(r.count) }))
    .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
}

/** Runs a search: ranked, highlighted hits of one page, the total, and every facet's counts. */
export async function searchInitiatives(db: Db, query: SearchQuery): Promise<SearchResult> {
  const text = textSearchFor(db);
  const terms = searchTerms(query.text);
  const q = db.kysely;
  const where = whereAll(conditions(text, terms, query));
  const totalRow = await sql<{
    n: number;
  }>`select count(*) as n from initiatives i where ${where}`.execute(q);
  const total = Number(totalRow.rows[0]?.n ?? 0);
  const sort = query.sort === 'relevance' && terms.length === 0 ? 'name' : query.sort;
  const hits = await text.hits(q, {
    terms,
    where: whereAll(conditions(text, [], query)),
    sort,
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  const facetEntries = await Promise.all(
    FACET_NAMES.map(async (f) => [f, await facetCounts(q, text, terms, query, f)] as const),
  );
  return {
    total,
    hits,
    facets: Object.fromEntries(facetEntries) as Record<FacetName, FacetCount[]>,
    query,
  };
}
