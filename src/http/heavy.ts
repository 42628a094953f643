import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { notFound, rateLimited } from '../domain/errors.ts';
import type { HeavyResult } from '../services/heavy-jobs.ts';
import type { HeavyWork, JobTicket } from '../services/heavy-work.ts';
import type { ApplyRefusal } from '../services/import-uploads.ts';
import { jobPage } from '../web/pages/job.tsx';
import { preferredType } from './linked-data.ts';
import { perClientRateLimit } from './rate-limit.ts';

/** Seconds a client is told to wait before it asks again about a job being prepared. */
export const JOB_RETRY_SECONDS = 5;

/** The status address of a job. */
export const jobPath = (ticket: JobTicket) => `/jobs/${ticket.id}`;

/**
 * 202 Accepted for a job still being made: Location names its status address, Retry-After says
 * when to ask; a JSON body for clients that prefer JSON, a short page for people otherwise.
 */
export function acceptedResponse(c: Context, ticket: JobTicket): Response | Promise<Response> {
  const status = jobPath(ticket);
  c.header('Location', status);
  c.header('Retry-After', String(JOB_RETRY_SECONDS));
  c.header('Cache-Control', 'no-store');
  c.header('Vary', 'Accept', { append: true });
  if (
    preferredType(c.req.header('accept'), ['text/html', 'application/json']) === 'application/json'
  )
    return c.json(
      {
        status: ticket.state,
        statusUrl: status,
        retryAfterSeconds: JOB_RETRY_SECONDS,
        ...(ticket.progress !== undefined && { rowsDone: ticket.progress }),
      },
      202,
    );
  return c.html(
    jobPage(status, ticket.state, JOB_RETRY_SECONDS, {
      kind: ticket.kind,
      rowsDone: ticket.progress,
    }),
    202,
  );
}

/**
 * The plan page of an upload; with `refused`, it says why an apply wrote nothing (the job's own
 * plan had blocked or undecided rows) above the plan as it is now.
 */
export function importPlanPath(upload: string, refused?: ApplyRefusal): string {
  const path = `/contribute/import/${encodeURIComponent(upload)}/plan`;
  return refused ? `${path}?refused=${refused}` : path;
}

/**
 * Where a finished job leads: the address that asked for it, which now answers with the result;
 * for an import's apply, the drafts it made, counted in the address as the page's own redirect
 * does, or the plan page saying why nothing was written when the job refused to write.
 */
export async function doneLocation(ticket: JobTicket): Promise<string> {
  if (ticket.kind !== 'import') return ticket.location;
  const made = await ticket.result;
  if (made.kind !== 'import') throw new Error('heavy work: expected an import');
  if (made.refused) return importPlanPath(made.refused.upload, made.refused.reason);
  const { create, update } = made.actions;
  const url = new URL(ticket.location, 'http://atlas.invalid');
  url.searchParams.set('imported', String(create + update));
  return `${url.pathname}${url.search}`;
}

/**
 * /jobs/{id}: 202 while the job waits or runs (with the rows done so far, for an import), a 303
 * to the address that answers with its result once it is done, and the job's own error when it
 * failed.
 */
export function jobRoutes(heavy: HeavyWork): Hono {
  const app = new Hono();
  app.get('/jobs/:id', async (c) => {
    const ticket = await heavy.job(c.req.param('id'));
    if (!ticket)
      throw notFound(
        'job',
        c.req.param('id'),
        'jobs are kept for a quarter of an hour after they finish; ask for the file or page again',
      );
    if (ticket.state === 'failed') throw ticket.error;
    if (ticket.state === 'done') return c.redirect(await doneLocation(ticket), 303);
    return acceptedResponse(c, ticket);
  });
  return app;
}

/**
 * Answers with a result file: opened before answering, so that a file pruned in the meantime is
 * an error rather than a cut body (an open file stays readable after it is removed).
 */
export async function fileResponse(c: Context, made: HeavyResult): Promise<Response> {
  if (made.kind !== 'file') throw new Error('heavy work: expected a file');
  const handle = await open(made.path);
  // No Content-Length: the compress middleware may still gzip the body, as when it was streamed.
  const headers = {
    'Content-Type': made.mediaType,
    'Content-Disposition': `attachment; filename="${made.fileName}"`,
  };
  if (c.req.method === 'HEAD') {
    await handle.close();
    return c.body(null, 200, headers);
  }
  return c.body(Readable.toWeb(handle.createReadStream()) as ReadableStream, 200, headers);
}

/**
 * The per-address limit of the expensive pages and files (config HEAVY_RATE_LIMIT per minute).
 * One budget covers them all; the 429 is an error like any other (a problem document under
 * /api/, a page elsewhere) with Retry-After.
 */
export function heavyRateLimit(limit: number): MiddlewareHandler {
  return perClientRateLimit({
    name: 'heavy',
    limit,
    windowMs: 60_000,
    answer: (_c, { windowSeconds, retryAfterSeconds }) => {
      throw rateLimited(
        `Too many requests for large files and reports: each client may make ${limit} in ${windowSeconds} seconds. Try again in ${retryAfterSeconds} seconds.`,
        retryAfterSeconds,
        { limit, windowSeconds },
      );
    },
  });
}
