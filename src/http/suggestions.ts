import { type Context, Hono } from 'hono';
import type { Db } from '../db/connect.ts';
import { isAppError } from '../domain/errors.ts';
import { SUGGESTION_STATES, type SuggestionState } from '../domain/suggestions.ts';
import {
  decideSuggestion,
  newChallenge,
  sendSuggestion,
  suggestionQueue,
  suggestionTarget,
} from '../services/suggestions.ts';
import type { FormState } from '../web/forms.tsx';
import { t } from '../web/i18n.ts';
import { suggestionsPage, suggestPage } from '../web/pages/suggest.tsx';
import { formOf, formState, statusOf, toSignIn } from './accounts.ts';
import { type AuthOptions, checkCsrf, csrfToken } from './auth.ts';
import { clientAddress } from './rate-limit.ts';

/** The form for a record, with a new challenge (and a kept state after a failed send). */
async function renderForm(
  c: Context,
  db: Db,
  o: AuthOptions,
  record: string | undefined,
  extra: { state?: FormState; sent?: boolean } = {},
  status: 200 | 400 | 429 = 200,
) {
  const target = await suggestionTarget(db, record);
  const page = suggestPage({ target, challenge: newChallenge(), csrf: csrfToken(c, o), ...extra });
  return c.html(page, status);
}

/** The curators' queue in the state the address asks for. */
async function renderQueue(c: Context, db: Db, o: AuthOptions, notice?: string) {
  const actor = c.get('actor');
  if (actor.kind === 'visitor') return toSignIn(c);
  const asked = c.req.query('state') ?? 'open';
  const state: SuggestionState = (SUGGESTION_STATES as readonly string[]).includes(asked)
    ? (asked as SuggestionState)
    : 'open';
  const items = await suggestionQueue(db, actor, state);
  return c.html(suggestionsPage({ items, state, csrf: csrfToken(c, o), notice }));
}

/** "Suggest a correction" for visitors, and the queue where curators read the suggestions. */
export function suggestionRoutes(db: Db, o: AuthOptions): Hono {
  const app = new Hono();
  app.get('/suggest', (c) => renderForm(c, db, o, c.req.query('record')));
  app.post('/suggest', async (c) => {
    const form = await formOf(c);
    checkCsrf(c, form._csrf, o);
    try {
      await sendSuggestion(db, {
        record: form.record ?? '',
        message: form.message ?? '',
        email: form.email ?? '',
        challenge: form.challenge ?? '',
        answer: form.answer ?? '',
        trap: form.website ?? '',
        address: clientAddress(c),
      });
      return renderForm(c, db, o, form.record, { sent: true });
    } catch (e) {
      if (isAppError(e, 'not_found')) throw e;
      const status = statusOf(e) === 429 ? 429 : 400;
      if (status === 429) c.header('Retry-After', '3600');
      return renderForm(c, db, o, form.record, { state: formState(e, form) }, status);
    }
  });
  app.get('/admin/suggestions', (c) => renderQueue(c, db, o));
  app.post('/admin/suggestions/:id/decide', async (c) => {
    const form = await formOf(c);
    checkCsrf(c, form._csrf, o);
    const decision = form.decision === 'accepted' ? 'accepted' : 'dismissed';
    await decideSuggestion(db, c.get('actor'), Number(c.req.param('id')) || 0, {
      state: decision,
      note: form.note ?? '',
    });
    return renderQueue(c, db, o, t('suggest.decided', { state: t(`suggest.state_${decision}`) }));
  });
  return app;
}
