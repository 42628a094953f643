import { sql } from 'kysely';
import type { Db } from '../db/connect.ts';
import { type SearchQuery, type SearchResult, searchTerms } from '../domain/search.ts';
import {
  buildFacetTable,
  countFacets,
  type FacetCounts,
  type FacetTable,
  filterTest,
} from './facet-table.ts';
import { effectiveSort, filterConditions, type Q, textSearchFor } from './filters.ts';
import { referenceCounts } from './reference.ts';
import { stemQueued } from './stem-queue.ts';
import type { TextSearch } from './text.ts';
import { versionStamp } from './version.ts';

/**
 * A search as a reader asks it: with the reader's language (the page's or the API call's), whose
 * collation sort=name follows (name-order.ts); English when none is given.
 */
export type ReaderQuery = SearchQuery & { readonly language?: string };

/**
 * The slugs of every initiative a query matches, in the order of its hits, ignoring the page:
 * what an export of a search result reads before fetching the records a page at a time.
 */
export async function matchingSlugs(db: Db, query: ReaderQuery): Promise<string[]> {
  await stemQueued(db);
  const text = textSearchFor(db);
  const terms = searchTerms(query.text);
  return text.slugs(db.kysely, {
    terms,
    where: filterConditions(text, query),
    sort: effectiveSort(query, terms),
    language: query.language,
  });
}

/** The facet table of a data version: being read, and once read, the table. */
interface TableEntry {
  readonly version: string;
  readonly table: Promise<FacetTable>;
  ready?: FacetTable;
}

/** The facet table of each database for its newest data version seen. */
const tables = new WeakMap<Db, TableEntry>();

/**
 * The facet table entry of the data as it is now: read once per data version (a failed read is
 * not kept). A change committed while it is read gives a newer version, so it is read again.
 */
async function tableEntry(db: Db): Promise<TableEntry> {
  const version = await versionStamp(db.kysely);
  const kept = tables.get(db);
  if (kept?.version === version) return kept;
  const entry: TableEntry = { version, table: buildFacetTable(db.kysely, version) };
  tables.set(db, entry);
  entry.table.then(
    (table) => {
      entry.ready = table;
    },
    () => {
      if (tables.get(db) === entry) tables.delete(db);
    },
  );
  return entry;
}

/**
 * Reads the facet table of the current data version if it is not read yet, and waits for it:
 * for a server to warm up, and for benchmarks and tests to measure the fast path.
 */
export async function prepareFacetTable(db: Db): Promise<void> {
  await (await tableEntry(db)).table;
}

/** Whether a query chose any facet value. */
function isFiltered(query: SearchQuery): boolean {
  return Object.values(query.filters).some((v) => v !== undefined && v.length > 0);
}

/** The ids of the initiatives that match every term, in one statement. */
async function matchIds(q: Q, text: TextSearch, terms: readonly string[]): Promise<number[]> {
  const r = await sql<{ id: number }>`select id from (${text.matchingIds(terms)}) m`.execute(q);
  return r.rows.map((row) => Number(row.id));
}

/**
 * The total and every facet's counts of a query: its candidates (the text matches, or every
 * initiative) counted in one pass over the facet table. Without words and filters (the landing
 * page and the browse) the counts are computed once per data version. While the table of a new
 * data version is being read (seconds at 100,000 initiatives), searches do not wait for it: they
 * count the straightforward way meanwhile.
 */
async function facetCounts(
  db: Db,
  text: TextSearch,
  terms: readonly string[],
  query: SearchQuery,
  table: FacetTable | undefined,
): Promise<FacetCounts> {
  if (!table) return referenceCounts(db, text, terms, query);
  if (terms.length > 0) return countFacets(table, query, await matchIds(db.kysely, text, terms));
  if (isFiltered(query)) return countFacets(table, query);
  table.unfiltered ??= countFacets(table, query);
  return table.unfiltered;
}

/** How a search may be run; the defaults are the fast path. */
export interface SearchOptions {
  /**
   * False takes a filtered browse by name in SQL (every match read, then sorted by its place in
   * the name order) instead of walking the name order through the facet table: what the search
   * benchmark measures the walk against.
   */
  readonly nameWalk?: boolean;
}

/** Runs a search: ranked, highlighted hits of one page, the total, and every facet's counts. */
export async function searchInitiatives(
  db: Db,
  query: ReaderQuery,
  options: SearchOptions = {},
): Promise<SearchResult> {
  await stemQueued(db);
  const text = textSearchFor(db);
  const terms = searchTerms(query.text);
  const table = (await tableEntry(db)).ready;
  const filtered = isFiltered(query);
  const walk = table && filtered && terms.length === 0 && options.nameWalk !== false;
  const [hits, { total, facets }] = await Promise.all([
    text.hits(db.kysely, {
      terms,
      where: filterConditions(text, query),
      sort: effectiveSort(query, terms),
      limit: query.pageSize,
      offset: (query.page - 1) * query.pageSize,
      filtered,
      language: query.language,
      passes: walk ? filterTest(table, query) : undefined,
    }),
    facetCounts(db, text, terms, query, table),
  ]);
  return { total, hits, facets, query };
}
