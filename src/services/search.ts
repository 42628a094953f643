import { matchesTerms } from '../analysis/term-match.ts';
import type { Db } from '../db/connect.ts';
import { invalidParameter, unknownValue } from '../domain/errors.ts';
import { isHomeLevel } from '../domain/region.ts';
import type { SearchResult } from '../domain/search.ts';
import {
  FACET_CODE_LISTS,
  FACET_NAMES,
  type FacetName,
  SEARCH_LIMITS,
  type SearchQuery,
  SORTS,
  type SortOrder,
  searchTerms,
  sourceSectionValue,
} from '../domain/search.ts';
import { listBarriers } from '../repositories/barriers.ts';
import { listEvidence } from '../repositories/evidence.ts';
import { listGoodPractices } from '../repositories/good-practices.ts';
import { listInitiativeOrigins } from '../repositories/initiatives.ts';
import { listRegions } from '../repositories/regions.ts';
import { sourceTitles } from '../repositories/sources.ts';
import { type ReaderQuery, searchInitiatives } from '../search/index.ts';
import { dataVersion, oncePerVersion } from './data-version.ts';
import { Gate } from './gate.ts';
import { type Executor, shareable, threadExecutor } from './heavy-threads.ts';

/** Raw search parameters as they come from a URL query or CLI flags. */
export type RawParams = Readonly<Record<string, string | readonly string[] | undefined>>;

