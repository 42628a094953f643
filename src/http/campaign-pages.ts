import { type Context, Hono } from 'hono';
import type { Db } from '../db/connect.ts';
import type { Actor } from '../domain/accounts.ts';
import { authorize, decide } from '../domain/authorization.ts';
import { CAMPAIGN_MOVES, type CampaignMove } from '../domain/campaigns.ts';
import { type AppError, invalidData, isAppError, notFound } from '../domain/errors.ts';
import {
  campaignDashboard,
  campaignWorkbook,
  regionComparison,
} from '../services/campaign-dashboard.ts';
import { sendInvitations } from '../services/campaign-mail.ts';
import {
  campaignLog,
  changeCampaignWindow,
  createCampaign,
  listQuestionnaires,
  moveCampaign,
  type NewCampaign,
} from '../services/campaigns.ts';
import { campaignSummaries, getCampaignSummary } from '../services/engagement.ts';
import { listRegionsWithCounts, regionNames } from '../services/regions.ts';
import { formatCount } from '../web/components.tsx';
import type { FormState } from '../web/forms.tsx';
import { currentLocale, t } from '../web/i18n.ts';
import {
  type CampaignFormValues,
  campaignListPage,
  campaignPage,
  campaignPath,
  comparisonPage,
  NEW_CAMPAIGN_DEFAULTS,
  NEW_CAMPAIGN_FIELDS,
  newCampaignPage,
} from '../web/pages/campaigns.tsx';
import { type AccountRouteOptions, toSignIn } from './accounts.ts';
import { checkCsrf, csrfToken } from './auth.ts';
import { siteOrigin } from './origin.ts';

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

const one = (form: CampaignFormValues, name: string) => (form[name]?.[0] ?? '').trim();
const isCurator = (actor: Actor) => decide(actor, 'campaigns.manage').allowed;

/** A whole number of a field, or a problem in the page's language. */
function wholeNumbers(text: string): number[] | undefined {
  const parts = text.split(/[\s,;]+/).filter(Boolean);
  if (!parts.every((p) => /^\d{1,3}$/.test(p))) return undefined;
  return parts.map(Number);
}

/**
 * The campaign the form describes, and the problems found before the service is asked (numbers
 * that are not numbers); the kind is the chosen questionnaire's.
 */
function campaignFromForm(
  form: CampaignFormValues,
  kinds: ReadonlyMap<string, string>,
): { input: NewCampaign; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const chosen = one(form, 'questionnaire');
  const [qSlug = '', qVersion = ''] = chosen.split('@');
  const reminderDays = wholeNumbers(one(form, 'reminderDays'));
  if (!reminderDays) errors.reminderDays = t('campaigns.problem_reminderDays');
  const rules: Record<string, number> = {};
  for (const [field, rule] of [
    ['minItems', 'minItemsPerRegion'],
    ['maxItems', 'maxItemsPerRegion'],
  ] as const) {
    const text = one(form, field);
    if (text === '') continue;
    if (/^\d{1,3}$/.test(text)) rules[rule] = Number(text);
    else errors[field] = t('campaigns.problem_count');
  }
  if (
    rules.minItemsPerRegion !== undefined &&
    rules.maxItemsPerRegion !== undefined &&
    rules.minItemsPerRegion > rules.maxItemsPerRegion
  )
    errors.maxItems = t('campaigns.problem_maxBelowMin');
  const opt = (name: string) => one(form, name) || undefined;
  const input: NewCampaign = {
    slug: one(form, 'slug'),
    kind: kinds.get(chosen) ?? '',
    title: one(form, 'title'),
    description: opt('description'),
    questionnaire: { slug: qSlug, version: Number(qVersion) || 0 },
    opensAt: opt('opensAt'),
    closesAt: one(form, 'closesAt'),
    reminderDays: reminderDays ?? [],
    regions: [...new Set(form.regions ?? [])],
    rules,
    languages: form.languages ?? [],
    previous: opt('previous'),
  };
  return { input, errors };
}

/** The form field a service problem is about ("questionnaire.slug" and "kind" are the questionnaire). */
function fieldOf(path: string): string {
  const [head = ''] = path.split('.');
  if (head === 'kind' || head === 'questionnaire') return 'questionnaire';
  if (head === 'rules') return 'minItems';
  return (NEW_CAMPAIGN_FIELDS as readonly string[]).includes(head) ? head : '';
}

/**
 * A refused campaign as the form shows it: a shape problem (what zod says) in the page's words
 * for its field; a problem against the atlas (a taken identifier, unknown regions) as the service
 * words it, which names the values.
 */
function problemsOf(e: AppError, errors: Record<string, string>): FormState {
  const list = Array.isArray(e.details.errors)
    ? (e.details.errors as { field: string; message: string }[])
    : [];
  const shape = !e.message.startsWith('the campaign is not valid:');
  for (const p of list) {
    const field = fieldOf(p.field);
    if (!field) continue;
    const message = shape ? t(`campaigns.problem_${field}`) : p.message;
    if (errors[field]?.includes(message)) continue;
    errors[field] = errors[field] ? `${errors[field]}; ${message}` : message;
  }
  const rest = list.filter((p) => !fieldOf(p.field));
  if (Object.keys(errors).length === 0 || rest.length)
    return { errors, problem: rest.map((p) => `${p.field}: ${p.message}`).join('; ') || e.message };
  return { errors };
}

