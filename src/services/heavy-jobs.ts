/**
 * The kinds of heavy work and how each is done: plain data in, a file (or a manifest, or a search
 * result) out, so a job can be posted to a worker thread and run there on the worker's own
 * database connection.
 */
import type { Db } from '../db/connect.ts';
import { AppError, type ErrorCode, isAppError } from '../domain/errors.ts';
import type { ReportFormat, ReportOptions } from '../domain/report.ts';
import type { SearchQuery, SearchResult } from '../domain/search.ts';
import type { ExportFormat } from '../io/export.ts';
import { writeFileAtomically } from '../io/export.ts';
import { searchInitiatives } from '../search/index.ts';
import { currentDownloads, type DownloadsManifest } from './bulk-downloads.ts';
import { prepareSearchExport } from './exports.ts';
import { type AppliedUpload, applyUpload, type UploadApply } from './import-uploads.ts';
import { checkDataQuality } from './quality.ts';

/** A piece of heavy work; plain data, so that it can be posted to a worker thread. */
export type HeavyJob =
  | {
      readonly kind: 'search-export';
      readonly format: ExportFormat;
      readonly params: Readonly<Record<string, readonly string[]>>;
    }
  | { readonly kind: 'data-quality'; readonly textsDir?: string }
  | { readonly kind: 'bulk-downloads'; readonly dir: string }
  | { readonly kind: 'search'; readonly query: SearchQuery }
  | {
      readonly kind: 'report';
      readonly options: ReportOptions;
      readonly format: ReportFormat;
      /** The site's address, which the report's links and colophon name. */
      readonly origin: string;
    }
  | ({ readonly kind: 'import' } & UploadApply);

/** Told how far a job is: the rows done so far (an import's apply). */
export type JobProgress = (rows: number) => void;

/** What a job made: a file in the cache folder, or the bulk downloads' manifest. */
export type HeavyResult =
  | {
      readonly kind: 'file';
      readonly path: string;
      readonly mediaType: string;
      readonly fileName: string;
    }
  | { readonly kind: 'downloads'; readonly manifest: DownloadsManifest }
  | { readonly kind: 'search'; readonly result: SearchResult }
  | ({ readonly kind: 'import' } & AppliedUpload);

/** The file extension of a job's cache file; undefined for work that keeps its own files. */
export function cacheExtension(job: HeavyJob): string | undefined {
  switch (job.kind) {
    case 'search-export':
      return job.format;
    case 'data-quality':
      return 'json';
    case 'report':
      return job.format;
    case 'bulk-downloads':
    case 'search':
    case 'import':
      return undefined;
  }
}

/**
 * Does one job on `db`, writing a file result to `target` (atomically, so a reader never sees a
 * half-written file). `log` is told of errors the work survives (a failed regeneration that
 * falls back to the previous bulk downloads).
 */
export async function runJob(
  db: Db,
  job: HeavyJob,
  target: string | undefined,
  log: (e: unknown) => void,
  progress: JobProgress = () => {},
): Promise<HeavyResult> {
  if (job.kind === 'import') return { kind: 'import', ...(await applyUpload(db, job, progress)) };
  if (job.kind === 'report')
    throw new Error('heavy work: report files are made where the report builders are loaded');
  if (job.kind === 'bulk-downloads') {
    return {
      kind: 'downloads',
      manifest: await currentDownloads(db, { dir: job.dir, onError: log }),
    };
  }
  if (job.kind === 'search')
    return { kind: 'search', result: await searchInitiatives(db, job.query) };
  if (target === undefined) throw new Error(`heavy work: a ${job.kind} job needs a target file`);
  if (job.kind === 'search-export') {
    const prepared = await prepareSearchExport(db, job.params, job.format);
    await writeFileAtomically(target, (out) => prepared.write(out));
    return {
      kind: 'file',
      path: target,
      mediaType: prepared.mediaType,
      fileName: prepared.fileName,
    };
  }
  const findings = await checkDataQuality(db, { textsDir: job.textsDir });
  await writeFileAtomically(target, async (out) => {
    out.write(JSON.stringify(findings));
  });
  return {
    kind: 'file',
    path: target,
    mediaType: 'application/json',
    fileName: 'data-quality.json',
  };
}

/** An error as it crosses to the server's thread: an AppError keeps its code and details. */
export interface PostedError {
  readonly message: string;
  readonly stack?: string;
  readonly code?: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

/** An error in a form that survives postMessage with its meaning. */
export function postable(e: unknown): PostedError {
  if (isAppError(e)) return { message: e.message, code: e.code, details: e.details };
  if (e instanceof Error) return { message: e.message, stack: e.stack };
  return { message: String(e) };
}

/** The error a worker posted, as the server's thread throws it: an AppError again when it was one. */
export function revive(posted: PostedError): Error {
  if (posted.code !== undefined)
    return new AppError(posted.code as ErrorCode, posted.message, posted.details);
  const e = new Error(posted.message);
  if (posted.stack) e.stack = posted.stack;
  return e;
}