/** The values of a parameter: repeated, or comma-separated unless `whole` (values may hold commas). */
function values(raw: string | readonly string[] | undefined, whole = false): string[] {
  if (raw === undefined) return [];
  const list = typeof raw === 'string' ? [raw] : raw;
  return list
    .flatMap((v) => (whole ? [v] : v.split(',')))
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

/**
 * The allowed values of each facet: code lists; for country and region the places on record; for
 * source the documents on record and the sections initiatives were taken from.
 */
export async function allowedFacetValues(db: Db): Promise<Record<FacetName, string[]>> {
  const [regions, sources, origins] = await Promise.all([
    listRegions(db.kysely),
    sourceTitles(db.kysely),
    // A scan of every initiative, so once per data version, not once per search.
    oncePerVersion(db, 'initiative-origins', () => listInitiativeOrigins(db.kysely)),
  ]);
  const out = {} as Record<FacetName, string[]>;
  for (const f of FACET_NAMES) {
    const list = FACET_CODE_LISTS[f];
    if (list) out[f] = list.map((e) => e.code);
  }
  out.country = regions
    .filter((r) => isHomeLevel(r.level))
    .map((r) => r.code)
    .sort();
  out.region = regions.map((r) => r.code).sort();
  out.source = [
    ...[...sources.keys()].sort(),
    ...origins
      .flatMap((o) => (o.section === null ? [] : [sourceSectionValue(o.source, o.section)]))
      .sort(),
  ];
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
    // A section's name may hold a comma, so source values are taken whole.
    const given = [...new Set(values(raw[facet], facet === 'source'))];
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

/** The worker threads a database's uncached searches run in, and the turns they take. */
const searchThreads = new WeakMap<Db, { readonly executor: Executor; readonly gate: Gate }>();

/**
 * Runs the uncached searches of `db` in `workers` threads, each with its own connection to
 * `databaseUrl`, instead of the calling thread: on SQLite a search is synchronous work (0.1-1 s at
 * 200,000 initiatives) that would hold the server's event loop, /health included. By default 2
 * on SQLite and none on PostgreSQL (its queries wait without blocking), and none for a database
 * other threads cannot open (SQLite in memory). Returns how to stop the threads.
 */
export function runSearchesInThreads(
  db: Db,
  databaseUrl: string,
  log: (e: unknown) => void,
  given?: number,
): { readonly workers: number; close(): Promise<void> } {
  const workers = given ?? (db.dialect === 'sqlite' ? 2 : 0);
  if (workers === 0 || !shareable(databaseUrl)) return { workers: 0, close: async () => {} };
  const executor = threadExecutor(databaseUrl, workers, log);
  // Requests are bounded by admission control; searches only wait here for a free thread.
  const gate = new Gate({ concurrency: workers, queue: 100_000, maxWaitMs: 600_000 }, 'searches');
  searchThreads.set(db, { executor, gate });
  return {
    workers,
    close: async () => {
      searchThreads.delete(db);
      await executor.close();
    },
  };
}

/**
 * The language whose collation sort=name follows: the reader's (the page's language, or an API
 * call's `lang`) when Intl knows it, else English.
 */
export function readerLanguage(given: string | undefined): string {
  if (!given) return 'en';
  try {
    return Intl.Collator.supportedLocalesOf([given])[0] ?? 'en';
  } catch {
    return 'en';
  }
}

/** Runs one search, in a search thread when `db` has them, else here. Not cached. */
export async function runSearch(db: Db, query: ReaderQuery): Promise<SearchResult> {
  const threads = searchThreads.get(db);
  if (!threads) return searchInitiatives(db, query);
  const done = await threads.gate.run(() =>
    threads.executor.run({ kind: 'search', query }, undefined),
  );
  if (done.kind !== 'search') throw new Error(`a search thread answered ${done.kind}`);
  return done.result;
}

/** How many results of recent queries each database keeps while its data does not change. */
export const RESULT_CACHE_SIZE = 256;

/** Results of recent queries per database, valid for one data version (the newest history entry). */
const resultCache = new WeakMap<Db, { version: string; results: Map<string, SearchResult> }>();

/**
 * Validates raw parameters against the database's regions and runs the search, sorted by name in
 * the collation of `language` (else of the `lang` parameter, else English). A query already
 * answered on the same data is answered from memory: counting every facet over a large result
 * is the costly part (about 160 ms at 100,000 initiatives), and every change to curated content
 * appends to the history, whose newest entry names the data version (one index seek to read).
 * Callers must treat the result as read-only, since it may be shared.
 */
export async function search(db: Db, raw: RawParams, language?: string): Promise<SearchResult> {
  const [allowed, { key: version }] = await Promise.all([allowedFacetValues(db), dataVersion(db)]);
  const query: ReaderQuery = {
    ...parseSearchParams(raw, allowed),
    language: readerLanguage(language ?? single(raw.lang)),
  };
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
  const result = await runSearch(db, query);
  // Only keep it if no change was committed meanwhile (another request may have started a new version).
  if (resultCache.get(db) === cache) {
    cache.results.set(key, result);
    if (cache.results.size > RESULT_CACHE_SIZE)
      cache.results.delete(cache.results.keys().next().value as string);
  }
  return result;
}

/** A record of another kind that mentions a search's words: where an empty result points to. */
export interface Mention {
  /** The page that shows it (an evidence statement: its barrier's page, at the statement). */
  readonly href: string;
  /** Its name, or for an evidence statement the statement. */
  readonly text: string;
  /** The language of text (ISO 639-1). */
  readonly language: string;
  /** A barrier's code, for its label in the page's language. */
  readonly barrier?: string;
}

/** Evidence statements, good practices and barriers whose texts mention every search word. */
export interface MentionsElsewhere {
  readonly evidence: readonly Mention[];
  readonly practices: readonly Mention[];
  readonly barriers: readonly Mention[];
}

/** A record's searchable texts and how it is shown. */
interface MentionText extends Mention {
  readonly searchable: string;
}

/** The texts of the records of other kinds, read once per data version. */
function mentionTexts(db: Db) {
  return oncePerVersion(db, 'mention-texts', async () => {
    const q = db.kysely;
    const [evidence, practices, barriers] = await Promise.all([
      listEvidence(q),
      listGoodPractices(q),
      listBarriers(q),
    ]);
    const join = (...texts: (string | null | undefined)[]) => texts.filter(Boolean).join('\n');
    return {
      evidence: evidence.map(
        (e): MentionText => ({
          href: e.barriers[0]
            ? `/barriers/${e.barriers[0]}#statement-${e.key}`
            : e.region
              ? `/regions/${e.region}`
              : '/barriers',
          text: e.statement,
          language: e.language,
          searchable: join(e.statement, e.quote?.text),
        }),
      ),
      practices: practices.map(
        (p): MentionText => ({
          href: `/good-practices/${p.slug}`,
          text: p.name,
          language: p.language,
          searchable: join(p.name, p.summary, p.keyPlayers, p.impact, p.transferability),
        }),
      ),
      barriers: barriers.map(
        (b): MentionText => ({
          href: `/barriers/${b.code}`,
          barrier: b.code,
          text: b.label,
          language: 'en',
          searchable: join(b.label, b.description, ...b.subThemes),
        }),
      ),
    };
  });
}

/**
 * Where the words of a search occur in records the initiative search does not cover (evidence
 * statements with their quotations, good practices, barriers), matched as the search matches
 * them: for a search that found no initiative, so the page can point to them.
 */
export async function mentionsElsewhere(db: Db, text: string): Promise<MentionsElsewhere> {
  const terms = searchTerms(text);
  const none: MentionsElsewhere = { evidence: [], practices: [], barriers: [] };
  if (terms.length === 0) return none;
  const all = await mentionTexts(db);
  const pick = (list: readonly MentionText[]): Mention[] =>
    list
      .filter((m) => matchesTerms(m.searchable, terms))
      .map(({ searchable: _, ...shown }) => shown);
  return {
    evidence: pick(all.evidence),
    practices: pick(all.practices),
    barriers: pick(all.barriers),
  };
}
