/**
 * Where heavy jobs run: worker threads, each with its own database connection, or (for a
 * database another thread cannot open, such as SQLite in memory) the server's own thread.
 */
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Db } from '../db/connect.ts';
import { type HeavyJob, type HeavyResult, type JobProgress, revive, runJob } from './heavy-jobs.ts';
import type { JobMessage, WorkerReply } from './heavy-worker.ts';

/** Runs jobs; the scheduler never asks for more at once than `capacity`. */
export interface Executor {
  readonly capacity: number;
  run(job: HeavyJob, target: string | undefined, progress?: JobProgress): Promise<HeavyResult>;
  close(): Promise<void>;
}

/** Whether a database URL names something another thread can open too. */
export function shareable(url: string | undefined): url is string {
  return url !== undefined && url !== 'sqlite::memory:';
}

/** Runs jobs in the calling thread, on the server's connection (HEAVY_WORKERS=0, in-memory SQLite). */
export function inlineExecutor(db: Db, log: (e: unknown) => void, capacity = 1): Executor {
  return {
    capacity,
    run: (job, target, progress) => runJob(db, job, target, log, progress),
    close: async () => {},
  };
}

/**
 * The compiled worker's address relative to this file, defined only in the compiled bundle
 * (tools/build.ts): there a worker starts from plain JavaScript.
 */
declare const ATLAS_HEAVY_WORKER: string | undefined;

/**
 * How a worker thread starts. Compiled (dist/), from the compiled entry. From the sources, the
 * atlas runs TypeScript through tsx, and a worker does not inherit the hooks the main thread
 * registered (bin/atlas.js) nor, on Node 20, those of --import in its execArgv; so the worker
 * registers tsx itself, then imports its entry.
 */
function workerStart(): { readonly code: string | URL; readonly eval: boolean } {
  if (typeof ATLAS_HEAVY_WORKER === 'string') {
    return { code: new URL(ATLAS_HEAVY_WORKER, import.meta.url), eval: false };
  }
  const api = import.meta.resolve('tsx/esm/api');
  const tsconfig = fileURLToPath(new URL('../../tsconfig.json', import.meta.url));
  const entry = new URL('./heavy-worker.ts', import.meta.url).href;
  return {
    code: `import(${JSON.stringify(api)}).then((tsx) => { tsx.register({ tsconfig: ${JSON.stringify(tsconfig)} }); return import(${JSON.stringify(entry)}); });`,
    eval: true,
  };
}

/** One worker thread and the job it is running, if any. */
interface Slot {
  readonly worker: Worker;
  busy?: {
    resolve: (r: HeavyResult) => void;
    reject: (e: unknown) => void;
    progress?: JobProgress;
  };
}

/** Starts a worker whose replies settle the job of its slot; a worker that dies fails that job. */
function startWorker(databaseUrl: string, log: (e: unknown) => void, gone: (s: Slot) => void) {
  const start = workerStart();
  const worker = new Worker(start.code, { eval: start.eval, workerData: { databaseUrl } });
  // An idle worker does not keep the process alive; a running job's promise does.
  worker.unref();
  const slot: Slot = { worker };
  worker.on('message', (m: WorkerReply) => {
    if (m.type === 'log') return log(revive(m.error));
    if (m.type === 'progress') return slot.busy?.progress?.(m.rows);
    const busy = slot.busy;
    slot.busy = undefined;
    if (m.type === 'done') busy?.resolve(m.result as HeavyResult);
    else busy?.reject(revive(m.error));
  });
  const fail = (e: unknown) => {
    gone(slot);
    slot.busy?.reject(e);
    slot.busy = undefined;
  };
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`a heavy-work thread stopped (exit code ${code})`)));
  return slot;
}

/** Runs jobs in up to `size` worker threads, started when first needed and kept for the next job. */
export function threadExecutor(
  databaseUrl: string,
  size: number,
  log: (e: unknown) => void,
): Executor {
  const slots = new Set<Slot>();
  const gone = (s: Slot) => slots.delete(s);
  return {
    capacity: size,
    run(job, target, progress) {
      let slot = [...slots].find((s) => s.busy === undefined);
      if (!slot) {
        slot = startWorker(databaseUrl, log, gone);
        slots.add(slot);
      }
      const chosen = slot;
      return new Promise<HeavyResult>((resolve, reject) => {
        chosen.busy = { resolve, reject, progress };
        chosen.worker.ref();
        chosen.worker.postMessage({ job, target } satisfies JobMessage);
      }).finally(() => chosen.worker.unref());
    },
    async close() {
      const all = [...slots];
      slots.clear();
      await Promise.all(all.map((s) => s.worker.terminate()));
    },
  };
}
