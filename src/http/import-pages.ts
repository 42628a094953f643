import { extname } from 'node:path';
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Db } from '../db/connect.ts';
import { authorize } from '../domain/authorization.ts';
import { invalidParameter, tooLarge } from '../domain/errors.ts';
import { settleWithin } from '../services/heavy-requests.ts';
import type { HeavyWork } from '../services/heavy-work.ts';
import {
  saveUpload,
  UPLOAD_FORMATS,
  type UploadDecisions,
  withUpload,
} from '../services/import-uploads.ts';
import { importInitiatives } from '../services/imports.ts';
import { importPlanCollector } from '../web/import-plan.ts';
import {
  importPage,
  importPlanPage,
  ROW_CHOICES,
  type RowChoice,
  type WebDecisions,
} from '../web/pages/import.tsx';
import { toSignIn } from './accounts.ts';
import { type AuthOptions, checkCsrf, csrfToken } from './auth.ts';
import { acceptedResponse, doneLocation } from './heavy.ts';

/** The largest spreadsheet the web takes (the command line takes larger ones). */
export const UPLOAD_MAX_BYTES = 20 * 1024 * 1024;
/**
 * The location of an import job: where its status link leads once it is done (the drafts it
 * made; heavy.ts's doneLocation adds their count from the job's result).
 */
const IMPORT_APPLIED = '/review?entity=initiative&state=draft';

/** The heavy jobs' queue that applies an upload, and how long the apply's request waits for it. */
export interface ImportJobOptions {
  readonly heavy: HeavyWork;
  readonly waitMs: number;
}

function decisionsOf(body: Record<string, unknown>): WebDecisions {
  const pick = <T extends string>(v: unknown, allowed: readonly T[]) =>
    allowed.find((a) => a === v);
  const rows = new Map<number, RowChoice>();
  for (const [name, value] of Object.entries(body)) {
    const row = /^row_(\d{1,7})$/.exec(name)?.[1];
    const choice = pick(value, ROW_CHOICES);
    if (row && choice) rows.set(Number(row), choice);
  }
  return {
    duplicates: pick(body.duplicates, ['merge', 'keep', 'skip'] as const),
    continuations: pick(body.continuations, ['merge', 'keep'] as const),
    acceptSuggestions: body.acceptSuggestions === 'on' || undefined,
    rows,
  };
}

/** The page's decisions as plain data, which a job carries to another thread or instance. */
function plainDecisions(decisions: WebDecisions): UploadDecisions {
  const { rows, ...forAll } = decisions;
  return { ...forAll, rows: [...(rows ?? new Map()).entries()] };
}

/** Plans the account's upload as its drafts (a dry run): the page's view of the plan. */
async function planUpload(
  db: Db,
  c: Context,
  upload: { accountId: number; id: string; name: string; decisions: WebDecisions },
) {
  const plan = importPlanCollector();
  const { rows: decided, ...forAll } = upload.decisions;
  const summary = await withUpload(db, upload.accountId, upload.id, (file) =>
    importInitiatives(db, file, {
      ...forAll,
      decisions: decided,
      drafts: { actor: c.get('actor') },
      actor: 'web import',
      waitMs: 30_000,
      onRow: plan.onRow,
    }),
  );
  return {
    plan: plan.view({ ...summary, file: { ...summary.file, file: upload.name } }),
    decisions: upload.decisions,
  };
}

/** The upload form's POST: the file kept in the database, then its plan for review. */
async function receiveUpload(db: Db, o: AuthOptions, c: Context): Promise<Response> {
  const actor = c.get('actor');
  const body = await c.req.parseBody();
  checkCsrf(c, body._csrf, o);
  authorize(actor, 'records.draft', {
    region: actor.kind === 'account' ? actor.regions[0] : null,
  });
  if (actor.kind !== 'account') throw new Error('unreachable: authorize admits accounts only');
  const upload = body.file;
  if (!(upload instanceof File) || upload.size === 0) {
    return c.html(importPage({ csrf: csrfToken(c, o), problem: 'choose a file first' }), 400);
  }
  const ext = extname(upload.name).toLowerCase();
  if (!UPLOAD_FORMATS.includes(ext)) {
    throw invalidParameter(
      'file',
      `a ${ext || 'file without extension'} cannot be imported; upload a CSV, TSV, XLSX or JSON file`,
    );
  }
  const bytes = Buffer.from(await upload.arrayBuffer());
  const id = await saveUpload(db, actor.id, upload.name, ext, bytes);
  const planned = await planUpload(db, c, {
    accountId: actor.id,
    id,
    name: upload.name,
    decisions: {},
  });
  return c.html(importPlanPage({ ...planned, id, name: upload.name, csrf: csrfToken(c, o) }));
}

/**
 * Uploading a spreadsheet of initiatives in the web: the CLI's plan, then drafts for review. The
 * upload is kept in the database, so any instance plans it; the apply is a heavy job (any
 * instance's worker, or a worker thread on SQLite) whose status page counts the rows done.
 */
export function importPageRoutes(db: Db, o: AuthOptions, jobs: ImportJobOptions): Hono {
  const app = new Hono();
  app.use(
    '/contribute/import',
    bodyLimit({
      maxSize: UPLOAD_MAX_BYTES,
      onError: () => {
        throw tooLarge(
          `the file is larger than ${UPLOAD_MAX_BYTES / 1024 / 1024} MB; split it, or import it with the command line (atlas import)`,
        );
      },
    }),
  );
  app.get('/contribute/import', (c) => {
    if (c.get('actor').kind === 'visitor') return toSignIn(c);
    return c.html(importPage({ csrf: csrfToken(c, o) }));
  });
  app.post('/contribute/import', (c) => receiveUpload(db, o, c));
  app.post('/contribute/import/:id/plan', async (c) => {
    const actor = c.get('actor');
    const body = await c.req.parseBody();
    checkCsrf(c, body._csrf, o);
    if (actor.kind !== 'account') return toSignIn(c);
    const id = c.req.param('id');
    const name = typeof body.name === 'string' ? body.name : id;
    const upload = { accountId: actor.id, id, name, decisions: decisionsOf(body) };
    const planned = await planUpload(db, c, upload);
    return c.html(importPlanPage({ ...planned, id, name, csrf: csrfToken(c, o) }));
  });
  app.post('/contribute/import/:id/apply', async (c) => {
    const actor = c.get('actor');
    const body = await c.req.parseBody();
    checkCsrf(c, body._csrf, o);
    if (actor.kind !== 'account') return toSignIn(c);
    const id = c.req.param('id');
    const name = typeof body.name === 'string' ? body.name : id;
    const decisions = decisionsOf(body);
    const plain = plainDecisions(decisions);
    // The plan again, here: one still blocked or waiting for decisions is shown, not queued.
    const planned = await planUpload(db, c, { accountId: actor.id, id, name, decisions });
    const { blocked, decide } = planned.plan.summary.actions;
    if (blocked + decide > 0)
      return c.html(importPlanPage({ ...planned, id, name, csrf: csrfToken(c, o) }), 409);
    const ticket = await jobs.heavy.submit(
      { kind: 'import', accountId: actor.id, upload: id, decisions: plain, actor },
      [actor.id, id, plain],
      IMPORT_APPLIED,
    );
    const made = await settleWithin(ticket, jobs.waitMs);
    return made ? c.redirect(await doneLocation(ticket), 303) : acceptedResponse(c, ticket);
  });
  return app;
}
