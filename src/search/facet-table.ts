import { sql } from 'kysely';
import {
  FACET_NAMES,
  type FacetCount,
  type FacetName,
  type SearchQuery,
  sourceSectionValue,
} from '../domain/search.ts';
import { type ColumnRow, MULTI_VALUED, type Q, SCAN_COLUMNS, sortCounts } from './filters.ts';

/**
 * The facet values of every initiative, held in memory per data version as one column per facet
 * indexed by initiative id (compressed sparse rows: the values of id k are
 * `values[offsets[k]] … values[offsets[k + 1] - 1]`, codes into `names`). Counting the facets of
 * a query is then one pass over its candidate ids in plain arrays (exact, a few nanoseconds per id)
 * instead of one SQL statement per facet, each re-running the full-text match and reading every
 * matching row of the wide table.
 */
export interface FacetTable {
  /** The data version it was read at (see versionStamp). */
  readonly version: string;
  /** The largest initiative id; ids are at most this. */
  readonly maxId: number;
  readonly columns: Readonly<Record<FacetName, FacetColumn>>;
  /** The counts of the query without words and filters (the landing page), once per version. */
  unfiltered?: FacetCounts;
}

interface FacetColumn {
  readonly offsets: Uint32Array;
  readonly values: Uint32Array;
  /** The facet value of each code. */
  readonly names: readonly string[];
}

/** The number of results and each facet's disjunctive counts. */
export interface FacetCounts {
  readonly total: number;
  readonly facets: Record<FacetName, FacetCount[]>;
}

/** Builds one column from (id, value) pairs sorted by id. */
function column(maxId: number, pairs: readonly (readonly [number, string])[]): FacetColumn {
  const codes = new Map<string, number>();
  const names: string[] = [];
  const offsets = new Uint32Array(maxId + 2);
  for (const [id] of pairs) offsets[id + 1] = (offsets[id + 1] ?? 0) + 1;
  for (let k = 1; k < offsets.length; k++) offsets[k] = (offsets[k] ?? 0) + (offsets[k - 1] ?? 0);
  const values = new Uint32Array(pairs.length);
  const next = offsets.slice(0, maxId + 1);
  for (const [id, value] of pairs) {
    let code = codes.get(value);
    if (code === undefined) {
      code = names.length;
      codes.set(value, code);
      names.push(value);
    }
    values[next[id] ?? 0] = code;
    next[id] = (next[id] ?? 0) + 1;
  }
  return { offsets, values, names };
}

/** The single-valued facets' values of one row of initiatives (source: document and section). */
const ROW_FACETS: readonly [FacetName, (r: ColumnRow) => (string | null)[]][] = [
  ['domain', (r) => [r.domain]],
  ['type', (r) => [r.structural_type]],
  ['status', (r) => [r.status]],
  ['country', (r) => [r.home_country]],
  ['region', (r) => [r.submitting_region]],
  [
    'source',
    (r) => [
      r.origin_source,
      r.origin_source === null || r.origin_section === null
        ? null
        : sourceSectionValue(r.origin_source, r.origin_section),
    ],
  ],
];

/** Reads every initiative's facet values into a table (once per data version). */
export async function buildFacetTable(db: Q, version: string): Promise<FacetTable> {
  const cols = sql.join(SCAN_COLUMNS.map((c) => sql.ref(c)));
  const rows = (
    await sql<ColumnRow & { id: number }>`select id, ${cols} from initiatives order by id`.execute(
      db,
    )
  ).rows;
  const maxId = rows.reduce((m, r) => Math.max(m, Number(r.id)), 0);
  const columns = {} as Record<FacetName, FacetColumn>;
  for (const [facet, of] of ROW_FACETS) {
    const pairs: [number, string][] = [];
    for (const r of rows) {
      for (const v of of(r)) if (v !== null) pairs.push([Number(r.id), v]);
    }
    columns[facet] = column(maxId, pairs);
  }
  for (const m of MULTI_VALUED) {
    const r = await sql<{ id: number; value: string }>`select distinct initiative_id as id,
        ${sql.ref(m.column)} as value from ${sql.table(m.table)}
        order by initiative_id`.execute(db);
    columns[m.facet] = column(
      maxId,
      r.rows.filter((p) => Number(p.id) <= maxId).map((p) => [Number(p.id), p.value] as const),
    );
  }
  return { version, maxId, columns };
}

