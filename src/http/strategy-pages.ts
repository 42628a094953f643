import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Db } from '../db/connect.ts';
import { authorize, decide } from '../domain/authorization.ts';
import {
  type AppError,
  invalidParameter,
  isAppError,
  notFound,
  tooLarge,
} from '../domain/errors.ts';
import { DOCUMENT_MAX_BYTES } from '../io/document-text.ts';
import {
  decideStrategy,
  getStrategiesView,
  getStrategyReview,
  type StrategySource,
  strategyRegions,
  uploadStrategy,
} from '../services/strategies.ts';
import type { FormState } from '../web/forms.tsx';
import { hasKey, t } from '../web/i18n.ts';
import {
  newStrategyPage,
  strategiesPage,
  strategyReviewPage,
  UPLOAD_FIELDS,
} from '../web/pages/strategies.tsx';
import { toSignIn } from './accounts.ts';
import { type AuthOptions, checkCsrf, csrfToken } from './auth.ts';

const MAX_MB = DOCUMENT_MAX_BYTES / 1024 / 1024;
const one = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

/** A year field: a number when it is digits, the text itself (refused by the check) otherwise. */
const year = (v: unknown) => {
  const s = one(v);
  if (s === '') return undefined;
  return /^\d{1,4}$/.test(s) ? Number(s) : s;
};

/** The strategy the upload form describes, as the service checks it. */
function uploadInput(body: Record<string, unknown>) {
  const opt = (name: string) => one(body[name]) || undefined;
  return {
    region: one(body.region),
    placeName: opt('placeName'),
    title: one(body.title),
    periodStart: year(body.periodStart),
    periodEnd: year(body.periodEnd),
    link: opt('link'),
    language: opt('language'),
    priorityAreas: one(body.priorityAreas)
      .split(/\r?\n/)
      .map((a) => a.trim())
      .filter(Boolean),
  };
}

/** What the form shows again: the values typed (never the file). */
function valuesOf(body: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    UPLOAD_FIELDS.filter((f) => f !== 'file').map((f) => [
      f,
      typeof body[f] === 'string' ? (body[f] as string) : '',
    ]),
  );
}

/** A refusal of the service as the form shows it: each field's problem in the page's words. */
function problemsOf(e: AppError): FormState {
  if (e.code !== 'invalid_data') {
    const field = e.details.parameter === 'text' ? 'text' : 'file';
    return { errors: { [field]: e.message } };
  }
  const errors: Record<string, string> = {};
  for (const p of (e.details.errors ?? []) as { field: string; message: string }[]) {
    const key = `strategies.problem_${p.field}`;
    const message = p.message.startsWith('there is no') || !hasKey(key) ? p.message : t(key);
    if (!errors[p.field]) errors[p.field] = message;
  }
  return { errors };
}

/** The refusals the form shows beside its fields; any other error is the error page's. */
const REFUSALS: readonly AppError['code'][] = [
  'conflict',
  'invalid_data',
  'invalid_file',
  'invalid_parameter',
  'too_large',
];

const STATUS: Partial<Record<AppError['code'], 400 | 409 | 413 | 422>> = {
  conflict: 409,
  invalid_file: 422,
  too_large: 413,
};

/** The upload form and its POST. */
function uploadRoutes(app: Hono, db: Db, o: AuthOptions): void {
  app.get('/strategies/new', async (c) => {
    const actor = c.get('actor');
    if (actor.kind === 'visitor') return toSignIn(c);
    authorize(actor, 'records.review');
    const regions = await strategyRegions(db);
    return c.html(
      newStrategyPage({ regions, state: {}, csrf: csrfToken(c, o), maxMegabytes: MAX_MB }),
    );
  });
  app.post('/strategies/new', async (c) => {
    const body = await c.req.parseBody();
    checkCsrf(c, body._csrf, o);
    const actor = c.get('actor');
    authorize(actor, 'records.review');
    const file = body.file;
    const text = one(body.text);
    const source: StrategySource | undefined =
      file instanceof File && file.size > 0
        ? { kind: 'file', name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) }
        : text
          ? { kind: 'text', text }
          : undefined;
    let state: FormState;
    let status: 400 | 409 | 413 | 422 = 400;
    try {
      const { id } = await uploadStrategy(db, actor, uploadInput(body), source ?? null);
      return c.redirect(`/strategies/${id}/review?done=uploaded`, 303);
    } catch (e) {
      if (!isAppError(e) || !REFUSALS.includes(e.code)) throw e;
      state = problemsOf(e);
      status = STATUS[e.code] ?? 400;
    }
    const regions = await strategyRegions(db);
    return c.html(
      newStrategyPage({
        regions,
        state: { ...state, values: valuesOf(body) },
        csrf: csrfToken(c, o),
        maxMegabytes: MAX_MB,
      }),
      status,
    );
  });
}