/** What the form needs besides the values: questionnaires, regions, campaigns to follow. */
async function formGround(db: Db) {
  const [questionnaires, regions, summaries] = await Promise.all([
    listQuestionnaires(db.kysely),
    listRegionsWithCounts(db),
    campaignSummaries(db),
  ]);
  return {
    questionnaires,
    regions: regions.map((r) => r.region),
    campaigns: summaries.map((s) => ({ slug: s.campaign.slug, title: s.campaign.title })),
  };
}

/** The new-campaign form and its POST. */
function newCampaignRoutes(app: Hono, db: Db, o: AccountRouteOptions): void {
  app.get('/campaigns/new', async (c) => {
    const actor = c.get('actor');
    if (actor.kind === 'visitor') return toSignIn(c);
    authorize(actor, 'campaigns.manage');
    const ground = await formGround(db);
    return c.html(
      newCampaignPage({
        ...ground,
        values: NEW_CAMPAIGN_DEFAULTS,
        state: {},
        csrf: csrfToken(c, o),
      }),
    );
  });
  app.post('/campaigns/new', async (c) => {
    const form = await sentForm(c);
    checkCsrf(c, one(form, '_csrf'), o);
    const actor = c.get('actor');
    authorize(actor, 'campaigns.manage');
    const ground = await formGround(db);
    const kinds = new Map(ground.questionnaires.map((q) => [`${q.slug}@${q.version}`, q.kind]));
    const { input, errors } = campaignFromForm(form, kinds);
    let state: FormState = { errors };
    if (Object.keys(errors).length === 0) {
      try {
        const created = await createCampaign(db, actor, input);
        return c.redirect(`${campaignPath(created.slug)}?done=created`, 303);
      } catch (e) {
        if (!isAppError(e, 'invalid_data')) throw e;
        state = problemsOf(e as AppError, {});
      }
    }
    const { _csrf: _c, ...values } = form;
    return c.html(newCampaignPage({ ...ground, values, state, csrf: csrfToken(c, o) }), 400);
  });
}

/** The moves a campaign in `state` may make. */
const movesFrom = (state: string): CampaignMove[] =>
  (Object.keys(CAMPAIGN_MOVES) as CampaignMove[]).filter((m) =>
    (CAMPAIGN_MOVES[m].from as readonly string[]).includes(state),
  );

/** What the campaign page says on arrival after a change. */
function noticeOf(q: Record<string, string>): string | undefined {
  if (q.done === 'created') return t('campaigns.created');
  const window = q.done === 'window';
  if (!q.done || !(window || q.done in CAMPAIGN_MOVES)) return undefined;
  const moved = window ? t('campaigns.done_window') : t(`campaigns.moved_${q.done}`);
  if (q.done !== 'open' && q.sent === undefined) return moved;
  const sent = Number(q.sent) || 0;
  const failed = Number(q.failed) || 0;
  const mail = t('campaigns.invitationsSent', { count: sent, n: formatCount(sent) });
  const failures = failed
    ? ` ${t('campaigns.invitationsFailed', { count: failed, n: formatCount(failed) })}`
    : '';
  return `${moved} ${mail}${failures}`;
}

/** A campaign's page as the person asking sees it (with the window form's state after a refusal). */
async function campaignView(c: Context, db: Db, o: AccountRouteOptions, windowForm?: FormState) {
  const actor = c.get('actor');
  const slug = c.req.param('slug') ?? '';
  const [summary, questionnaires, names] = await Promise.all([
    getCampaignSummary(db, slug),
    listQuestionnaires(db.kysely),
    regionNames(db),
  ]);
  const all = summary.campaign.previous ? await campaignSummaries(db) : [];
  const titles = new Map(all.map((s) => [s.campaign.slug, s.campaign.title]));
  const curator = isCurator(actor)
    ? {
        dashboard: await campaignDashboard(db, actor, slug),
        log: await campaignLog(db, actor, slug),
        moves: movesFrom(summary.campaign.state).filter(
          (m) => m !== 'open' || summary.campaign.questionnaire !== undefined,
        ),
      }
    : undefined;
  const invited = summary.campaign.regions ?? [];
  const ownRegions =
    actor.kind === 'account' && !curator && summary.campaign.questionnaire
      ? actor.regions.filter((r) => invited.includes(r))
      : [];
  return campaignPage({
    summary,
    questionnaires,
    regionNames: names,
    titles,
    curator,
    ownRegions,
    csrf: curator ? csrfToken(c, o) : undefined,
    notice: curator ? noticeOf(c.req.query()) : undefined,
    windowForm,
  });
}

