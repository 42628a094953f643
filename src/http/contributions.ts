import { type Context, Hono } from 'hono';
import type { Db } from '../db/connect.ts';
import {
  contentFromForm,
  formFromContent,
  problemField,
  type SentForm,
} from '../domain/contribution-fields.ts';
import {
  ENTITY_KINDS,
  type EntityKind,
  kindByPath,
  REVIEWABLE,
  TRANSITIONS,
  type Transition,
  VERSION_STATES,
  type VersionState,
  WRITABLE,
} from '../domain/contributions.ts';
import { type AppError, isAppError, notFound } from '../domain/errors.ts';
import { createDraft, recordState, saveDraft, sourceCodes } from '../services/contributions.ts';
import {
  abilities,
  commentOn,
  moveVersion,
  publishAll,
  recordHistory,
  recordWorkspace,
  restoreVersion,
  reviewQueue,
} from '../services/reviews.ts';
import { translationOriginal } from '../services/translation-publisher.ts';
import { formatCount } from '../web/components.tsx';
import type { FormState } from '../web/forms.tsx';
import { t } from '../web/i18n.ts';
import {
  contributeHomePage,
  contributePath,
  historyPage,
  historyPath,
  type QueueFilterView,
  recordFormPage,
  reviewQueuePage,
  workspacePage,
} from '../web/pages/contribute.tsx';
import { toSignIn } from './accounts.ts';
import { type AuthOptions, checkCsrf, csrfToken } from './auth.ts';

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

const one = (form: SentForm, name: string) => form[name]?.[0] ?? '';

/** The kind an address names, or not_found listing the kinds. */
function kindOf(c: Context): EntityKind {
  const kind = kindByPath(c.req.param('kind') ?? '');
  if (!kind || !REVIEWABLE.includes(kind)) {
    throw notFound(
      'kind of record',
      c.req.param('kind') ?? '',
      `use one of: ${REVIEWABLE.map((k) => k.path).join(', ')}`,
    );
  }
  return kind;
}

/** A failed save as the form shows it: each problem next to its field, the rest on top. */
function problemsOf(e: AppError): FormState {
  const list = Array.isArray(e.details.errors)
    ? (e.details.errors as { field: string; message: string }[])
    : [];
  const errors: Record<string, string> = {};
  for (const p of list) {
    const field = problemField(p.field) || 'record';
    errors[field] = errors[field] ? `${errors[field]}; ${p.message}` : p.message;
  }
  const field = typeof e.details.field === 'string' ? e.details.field : undefined;
  if (field && list.length === 0) errors[field] = e.message;
  return Object.keys(errors).length > 0 ? { errors } : { problem: e.message };
}

/** The form again with what was typed, after a problem a person can fix. */
async function formAgain(
  c: Context,
  db: Db,
  o: AuthOptions,
  p: { kind: EntityKind; key?: string; form: SentForm; e: unknown },
) {
  if (!isAppError(p.e) || !['invalid_data', 'invalid_parameter', 'conflict'].includes(p.e.code))
    throw p.e;
  const conflict = p.e.code === 'conflict' && p.key !== undefined;
  let expected = one(p.form, '_expected') || undefined;
  if (conflict && p.key) {
    // The current version's tag, so that saving again (after comparing) is possible.
    const state = await recordState(db, c.get('actor'), p.kind.entity, p.key);
    expected = (state.open ?? state.published)?.tag;
  }
  const page = recordFormPage({
    kind: p.kind,
    key: p.key,
    original: await originalOf(db, p.kind, p.form),
    values: p.form,
    state: problemsOf(p.e),
    expected,
    csrf: csrfToken(c, o),
    sources: await sourceCodes(db),
    conflict,
  });
  return c.html(page, p.e.code === 'conflict' ? 409 : 422);
}

/** For a translation's form, the record's texts it translates, shown above its fields. */
function originalOf(db: Db, kind: EntityKind, values: SentForm) {
  if (kind.entity !== 'translation') return Promise.resolve(undefined);
  return translationOriginal(db.kysely, one(values, 'record'), one(values, 'slug'));
}

/**
 * A new record's form filled in from the address (a record page's "Translate this record" link
 * names the record and the language); names starting with _ (the form's own) are not taken.
 */
function prefilled(c: Context): SentForm {
  return Object.fromEntries(Object.entries(c.req.queries()).filter(([k]) => !k.startsWith('_')));
}

