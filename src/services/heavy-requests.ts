/**
 * What the routes ask of the heavy-work pool: start (or find) a job for a request, wait a
 * moment for it, and read what it made.
 */
import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Finding } from '../domain/quality.ts';
import type { ExportFormat } from '../io/export.ts';
import { sheetFormOf } from '../io/readable.ts';
import { type DownloadsManifest, dataFingerprint, readManifest } from './bulk-downloads.ts';
import type { HeavyResult } from './heavy-jobs.ts';
import type { HeavyWork, JobTicket } from './heavy-work.ts';
import { allowedFacetValues, parseSearchParams, type RawParams } from './search.ts';

/**
 * The job's result if it is ready within `ms`, else undefined; a failed job's error is thrown. A
 * job already done is waited for whatever `ms` (its file may still be fetched from the database).
 */
export async function settleWithin(
  ticket: JobTicket,
  ms: number,
): Promise<HeavyResult | undefined> {
  if (ticket.state === 'done') return ticket.result;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((r) => {
    timer = setTimeout(() => r(undefined), ms);
  });
  try {
    return await Promise.race([ticket.result, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The job that exports a search result. The parameters are checked here first, so a bad one is
 * a 400 at once rather than a failed job; equal searches share one file per format and day
 * (the day is in the file's name).
 */
export async function searchExportJob(
  heavy: HeavyWork,
  raw: RawParams,
  format: ExportFormat,
  location: string,
): Promise<JobTicket> {
  const { form, params: search } = sheetFormOf(raw);
  const {
    page: _p,
    pageSize: _s,
    ...query
  } = parseSearchParams(search, await allowedFacetValues(heavy.db));
  const params: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value !== undefined) params[name] = typeof value === 'string' ? [value] : [...value];
  }
  const day = new Date().toISOString().slice(0, 10);
  return heavy.submit(
    { kind: 'search-export', format, params },
    [format, query, form, day],
    location,
  );
}

/** The job that runs the data-quality check over the current data. */
export function dataQualityJob(
  heavy: HeavyWork,
  location: string,
  textsDir?: string,
): Promise<JobTicket> {
  return heavy.submit(
    { kind: 'data-quality', ...(textsDir && { textsDir: resolve(textsDir) }) },
    'findings',
    location,
  );
}

let lastFindings: { path: string; findings: Finding[] } | undefined;

/** The findings a data-quality job wrote (the last ones read are kept in memory). */
export async function readFindings(result: HeavyResult): Promise<Finding[]> {
  if (result.kind !== 'file') throw new Error('heavy work: a data-quality job makes a file');
  if (lastFindings?.path === result.path) return lastFindings.findings;
  const findings = JSON.parse(await readFile(result.path, 'utf8')) as Finding[];
  lastFindings = { path: result.path, findings };
  return findings;
}

/**
 * The bulk downloads to show: the files to serve, and the job making a newer set when they are
 * not (yet) those of the current data; no files only while the first set is being made.
 */
export type DownloadsState =
  | { readonly manifest: DownloadsManifest; readonly preparing: JobTicket | undefined }
  | { readonly manifest: undefined; readonly preparing: JobTicket };

/**
 * The bulk downloads for a request: the published set when it matches the data; else a
 * regeneration in the pool, waited for `waitMs`, and meanwhile the previous set if there is one.
 * A full queue with an earlier set still serves that set.
 */
export async function bulkDownloadsState(
  heavy: HeavyWork,
  dir: string,
  waitMs: number,
  location: string,
): Promise<DownloadsState> {
  const [published, { fingerprint }] = await Promise.all([
    readManifest(dir),
    dataFingerprint(heavy.db),
  ]);
  const present =
    published !== undefined &&
    (await stat(join(resolve(dir), published.generation)).then(
      () => true,
      () => false,
    ));
  const usable = present ? published : undefined;
  if (usable && usable.fingerprint === fingerprint)
    return { manifest: usable, preparing: undefined };
  let ticket: JobTicket;
  try {
    ticket = await heavy.submit(
      { kind: 'bulk-downloads', dir: resolve(dir) },
      resolve(dir),
      location,
    );
  } catch (e) {
    if (usable) return { manifest: usable, preparing: undefined };
    throw e;
  }
  const made = await settleWithin(ticket, waitMs);
  if (made?.kind === 'downloads') return { manifest: made.manifest, preparing: undefined };
  return usable
    ? { manifest: usable, preparing: ticket }
    : { manifest: undefined, preparing: ticket };
}
