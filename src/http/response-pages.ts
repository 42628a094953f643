import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Db } from '../db/connect.ts';
import type { Actor } from '../domain/accounts.ts';
import { decide } from '../domain/authorization.ts';
import { RESPONSE_MOVES, type ResponseMove } from '../domain/campaigns.ts';
import { type AppError, isAppError, notFound } from '../domain/errors.ts';
import {
  type AnswerProblem,
  checkResponse,
  type ResponseAnswers,
} from '../domain/questionnaires.ts';
import { formToAnswers, type SentFields } from '../domain/response-form.ts';
import { readResponseWorkbook, writeResponseWorkbook } from '../io/response-workbook.ts';
import type { MoveOutcome } from '../services/campaign-publish.ts';
import {
  commentOnResponse,
  getResponse,
  moveResponse,
  type ResponseView,
  saveResponse,
} from '../services/campaign-responses.ts';
import { regionNames } from '../services/regions.ts';
import { currentLocale, t } from '../web/i18n.ts';
import {
  type ResponsePageView,
  responsePage,
  responsePath,
  type WorkbookProblemView,
} from '../web/pages/response.tsx';
import { type AccountRouteOptions, toSignIn } from './accounts.ts';
import { checkCsrf, csrfToken } from './auth.ts';

/** The largest workbook an upload takes. */
export const WORKBOOK_MAX_BYTES = 5 * 1024 * 1024;
/** The largest form a save sends (ten initiatives with long texts stay far below). */
const FORM_MAX_BYTES = 1024 * 1024;
const PATH = '/campaigns/:slug/responses/:region';

const where = (c: Context) => ({
  slug: c.req.param('slug') ?? '',
  region: c.req.param('region') ?? '',
});