/** A campaign's page, its moves, its window, and a region's comparison with the round before. */
function campaignRoutes(app: Hono, db: Db, o: AccountRouteOptions): void {
  app.get('/campaigns/:slug', async (c) => c.html(await campaignView(c, db, o)));
  app.post('/campaigns/:slug/window', async (c) => {
    const slug = c.req.param('slug');
    const form = await sentForm(c);
    checkCsrf(c, one(form, '_csrf'), o);
    const actor = c.get('actor');
    const days = wholeNumbers(one(form, 'reminderDays'));
    const values = {
      closesAt: one(form, 'closesAt'),
      reminderDays: one(form, 'reminderDays'),
      addRegions: one(form, 'addRegions'),
    };
    const add = values.addRegions
      .split(/[\s,;]+/)
      .map((r) => r.trim().toUpperCase())
      .filter(Boolean);
    try {
      if (!days)
        throw invalidData(t('campaigns.problem_reminderDays'), {
          errors: [{ field: 'reminderDays', message: t('campaigns.problem_reminderDays') }],
        });
      const changed = await changeCampaignWindow(db, actor, slug, {
        ...(values.closesAt && { closesAt: values.closesAt }),
        reminderDays: days,
        addRegions: add,
      });
      const back = new URLSearchParams({ done: 'window' });
      if (changed.state === 'open' && add.length) {
        const report = await sendInvitations(db, o.mailer, actor, slug, siteOrigin(c.req.url, o));
        back.set('sent', String(report.sent));
        back.set('failed', String(report.failed.length));
      }
      return c.redirect(`${campaignPath(slug)}?${back}#window-title`, 303);
    } catch (e) {
      if (!isAppError(e, 'invalid_data')) throw e;
      const errors = Object.fromEntries(
        ((e.details.errors ?? []) as { field: string; message: string }[]).map((x) => [
          x.field === 'regions' ? 'addRegions' : x.field,
          x.message,
        ]),
      );
      return c.html(await campaignView(c, db, o, { values, errors }), 400);
    }
  });
  app.post('/campaigns/:slug/move', async (c) => {
    const slug = c.req.param('slug');
    const form = await sentForm(c);
    checkCsrf(c, one(form, '_csrf'), o);
    const actor = c.get('actor');
    const move = one(form, 'move') as CampaignMove;
    if (!(move in CAMPAIGN_MOVES))
      throw notFound('move', move, `use one of: ${Object.keys(CAMPAIGN_MOVES).join(', ')}`);
    const to = await moveCampaign(db, actor, slug, move);
    const back = new URLSearchParams({ done: move });
    if (to === 'open') {
      const origin = siteOrigin(c.req.url, {
        publicUrl: o.publicUrl,
        trustedHosts: o.trustedHosts,
      });
      const report = await sendInvitations(db, o.mailer, actor, slug, origin);
      back.set('sent', String(report.sent));
      back.set('failed', String(report.failed.length));
    }
    return c.redirect(`${campaignPath(slug)}?${back}`, 303);
  });
}

/** A region's comparison with the round before, and the curators' workbook of every response. */
function responseReadRoutes(app: Hono, db: Db): void {
  app.get('/campaigns/:slug/responses/:region/compare', async (c) => {
    const actor = c.get('actor');
    const slug = c.req.param('slug');
    const region = c.req.param('region');
    let view: Awaited<ReturnType<typeof regionComparison>>;
    try {
      view = await regionComparison(db, actor, slug, region);
    } catch (e) {
      if (actor.kind === 'visitor' && isAppError(e, 'unauthenticated')) return toSignIn(c);
      throw e;
    }
    const names = await regionNames(db);
    return c.html(
      comparisonPage({
        view,
        questionnaire: view.questionnaire,
        regionName: names.get(region) ?? region,
      }),
    );
  });
  app.get('/campaigns/:slug/responses.xlsx', async (c) => {
    const actor = c.get('actor');
    if (actor.kind === 'visitor') return toSignIn(c);
    const slug = c.req.param('slug');
    const file = await campaignWorkbook(db, actor, slug, currentLocale());
    return c.body(new Uint8Array(file), 200, {
      'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'Content-Disposition': `attachment; filename="${slug}-responses.xlsx"`,
      'Cache-Control': 'private, no-store',
    });
  });
}

/**
 * The campaign pages: the list, a new campaign (curators), a campaign's page with its dashboard
 * and moves, and the comparison of a region's response with the round before.
 */
export function campaignPageRoutes(db: Db, o: AccountRouteOptions): Hono {
  const app = new Hono();
  app.get('/campaigns', async (c) => {
    const [summaries, questionnaires] = await Promise.all([
      campaignSummaries(db),
      listQuestionnaires(db.kysely),
    ]);
    return c.html(
      campaignListPage({ summaries, questionnaires, curator: isCurator(c.get('actor')) }),
    );
  });
  newCampaignRoutes(app, db, o);
  campaignRoutes(app, db, o);
  responseReadRoutes(app, db);
  return app;
}