/** The forms: a new record, and a change to an existing one. */
function formRoutes(app: Hono, db: Db, o: AuthOptions): void {
  app.get('/contribute/:kind/new', async (c) => {
    if (c.get('actor').kind === 'visitor') return toSignIn(c);
    const kind = kindOf(c);
    const values = prefilled(c);
    return c.html(
      recordFormPage({
        kind,
        original: await originalOf(db, kind, values),
        values,
        state: {},
        csrf: csrfToken(c, o),
        sources: await sourceCodes(db),
      }),
    );
  });
  app.post('/contribute/:kind/new', async (c) => {
    const kind = kindOf(c);
    const form = await sentForm(c);
    checkCsrf(c, one(form, '_csrf'), o);
    try {
      const v = await createDraft(
        db,
        c.get('actor'),
        kind.entity,
        contentFromForm(kind.entity, form),
        { reason: one(form, '_reason') || undefined },
      );
      return c.redirect(`${contributePath(kind, v.key)}?done=saved`, 303);
    } catch (e) {
      return formAgain(c, db, o, { kind, form, e });
    }
  });
  app.get('/contribute/:kind/:key/edit', async (c) => {
    const actor = c.get('actor');
    if (actor.kind === 'visitor') return toSignIn(c);
    const kind = kindOf(c);
    const key = c.req.param('key');
    const state = await recordState(db, actor, kind.entity, key);
    const head = state.open ?? state.published;
    const values = formFromContent(kind.entity, head?.content ?? {});
    return c.html(
      recordFormPage({
        kind,
        key,
        name: kind.label(head?.content ?? {}),
        original: await originalOf(db, kind, values),
        values,
        state: {},
        expected: head?.tag,
        csrf: csrfToken(c, o),
        sources: await sourceCodes(db),
      }),
    );
  });
  app.post('/contribute/:kind/:key/edit', async (c) => {
    const kind = kindOf(c);
    const key = c.req.param('key');
    const form = await sentForm(c);
    checkCsrf(c, one(form, '_csrf'), o);
    const actor = c.get('actor');
    try {
      const state = await recordState(db, actor, kind.entity, key);
      const base = (state.open ?? state.published)?.content ?? {};
      const content = contentFromForm(kind.entity, form, base);
      await saveDraft(db, actor, kind.entity, key, content, {
        expected: one(form, '_expected') || undefined,
        reason: one(form, '_reason') || undefined,
      });
      return c.redirect(`${contributePath(kind, key)}?done=saved`, 303);
    } catch (e) {
      return formAgain(c, db, o, { kind, key, form, e });
    }
  });
}

/** The notices a redirect after a change asks the workspace to show. */
function noticeOf(done: string | undefined, restored: string | undefined): string | undefined {
  if (done === 'saved') return t('contribute.saved');
  if (done === 'commented') return t('contribute.commented');
  if (done === 'restored') return t('contribute.restored', { number: restored ?? '' });
  if (done && (TRANSITIONS as readonly string[]).includes(done))
    return t(`contribute.moved_${done}`);
  return undefined;
}

/** A record's workspace and the moves, comments and restores sent from it. */
function workspaceRoutes(app: Hono, db: Db, o: AuthOptions): void {
  app.get('/contribute/:kind/:key', async (c) => {
    const actor = c.get('actor');
    if (actor.kind === 'visitor') return toSignIn(c);
    const kind = kindOf(c);
    const w = await recordWorkspace(db, actor, kind.entity, c.req.param('key'));
    return c.html(
      workspacePage({
        ...w,
        kind,
        csrf: csrfToken(c, o),
        notice: noticeOf(c.req.query('done'), c.req.query('number')),
      }),
    );
  });
  app.post('/contribute/:kind/:key/move', async (c) => {
    const kind = kindOf(c);
    const key = c.req.param('key');
    const form = await sentForm(c);
    checkCsrf(c, one(form, '_csrf'), o);
    const transition = one(form, 'transition') as Transition;
    if (!TRANSITIONS.includes(transition))
      throw notFound('move', transition, `use one of: ${TRANSITIONS.join(', ')}`);
    await moveVersion(db, c.get('actor'), kind.entity, key, transition, {
      expected: one(form, '_expected') || undefined,
      note: one(form, 'note') || undefined,
    });
    // A withdrawn record may have no page of its own any more: its history shows what happened.
    if (transition === 'withdraw')
      return c.redirect(`${historyPath(kind, key)}?done=withdraw`, 303);
    return c.redirect(`${contributePath(kind, key)}?done=${transition}`, 303);
  });
  app.post('/contribute/:kind/:key/comments', async (c) => {
    const kind = kindOf(c);
    const key = c.req.param('key');
    const form = await sentForm(c);
    checkCsrf(c, one(form, '_csrf'), o);
    await commentOn(db, c.get('actor'), kind.entity, key, [
      { field: one(form, 'field'), body: one(form, 'body') },
    ]);
    return c.redirect(`${contributePath(kind, key)}?done=commented#comments-title`, 303);
  });
  app.post('/contribute/:kind/:key/restore', async (c) => {
    const kind = kindOf(c);
    const key = c.req.param('key');
    const form = await sentForm(c);
    checkCsrf(c, one(form, '_csrf'), o);
    const number = Number(one(form, 'number'));
    await restoreVersion(
      db,
      c.get('actor'),
      kind.entity,
      key,
      Number.isInteger(number) ? number : -1,
    );
    return c.redirect(`${contributePath(kind, key)}?done=restored&number=${number}`, 303);
  });
}

