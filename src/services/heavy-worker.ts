/**
 * The entry of a heavy-work thread: opens its own connection to the server's database (SQLite in
 * WAL mode lets a second connection read while the server writes; PostgreSQL gets its own pool)
 * and runs one job at a time, so long exports and analyses never hold up the server's thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type Db, openDatabase } from '../db/connect.ts';
import { type HeavyJob, type PostedError, postable, runJob } from './heavy-jobs.ts';

/** A message from the server's thread: one job and the file to write its result to. */
export interface JobMessage {
  readonly job: HeavyJob;
  readonly target: string | undefined;
}

/** A message to the server's thread: the job's result or error, or a line for its log. */
export type WorkerReply =
  | { readonly type: 'done'; readonly result: unknown }
  | { readonly type: 'failed'; readonly error: PostedError }
  | { readonly type: 'log'; readonly error: PostedError }
  | { readonly type: 'progress'; readonly rows: number };

const port = parentPort;
if (port) {
  const { databaseUrl } = workerData as { databaseUrl: string };
  let db: Db | undefined;
  port.on('message', async ({ job, target }: JobMessage) => {
    try {
      db ??= openDatabase(databaseUrl);
      const log = (e: unknown) => port.postMessage({ type: 'log', error: postable(e) });
      const progress = (rows: number) =>
        port.postMessage({ type: 'progress', rows } satisfies WorkerReply);
      const result = await runJob(db, job, target, log, progress);
      port.postMessage({ type: 'done', result } satisfies WorkerReply);
    } catch (e) {
      port.postMessage({ type: 'failed', error: postable(e) } satisfies WorkerReply);
    }
  });
}