/** Whether an initiative holds any of the wanted codes of a column. */
function holds(c: FacetColumn, wanted: Uint8Array, id: number): boolean {
  for (let k = c.offsets[id] ?? 0, end = c.offsets[id + 1] ?? 0; k < end; k++) {
    if (wanted[c.values[k] ?? 0] === 1) return true;
  }
  return false;
}

function tally(c: FacetColumn, counts: Uint32Array, id: number): void {
  for (let k = c.offsets[id] ?? 0, end = c.offsets[id + 1] ?? 0; k < end; k++) {
    const v = c.values[k] ?? 0;
    counts[v] = (counts[v] ?? 0) + 1;
  }
}

/** A facet's column, its counts, and (when the query filters it) a mark per chosen code. */
interface Counter {
  readonly facet: FacetName;
  readonly column: FacetColumn;
  readonly counts: Uint32Array;
  readonly wanted?: Uint8Array;
}

function counters(table: FacetTable, query: SearchQuery): Counter[] {
  return FACET_NAMES.map((facet) => {
    const column = table.columns[facet];
    const chosen = query.filters[facet] ?? [];
    const counts = new Uint32Array(column.names.length);
    if (chosen.length === 0) return { facet, column, counts };
    const wanted = Uint8Array.from(column.names, (n) => (chosen.includes(n) ? 1 : 0));
    return { facet, column, counts, wanted };
  });
}

/** Whether an id is an initiative of the table (every initiative has a domain). */
function inTable(table: FacetTable, id: number): boolean {
  const present = table.columns.domain.offsets;
  return id <= table.maxId && present[id] !== present[id + 1];
}

/**
 * A test of whether an initiative passes a query's facet filters (not its words), read from the
 * table: the filter a result counts under in countFacets, the same as the SQL conditions of
 * filterConditions. For a browse that walks another order and keeps what passes (name-order.ts).
 */
export function filterTest(table: FacetTable, query: SearchQuery): (id: number) => boolean {
  const filtered = counters(table, query).filter((c) => c.wanted !== undefined);
  return (id) => {
    if (!inTable(table, id)) return false;
    for (let k = 0; k < filtered.length; k++) {
      const c = filtered[k] as Counter;
      if (!holds(c.column, c.wanted as Uint8Array, id)) return false;
    }
    return true;
  };
}

/**
 * The total and disjunctive facet counts of some candidate ids (the text matches; every
 * initiative when undefined) under a query's filters, in one pass: a candidate that passes every
 * filter counts under every facet; one that fails exactly one facet's filter counts under that
 * facet only (a value's count is the number of results with that value as its facet's only
 * choice).
 */
export function countFacets(
  table: FacetTable,
  query: SearchQuery,
  candidates?: readonly number[],
): FacetCounts {
  const all = counters(table, query);
  const filtered = all.filter((c) => c.wanted !== undefined);
  let total = 0;
  const visit = (id: number) => {
    if (!inTable(table, id)) return;
    let failed: Counter | undefined;
    let fails = 0;
    for (let k = 0; k < filtered.length && fails < 2; k++) {
      const c = filtered[k] as Counter;
      if (!holds(c.column, c.wanted as Uint8Array, id)) {
        failed = c;
        fails++;
      }
    }
    if (fails === 0) {
      total++;
      for (let k = 0; k < all.length; k++) {
        const c = all[k] as Counter;
        tally(c.column, c.counts, id);
      }
    } else if (fails === 1 && failed) tally(failed.column, failed.counts, id);
  };
  if (candidates) for (let k = 0; k < candidates.length; k++) visit(candidates[k] as number);
  else for (let id = 0; id <= table.maxId; id++) visit(id);
  const facets = {} as Record<FacetName, FacetCount[]>;
  for (const c of all) {
    const byValue = new Map<string, number>();
    c.counts.forEach((n, code) => {
      if (n > 0) byValue.set(c.column.names[code] as string, n);
    });
    facets[c.facet] = sortCounts(byValue);
  }
  return { total, facets };
}
