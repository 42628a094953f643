import { extname } from 'node:path';
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Db } from '../db/connect.ts';
import { authorize } from '../domain/authorization.ts';
import { invalidParameter, tooLarge } from '../domain/errors.ts';
import { settleWithin } from '../services/heavy-requests.ts';
import type { HeavyWork } from '../services/heavy-work.ts';
import {
  APPLY_REFUSALS,
  type ApplyRefusal,
  applyVerdict,
  planUpload,
  saveUpload,
  seenDecisions,
  UPLOAD_FORMATS,
  type UploadDecisions,
} from '../services/import-uploads.ts';
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
import { acceptedResponse, doneLocation, importPlanPath } from './heavy.ts';

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

/** The page's decisions again from plain data (a remembered plan's). */
function webDecisions(plain: UploadDecisions): WebDecisions {
  const { rows, ...forAll } = plain;
  return { ...forAll, rows: new Map((rows ?? []).filter(([, d]) => isRowChoice(d))) };
}

const isRowChoice = (d: unknown): d is RowChoice => ROW_CHOICES.some((c) => c === d);

/**
 * The plan page of the account's upload with `decisions` (a dry run, remembered as the plan the
 * person saw); `refused` says why an apply wrote nothing.
 */
async function planPage(
  db: Db,
  o: AuthOptions,
  c: Context,
  upload: { id: string; decisions: WebDecisions; refused?: ApplyRefusal },
): Promise<Response> {
  const actor = c.get('actor');
  if (actor.kind !== 'account') throw new Error('unreachable: the plan is of an account');
  const plan = importPlanCollector();
  const { id, decisions, refused } = upload;
  const { summary, name } = await planUpload(db, {
    accountId: actor.id,
    id,
    decisions: plainDecisions(decisions),
    actor,
    onRow: plan.onRow,
  });
  const view = plan.view({ ...summary, file: { ...summary.file, file: name } });
  return c.html(
    importPlanPage({ plan: view, decisions, id, name, refused, csrf: csrfToken(c, o) }),
  );
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
  return planPage(db, o, c, { id, decisions: {} });
}

/**
 * The apply's POST: the job is queued without planning the file here. The plan the person last
 * saw says whether these decisions on this data were clean; whatever it says the job plans again
 * before writing and refuses a plan with blocked or undecided rows (its status link then leads
 * to the plan page saying why). A plan known to be stuck is shown again without a job.
 */
async function applyUpload(db: Db, o: AuthOptions, jobs: ImportJobOptions, c: Context) {
  const actor = c.get('actor');
  const body = await c.req.parseBody();
  checkCsrf(c, body._csrf, o);
  if (actor.kind !== 'account') return toSignIn(c);
  const id = c.req.param('id') ?? '';
  const decisions = plainDecisions(decisionsOf(body));
  const verdict = await applyVerdict(db, actor.id, id, decisions);
  if (verdict === 'stuck') return c.redirect(importPlanPath(id, verdict), 303);
  const ticket = await jobs.heavy.submit(
    { kind: 'import', accountId: actor.id, upload: id, decisions, actor },
    [actor.id, id, decisions],
    IMPORT_APPLIED,
  );
  const made = await settleWithin(ticket, jobs.waitMs);
  return made ? c.redirect(await doneLocation(ticket), 303) : acceptedResponse(c, ticket);
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
    const body = await c.req.parseBody();
    checkCsrf(c, body._csrf, o);
    if (c.get('actor').kind !== 'account') return toSignIn(c);
    return planPage(db, o, c, { id: c.req.param('id'), decisions: decisionsOf(body) });
  });
  // Where an apply the job refused leads: the plan with the decisions last given, made anew.
  app.get('/contribute/import/:id/plan', async (c) => {
    const actor = c.get('actor');
    if (actor.kind !== 'account') return toSignIn(c);
    const id = c.req.param('id');
    const decisions = webDecisions(await seenDecisions(db, actor.id, id));
    const refused = APPLY_REFUSALS.find((r) => r === c.req.query('refused'));
    return planPage(db, o, c, { id, decisions, refused });
  });
  app.post('/contribute/import/:id/apply', (c) => applyUpload(db, o, jobs, c));
  return app;
}