/** The id of the address, or not_found. */
function idOf(c: Context): number {
  const raw = c.req.param('id') ?? '';
  if (!/^\d{1,9}$/.test(raw)) throw notFound('strategy', raw, 'see the list at /strategies');
  return Number(raw);
}

const NOTICES = ['uploaded', 'confirmed', 'rejected'] as const;
const noticeOf = (done: string | undefined) => {
  const n = NOTICES.find((x) => x === done);
  if (!n) return undefined;
  return t(n === 'uploaded' ? 'strategies.uploaded' : `strategies.done_${n}`);
};

/** The review page and the decision. */
function reviewRoutes(app: Hono, db: Db, o: AuthOptions): void {
  app.get('/strategies/:id/review', async (c) => {
    const actor = c.get('actor');
    if (actor.kind === 'visitor') return toSignIn(c);
    const review = await getStrategyReview(db, actor, idOf(c));
    return c.html(
      strategyReviewPage({
        review,
        csrf: csrfToken(c, o),
        state: {},
        notice: noticeOf(c.req.query('done')),
      }),
    );
  });
  app.post('/strategies/:id/review', async (c) => {
    const body = await c.req.parseBody();
    checkCsrf(c, body._csrf, o);
    const actor = c.get('actor');
    authorize(actor, 'records.review');
    const id = idOf(c);
    const note = one(body.note) || undefined;
    const passage = one(body.passage);
    try {
      if (one(body.decision) === 'confirm') {
        await decideStrategy(db, actor, id, {
          decision: 'confirm',
          passageId: /^\d{1,9}$/.test(passage) ? Number(passage) : -1,
          note,
        });
        return c.redirect(`/strategies/${id}/review?done=confirmed`, 303);
      }
      if (one(body.decision) !== 'reject')
        throw invalidParameter(
          'decision',
          'send decision=confirm (with a passage) or decision=reject',
        );
      await decideStrategy(db, actor, id, { decision: 'reject', note });
      return c.redirect(`/strategies/${id}/review?done=rejected`, 303);
    } catch (e) {
      if (!isAppError(e, 'invalid_parameter') || e.details.parameter !== 'passage') throw e;
      const review = await getStrategyReview(db, actor, id);
      const state = {
        errors: { passage: t('strategies.problem_passage') },
        values: { note: note ?? '' },
      };
      return c.html(strategyReviewPage({ review, csrf: csrfToken(c, o), state }), 400);
    }
  });
}

/** The RIS3 strategy pages: the public list, and a curator's upload and review of a strategy document. */
export function strategyPageRoutes(db: Db, auth: AuthOptions): Hono {
  const app = new Hono();
  app.use(
    '/strategies/new',
    bodyLimit({
      maxSize: DOCUMENT_MAX_BYTES + 256 * 1024,
      onError: () => {
        throw tooLarge(
          `the document is larger than ${MAX_MB} MB; upload the strategy without its annexes, or paste its text`,
        );
      },
    }),
  );
  app.get('/strategies', async (c) => {
    const view = await getStrategiesView(db);
    const curator = decide(c.get('actor'), 'records.review').allowed;
    return c.html(strategiesPage(view, { curator, notice: undefined }));
  });
  uploadRoutes(app, db, auth);
  reviewRoutes(app, db, auth);
  return app;
}
