/**
 * Heavy work off the request thread: exports of large results, the data-quality analysis and the
 * bulk downloads run in a small pool of worker threads behind a bounded queue. Results are files
 * kept per data version, so a repeated request on unchanged data costs a file read; a job
 * already queued or running for the same result is shared; a full queue is a "busy" error.
 */
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import type { Db } from '../db/connect.ts';
import { busy } from '../domain/errors.ts';
import { writeFileAtomically } from '../io/export.ts';
import {
  CHUNK_BYTES,
  hasJobFile,
  pruneJobResults,
  readJobFile,
  storeJobStream,
} from '../repositories/job-results.ts';
import { dataVersion } from './data-version.ts';
import { cacheExtension, type HeavyJob, type HeavyResult, type JobProgress } from './heavy-jobs.ts';
import { SharedJobQueue } from './heavy-queue.ts';
import { type Executor, inlineExecutor, shareable, threadExecutor } from './heavy-threads.ts';
import { releaseFingerprint } from './release.ts';

/** How the pool is set up (config HEAVY_WORKERS, HEAVY_QUEUE, CACHE_DIR). */
export interface HeavyWorkOptions {
  /** The server's connection: for the data version, and for the work itself without threads. */
  readonly db: Db;
  /** The URL worker threads open their own connection with; without it the work runs inline. */
  readonly databaseUrl?: string;
  /** Worker threads; 0 runs the work in the server's thread (still queued, shared and cached). */
  readonly workers: number;
  /** Jobs that may wait for a free worker; one more is refused as busy. */
  readonly queue: number;
  /** The folder of result files; a new temporary folder when absent. */
  readonly cacheDir?: string;
  /** Told of failures the work survives (a regeneration that fell back to the previous files). */
  readonly onError?: (e: unknown) => void;
  /** The release of the code making the files (default: services/release.ts's fingerprint). */
  readonly release?: string;
}

/** Where a job is: waiting for a worker, running, finished or failed. */
export type JobState = 'queued' | 'running' | 'done' | 'failed';

/** A submitted job as requests see it: its id (for /jobs/{id}), its state and its outcome. */
export interface JobTicket {
  readonly id: string;
  readonly kind: HeavyJob['kind'];
  /**
   * Where the job's status link leads once it is done: the request that asked for a file (it
   * then answers with the file); for an import, the page that shows what was written.
   */
  readonly location: string;
  state: JobState;
  readonly result: Promise<HeavyResult>;
  error?: unknown;
  finishedAt?: number;
  /** Rows done so far, for work that counts them (an import's apply). */
  progress?: number;
}

/** Kinds of work done in the server's own thread, by code the worker threads do not load. */
export type InlineKind = 'report';

/** Does one job of an inline kind, writing its file to `target`. */
export type InlineRunner = (job: HeavyJob, target: string | undefined) => Promise<HeavyResult>;

/** How long a job of an inline kind waits for its runner (the routes register it at start). */
const RUNNER_WAIT_MS = 30_000;

/** Seconds a client is told to wait before asking again when the queue is full. */
export const BUSY_RETRY_SECONDS = 10;
/** Finished jobs stay known this long, so a status link still answers after the file is made. */
const KEEP_FINISHED_MS = 15 * 60_000;
/** A temporary file untouched this long belongs to no running job. */
const ABANDONED_MS = 60 * 60_000;
/** Result files of one kind kept for the current data version (distinct searches, formats). */
const MAX_FILES_PER_KIND = 200;

const hash = (value: unknown) =>
  createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 20);

/** The pool: submit jobs, look them up by id, close it when the server stops. */
export class HeavyWork {
  readonly db: Db;
  private readonly executor: Executor;
  private readonly queueSize: number;
  private cacheDir: Promise<string> | undefined;
  private readonly waiting: { ticket: JobTicket; start: () => void }[] = [];
  private running = 0;
  private readonly byKey = new Map<string, JobTicket>();
  private readonly byId = new Map<string, JobTicket>();
  /** Submissions still looking for a cached result, by key. */
  private readonly looking = new Map<string, Promise<JobTicket>>();
  /** The queue shared with the other instances on PostgreSQL, once joined (config JOB_QUEUE). */
  private shared: SharedJobQueue | undefined;
  /** The runners of inline kinds, and the waits of jobs that came before theirs. */
  private readonly runners = new Map<InlineKind, InlineRunner>();
  private readonly awaitingRunner = new Map<InlineKind, (() => void)[]>();
  /** Where errors that fail no request go (a cache prune that failed), for the server's log. */
  private readonly log: (e: unknown) => void;
  /** The release given, or undefined for the code's own (read when first needed). */
  private readonly givenRelease: string | undefined;

