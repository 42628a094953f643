import { type Expression, type Kysely, type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Db } from '../db/connect.ts';
import type { Database } from '../db/types.ts';
import {
  type FacetCount,
  type FacetName,
  type SearchQuery,
  SOURCE_SECTION_SEPARATOR,
  sourceSectionValue,
} from '../domain/search.ts';
import { postgresText } from './postgres.ts';
import { sqliteText } from './sqlite.ts';
import type { TextSearch } from './text.ts';

export type Q = Kysely<Database>;
export type SingleColumn =
  | 'domain'
  | 'structural_type'
  | 'status'
  | 'home_country'
  | 'submitting_region'
  | 'origin_source'
  | 'origin_section';
export type ColumnRow = Record<SingleColumn, string | null>;

/** A facet read from columns of initiatives: one value per initiative, or a few nested ones. */
export interface ColumnFacet {
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
export const SINGLE_VALUED: readonly ColumnFacet[] = [
  columnFacet('domain', 'domain'),
  columnFacet('type', 'structural_type'),
  columnFacet('status', 'status'),
  columnFacet('country', 'home_country'),
  columnFacet('region', 'submitting_region'),
  sourceFacet,
];

/** The columns the grouped facet scan reads (all of them covered by one index). */
export const SCAN_COLUMNS: readonly SingleColumn[] = [
  'domain',
  'structural_type',
  'status',
  'home_country',
  'submitting_region',
  'origin_source',
  'origin_section',
];

/** Facets stored as a set in a link table. */
export const MULTI_VALUED: readonly {
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
export function textSearchFor(db: Db): TextSearch {
  return db.dialect === 'postgres' ? postgresText : sqliteText;
}

export function selected(query: SearchQuery, facet: FacetName): readonly string[] {
  return query.filters[facet] ?? [];
}

export function whereAll(conds: readonly Expression<SqlBool>[]): Expression<SqlBool> {
  return conds.length === 0 ? sql<SqlBool>`1 = 1` : sql<SqlBool>`${sql.join(conds, sql` and `)}`;
}

/**
 * Conditions on an initiative id expression: the text match and the set-valued filters (scope,
 * theme), leaving out one facet when that facet is being counted.
 */
export function idConditions(
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
    // IN, not EXISTS: SQLite 3.51 turns EXISTS into a join that, walking the name index of a
    // browse (migration 0020), returned an initiative once per chosen value it holds.
    out.push(
      sql<SqlBool>`${id} in (select f.initiative_id from ${sql.table(m.table)} f where ${sql.ref(`f.${m.column}`)} in (${sql.join(values)}))`,
    );
  }
  return out;
}

/** Conditions on the single-valued columns of initiatives aliased `i`. */
export function columnConditions(query: SearchQuery, except?: FacetName): Expression<SqlBool>[] {
  return SINGLE_VALUED.filter((s) => s.facet !== except && selected(query, s.facet).length > 0).map(
    (s) => s.condition(selected(query, s.facet)),
  );
}

export function sortCounts(counts: Map<string, number>): FacetCount[] {
  return [...counts.entries()]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
}

/** The conditions of a query's facet filters on initiatives aliased `i` (not the text match). */
export function filterConditions(text: TextSearch, query: SearchQuery): Expression<SqlBool> {
  return whereAll([...columnConditions(query), ...idConditions(text, [], query, sql`i.id`)]);
}

/** The sort a query really gets: relevance needs words to rank by, so without them it is by name. */
export function effectiveSort(query: SearchQuery, terms: readonly string[]): SearchQuery['sort'] {
  return query.sort === 'relevance' && terms.length === 0 ? 'name' : query.sort;
}
