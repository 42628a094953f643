/**
 * What several instances of the atlas behind one reverse proxy share besides the database itself:
 * the rate-limit counters (the database, or Redis) and the queue of heavy jobs (pg-boss in the
 * PostgreSQL database). Sessions and the data version are rows of the database already, so every
 * instance sees a sign-in or a change made through another at its next request.
 */
import type { Db } from '../db/connect.ts';
import { currentSchema } from '../db/current-schema.ts';
import type { HeavyWork } from './heavy-work.ts';
import { databaseCounters, type RateLimitCounters, redisCounters } from './rate-limit-counters.ts';

/** How this instance joins the others (config REDIS_URL, JOB_QUEUE, JOB_WORKER, JOB_SCHEMA). */
export interface SharingOptions {
  readonly databaseUrl: string;
  readonly redisUrl?: string;
  /** Where heavy jobs wait; by default the shared queue on PostgreSQL and this process on SQLite. */
  readonly jobQueue?: 'local' | 'postgres';
  /** Whether this instance takes jobs from the shared queue. */
  readonly jobWorker: boolean;
  readonly jobSchema?: string;
  readonly onError?: (e: unknown) => void;
}

/** What is shared, and how to let go of it. */
export interface Sharing {
  /** The rate-limit counters, when they are not this process's memory. */
  readonly counters: RateLimitCounters | undefined;
  /** One line for the start-up message: what is shared where. */
  readonly description: string;
  close(): Promise<void>;
}

/** The shared queue's schema: pgboss beside the public schema, else `<schema>_jobs` (one per atlas). */
async function jobSchemaOf(db: Db, configured: string | undefined): Promise<string> {
  if (configured) return configured;
  const schema = await currentSchema(db);
  return !schema || schema === 'public' ? 'pgboss' : `${schema}_jobs`;
}

/**
 * Sets up what this instance shares with the others: rate-limit counters in Redis (REDIS_URL) or
 * the PostgreSQL database (memory on SQLite), and on PostgreSQL the heavy jobs' queue, which
 * this instance also works on unless `jobWorker` is false.
 */
export async function shareWithOtherInstances(
  db: Db,
  heavy: HeavyWork,
  options: SharingOptions,
): Promise<Sharing> {
  const counters = options.redisUrl
    ? await redisCounters(options.redisUrl, options.onError)
    : db.dialect === 'postgres'
      ? databaseCounters(db, options.onError)
      : undefined;
  const parts = [`rate limits counted in ${counters?.description ?? 'this process'}`];
  const queue = options.jobQueue ?? (db.dialect === 'postgres' ? 'postgres' : 'local');
  if (queue === 'postgres') {
    const schema = await jobSchemaOf(db, options.jobSchema);
    await heavy.shareQueue({
      databaseUrl: options.databaseUrl,
      schema,
      worker: options.jobWorker,
      onError: options.onError,
    });
    parts.push(
      `heavy jobs queued in the database (schema ${schema}; ${options.jobWorker ? 'this instance works on them' : 'worked on by other instances only'})`,
    );
  } else {
    parts.push('heavy jobs run in this process');
  }
  return {
    counters,
    description: parts.join('; '),
    close: async () => counters?.close(),
  };
}
