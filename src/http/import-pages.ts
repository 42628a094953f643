import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Db } from '../db/connect.ts';
import { authorize } from '../domain/authorization.ts';
import { invalidParameter, notFound, tooLarge } from '../domain/errors.ts';
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

/** The largest spreadsheet the web takes (the command line takes larger ones). */
export const UPLOAD_MAX_BYTES = 20 * 1024 * 1024;
/** How long an uploaded file waits for its plan to be applied. */
const UPLOAD_TTL_MS = 60 * 60 * 1000;
const FORMATS = ['.csv', '.tsv', '.txt', '.xlsx', '.json'];

const uploadDir = () => join(tmpdir(), 'atlas-uploads');

/** Removes uploads older than an hour: a plan not applied by then is planned again. */
function sweep(): void {
  const dir = uploadDir();
  for (const name of readdirSync(dir)) {
    const file = join(dir, name);
    if (Date.now() - statSync(file).mtimeMs > UPLOAD_TTL_MS) rmSync(file, { force: true });
  }
}

/** The stored upload of this account with this id, or not_found. */
function uploadOf(accountId: number, id: string): string {
  const match = /^([a-f0-9]{32})(\.[a-z]+)$/.exec(id);
  if (!match || !FORMATS.includes(match[2] ?? ''))
    throw notFound('upload', id, 'upload the file again');
  const file = join(uploadDir(), `${accountId}-${id}`);
  try {
    statSync(file);
  } catch {
    throw notFound('upload', id, 'it is older than an hour or was applied; upload the file again');
  }
  return file;
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

/** Plans (or applies) the upload as drafts of the actor: the page's view of the plan. */
async function planUpload(
  db: Db,
  c: Context,
  upload: { file: string; name: string; decisions: WebDecisions },
  apply: boolean,
) {
  const plan = importPlanCollector();
  const { rows: decided, ...forAll } = upload.decisions;
  const summary = await importInitiatives(db, upload.file, {
    ...forAll,
    decisions: decided,
    apply,
    drafts: { actor: c.get('actor') },
    actor: 'web import',
    waitMs: 30_000,
    onRow: plan.onRow,
  });
  return {
    plan: plan.view({ ...summary, file: { ...summary.file, file: upload.name } }),
    decisions: upload.decisions,
  };
}

/** Uploading a spreadsheet of initiatives in the web: the CLI's plan, then drafts for review. */
export function importPageRoutes(db: Db, o: AuthOptions): Hono {
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
  app.post('/contribute/import', async (c) => {
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
    if (!FORMATS.includes(ext)) {
      throw invalidParameter(
        'file',
        `a ${ext || 'file without extension'} cannot be imported; upload a CSV, TSV, XLSX or JSON file`,
      );
    }
    mkdirSync(uploadDir(), { recursive: true });
    sweep();
    const id = `${randomBytes(16).toString('hex')}${ext}`;
    const file = join(uploadDir(), `${actor.id}-${id}`);
    writeFileSync(file, Buffer.from(await upload.arrayBuffer()));
    const planned = await planUpload(db, c, { file, name: upload.name, decisions: {} }, false);
    return c.html(importPlanPage({ ...planned, id, name: upload.name, csrf: csrfToken(c, o) }));
  });
  app.post('/contribute/import/:id/plan', async (c) => {
    const actor = c.get('actor');
    const body = await c.req.parseBody();
    checkCsrf(c, body._csrf, o);
    if (actor.kind !== 'account') return toSignIn(c);
    const id = c.req.param('id');
    const name = typeof body.name === 'string' ? body.name : id;
    const upload = { file: uploadOf(actor.id, id), name, decisions: decisionsOf(body) };
    const planned = await planUpload(db, c, upload, false);
    return c.html(importPlanPage({ ...planned, id, name, csrf: csrfToken(c, o) }));
  });
  app.post('/contribute/import/:id/apply', async (c) => {
    const actor = c.get('actor');
    const body = await c.req.parseBody();
    checkCsrf(c, body._csrf, o);
    if (actor.kind !== 'account') return toSignIn(c);
    const file = uploadOf(actor.id, c.req.param('id'));
    const name = typeof body.name === 'string' ? body.name : c.req.param('id');
    const planned = await planUpload(db, c, { file, name, decisions: decisionsOf(body) }, true);
    if (!planned.plan.summary.applied) {
      return c.html(
        importPlanPage({ ...planned, id: c.req.param('id'), name, csrf: csrfToken(c, o) }),
        409,
      );
    }
    rmSync(file, { force: true });
    const { create, update } = planned.plan.summary.actions;
    return c.redirect(`/review?entity=initiative&state=draft&imported=${create + update}`, 303);
  });
  return app;
}
