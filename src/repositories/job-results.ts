/**
 * What heavy jobs hand between instances through the database (migration 0027): finished jobs'
 * files, uploaded spreadsheets waiting to be applied, and the progress of running jobs.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/types.ts';

type Q = Kysely<Database>;

/** A stored file: its bytes, media type and the name to save it under. */
export interface StoredFile {
  readonly body: Buffer;
  readonly mediaType: string;
  readonly fileName: string;
}

/** Stores (or replaces) the file of `key`. */
export async function storeJobFile(
  db: Q,
  key: string,
  kind: string,
  file: StoredFile,
  now: number,
): Promise<void> {
  const columns = {
    kind,
    media_type: file.mediaType,
    file_name: file.fileName,
    body: file.body,
    size: file.body.length,
    progress: null,
    created_at: now,
  };
  await db
    .insertInto('job_results')
    .values({ key, ...columns })
    .onConflict((oc) => oc.column('key').doUpdateSet(columns))
    .execute();
}

/** The file stored under `key`, if there is one. */
export async function findJobFile(db: Q, key: string): Promise<StoredFile | undefined> {
  const row = await db
    .selectFrom('job_results')
    .select(['body', 'media_type', 'file_name'])
    .where('key', '=', key)
    .where('body', 'is not', null)
    .executeTakeFirst();
  if (!row?.body) return undefined;
  return {
    body: Buffer.from(row.body),
    mediaType: row.media_type ?? 'application/octet-stream',
    fileName: row.file_name ?? key,
  };
}

/** Whether a file is stored under `key` (without reading it). */
export async function hasJobFile(db: Q, key: string): Promise<boolean> {
  const row = await db
    .selectFrom('job_results')
    .select('key')
    .where('key', '=', key)
    .where('body', 'is not', null)
    .executeTakeFirst();
  return row !== undefined;
}

/** Removes what is stored under `key`. */
export async function deleteJobResult(db: Q, key: string): Promise<void> {
  await db.deleteFrom('job_results').where('key', '=', key).execute();
}

/**
 * Removes the rows of `kind` whose key does not start with `keep` (results of other data
 * versions), and beyond the newest `max` of those that do. Returns how many were removed.
 */
export async function pruneJobResults(
  db: Q,
  kind: string,
  keep: string,
  max: number,
): Promise<number> {
  const stale = await db
    .deleteFrom('job_results')
    .where('kind', '=', kind)
    .where('key', 'not like', `${keep}%`)
    .executeTakeFirst();
  const beyond = await db
    .selectFrom('job_results')
    .select('key')
    .where('kind', '=', kind)
    .orderBy('created_at', 'desc')
    .orderBy('key')
    .offset(max)
    .limit(10_000)
    .execute();
  if (beyond.length > 0)
    await db
      .deleteFrom('job_results')
      .where(
        'key',
        'in',
        beyond.map((r) => r.key),
      )
      .execute();
  return Number(stale.numDeletedRows) + beyond.length;
}

/** Removes the rows of `kind` made before `before` (epoch milliseconds). */
export async function deleteJobResultsBefore(db: Q, kind: string, before: number): Promise<void> {
  await db
    .deleteFrom('job_results')
    .where('kind', '=', kind)
    .where('created_at', '<', before)
    .execute();
}

/** Records how far a running job is (rows done so far). */
export async function saveJobProgress(
  db: Q,
  key: string,
  progress: number,
  now: number,
): Promise<void> {
  await db
    .insertInto('job_results')
    .values({ key, kind: 'progress', size: 0, progress, created_at: now })
    .onConflict((oc) => oc.column('key').doUpdateSet({ progress, created_at: now }))
    .execute();
}

/** How far a running job is, if it told. */
export async function findJobProgress(db: Q, key: string): Promise<number | undefined> {
  const row = await db
    .selectFrom('job_results')
    .select('progress')
    .where('key', '=', key)
    .executeTakeFirst();
  return row?.progress ?? undefined;
}
