import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/types.ts';
import type { HitsPage, TextSearch } from './text.ts';
import { versionStamp } from './version.ts';

type Q = Kysely<Database>;

/**
 * Initiatives in the order of their names in one language (issue 18): sort=name follows the
 * reader's collation (Intl.Collator of the page's or the API call's language), not the
 * database's, so that in Lithuanian "y" comes right after "i", in Swedish "Å Ä Ö" after "Z", and
 * Greek and Ukrainian names sort in their own alphabets; equal names by id. Sorting 100,000 names
 * takes a few hundred milliseconds, so each order is made once per data version and language
 * and kept; a page then needs its ids' places only.
 */
export interface NameOrder {
  /** Initiative ids in name order. */
  readonly ids: Int32Array;
  /** One more than each id's place in `ids`, indexed by id; 0 for an id not in it. */
  readonly place: Int32Array;
}

/** The language sort=name uses when a query names none. */
const DEFAULT_SORT_LANGUAGE = 'en';

/** A collator of a language, or of the default language when the tag is not one Intl knows. */
function collatorFor(language: string | undefined): Intl.Collator {
  try {
    return new Intl.Collator(language ?? DEFAULT_SORT_LANGUAGE);
  } catch {
    return new Intl.Collator(DEFAULT_SORT_LANGUAGE);
  }
}

/**
 * The name orders of each database (connection), by language: the one of the data version
 * `version` (made or being made), and the last one made (any version), to start the next from.
 */
interface Kept {
  version: string;
  order: Promise<NameOrder>;
  last?: NameOrder;
}
const orders = new WeakMap<Q, Map<string, Kept>>();

/**
 * Reads every initiative's name and sorts them by a language's collation. The rows are first put
 * in the previous order of the language, where there is one (new rows last): the sort (TimSort)
 * then finds that run and compares each row about once, instead of log2(n) times (the collator's
 * compare is the cost: about 17 compares a row at 100,000 for a sort from scratch).
 */
async function makeOrder(q: Q, language: string, previous?: NameOrder): Promise<NameOrder> {
  const r = await sql<{ id: number; name: string }>`select id, name from initiatives`.execute(q);
  const rows = r.rows.map((row) => ({ id: Number(row.id), name: row.name }));
  if (previous) {
    const last = previous.ids.length + 1;
    const was = (id: number) => previous.place[id] || last + id;
    rows.sort((a, b) => was(a.id) - was(b.id));
  }
  const compare = collatorFor(language).compare;
  rows.sort((a, b) => compare(a.name, b.name) || a.id - b.id);
  const ids = Int32Array.from(rows, (row) => row.id);
  const place = new Int32Array(rows.reduce((max, row) => Math.max(max, row.id), 0) + 1);
  ids.forEach((id, k) => {
    place[id] = k + 1;
  });
  return { ids, place };
}

/** The name order of the data as it is now in a language: made once per data version. */
async function nameOrder(q: Q, language = DEFAULT_SORT_LANGUAGE): Promise<NameOrder> {
  const version = await versionStamp(q);
  let byLanguage = orders.get(q);
  if (!byLanguage) {
    byLanguage = new Map();
    orders.set(q, byLanguage);
  }
  const kept = byLanguage.get(language);
  if (kept?.version === version) return kept.order;
  const entry: Kept = { version, order: makeOrder(q, language, kept?.last), last: kept?.last };
  byLanguage.set(language, entry);
  entry.order.then(
    (order) => {
      entry.last = order;
    },
    () => {
      if (byLanguage.get(language) === entry) byLanguage.delete(language);
    },
  );
  return entry.order;
}

/** An id's place in an order; ids the order does not hold (added meanwhile) come last, by id. */
function placeOf(order: NameOrder, id: number): number {
  const p = order.place[id] ?? 0;
  return p > 0 ? p : order.ids.length + id;
}

/** Compares two ids by their places in an order. */
function byPlace(order: NameOrder): (a: number, b: number) => number {
  return (a, b) => placeOf(order, a) - placeOf(order, b);
}

/** The condition that an initiative `i` passes a query's filters and matches its words. */
function matchCondition(text: TextSearch, query: Pick<HitsPage, 'terms' | 'where'>) {
  return query.terms.length > 0
    ? sql`${query.where} and i.id in (${text.matchingIds(query.terms)})`
    : query.where;
}

/**
 * The ids of one page of those in an order that pass a test: the order walked from its start
 * until the page is full (a filter that most initiatives pass stops early; a rare one reads the
 * whole order, a few microseconds per thousand ids).
 */
export function walkPage(
  ids: Int32Array,
  passes: (id: number) => boolean,
  offset: number,
  limit: number,
): number[] {
  const out: number[] = [];
  let skip = offset;
  for (let k = 0; k < ids.length && out.length < limit; k++) {
    const id = ids[k] as number;
    if (!passes(id)) continue;
    if (skip > 0) skip--;
    else out.push(id);
  }
  return out;
}

/**
 * The ids of one page of a search sorted by name. Without words and filters the page is a slice
 * of the order; without words but with filters that `page.passes` can test in memory, the order
 * walked keeping what passes (no SQL); otherwise the matching ids (one indexed statement) sorted
 * by their places.
 */
export async function pageByName(q: Q, text: TextSearch, page: HitsPage): Promise<number[]> {
  const order = await nameOrder(q, page.language);
  if (page.terms.length === 0 && page.filtered === false) {
    return Array.from(order.ids.subarray(page.offset, page.offset + page.limit));
  }
  if (page.terms.length === 0 && page.passes) {
    return walkPage(order.ids, page.passes, page.offset, page.limit);
  }
  const r = await sql<{ id: number }>`select i.id from initiatives i
    where ${matchCondition(text, page)}`.execute(q);
  const ids = r.rows.map((row) => Number(row.id)).sort(byPlace(order));
  return ids.slice(page.offset, page.offset + page.limit);
}

/** The slugs of every match sorted by name (for exports). */
export async function slugsByName(
  q: Q,
  text: TextSearch,
  query: Pick<HitsPage, 'terms' | 'where' | 'language'>,
): Promise<string[]> {
  const order = await nameOrder(q, query.language);
  const r = await sql<{ id: number; slug: string }>`select i.id, i.slug from initiatives i
    where ${matchCondition(text, query)}`.execute(q);
  const compare = byPlace(order);
  const rows = r.rows.map((row) => ({ id: Number(row.id), slug: row.slug }));
  return rows.sort((a, b) => compare(a.id, b.id)).map((row) => row.slug);
}