  constructor(options: HeavyWorkOptions) {
    this.db = options.db;
    this.givenRelease = options.release;
    const log = options.onError ?? (() => {});
    this.log = log;
    this.executor =
      options.workers > 0 && shareable(options.databaseUrl)
        ? threadExecutor(options.databaseUrl, options.workers, log)
        : inlineExecutor(options.db, log);
    this.queueSize = options.queue;
    if (options.cacheDir !== undefined) this.cacheDir = Promise.resolve(resolve(options.cacheDir));
  }

  /** The folder of result files, made when first needed. */
  private folder(): Promise<string> {
    this.cacheDir ??= mkdtemp(join(tmpdir(), 'atlas-cache-'));
    return this.cacheDir.then(async (dir) => {
      await mkdir(dir, { recursive: true });
      return dir;
    });
  }

  /**
   * A job's ticket: a finished one when its result file for this data version exists, the
   * running or queued one for the same result, or a new one. `key` is everything that tells the
   * result apart besides the kind and the data version (e.g. the normalized search and the
   * format), so that equal requests written differently share one. Throws busy when full.
   */
  async submit(job: HeavyJob, key: unknown, location: string): Promise<JobTicket> {
    const version = (await dataVersion(this.db)).key;
    // The code's release is part of what tells results apart: another release may make the file
    // differently (files of one data version made by several releases are pruned alike).
    const fullKey = `${job.kind}-${hash(version)}-${hash([this.release(), key])}`;
    const shared = this.byKey.get(fullKey) ?? this.looking.get(fullKey);
    if (shared) return shared;
    // Registered before the first await, so that an equal request meanwhile shares the lookup.
    const lookup = this.lookUpOrEnqueue(job, fullKey, location);
    this.looking.set(fullKey, lookup);
    return lookup.finally(() => this.looking.delete(fullKey));
  }

  /** The cached result's ticket, or a new job's; busy when the queue is full. */
  private async lookUpOrEnqueue(
    job: HeavyJob,
    fullKey: string,
    location: string,
  ): Promise<JobTicket> {
    const ext = cacheExtension(job);
    const target = ext === undefined ? undefined : join(await this.folder(), `${fullKey}.${ext}`);
    const cached = target === undefined ? undefined : await readCached(target);
    // Answered at once, so never linked: not kept among the jobs a status link can name.
    if (cached) return finishedTicket(job.kind, location, cached);
    if (this.shared) return this.shared.submit(job, fullKey, target, location);
    if (this.running >= this.executor.capacity && this.waiting.length >= this.queueSize)
      throw busy(
        `The server is preparing as many large files and reports as it can (${this.running} running, ${this.waiting.length} waiting). Please try again in ${BUSY_RETRY_SECONDS} seconds.`,
        BUSY_RETRY_SECONDS,
      );
    return this.enqueue(job, fullKey, target, location);
  }

  /**
   * A job known by its id: queued, running, or finished in the last quarter of an hour (days in
   * the shared queue, where every instance knows every job).
   */
  async job(id: string): Promise<JobTicket | undefined> {
    if (this.shared) return this.shared.find(id);
    this.forgetOld();
    return this.byId.get(id);
  }

  /**
   * Hands the jobs to a queue in the PostgreSQL database that every instance shares (pg-boss in
   * `schema`): submitted jobs go there, and unless `worker` is false this instance's threads
   * take jobs from it, whoever submitted them. A finished job's file is also kept in the
   * database (job_results), so an instance serves a file another made from its own cache folder,
   * fetched from the database the first time: the instances share no folder.
   */
  async shareQueue(options: {
    readonly databaseUrl: string;
    readonly schema: string;
    readonly worker: boolean;
    readonly onError?: (e: unknown) => void;
  }): Promise<void> {
    this.shared = await SharedJobQueue.start({
      ...options,
      release: this.release(),
      concurrency: options.worker ? this.executor.capacity : 0,
      waiting: this.queueSize,
      db: this.db,
      // The file goes to this instance's own cache folder, whichever instance asked for it.
      run: async (job, target, progress) =>
        this.execute(
          job,
          target === undefined ? undefined : join(await this.folder(), basename(target)),
          progress,
        ),
      present: async (made) =>
        made.kind !== 'file' || (await hasJobFile(this.db.kysely, basename(made.path))),
      localize: (made) => this.localize(made),
    });
  }

