import type { Db } from '../db/connect.ts';
import { latestHistoryEntry } from '../repositories/history.ts';

/** The version of the data and when it was made; `key` changes with every change to the data. */
export interface DataVersion {
  readonly key: string;
  /** The time of the newest history entry as stored (ISO 8601); absent for an empty history. */
  readonly at?: string;
}

/**
 * The data version: the newest history entry, since every change to curated content appends
 * one. One index seek, so caches (search results, bulk downloads, HTTP validators) can ask it on
 * every request.
 */
export async function dataVersion(db: Db): Promise<DataVersion> {
  const last = await latestHistoryEntry(db.kysely);
  return last ? { key: `${last.id}@${last.at}`, at: last.at } : { key: 'empty' };
}

/** When the data last changed: the time of the newest history entry (undefined for an empty history). */
export async function lastDataChange(db: Db): Promise<Date | undefined> {
  const { at } = await dataVersion(db);
  const date = at === undefined ? undefined : new Date(at);
  return date && !Number.isNaN(date.getTime()) ? date : undefined;
}

/** Values computed once per data version, by database and name. */
const perVersion = new WeakMap<Db, Map<string, { version: string; value: Promise<unknown> }>>();

/**
 * The value `compute` gives for the current data version, computed once per version and shared by
 * the requests that ask meanwhile (the home page runs a full count and the statistics: 0.9 s at
 * 200,000 initiatives, for a view that only changes with the data). A failed computation is not
 * kept. Callers must treat the value as read-only.
 */
export async function oncePerVersion<T>(
  db: Db,
  name: string,
  compute: () => Promise<T>,
): Promise<T> {
  const { key } = await dataVersion(db);
  let byName = perVersion.get(db);
  if (!byName) {
    byName = new Map();
    perVersion.set(db, byName);
  }
  const kept = byName.get(name);
  if (kept?.version === key) return kept.value as Promise<T>;
  const value = compute();
  const entry = { version: key, value };
  byName.set(name, entry);
  value.catch(() => {
    if (byName.get(name) === entry) byName.delete(name);
  });
  return value;
}
