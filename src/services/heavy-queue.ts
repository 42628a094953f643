/**
 * Heavy jobs shared by several instances of the atlas on one PostgreSQL database: a job queue in
 * the database (pg-boss, in a schema of its own) that any instance may add to and whose jobs any
 * instance's worker takes. A job's state and outcome live in the queue, so its status link
 * (/jobs/{id}) answers on every instance, whichever one asked for it and whichever one did it.
 */
import { createHash } from 'node:crypto';
import PgBoss from 'pg-boss';
import type { Db } from '../db/connect.ts';
import { busy } from '../domain/errors.ts';
import {
  deleteJobResult,
  deleteJobResultsBefore,
  findJobProgress,
  saveJobProgress,
} from '../repositories/job-results.ts';
import {
  type HeavyJob,
  type HeavyResult,
  type JobProgress,
  type PostedError,
  postable,
  revive,
} from './heavy-jobs.ts';
import type { JobState, JobTicket } from './heavy-work.ts';

/**
 * The queue's name in pg-boss, one per release of the code (services/release.ts): a job is named
 * by a result its submitter's code makes, so only a worker of the same release takes it (during a
 * rolling upgrade an instance of the old release must not make a new release's report).
 */
const queueName = (release: string) => `atlas-heavy-${release}`;
/** A job not finished in this time is failed (its worker died); one more attempt follows. */
const EXPIRE_SECONDS = 30 * 60;
/** How often a worker looks for a job when none was announced to it. */
const POLL_SECONDS = 0.5;
/** The first and the longest pause between two looks at a job's state while waiting for it. */
const WATCH_FIRST_MS = 100;
const WATCH_MAX_MS = 2000;
/** The shortest time between two records of a running job's progress in the database. */
const PROGRESS_EVERY_MS = 500;

/** What the queue holds of a job: the work, where its file goes, and who asked for it. */
interface QueuedJob {
  readonly job: HeavyJob;
  readonly target?: string;
  readonly location: string;
}

/** How an instance joins the shared queue. */
export interface SharedQueueOptions {
  /** The PostgreSQL database (DATABASE_URL). */
  readonly databaseUrl: string;
  /** The schema pg-boss keeps its tables in (config JOB_SCHEMA). */
  readonly schema: string;
  /** The release of this instance's code: its jobs go to (and its workers take from) its queue. */
  readonly release: string;
  /** Jobs this instance works on at once; 0 takes none (they wait for another instance). */
  readonly concurrency: number;
  /** Jobs that may wait in the queue (all instances together); one more is refused as busy. */
  readonly waiting: number;
  /** The atlas's database, where a running job's progress is kept for every instance to show. */
  readonly db: Db;
  /** Does one job here (in a worker thread, or the server's for reports), writing its file next to the others. */
  readonly run: (
    job: HeavyJob,
    target: string | undefined,
    progress: JobProgress,
  ) => Promise<HeavyResult>;
  /** Whether a finished job's file is still there (a pruned one is made again). */
  readonly present: (result: HeavyResult) => Promise<boolean>;
  /** A finished job's result as this instance serves it (its file fetched here if need be). */
  readonly localize: (result: HeavyResult) => Promise<HeavyResult>;
  readonly onError?: (e: unknown) => void;
}