/** The queue's filters as the address (or the publish-all form) gives them; unknown values are dropped. */
function queueFilter(q: Record<string, string>): QueueFilterView {
  const state = (VERSION_STATES as readonly string[]).includes(q.state ?? '')
    ? (q.state as VersionState)
    : undefined;
  const days = q.days && /^\d{1,4}$/.test(q.days) ? Number(q.days) : undefined;
  const region = q.region?.trim().toUpperCase() || undefined;
  const entity = q.entity && q.entity in ENTITY_KINDS ? q.entity : undefined;
  return { entity, state, region, days };
}

const queueQuery = (f: QueueFilterView) => ({
  states: f.state ? [f.state] : undefined,
  entity: f.entity,
  region: f.region,
  olderThanDays: f.days,
});

/** What the queue says on arrival: how a "publish all" went, or how many rows an import drafted. */
function queueNotice(q: Record<string, string>): string | undefined {
  const count = (v: string | undefined) => Number(v) || 0;
  if (q.published !== undefined)
    return t('contribute.publishedAll', {
      count: count(q.published),
      n: formatCount(count(q.published)),
      refused: formatCount(count(q.refused)),
    });
  if (q.imported !== undefined)
    return t('import.importedDrafts', {
      count: count(q.imported),
      n: formatCount(count(q.imported)),
    });
  return undefined;
}

/** The contributor's start page, the review queue and the public history of records. */
function listRoutes(app: Hono, db: Db, o: AuthOptions): void {
  app.get('/contribute', async (c) => {
    const actor = c.get('actor');
    if (actor.kind !== 'account') return toSignIn(c);
    const { items } = await reviewQueue(db, actor);
    const reviewer = abilities(actor, []).review;
    return c.html(
      contributeHomePage({
        kinds: WRITABLE,
        regions: reviewer ? null : actor.regions,
        items,
        reviewer,
      }),
    );
  });
  app.get('/review', async (c) => {
    const actor = c.get('actor');
    if (actor.kind !== 'account') return toSignIn(c);
    const filter = queueFilter(c.req.query());
    const { items, total } = await reviewQueue(db, actor, queueQuery(filter));
    return c.html(
      reviewQueuePage({
        items,
        total,
        kinds: WRITABLE,
        filter,
        csrf: csrfToken(c, o),
        canPublish: abilities(actor, []).publish,
        notice: queueNotice(c.req.query()),
      }),
    );
  });
  app.post('/review/publish-all', async (c) => {
    const form = await sentForm(c);
    checkCsrf(c, one(form, '_csrf'), o);
    const filter = queueFilter(
      Object.fromEntries(Object.entries(form).map(([k, v]) => [k, v[0] ?? ''])),
    );
    const outcome = await publishAll(db, c.get('actor'), queueQuery(filter));
    const back = new URLSearchParams({
      published: String(outcome.published),
      refused: String(outcome.refused.length),
    });
    return c.redirect(`/review?${back}`, 303);
  });
  app.get('/history/:kind/:key', async (c) => {
    const kind = kindOf(c);
    const actor = c.get('actor');
    const page = Number(c.req.query('page') ?? '1');
    const history = await recordHistory(
      db,
      actor,
      kind.entity,
      c.req.param('key'),
      Number.isInteger(page) && page > 0 ? page : 1,
    );
    const latest = history.entries[0]?.version;
    return c.html(
      historyPage({
        history,
        name: kind.label(latest?.content ?? {}) || c.req.param('key'),
        csrf: actor.kind === 'account' ? csrfToken(c, o) : undefined,
        canRestore: history.staff,
        notice: c.req.query('done') === 'withdraw' ? t('contribute.moved_withdraw') : undefined,
      }),
    );
  });
}

/** Contributors' pages: forms, workspaces with review, the queue and record histories. */
export function contributionPageRoutes(db: Db, o: AuthOptions): Hono {
  const app = new Hono();
  listRoutes(app, db, o);
  formRoutes(app, db, o);
  workspaceRoutes(app, db, o);
  return app;
}