  /**
   * Has jobs of `kind` done by `runner` in the server's thread: the report files, whose builders
   * and views belong to layers the worker threads do not load (their PDF printing runs in
   * chromium's own process). Jobs of the kind still queue, share and cache like the others.
   */
  handle(kind: InlineKind, runner: InlineRunner): void {
    this.runners.set(kind, runner);
    for (const wake of this.awaitingRunner.get(kind) ?? []) wake();
    this.awaitingRunner.delete(kind);
  }

  /** The runner of an inline kind; a job taken from the shared queue at start waits for it. */
  private async runnerFor(kind: InlineKind): Promise<InlineRunner> {
    const known = this.runners.get(kind);
    if (known) return known;
    await new Promise<void>((wake, fail) => {
      const timer = setTimeout(
        () => fail(new Error(`heavy work: nothing here makes ${kind} jobs`)),
        RUNNER_WAIT_MS,
      );
      const waits = this.awaitingRunner.get(kind) ?? [];
      waits.push(() => {
        clearTimeout(timer);
        wake();
      });
      this.awaitingRunner.set(kind, waits);
    });
    return this.runnerFor(kind);
  }

  /** Jobs waiting for a worker and jobs running, for tests and monitoring. */
  load(): { readonly running: number; readonly waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  /** Stops the worker threads (a running job fails; a shared one goes back to the queue). */
  async close(): Promise<void> {
    await this.shared?.stop();
    await this.executor.close();
  }

  private register(ticket: JobTicket): JobTicket {
    this.forgetOld();
    this.byId.set(ticket.id, ticket);
    return ticket;
  }

  private forgetOld(): void {
    const now = Date.now();
    for (const [id, t] of this.byId)
      if (t.finishedAt !== undefined && now - t.finishedAt > KEEP_FINISHED_MS) this.byId.delete(id);
  }

  private enqueue(
    job: HeavyJob,
    fullKey: string,
    target: string | undefined,
    location: string,
  ): JobTicket {
    let start = () => {};
    const started = new Promise<void>((r) => {
      start = r;
    });
    const id = randomBytes(9).toString('base64url');
    // The bookkeeping is part of the result, so whoever awaited it sees the pool as it is after.
    const progress = (rows: number) => {
      ticket.progress = rows;
    };
    const result: Promise<HeavyResult> = started
      .then(() => this.execute(job, target, progress))
      .then(
        (made) => {
          ticket.state = 'done';
          return made;
        },
        (e: unknown) => {
          ticket.state = 'failed';
          ticket.error = e;
          throw e;
        },
      )
      .finally(() => {
        ticket.finishedAt = Date.now();
        this.byKey.delete(fullKey);
        this.running--;
        this.next();
      });
    // The ticket keeps a failure for its status link; nobody need be waiting for it.
    result.catch(() => {});
    const ticket: JobTicket = { id, kind: job.kind, location, state: 'queued', result };
    this.byKey.set(fullKey, ticket);
    this.waiting.push({ ticket, start });
    this.next();
    return this.register(ticket);
  }

  /** Starts waiting jobs while workers are free. */
  private next(): void {
    while (this.running < this.executor.capacity && this.waiting.length > 0) {
      const first = this.waiting.shift();
      if (!first) return;
      this.running++;
      first.ticket.state = 'running';
      first.start();
    }
  }

  private async execute(
    job: HeavyJob,
    target: string | undefined,
    progress?: JobProgress,
  ): Promise<HeavyResult> {
    const result =
      job.kind === 'report'
        ? await (await this.runnerFor(job.kind))(job, target)
        : await this.executor.run(job, target, progress);
    if (target !== undefined && result.kind === 'file') {
      // Only a file of the data as it is now prunes the others: a job that started before a
      // change and ends after it must not remove the files of the newer data.
      const current = await this.isCurrent(target);
      // Kept in the database before it counts as made, so every instance can serve it.
      if (this.shared) await this.store(result, current);
      await this.describe(target, result, current);
    }
    return result;
  }

  /**
   * Writes the description next to a result file that is already there, which makes it a cache
   * hit (a hit needs both, so the description goes last), then prunes the cache folder.
   */
  private async describe(target: string, result: HeavyResult, prune: boolean): Promise<void> {
    await writeFileAtomically(`${target}.meta.json`, async (out) => {
      out.write(JSON.stringify(result));
    });
    if (prune) await pruneCache(await this.folder(), target).catch((e) => this.log(e));
  }

  /**
   * Keeps a made file in the database (job_results), dropping those of older data versions. The
   * file is read a piece at a time (job_result_chunks), so its size costs no memory.
   */
  private async store(made: HeavyResult & { kind: 'file' }, prune: boolean): Promise<void> {
    const name = basename(made.path);
    const [kind, version] = splitKey(name);
    const source = createReadStream(made.path, { highWaterMark: CHUNK_BYTES });
    // Closed whatever happens: a store that fails before reading it would leave it open.
    await storeJobStream(this.db.kysely, name, kind, source, made, Date.now()).finally(() =>
      source.destroy(),
    );
    if (!prune) return;
    await pruneJobResults(this.db.kysely, kind, `${kind}-${version}-`, MAX_FILES_PER_KIND).catch(
      (e) => this.log(e),
    );
  }

  /**
   * A result as this instance can serve it: a file made by another instance is fetched from the
   * database into this instance's cache folder the first time (a piece at a time, published
   * whole by a rename), then read from there.
   */
  private async localize(made: HeavyResult): Promise<HeavyResult> {
    if (made.kind !== 'file') return made;
    const name = basename(made.path);
    const local = join(await this.folder(), name);
    const cached = await readCached(local);
    if (cached) return cached;
    const here: HeavyResult = { ...made, path: local };
    // Piece by piece, each written before the next is read; a missing file leaves no file here.
    await writeFileAtomically(local, async (out) => {
      const stored = await readJobFile(this.db.kysely, name, async (bytes) => {
        if (!out.write(bytes)) await once(out, 'drain');
      });
      if (!stored)
        throw new Error(`heavy work: the file ${name} is neither here nor in the database`);
    });
    await this.describe(local, here, await this.isCurrent(local));
    return here;
  }

  /** The release of the code making the files: hashed from its files once, on first use. */
  private release(): string {
    return this.givenRelease ?? releaseFingerprint();
  }

  /** Whether a result file is of the data as it is now (its name holds its version's hash). */
  private async isCurrent(file: string): Promise<boolean> {
    return splitKey(basename(file))[1] === hash((await dataVersion(this.db)).key);
  }
}

/** A ticket for a result that is already there. */
function finishedTicket(kind: HeavyJob['kind'], location: string, result: HeavyResult): JobTicket {
  const id = randomBytes(9).toString('base64url');
  return {
    id,
    kind,
    location,
    state: 'done',
    result: Promise.resolve(result),
    finishedAt: Date.now(),
  };
}

/** The description of a cached result file, when both it and the file are there. */
async function readCached(target: string): Promise<HeavyResult | undefined> {
  try {
    const meta = JSON.parse(await readFile(`${target}.meta.json`, 'utf8')) as HeavyResult;
    await stat(target);
    return meta;
  } catch {
    return undefined;
  }
}

/**
 * Removes result files of the same kind made from other data versions, and the oldest of this
 * version beyond a bound. A request that already opened a removed file still reads it whole.
 */
async function pruneCache(dir: string, kept: string): Promise<void> {
  const name = kept.slice(dir.length + 1);
  const [kind, version] = splitKey(name);
  const same: { file: string; mtime: number }[] = [];
  for (const file of await readdir(dir)) {
    if (file.startsWith('.') && file.endsWith('.tmp')) {
      // Left by a job whose thread was stopped mid-write; one still being written is recent.
      const { mtimeMs } = await stat(join(dir, file)).catch(() => ({ mtimeMs: Date.now() }));
      if (Date.now() - mtimeMs > ABANDONED_MS) await rm(join(dir, file), { force: true });
      continue;
    }
    if (!file.startsWith(`${kind}-`)) continue;
    if (!file.startsWith(`${kind}-${version}-`)) {
      await rm(join(dir, file), { force: true });
    } else if (!file.endsWith('.meta.json')) {
      same.push({ file, mtime: (await stat(join(dir, file))).mtimeMs });
    }
  }
  same.sort((a, b) => b.mtime - a.mtime);
  for (const { file } of same.slice(MAX_FILES_PER_KIND)) {
    await rm(join(dir, `${file}.meta.json`), { force: true });
    await rm(join(dir, file), { force: true });
  }
}

/** The kind and version hash of a result file's name (kinds may contain hyphens). */
function splitKey(name: string): [string, string] {
  const m = name.match(/^(.+)-([0-9a-f]{20})-[0-9a-f]{20}\./);
  return m ? [m[1] as string, m[2] as string] : [name, ''];
}
