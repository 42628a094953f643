import type { Db } from '../db/connect.ts';
import { invalidParameter, unknownValue } from '../domain/errors.ts';
import type { SearchResult } from '../domain/search.ts';
import {
  FACET_CODE_LISTS,
  FACET_NAMES,
  type FacetName,
  SEARCH_LIMITS,
  type SearchQuery,
  SORTS,
  type SortOrder,
} from '../domain/search.ts';
import { listRegions } from '../repositories/regions.ts';
import { searchInitiatives } from '../search/index.ts';
import { dataVersion } from './data-version.ts';

/** Raw search parameters as they come from a URL query or CLI flags. */
export type RawParams = Readonly<Record<string, string | readonly string[] | undefined>>;

function values(raw: string | readonly string[] | undefined): string[] {
  if (raw === undefined) return [];
  const list = typeof raw === 'string' ? [raw] : raw;
  return list
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

function single(raw: string | readonly string[] | undefined): string | undefined {
  return typeof raw === 'string' ? raw : raw?.[raw.length - 1];
}

function integer(
  name: string,
  raw: string | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw invalidParameter(
      name,
      `${name} must be a whole number from ${min} to ${max}, not "${raw}"`,
    );
  }
  return n;
}

/** The allowed values of each facet: code lists, and for country/region the regions on record. */
export async function allowedFacetValues(db: Db): Promise<Record<FacetName, string[]>> {
  const regions = await listRegions(db.kysely);
  const out = {} as Record<FacetName, string[]>;
  for (const f of FACET_NAMES) {
    const list = FACET_CODE_LISTS[f];
    if (list) out[f] = list.map((e) => e.code);
  }
  out.country = regions
    .filter((r) => r.level === 'country')
    .map((r) => r.code)
    .sort();
  out.region = regions.map((r) => r.code).sort();
  return out;
}

/**
 * Validates raw parameters into a search query. Unknown facet values, sorts and page numbers are
 * rejected with a message that names the parameter and the allowed values.
 */
export function parseSearchParams(
  raw: RawParams,
  allowed: Record<FacetName, string[]>,
): SearchQuery {
  const text = (single(raw.q) ?? '').trim();
  if (text.length > SEARCH_LIMITS.maxTextLength) {
    throw invalidParameter('q', `q is too long: at most ${SEARCH_LIMITS.maxTextLength} characters`);
  }
  const filters: Partial<Record<FacetName, string[]>> = {};
  for (const facet of FACET_NAMES) {
    const given = [...new Set(values(raw[facet]))];
    if (given.length === 0) continue;
    for (const v of given) {
      if (!allowed[facet].includes(v)) {
        throw unknownValue(facet, v, allowed[facet]);
      }
    }
    filters[facet] = given;
  }
  const sortRaw = single(raw.sort) || (text ? 'relevance' : 'name');
  if (!(SORTS as readonly string[]).includes(sortRaw)) {
    throw unknownValue('sort', sortRaw, SORTS);
  }
  return {
    text,
    filters,
    sort: sortRaw as SortOrder,
    page: integer('page', single(raw.page), 1, 1, SEARCH_LIMITS.maxPage),
    pageSize: integer('pageSize', single(raw.pageSize), 20, 1, SEARCH_LIMITS.maxPageSize),
  };
}

/** How many results of recent queries each database keeps while its data does not change. */
export const RESULT_CACHE_SIZE = 256;

/** Results of recent queries per database, valid for one data version (the newest history entry). */
const resultCache = new WeakMap<Db, { version: string; results: Map<string, SearchResult> }>();

/**
 * Validates raw parameters against the database's regions and runs the search. A query already
 * answered on the same data is answered from memory: counting every facet over a large result
 * is the costly part (about 160 ms at 100,000 initiatives), and every change to curated content
 * appends to the history, whose newest entry names the data version (one index seek to read).
 * Callers must treat the result as read-only, since it may be shared.
 */
export async function search(db: Db, raw: RawParams): Promise<SearchResult> {
  const [allowed, { key: version }] = await Promise.all([allowedFacetValues(db), dataVersion(db)]);
  const query = parseSearchParams(raw, allowed);
  let cache = resultCache.get(db);
  if (cache?.version !== version) {
    cache = { version, results: new Map() };
    resultCache.set(db, cache);
  }
  const key = JSON.stringify(query);
  const hit = cache.results.get(key);
  if (hit) {
    // Most recently used last, so the first key is the one to drop.
    cache.results.delete(key);
    cache.results.set(key, hit);
    return hit;
  }
  const result = await searchInitiatives(db, query);
  // Only keep it if no change was committed meanwhile (another request may have started a new version).
  if (resultCache.get(db) === cache) {
    cache.results.set(key, result);
    if (cache.results.size > RESULT_CACHE_SIZE)
      cache.results.delete(cache.results.keys().next().value as string);
  }
  return result;
}
