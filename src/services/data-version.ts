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
