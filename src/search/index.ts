import { type Expression, type Kysely, type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Db } from '../db/connect.ts';
import type { Database } from '../db/types.ts';
import {
  FACET_NAMES,
  type FacetCount,
  type FacetName,
  type SearchQuery,
  type SearchResult,
  SOURCE_SECTION_SEPARATOR,
  searchTerms,
  sourceSectionValue,
} from '../domain/search.ts';
import { postgresText } from './postgres.ts';
import { sqliteText } from './sqlite.ts';
import type { TextSearch } from './text.ts';

type Q = Kysely<Database>;
type SingleColumn =
  | 'domain'
  | 'structural_type'
  | 'status'
  | 'home_country'
  | 'submitting_region'
  | 'origin_source'
  | 'origin_section';
type ColumnRow = Record<SingleColumn, string | null>;

/** A facet read from columns of initiatives: one value per initiative, or a few nested ones. */
interface ColumnFacet {
  readonly facet: FacetName;
  /** The values one row of the grouped scan counts under (a source and its section). */
  values(row: ColumnRow): string[];
  /** The filter of some chosen values on initiatives aliased `i`. */
  condition(chosen: readonly string[]): Expression<SqlBool>;
}

/** A facet stored as one column of initiatives. */
function columnFacet(facet: FacetName, column: SingleColumn): ColumnFacet {
  return {
    facet,
    values: (row) => (row[column] === null ? [] : [row[column]]),
    condition: (chosen) => sql<SqlBool>`${sql.ref(`i.${column}`)} in (${sql.join([...chosen])})`,
  };
}

/**
 * The source facet: the document a record was taken from (its first source reference), or one
 * section of it written "document:section" (SOURCE_SECTION_SEPARATOR). Choosing a document
 * selects every section of it.
 */
const sourceFacet: ColumnFacet = {
  facet: 'source',
  values: (row) =>
    row.origin_source === null
      ? []
      : row.origin_section === null
        ? [row.origin_source]
        : [row.origin_source, sourceSectionValue(row.origin_source, row.origin_section)],
  condition(chosen) {
    const documents = chosen.filter((v) => !v.includes(SOURCE_SECTION_SEPARATOR));
    const sections = chosen.filter((v) => v.includes(SOURCE_SECTION_SEPARATOR));
    const conds: Expression<SqlBool>[] = [];
    if (documents.length > 0) conds.push(sql<SqlBool>`i.origin_source in (${sql.join(documents)})`);
    if (sections.length > 0)
      conds.push(
        sql<SqlBool>`(i.origin_source || ${SOURCE_SECTION_SEPARATOR} || i.origin_section) in (${sql.join(sections)})`,
      );
    return sql<SqlBool>`(${sql.join(conds, sql` or `)})`;
  },
};

/** Facets stored in columns of initiatives. */
const SINGLE_VALUED: readonly ColumnFacet[] = [
  columnFacet('domain', 'domain'),
  columnFacet('type', 'structural_type'),
  columnFacet('status', 'status'),
  columnFacet('country', 'home_country'),
  columnFacet('region', 'submitting_region'),
  sourceFacet,
];

/** The columns the grouped facet scan reads (all of them covered by one index). */
const SCAN_COLUMNS: readonly SingleColumn[] = [
  'domain',
  'structural_type',
  'status',
  'home_country',
  'submitting_region',
  'origin_source',
  'origin_section',
];

/** Facets stored as a set in a link table. */
const MULTI_VALUED: readonly {
  facet: FacetName;
  table: 'initiative_scopes' | 'initiative_themes' | 'initiative_funding';
  column: 'scope' | 'theme_code' | 'kind';
  /** Whether one initiative can hold a value twice (two funders of one kind), so counts need DISTINCT. */
  repeats: boolean;
}[] = [
  { facet: 'scope', table: 'initiative_scopes', column: 'scope', repeats: false },
  { facet: 'theme', table: 'initiative_themes', column: 'theme_code', repeats: false },
  { facet: 'funding', table: 'initiative_funding', column: 'kind', repeats: true },
];

/** The text-search implementation of a database dialect. */
function textSearchFor(db: Db): TextSearch {
  return db.dialect === 'postgres' ? postgresText : sqliteText;
}

function selected(query: SearchQuery, facet: FacetName): readonly string[] {
  return query.filters[facet] ?? [];
}

function whereAll(conds: readonly Expression<SqlBool>[]): Expression<SqlBool> {
  return conds.length === 0 ? sql<SqlBool>`1 = 1` : sql<SqlBool>`${sql.join(conds, sql` and `)}`;
}

/**
 * Conditions on an initiative id expression: the text match and the set-valued filters (scope,
 * theme), leaving out one facet when that facet is being counted.
 */
function idConditions(
  text: TextSearch,
  terms: readonly string[],
  query: SearchQuery,
  id: RawBuilder<unknown>,
  except?: FacetName,
): Expression<SqlBool>[] {
  const out: Expression<SqlBool>[] = [];
  if (terms.length > 0) out.push(sql<SqlBool>`${id} in (${text.matchingIds(terms)})`);
  for (const m of MULTI_VALUED) {
    const values = selected(query, m.facet);
    if (m.facet === except || values.length === 0) continue;
    out.push(
      sql<SqlBool>`exists (select 1 from ${sql.table(m.table)} f where f.initiative_id = ${id} and ${sql.ref(`f.${m.column}`)} in (${sql.join(values)}))`,
    );
  }
  return out;
}

/** Conditions on the single-valued columns of initiatives aliased `i`. */
function columnConditions(query: SearchQuery, except?: FacetName): Expression<SqlBool>[] {
  return SINGLE_VALUED.filter((s) => s.facet !== except && selected(query, s.facet).length > 0).map(
    (s) => s.condition(selected(query, s.facet)),
  );
}

function sortCounts(counts: Map<string, number>): FacetCount[] {
  return [...counts.entries()]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
}

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

/** The conditions of a query's facet filters on initiatives aliased `i` (not the text match). */
function filterConditions(text: TextSearch, query: SearchQuery): Expression<SqlBool> {
  return whereAll([...columnConditions(query), ...idConditions(text, [], query, sql`i.id`)]);
}

/** The sort a query really gets: relevance needs words to rank by, so without them it is by name. */
function effectiveSort(query: SearchQuery, terms: readonly string[]): SearchQuery['sort'] {
  return query.sort === 'relevance' && terms.length === 0 ? 'name' : query.sort;
}

/**
 * The slugs of every initiative a query matches, in the order of its hits, ignoring the page:
 * what an export of a search result reads before fetching the records a page at a time.
 */
export async function matchingSlugs(db: Db, query: SearchQuery): Promise<string[]> {
  const text = textSearchFor(db);
  const terms = searchTerms(query.text);
  return text.slugs(db.kysely, {
    terms,
    where: filterConditions(text, query),
    sort: effectiveSort(query, terms),
  });
}

/** Runs a search: ranked, highlighted hits of one page, the total, and every facet's counts. */
export async function searchInitiatives(db: Db, query: SearchQuery): Promise<SearchResult> {
  const text = textSearchFor(db);
  const terms = searchTerms(query.text);
  const q = db.kysely;
  const [hits, single, ...multi] = await Promise.all([
    text.hits(q, {
      terms,
      where: filterConditions(text, query),
      sort: effectiveSort(query, terms),
      limit: query.pageSize,
      offset: (query.page - 1) * query.pageSize,
    }),
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
  return { total, hits, facets, query };
}
