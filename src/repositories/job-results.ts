/**
 * What heavy jobs hand between instances through the database (migration 0027): finished jobs'
 * files, uploaded spreadsheets waiting to be applied, and the progress of running jobs. A file's
 * bytes are kept in pieces (job_result_chunks, migration 0029), written and read one piece at a
 * time, so a file of hundreds of megabytes costs a few MiB of memory; the pieces of a row go with
 * it when it is deleted or pruned.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/types.ts';

type Q = Kysely<Database>;

/** How a stored file is to be served: its media type and the name to save it under. */
export interface StoredFileInfo {
  readonly mediaType: string;
  readonly fileName: string;
}

/** A stored file: its bytes, media type and the name to save it under. */
export interface StoredFile extends StoredFileInfo {
  readonly body: Buffer;
}

/**
 * The size of the pieces a file is kept in (rows of job_result_chunks, migration 0029): storing
 * or reading a file holds about two pieces in memory, whatever the file's size.
 */
export const CHUNK_BYTES = 1024 * 1024;

/** The bytes of `source` in pieces of exactly `size` bytes, the last one possibly shorter. */
async function* pieces(
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  size: number,
): AsyncGenerator<Uint8Array> {
  let held: Uint8Array[] = [];
  let length = 0;
  for await (const part of source) {
    let rest = part;
    while (length + rest.length >= size) {
      const take = size - length;
      yield held.length === 0
        ? rest.subarray(0, take)
        : Buffer.concat([...held, rest.subarray(0, take)]);
      held = [];
      length = 0;
      rest = rest.subarray(take);
    }
    if (rest.length > 0) {
      held.push(rest);
      length += rest.length;
    }
  }
  if (length > 0) yield Buffer.concat(held);
}

/** Runs `work` in a transaction, or in the one `db` already is. */
function inTransaction<T>(db: Q, work: (trx: Q) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}

/**
 * Stores (or replaces) the file of `key` from `source` (e.g. a read stream of it), in pieces of
 * `chunkBytes`, without ever holding more than about two pieces. All in one transaction: while it
 * runs the previous file (or none) is what readers see, and a source that fails midway, or a
 * process that dies, leaves the previous state, never a part of the file. Returns its size.
 */
export async function storeJobStream(
  db: Q,
  key: string,
  kind: string,
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  info: StoredFileInfo,
  now: number,
  chunkBytes = CHUNK_BYTES,
): Promise<number> {
  const columns = {
    kind,
    media_type: info.mediaType,
    file_name: info.fileName,
    body: null,
    size: 0,
    chunks: 0,
    progress: null,
    created_at: now,
  };
  return inTransaction(db, async (trx) => {
    await trx
      .insertInto('job_results')
      .values({ key, ...columns })
      .onConflict((oc) => oc.column('key').doUpdateSet(columns))
      .execute();
    await trx.deleteFrom('job_result_chunks').where('key', '=', key).execute();
    let seq = 0;
    let size = 0;
    for await (const bytes of pieces(source, chunkBytes)) {
      await trx.insertInto('job_result_chunks').values({ key, seq, bytes }).execute();
      seq++;
      size += bytes.length;
    }
    await trx
      .updateTable('job_results')
      .set({ size, chunks: seq })
      .where('key', '=', key)
      .execute();
    return size;
  });
}

/** Stores (or replaces) the file of `key`, whose bytes are in memory (an upload). */
export async function storeJobFile(
  db: Q,
  key: string,
  kind: string,
  file: StoredFile,
  now: number,
): Promise<void> {
  await storeJobStream(db, key, kind, [file.body], file, now);
}

/**
 * Hands the file stored under `key` to `write` piece by piece, in order, waiting for each write;
 * returns how to serve it, or undefined (writing nothing) when no file is stored under `key`. The
 * pieces are read in one transaction (one snapshot on PostgreSQL), so a file replaced meanwhile
 * never comes back mixed. A file kept before migration 0029 comes back in one piece.
 */
export async function readJobFile(
  db: Q,
  key: string,
  write: (bytes: Buffer) => Promise<void> | void,
): Promise<StoredFileInfo | undefined> {
  const read = async (trx: Q) => {
    const row = await trx
      .selectFrom('job_results')
      .select(['body', 'chunks', 'media_type', 'file_name'])
      .where('key', '=', key)
      .where((eb) => eb.or([eb('body', 'is not', null), eb('chunks', 'is not', null)]))
      .executeTakeFirst();
    if (!row) return undefined;
    if (row.body) await write(Buffer.from(row.body));
    for (let seq = 0; seq < (row.chunks ?? 0); seq++) {
      const chunk = await trx
        .selectFrom('job_result_chunks')
        .select('bytes')
        .where('key', '=', key)
        .where('seq', '=', seq)
        .executeTakeFirst();
      if (!chunk)
        throw new Error(
          `job_results: the file ${key} is incomplete (piece ${seq} of ${row.chunks} is missing from job_result_chunks); delete its row and make or upload the file again`,
        );
      await write(Buffer.from(chunk.bytes));
    }
    return {
      mediaType: row.media_type ?? 'application/octet-stream',
      fileName: row.file_name ?? key,
    };
  };
  if (db.isTransaction) return read(db);
  return db.transaction().setIsolationLevel('repeatable read').execute(read);
}

/** The file stored under `key`, whole in memory (an upload), if there is one. */
export async function findJobFile(db: Q, key: string): Promise<StoredFile | undefined> {
  const parts: Buffer[] = [];
  const info = await readJobFile(db, key, (bytes) => {
    parts.push(bytes);
  });
  return info && { ...info, body: Buffer.concat(parts) };
}

/** Whether a file is stored under `key` (without reading it). */
export async function hasJobFile(db: Q, key: string): Promise<boolean> {
  const row = await db
    .selectFrom('job_results')
    .select('key')
    .where('key', '=', key)
    .where((eb) => eb.or([eb('body', 'is not', null), eb('chunks', 'is not', null)]))
    .executeTakeFirst();
  return row !== undefined;
}

/** Removes what is stored under `key` (a file's pieces go with it: on delete cascade). */
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