/** Every value of every field of a posted form (checkbox groups send several). */
async function sentForm(c: Context): Promise<Record<string, string[]>> {
  const body = await c.req.parseBody({ all: true });
  return Object.fromEntries(
    Object.entries(body).map(([k, v]) => [
      k,
      (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string'),
    ]),
  );
}
const one = (form: SentFields, name: string) => form[name]?.[0] ?? '';
const revisionOf = (form: SentFields) => {
  const n = Number(one(form, 'revision'));
  return Number.isInteger(n) && n >= 0 ? n : 0;
};
/** Whether a posted form carries answers (the response form), not only a move. */
const carriesAnswers = (form: SentFields) =>
  Object.keys(form).some((k) => /^(a|ref|carry|remove)\./.test(k));

/** What a page shows besides the stored response. */
type PageExtras = Partial<
  Omit<ResponsePageView, 'view' | 'regionName' | 'csrf' | 'canReview' | 'now'>
>;

/** The response page for a view, with the person's answers when they were not saved. */
async function page(
  c: Context,
  db: Db,
  o: AccountRouteOptions,
  view: ResponseView,
  extra: PageExtras = {},
) {
  const actor = c.get('actor') as Actor;
  const answers = extra.answers ?? view.answers;
  const problems =
    extra.problems ??
    (extra.answers
      ? checkResponse(view.questionnaire, view.campaign.rules, answers).problems
      : view.problems);
  return responsePage({
    view,
    regionName: (await regionNames(db)).get(view.region) ?? view.region,
    csrf: csrfToken(c, o),
    canReview: decide(actor, 'records.review', { region: view.region }).allowed,
    revision: view.revision,
    now: new Date(),
    ...extra,
    answers,
    problems,
  });
}

/** The problems a refusal names (field = section.item.question), for the fields and the summary. */
function problemsOf(e: AppError): AnswerProblem[] {
  const list = Array.isArray(e.details.errors)
    ? (e.details.errors as { field: string; message: string }[])
    : [];
  return list.map((x) => ({ path: x.field, message: x.message }));
}

/**
 * The form again after a save or move that changed nothing: the person's answers kept, each
 * problem on its field, and after a conflict the current revision so that saving again goes through.
 */
async function formAgain(
  c: Context,
  db: Db,
  o: AccountRouteOptions,
  e: unknown,
  sent: { answers?: ResponseAnswers; title?: string; workbook?: WorkbookProblemView[] } = {},
) {
  if (!isAppError(e) || !['invalid_data', 'conflict', 'invalid_parameter'].includes(e.code))
    throw e;
  const { slug, region } = where(c);
  const view = await getResponse(db, c.get('actor'), slug, region);
  const stale = e.code === 'conflict' && typeof e.details.revision === 'number';
  const listed = problemsOf(e);
  const title = stale ? t('response.conflictTitle') : (sent.title ?? t('response.notSavedTitle'));
  const help = stale ? t('response.conflictHelp', { revision: view.revision }) : undefined;
  const html = await page(c, db, o, view, {
    ...(sent.answers && { answers: sent.answers }),
    ...(listed.length && !sent.answers && { problems: listed }),
    alert: { title, message: e.message, help },
    workbookProblems: sent.workbook,
  });
  return c.html(html, e.code === 'conflict' ? 409 : 422);
}

/** Where the form goes after a save: back to itself, with one more blank item after "Add another". */
function afterSave(c: Context, view: ResponseView, add: string) {
  const base = responsePath(view.campaign.slug, view.region);
  const section = view.questionnaire.sections.find((s) => s.key === add && s.repeat);
  if (!section) return c.redirect(`${base}?done=saved`, 303);
  const next = view.answers[section.key]?.length ?? 0;
  return c.redirect(`${base}?more=${section.key}#item-${section.key}-${next}`, 303);
}

/** Saves what the response form sent; the person's answers, as the form read them. */
async function saveSent(c: Context, db: Db, form: SentFields) {
  const { slug, region } = where(c);
  const actor = c.get('actor');
  const current = await getResponse(db, actor, slug, region);
  const answers = formToAnswers(current.questionnaire, form);
  return {
    answers,
    save: () => saveResponse(db, actor, slug, region, { answers, revision: revisionOf(form) }),
  };
}

/** Autosave's answer: JSON, never a page (the script keeps the form as it is). */
async function autosave(c: Context, db: Db, form: SentFields) {
  try {
    const { save } = await saveSent(c, db, form);
    const v = await save();
    return c.json({
      revision: v.revision,
      savedAt: v.updatedAt,
      problems: v.problems.length,
      duplicates: v.duplicates,
    });
  } catch (e) {
    if (!isAppError(e) || !['invalid_data', 'conflict'].includes(e.code)) throw e;
    return c.json(
      { error: e.code, message: e.message, ...e.details },
      e.code === 'conflict' ? 409 : 422,
    );
  }
}

/** The form: read it, save it (also in the background), and the workbook download. */
function formRoutes(app: Hono, db: Db, o: AccountRouteOptions): void {
  app.get(PATH, async (c) => {
    if (c.get('actor').kind === 'visitor') return toSignIn(c);
    const { slug, region } = where(c);
    const view = await getResponse(db, c.get('actor'), slug, region);
    return c.html(await page(c, db, o, view, arrival(c.req.query())));
  });
  app.post(PATH, async (c) => {
    const form = await sentForm(c);
    checkCsrf(c, one(form, '_csrf'), o);
    if (c.req.header('x-autosave') === '1') return autosave(c, db, form);
    const { answers, save } = await saveSent(c, db, form);
    try {
      return afterSave(c, await save(), one(form, 'add'));
    } catch (e) {
      return formAgain(c, db, o, e, { answers });
    }
  });
  app.get(`${PATH}/workbook.xlsx`, async (c) => {
    if (c.get('actor').kind === 'visitor') return toSignIn(c);
    const { slug, region } = where(c);
    const v = await getResponse(db, c.get('actor'), slug, region);
    const body = await writeResponseWorkbook(
      {
        campaignSlug: v.campaign.slug,
        campaignTitle: v.campaign.title,
        region: v.region,
        regionName: (await regionNames(db)).get(v.region) ?? v.region,
        questionnaire: v.questionnaire,
        lang: currentLocale(),
        closesAt: v.campaign.closesAt,
      },
      v.answers,
    );
    return c.body(new Uint8Array(body), 200, {
      'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'Content-Disposition': `attachment; filename="${v.campaign.slug}-${v.region}.xlsx"`,
    });
  });
}

/** What the page says on arrival after a redirect: what was done, and what accepting published. */
function arrival(q: Record<string, string>): PageExtras {
  const done = q.done ?? '';
  const more = q.more && /^[a-z][a-z0-9_]*$/.test(q.more) ? q.more : undefined;
  let notice: string | undefined;
  if (done === 'saved' || Object.hasOwn(RESPONSE_MOVES, done) || done === 'comment')
    notice = t(done === 'saved' ? 'response.saved' : `response.saved_${done}`);
  if (done === 'workbook') {
    const n = Number(q.n) || 0;
    notice = t('response.workbookSaved', { count: n, n });
  }
  if (done !== 'accept') return { notice, more };
  const published = Object.fromEntries(
    (q.pub ?? '')
      .split(',')
      .map((x) => x.split(':'))
      .filter(([k, n]) => k && /^[a-z_]+$/.test(k) && /^\d+$/.test(n ?? ''))
      .map(([k, n]) => [k, Number(n)]),
  );
  const toClassify = (q.classify ?? '').split(',').filter((s) => /^[a-z0-9-]{1,200}$/.test(s));
  return { notice, more, outcome: { published, toClassify } };
}

/** The address after a move; accepting names what it published. */
function afterMove(view: ResponseView, move: ResponseMove, outcome: MoveOutcome): string {
  const base = `${responsePath(view.campaign.slug, view.region)}?done=${move}`;
  if (move !== 'accept') return base;
  const pub = Object.entries(outcome.published ?? {})
    .map(([k, n]) => `${k}:${n}`)
    .join(',');
  const q = new URLSearchParams({ pub, classify: (outcome.toClassify ?? []).join(',') });
  return `${base}&${q}`;
}

/** Submit (saving the form's answers first), request changes, accept; and curators' comments. */
function moveRoutes(app: Hono, db: Db, o: AccountRouteOptions): void {
  app.post(`${PATH}/move`, async (c) => {
    const form = await sentForm(c);
    checkCsrf(c, one(form, '_csrf'), o);
    const move = one(form, 'move') as ResponseMove;
    if (!Object.hasOwn(RESPONSE_MOVES, move))
      throw notFound('move', move, `use one of: ${Object.keys(RESPONSE_MOVES).join(', ')}`);
    const { slug, region } = where(c);
    const actor = c.get('actor');
    let revision = revisionOf(form);
    let answers: ResponseAnswers | undefined;
    if (move === 'submit' && carriesAnswers(form)) {
      const sent = await saveSent(c, db, form);
      answers = sent.answers;
      try {
        revision = (await sent.save()).revision;
      } catch (e) {
        return formAgain(c, db, o, e, { answers });
      }
    }
    try {
      const { view, outcome } = await moveResponse(db, actor, slug, region, move, {
        revision,
        note: one(form, 'note') || undefined,
      });
      return c.redirect(afterMove(view, move, outcome), 303);
    } catch (e) {
      const title = move === 'submit' && answers ? t('response.submitRefused') : undefined;
      return formAgain(c, db, o, e, { title });
    }
  });
  app.post(`${PATH}/comments`, async (c) => {
    const form = await sentForm(c);
    checkCsrf(c, one(form, '_csrf'), o);
    const { slug, region } = where(c);
    try {
      const path = one(form, 'path').trim();
      await commentOnResponse(db, c.get('actor'), slug, region, {
        path: path || null,
        body: one(form, 'body'),
      });
    } catch (e) {
      return formAgain(c, db, o, e);
    }
    return c.redirect(`${responsePath(slug, region)}?done=comment#comments-title`, 303);
  });
}

/** The problem of an upload that is not a workbook at all, or undefined for an .xlsx file. */
function notWorkbook(file: unknown, bytes: Buffer | undefined): string | undefined {
  if (!(file instanceof File) || file.size === 0 || !bytes) return t('response.workbookChoose');
  const zip = bytes[0] === 0x50 && bytes[1] === 0x4b;
  if (!zip || !/\.xlsx$/i.test(file.name))
    return t('response.workbookNotXlsx', { name: file.name });
  return undefined;
}

/** Uploading a workbook filled in offline: read, checked, then saved like the form. */
function workbookRoutes(app: Hono, db: Db, o: AccountRouteOptions): void {
  const refuse = async (c: Context, problems: WorkbookProblemView[], status: 413 | 422) => {
    const { slug, region } = where(c);
    const view = await getResponse(db, c.get('actor'), slug, region);
    return c.html(await page(c, db, o, view, { workbookProblems: problems }), status);
  };
  app.use(
    `${PATH}/workbook`,
    bodyLimit({
      maxSize: WORKBOOK_MAX_BYTES,
      onError: (c) => refuse(c, [{ sheet: '', message: t('response.workbookTooLarge') }], 413),
    }),
  );
  app.use(PATH, bodyLimit({ maxSize: FORM_MAX_BYTES }));
  app.use(`${PATH}/move`, bodyLimit({ maxSize: FORM_MAX_BYTES }));
  app.post(`${PATH}/workbook`, async (c) => {
    const body = await c.req.parseBody();
    checkCsrf(c, body._csrf, o);
    const { slug, region } = where(c);
    const actor = c.get('actor');
    const view = await getResponse(db, actor, slug, region);
    const file = body.file;
    const bytes = file instanceof File ? Buffer.from(await file.arrayBuffer()) : undefined;
    const wrong = notWorkbook(file, bytes);
    if (wrong || !bytes) return refuse(c, [{ sheet: '', message: wrong ?? '' }], 422);
    const read = await readResponseWorkbook(view.questionnaire, bytes, {
      campaignSlug: slug,
      region,
    });
    if (read.problems.length) return refuse(c, read.problems, 422);
    const revision = Number(body.revision);
    try {
      const saved = await saveResponse(db, actor, slug, region, {
        answers: read.answers,
        revision: Number.isInteger(revision) ? revision : 0,
      });
      const n = Object.values(saved.answers).reduce((sum, items) => sum + items.length, 0);
      return c.redirect(`${responsePath(slug, region)}?done=workbook&n=${n}`, 303);
    } catch (e) {
      return formAgain(c, db, o, e, { answers: read.answers });
    }
  });
}

/**
 * A region's response to a campaign: the form its coordinators fill in (save, autosave, submit),
 * the curators' comments and moves, and the workbook to answer offline (download and upload).
 */
export function responsePageRoutes(db: Db, o: AccountRouteOptions): Hono {
  const app = new Hono();
  workbookRoutes(app, db, o);
  formRoutes(app, db, o);
  moveRoutes(app, db, o);
  return app;
}