/** The id of the job that makes a result: the same on every instance, so they share one job. */
function jobId(fullKey: string): string {
  const h = createHash('sha256').update(fullKey).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Where a running job's progress is kept in job_results. */
const progressKey = (id: string) => `progress-${id}`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Where a pg-boss job is, in the pool's words. */
function stateOf(state: PgBoss.JobWithMetadata['state']): JobState {
  if (state === 'completed') return 'done';
  if (state === 'active') return 'running';
  if (state === 'failed' || state === 'cancelled') return 'failed';
  return 'queued';
}

/** The error a failed job left: an AppError keeps its code, so it answers as it would have here. */
function failure(output: unknown): Error {
  const posted = (output ?? {}) as Partial<PostedError> & { value?: unknown };
  return revive({
    message: posted.message ?? String(posted.value ?? 'the job failed'),
    ...(posted.code !== undefined && { code: posted.code, details: posted.details ?? {} }),
    ...(posted.stack !== undefined && { stack: posted.stack }),
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The queue's errors as the log should see them: its workers poll every half second, so while
 * the database is away each would fail twice a second; the first is told, then one line a
 * minute with how many more there were.
 */
function reportedOnceAMinute(onError: ((e: unknown) => void) | undefined) {
  let last = 0;
  let more = 0;
  return (e: unknown) => {
    if (Date.now() - last < 60_000) {
      more++;
      return;
    }
    const message =
      e instanceof Error ? e.message : String((e as { message?: unknown })?.message ?? e);
    onError?.(
      new Error(
        `job queue: ${message}${more > 0 ? ` (and ${more} more errors in the last minute)` : ''}`,
      ),
    );
    last = Date.now();
    more = 0;
  };
}

/** The shared queue of one instance: add jobs, find them by id, work on them. */
export class SharedJobQueue {
  private stopped = false;
  private readonly queue: string;

  private constructor(
    private readonly boss: PgBoss,
    private readonly options: SharedQueueOptions,
  ) {
    this.queue = queueName(options.release);
  }

  /** Connects, creates the queue's schema and queue when missing, and starts the workers. */
  static async start(options: SharedQueueOptions): Promise<SharedJobQueue> {
    const boss = new PgBoss({
      connectionString: options.databaseUrl,
      schema: options.schema,
      max: 2 + options.concurrency,
      schedule: false,
      application_name: 'atlas-jobs',
    });
    boss.on('error', reportedOnceAMinute(options.onError));
    await boss.start();
    const name = queueName(options.release);
    await boss.createQueue(name, {
      name,
      retryLimit: 1,
      retryDelay: 0,
      expireInSeconds: EXPIRE_SECONDS,
    });
    const queue = new SharedJobQueue(boss, options);
    for (let i = 0; i < options.concurrency; i++) {
      await boss.work<QueuedJob>(
        name,
        { batchSize: 1, pollingIntervalSeconds: POLL_SECONDS },
        async ([job]) => (job ? queue.work(job.id, job.data) : undefined),
      );
    }
    return queue;
  }

  /** Does one job for the queue; a failure's AppError code goes into the queue with it. */
  private async work(id: string, queued: QueuedJob): Promise<HeavyResult> {
    const key = progressKey(id);
    // The progress of jobs that ended without their instance (it stopped) goes after expiry.
    await deleteJobResultsBefore(
      this.options.db.kysely,
      'progress',
      Date.now() - EXPIRE_SECONDS * 1000,
    ).catch((e) => this.options.onError?.(e));
    let told = 0;
    let saving: Promise<void> = Promise.resolve();
    const progress = (rows: number) => {
      if (Date.now() - told < PROGRESS_EVERY_MS) return;
      told = Date.now();
      saving = saving
        .then(() => saveJobProgress(this.options.db.kysely, key, rows, told))
        .catch((e) => this.options.onError?.(e));
    };
    try {
      return await this.options.run(queued.job, queued.target, progress);
    } catch (e) {
      const posted = postable(e);
      throw Object.assign(new Error(posted.message), posted);
    } finally {
      told = Number.POSITIVE_INFINITY;
      await saving;
      await deleteJobResult(this.options.db.kysely, key).catch(() => {});
    }
  }

  /**
   * The job that makes `fullKey`'s result: the one queued, running or done for it by any
   * instance, or a new one. A failed one, a done one whose file is gone, or an import that
   * refused to write, is made again.
   * Throws busy when as many jobs wait as the queue holds.
   */
  async submit(
    job: HeavyJob,
    fullKey: string,
    target: string | undefined,
    location: string,
  ): Promise<JobTicket> {
    const id = jobId(fullKey);
    const found = await this.boss.getJobById<QueuedJob>(this.queue, id, { includeArchive: true });
    const known = found ? await this.ticketOf(id, found) : undefined;
    if (known && known.state !== 'failed') {
      // A done job's file is looked for as the queue recorded it, before any instance fetches
      // it: one pruned since (an older data version's, or beyond the bound) is made again.
      const made = known.state === 'done' ? (found?.output as unknown as HeavyResult) : undefined;
      // An import that refused to write is asked again after a new plan: it plans again.
      const refused = made?.kind === 'import' && made.refused !== undefined;
      if (!refused && (!made || (await this.options.present(made)))) return known;
    }
    if (known) await this.boss.deleteJob(this.queue, id);
    const waiting = await this.boss.getQueueSize(this.queue);
    if (waiting >= this.options.waiting)
      throw busy(
        `The atlas is preparing as many large files and reports as it can (${waiting} waiting). Please try again in 10 seconds.`,
        10,
      );
    const data: QueuedJob = { job, location, ...(target !== undefined && { target }) };
    // Another instance may have sent the same job meanwhile: then the id is taken and it is that one.
    // An import is never tried again by the queue: a refusal is its answer, and one that ran out
    // of time may still be writing (its transaction decides; the person applies again).
    await this.boss.send(this.queue, data, { id, ...(job.kind === 'import' && { retryLimit: 0 }) });
    return this.ticket(id, job.kind, location, 'queued');
  }

  /** A job by its id, as the queue knows it (finished jobs are kept for days); undefined if unknown. */
  async find(id: string): Promise<JobTicket | undefined> {
    if (!UUID.test(id)) return undefined;
    const found = await this.boss.getJobById<QueuedJob>(this.queue, id, { includeArchive: true });
    return found ? this.ticketOf(id, found) : undefined;
  }

  /** The ticket of a job as the queue holds it. */
  private async ticketOf(id: string, found: PgBoss.JobWithMetadata<QueuedJob>): Promise<JobTicket> {
    const ticket = this.ticket(id, found.data.job.kind, found.data.location, stateOf(found.state));
    if (ticket.state === 'done') ticket.finishedAt = found.completedOn?.getTime() ?? Date.now();
    if (ticket.state === 'failed') ticket.error = failure(found.output);
    if (ticket.state === 'running') {
      const rows = await findJobProgress(this.options.db.kysely, progressKey(id));
      if (rows !== undefined) ticket.progress = rows;
    }
    return ticket;
  }

  /** A ticket whose result, asked for, waits for the job's end in the queue. */
  private ticket(id: string, kind: HeavyJob['kind'], location: string, state: JobState) {
    let result: Promise<HeavyResult> | undefined;
    const ticket: JobTicket = {
      id,
      kind,
      location,
      state,
      get result() {
        if (!result) {
          result = watch();
          // The ticket keeps a failure for its status link; nobody need be waiting for it.
          result.catch(() => {});
        }
        return result;
      },
    };
    const watch = async (): Promise<HeavyResult> => {
      for (let pause = WATCH_FIRST_MS; !this.stopped; pause = Math.min(pause * 2, WATCH_MAX_MS)) {
        const found = await this.boss.getJobById(this.queue, id, { includeArchive: true });
        if (!found) throw new Error(`heavy work: job ${id} is no longer in the queue`);
        ticket.state = stateOf(found.state);
        if (found.state === 'completed')
          return this.options.localize(found.output as unknown as HeavyResult);
        if (ticket.state === 'failed') {
          ticket.error = failure(found.output);
          throw ticket.error;
        }
        await sleep(pause);
      }
      throw new Error('heavy work: the server is stopping');
    };
    return ticket;
  }

  /**
   * Stops the workers (a job running here goes back to the queue for another attempt, except an
   * import, which is never retried) and disconnects.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.boss.stop({ graceful: true, wait: true, timeout: 10_000 });
  }
}
