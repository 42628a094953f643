import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Db } from '../../db/connect.ts';
import { type Actor, VISITOR } from '../../domain/accounts.ts';
import {
  CAMPAIGN_STATES,
  type CampaignMove,
  RESPONSE_MOVES,
  RESPONSE_STATES,
  type ResponseMove,
} from '../../domain/campaigns.ts';
import { invalidParameter } from '../../domain/errors.ts';
import { Questionnaire, ResponseAnswers } from '../../domain/questionnaires.ts';
import { campaignDashboard, regionComparison } from '../../services/campaign-dashboard.ts';
import { sendInvitations } from '../../services/campaign-mail.ts';
import type { MoveOutcome } from '../../services/campaign-publish.ts';
import {
  commentOnResponse,
  getResponse,
  moveResponse,
  type ResponseView,
  saveResponse,
} from '../../services/campaign-responses.ts';
import {
  changeCampaignWindow,
  createCampaign,
  listQuestionnaires,
  moveCampaign,
  type NewCampaign,
  questionnaireOf,
} from '../../services/campaigns.ts';
import type { Mailer } from '../../services/mail.ts';
import { siteOrigin } from '../origin.ts';
import {
  ifMatch,
  jsonBody,
  SECURITY,
  sameSiteUnlessToken,
  writeProblems,
} from './contributions.ts';
import { dashboardJson, responseJson, roundComparisonJson } from './presenters.ts';
import { errorResponses, okJson } from './schemas.ts';

const TAG = 'Campaigns';
const SLUG = 'survey-2026';
const REGION = 'ES51';
const ONE = '/api/v1/campaigns/{slug}/responses/{region}';
const at = (path: string) =>
  path.replace('{slug}', SLUG).replace('{region}', REGION).replace('{version}', '1');

const ResponseParams = z.object({
  slug: z.string().openapi({ param: { description: "the campaign's slug" }, example: SLUG }),
  region: z.string().openapi({ param: { description: 'the region code' }, example: REGION }),
});
const SlugParam = ResponseParams.pick({ slug: true });

const Problem = z.object({ path: z.string(), message: z.string() });
export const ResponseSchema = z
  .object({
    campaign: z.string(),
    region: z.string(),
    state: z.enum(['not_started', ...RESPONSE_STATES]),
    revision: z.number().int().openapi({
      description: 'send it back (If-Match) with the next save; 0 before the first save',
    }),
    questionnaire: z.object({ slug: z.string(), version: z.number().int() }),
    answers: ResponseAnswers,
    problems: z.array(Problem).openapi({
      description: 'what breaks the rules now; a draft may have problems, a submission may not',
    }),
    completeness: z.object({
      percent: z.number().int(),
      requiredAnswers: z.number().int(),
      givenAnswers: z.number().int(),
      sections: z.array(
        z.object({
          key: z.string(),
          items: z.number().int(),
          min: z.number().int().optional(),
          max: z.number().int().optional(),
        }),
      ),
    }),
    comments: z.array(
      z.object({
        path: z.string().nullable(),
        body: z.string(),
        author: z.string(),
        at: z.string(),
      }),
    ),
    updatedAt: z.string().nullable(),
    updatedBy: z.string().nullable(),
    submittedAt: z.string().nullable(),
    acceptedAt: z.string().nullable(),
    refusal: z.string().nullable().openapi({ description: 'why answers cannot change now' }),
    duplicates: z
      .array(z.object({ path: z.string(), slug: z.string(), name: z.string(), detail: z.string() }))
      .openapi({
        description:
          'new items (section.item) that look like an initiative the atlas has, matched as an import matches its rows',
      }),
    links: z.object({
      self: z.string(),
      form: z.string(),
      workbook: z.string(),
      comparison: z.string(),
    }),
    outcome: z
      .object({
        published: z.record(z.string(), z.number().int()).optional(),
        toClassify: z.array(z.string()).optional(),
        uncoded: z.array(z.string()).optional(),
      })
      .optional()
      .openapi({
        description:
          'after accept: records published by kind, new initiatives waiting for classification, "other" barriers to code',
      }),
  })
  .openapi('CampaignResponse');

const RESPONSE_EXAMPLE = {
  campaign: SLUG,
  region: REGION,
  state: 'draft' as const,
  revision: 3,
  questionnaire: { slug: 'preciseu-initiative-survey', version: 1 },
  answers: {
    initiatives: [
      { ref: 'atmp-catalonia', carry: 'unchanged' as const, answers: { name: 'ATMP Catalonia' } },
    ],
  },
  problems: [{ path: 'initiatives', message: 'give at least 5 initiatives (now 1)' }],
  completeness: {
    percent: 99,
    requiredAnswers: 4,
    givenAnswers: 4,
    sections: [{ key: 'initiatives', items: 1, min: 5, max: 10 }],
  },
  comments: [],
  updatedAt: '2026-12-05T10:00:00.000Z',
  updatedBy: 'contributor-3',
  submittedAt: null,
  acceptedAt: null,
  refusal: null,
  duplicates: [],
  links: {
    self: at(ONE),
    form: `/campaigns/${SLUG}/responses/${REGION}`,
    workbook: `/campaigns/${SLUG}/responses/${REGION}/workbook.xlsx`,
    comparison: `${at(ONE)}/comparison`,
  },
};

const Unauthenticated = { unauthenticated: 'sign in first: this needs an account' };
/** What the API answers for a campaign it does not have (the instance of each 404 example). */
const NO_CAMPAIGN =
  'there is no campaign "no-such-campaign"; the campaigns are preciseu-barrier-mapping-2025, preciseu-initiative-mapping-2025';
const NoResponse = { ...Unauthenticated, notFound: NO_CAMPAIGN };
const missing = (path: string) =>
  path.replace('{slug}', 'no-such-campaign').replace('{region}', REGION);

const MoveBody = z.object({
  note: z
    .string()
    .max(5000)
    .optional()
    .openapi({ description: 'required to request changes (or comments)' }),
  comments: z
    .array(z.object({ path: z.string().max(200), body: z.string().min(1).max(5000) }))
    .max(200)
    .optional()
    .openapi({ description: 'comments on single answers (section.item.question)' }),
});

const CreateBody = z
  .object({
    slug: z.string(),
    kind: z.string(),
    title: z.string(),
    description: z.string().optional(),
    questionnaire: z.object({ slug: z.string(), version: z.number().int() }),
    opensAt: z.string().optional(),
    closesAt: z.string(),
    reminderDays: z.array(z.number().int()).optional(),
    regions: z.array(z.string()),
    rules: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
    languages: z.array(z.string()).optional(),
    previous: z.string().optional(),
  })
  .openapi('NewCampaign');

const MovedSchema = z
  .object({
    state: z.enum(CAMPAIGN_STATES),
    invitations: z
      .object({
        sent: z.number().int(),
        failed: z.array(z.object({ to: z.string(), reason: z.string() })),
      })
      .nullable()
      .openapi({ description: 'the invitation mails sent when the campaign opened' }),
  })
  .openapi('CampaignMoved');

const DashboardSchema = z
  .object({
    campaign: z.string(),
    totals: z.object({
      invited: z.number().int(),
      started: z.number().int(),
      submitted: z.number().int(),
      accepted: z.number().int(),
      itemsOk: z.number().int().openapi({ description: 'started responses within the item rule' }),
    }),
    regions: z.array(
      z.object({
        region: z.string(),
        name: z.string(),
        invitedAt: z.string().nullable(),
        state: z.enum(['not_started', ...RESPONSE_STATES]),
        items: z
          .object({
            count: z.number().int(),
            min: z.number().int().optional(),
            max: z.number().int().optional(),
          })
          .nullable(),
        percent: z.number().int(),
        problems: z.number().int(),
        lastActivity: z.string().nullable(),
        submittedAt: z.string().nullable(),
        acceptedAt: z.string().nullable(),
      }),
    ),
  })
  .openapi('CampaignDashboard');

const names = z.array(z.string());
const ComparisonSchema = z
  .object({
    campaign: z.string(),
    previous: z.string().nullable(),
    region: z.string(),
    items: z.object({
      new: names,
      closed: names,
      changed: z.array(z.object({ ref: z.string(), name: z.string(), fields: names })),
      unchanged: names,
      dropped: names,
    }),
    barriers: z.object({ added: names, dropped: names, kept: names }),
    sections: z.array(
      z.object({ key: z.string(), before: z.number().int(), after: z.number().int() }),
    ),
  })
  .openapi('RoundComparison');

const QuestionnaireSchema = Questionnaire;
const QUESTIONNAIRE_EXAMPLE = {
  slug: 'preciseu-initiative-survey',
  version: 1,
  kind: 'initiative_mapping',
  title: { en: 'Survey of personalised-medicine initiatives' },
  instructions: { en: 'One consolidated response per region, with 5 to 10 initiatives.' },
  sections: [
    {
      key: 'initiatives',
      title: { en: 'Initiatives' },
      repeat: true,
      itemsRule: true,
      carry: 'initiatives' as const,
      questions: [{ key: 'name', type: 'text' as const, label: { en: 'Name' }, required: true }],
    },
  ],
  sources: [{ source: 'preciseu-d3-1', section: '1 Methodology' }],
};

function responseMoveRoute(move: ResponseMove) {
  return createRoute({
    method: 'post',
    path: `${ONE}/${move}`,
    operationId: {
      submit: 'submitResponse',
      'request-changes': 'requestChangesToResponse',
      accept: 'acceptResponse',
    }[move],
    tags: [TAG],
    summary: {
      submit: 'Submit a response',
      'request-changes': 'Send a response back to its region',
      accept: 'Accept a response',
    }[move],
    description: {
      submit:
        "The region's coordinators submit its response before the campaign closes; refused (422) while any answer breaks the rules, and (409) after the closing day.",
      'request-changes':
        'Curators send a submitted response back, saying what to change in `note` or `comments`.',
      accept:
        "Curators accept a submitted response: the round's records are published (initiatives updated, new ones queued for classification; a regional report, its practices, interview counts and workshop).",
    }[move],
    security: SECURITY,
    request: {
      params: ResponseParams,
      body: { required: false, content: { 'application/json': { schema: MoveBody } } },
    },
    responses: {
      200: okJson(ResponseSchema, 'The response in its new state', {
        ...RESPONSE_EXAMPLE,
        state: RESPONSE_MOVES[move].to,
      }),
      ...errorResponses(missing(`${ONE}/${move}`), NoResponse),
      ...writeProblems(at(`${ONE}/${move}`)),
    },
  });
}

function campaignMoveRoute(move: CampaignMove) {
  return createRoute({
    method: 'post',
    path: `/api/v1/campaigns/{slug}/${move}`,
    operationId: `${move}Campaign`,
    tags: [TAG],
    summary: { open: 'Open a campaign', close: 'Close a campaign', publish: 'Publish a campaign' }[
      move
    ],
    description:
      'Curators move a campaign: open (draft or closed → open; invites the coordinators of every invited region not invited yet), close (open → closed), publish (closed → published). Each move is logged.',
    security: SECURITY,
    request: { params: SlugParam },
    responses: {
      200: okJson(MovedSchema, 'The new state', {
        state: 'open',
        invitations: { sent: 4, failed: [] },
      }),
      ...errorResponses(missing(`/api/v1/campaigns/{slug}/${move}`), NoResponse),
      ...writeProblems(at(`/api/v1/campaigns/{slug}/${move}`)),
    },
  });
}

/** The documented campaign-running operations. */
export const campaignRoutes = {
  questionnaires: createRoute({
    method: 'get',
    path: '/api/v1/questionnaires',
    operationId: 'listQuestionnaires',
    tags: [TAG],
    summary: 'Questionnaires',
    description:
      'Every stored questionnaire version: its sections, questions, help texts (en, es, de) and rules.',
    responses: {
      200: okJson(z.object({ items: z.array(QuestionnaireSchema) }), 'The questionnaires', {
        items: [QUESTIONNAIRE_EXAMPLE],
      }),
      ...errorResponses('/api/v1/questionnaires'),
    },
  }),
  questionnaire: createRoute({
    method: 'get',
    path: '/api/v1/questionnaires/{slug}/{version}',
    operationId: 'getQuestionnaire',
    tags: [TAG],
    summary: 'One questionnaire version',
    description:
      'A version never changes once stored: answers given under it are read with its questions.',
    request: {
      params: z.object({
        slug: z.string().openapi({
          param: { description: 'the questionnaire' },
          example: 'preciseu-initiative-survey',
        }),
        version: z.coerce
          .number()
          .int()
          .min(1)
          .openapi({ param: { description: 'its version' }, example: 1 }),
      }),
    },
    responses: {
      200: okJson(QuestionnaireSchema, 'The questionnaire', QUESTIONNAIRE_EXAMPLE),
      ...errorResponses('/api/v1/questionnaires/no-such/1', {
        notFound:
          'there is no questionnaire "no-such v1"; the questionnaires are preciseu-initiative-survey v1, preciseu-regional-report v1',
      }),
    },
  }),
  create: createRoute({
    method: 'post',
    path: '/api/v1/campaigns',
    operationId: 'createCampaign',
    tags: [TAG],
    summary: 'Create a campaign',
    description:
      'Curators create a campaign in the draft state: kind, title, questionnaire version, window, reminder days, invited regions, rules (e.g. minItemsPerRegion, maxItemsPerRegion), languages and the round before.',
    security: SECURITY,
    request: { body: { required: true, content: { 'application/json': { schema: CreateBody } } } },
    responses: {
      201: okJson(MovedSchema, 'Created; Location names it', { state: 'draft', invitations: null }),
      ...errorResponses('/api/v1/campaigns', Unauthenticated),
      ...writeProblems('/api/v1/campaigns'),
    },
  }),
  change: createRoute({
    method: 'patch',
    path: '/api/v1/campaigns/{slug}',
    operationId: 'changeCampaignWindow',
    tags: [TAG],
    summary: "Move a campaign's closing date, reminders or invite more regions",
    description:
      'Curators change a campaign that is not yet published: a later (or earlier) closing date when a region needs more time, the reminder days, and more invited regions (regions once invited stay; an open campaign mails the new ones their invitation). Each change is logged.',
    security: SECURITY,
    request: {
      params: SlugParam,
      body: {
        required: true,
        content: {
          'application/json': {
            schema: z.object({
              closesAt: z.string().optional(),
              reminderDays: z.array(z.number().int()).optional(),
              addRegions: z.array(z.string()).optional(),
            }),
          },
        },
      },
    },
    responses: {
      200: okJson(MovedSchema, 'The campaign as changed; invitations sent to new regions', {
        state: 'open',
        invitations: { sent: 2, failed: [] },
      }),
      ...errorResponses(missing('/api/v1/campaigns/{slug}'), NoResponse),
      ...writeProblems(missing('/api/v1/campaigns/{slug}')),
    },
  }),
  open: campaignMoveRoute('open'),
  close: campaignMoveRoute('close'),
  publish: campaignMoveRoute('publish'),
  dashboard: createRoute({
    method: 'get',
    path: '/api/v1/campaigns/{slug}/dashboard',
    operationId: 'getCampaignDashboard',
    tags: [TAG],
    summary: "A campaign's progress by region",
    description:
      'For curators: per invited region, invitation, state, items against the rule, completeness, problems and last activity, with totals.',
    security: SECURITY,
    request: { params: SlugParam },
    responses: {
      200: okJson(DashboardSchema, 'The dashboard', {
        campaign: SLUG,
        totals: { invited: 3, started: 2, submitted: 1, accepted: 1, itemsOk: 2 },
        regions: [],
      }),
      ...errorResponses(missing('/api/v1/campaigns/{slug}/dashboard'), NoResponse),
      403: writeProblems(SLUG)[403],
    },
  }),
  response: createRoute({
    method: 'get',
    path: ONE,
    operationId: 'getResponse',
    tags: [TAG],
    summary: "A region's response",
    description:
      "For the region's coordinators and curators: the answers (prefilled from the atlas and the round before when not started), problems against the rules, completeness, comments and revision (also the ETag).",
    security: SECURITY,
    request: { params: ResponseParams },
    responses: {
      200: okJson(ResponseSchema, 'The response', RESPONSE_EXAMPLE),
      ...errorResponses(missing(ONE), NoResponse),
      403: writeProblems(at(ONE))[403],
    },
  }),
  save: createRoute({
    method: 'put',
    path: ONE,
    operationId: 'saveResponse',
    tags: [TAG],
    summary: "Save a region's answers",
    description:
      'Replaces the answers. If-Match must carry the revision the answers were made on ("0" before the first save); a save on an older revision is a 409 and nothing is overwritten. A draft may break the rules (its problems are listed); answers that do not fit the questionnaire, or a campaign that is not open, are refused.',
    security: SECURITY,
    request: {
      params: ResponseParams,
      headers: z.object({
        'if-match': z
          .string()
          .max(20)
          .openapi({ param: { description: 'the revision edited' }, example: '"3"' }),
      }),
      body: {
        required: true,
        content: { 'application/json': { schema: z.object({ answers: ResponseAnswers }) } },
      },
    },
    responses: {
      200: okJson(ResponseSchema, 'The response as saved', { ...RESPONSE_EXAMPLE, revision: 4 }),
      ...errorResponses(missing(ONE), NoResponse),
      ...writeProblems(at(ONE)),
    },
  }),
  submit: responseMoveRoute('submit'),
  requestChanges: responseMoveRoute('request-changes'),
  accept: responseMoveRoute('accept'),
  comment: createRoute({
    method: 'post',
    path: `${ONE}/comments`,
    operationId: 'commentOnResponse',
    tags: [TAG],
    summary: 'Comment on a response',
    description:
      'Curators comment on one answer (`path`: section.item.question), a section, or the whole (no path).',
    security: SECURITY,
    request: {
      params: ResponseParams,
      body: {
        required: true,
        content: {
          'application/json': {
            schema: z.object({
              path: z.string().max(200).optional(),
              body: z.string().min(1).max(5000),
            }),
          },
        },
      },
    },
    responses: {
      200: okJson(ResponseSchema, 'The response with the comment', RESPONSE_EXAMPLE),
      ...errorResponses(missing(`${ONE}/comments`), NoResponse),
      ...writeProblems(at(`${ONE}/comments`)),
    },
  }),
  comparison: createRoute({
    method: 'get',
    path: `${ONE}/comparison`,
    operationId: 'compareResponse',
    tags: [TAG],
    summary: 'A response compared with the round before',
    description:
      'New, closed, changed, unchanged and dropped initiatives (or practices), barriers added and dropped, and item counts per section. Public once the response is accepted.',
    request: { params: ResponseParams },
    responses: {
      200: okJson(ComparisonSchema, 'The comparison', {
        campaign: SLUG,
        previous: 'preciseu-initiative-mapping-2025',
        region: REGION,
        items: {
          new: ['Catalan Genomics Hub'],
          closed: [],
          changed: [],
          unchanged: [],
          dropped: [],
        },
        barriers: { added: [], dropped: [], kept: [] },
        sections: [{ key: 'initiatives', before: 28, after: 6 }],
      }),
      ...errorResponses(missing(`${ONE}/comparison`), { notFound: NO_CAMPAIGN }),
    },
  }),
};

/** The revision an If-Match names, or a 400 saying what to send. */
function revisionOf(c: Context): number {
  const tag = ifMatch(c);
  const n = Number(tag);
  if (tag === undefined || !/^\d+$/.test(tag) || !Number.isSafeInteger(n))
    throw invalidParameter(
      'if-match',
      'send If-Match with the revision you edited ("0" for a response not started yet)',
    );
  return n;
}

function answer(c: Context, v: ResponseView, outcome?: MoveOutcome) {
  c.header('Cache-Control', 'private, no-store');
  c.header('ETag', `"${v.revision}"`);
  if (v.updatedAt) c.header('Last-Modified', new Date(v.updatedAt).toUTCString());
  return c.json(
    { ...responseJson(v), ...(outcome && Object.keys(outcome).length ? { outcome } : {}) },
    200,
  );
}

const regionOf = (c: Context) => ({
  slug: c.req.param('slug') as string,
  region: c.req.param('region') as string,
});

/** Mounts the questionnaire reads and the campaign-running writes. */
export function mountCampaigns(
  app: OpenAPIHono,
  db: Db,
  options: { publicUrl?: string; trustedHosts?: readonly string[]; mailer?: Mailer },
) {
  const actorOf = (c: Context): Actor => c.get('actor') ?? VISITOR;
  /** Invites the regions of an open campaign not invited yet (null when the app has no mailer). */
  const invite = (c: Context, slug: string) =>
    options.mailer
      ? sendInvitations(db, options.mailer, actorOf(c), slug, siteOrigin(c.req.url, options))
      : null;
  app.openapi(campaignRoutes.questionnaires, async (c) =>
    c.json({ items: await listQuestionnaires(db.kysely) }, 200),
  );
  app.openapi(campaignRoutes.questionnaire, async (c) => {
    const { slug, version } = c.req.valid('param');
    return c.json(await questionnaireOf(db.kysely, slug, version), 200);
  });
  app.post('/api/v1/campaigns', async (c) => {
    sameSiteUnlessToken(c, options.publicUrl);
    const body = (await jsonBody(c, true)) as unknown as NewCampaign;
    const made = await createCampaign(db, actorOf(c), body);
    c.header('Location', `/api/v1/campaigns/${made.slug}`);
    c.header('Cache-Control', 'private, no-store');
    return c.json({ state: made.state, invitations: null }, 201);
  });
  app.patch('/api/v1/campaigns/:slug', async (c) => {
    sameSiteUnlessToken(c, options.publicUrl);
    const slug = c.req.param('slug');
    const body = await jsonBody(c, true);
    const list = <T>(v: unknown, ok: (x: unknown) => x is T): T[] | undefined =>
      Array.isArray(v) && v.every(ok) ? v : undefined;
    const changed = await changeCampaignWindow(db, actorOf(c), slug, {
      ...(typeof body.closesAt === 'string' && { closesAt: body.closesAt }),
      reminderDays: list(body.reminderDays, (x): x is number => Number.isInteger(x)),
      addRegions: list(body.addRegions, (x): x is string => typeof x === 'string'),
    });
    const invitations = changed.state === 'open' ? await invite(c, slug) : null;
    c.header('Cache-Control', 'private, no-store');
    return c.json({ state: changed.state, invitations }, 200);
  });
  for (const move of ['open', 'close', 'publish'] as const)
    app.post(`/api/v1/campaigns/:slug/${move}`, async (c) => {
      sameSiteUnlessToken(c, options.publicUrl);
      const slug = c.req.param('slug');
      const state = await moveCampaign(db, actorOf(c), slug, move);
      const invitations = move === 'open' ? await invite(c, slug) : null;
      c.header('Cache-Control', 'private, no-store');
      return c.json({ state, invitations }, 200);
    });
  app.get('/api/v1/campaigns/:slug/dashboard', async (c) => {
    c.header('Cache-Control', 'private, no-store');
    return c.json(dashboardJson(await campaignDashboard(db, actorOf(c), c.req.param('slug'))), 200);
  });
  mountResponses(app, db, options, actorOf);
}

function mountResponses(
  app: OpenAPIHono,
  db: Db,
  options: { publicUrl?: string },
  actorOf: (c: Context) => Actor,
) {
  const one = '/api/v1/campaigns/:slug/responses/:region';
  app.get(one, async (c) => {
    const { slug, region } = regionOf(c);
    return answer(c, await getResponse(db, actorOf(c), slug, region));
  });
  app.put(one, async (c) => {
    sameSiteUnlessToken(c, options.publicUrl);
    const { slug, region } = regionOf(c);
    const revision = revisionOf(c);
    const body = await jsonBody(c, true);
    return answer(
      c,
      await saveResponse(db, actorOf(c), slug, region, { answers: body.answers, revision }),
    );
  });
  for (const move of Object.keys(RESPONSE_MOVES) as ResponseMove[])
    app.post(`${one}/${move}`, async (c) => {
      sameSiteUnlessToken(c, options.publicUrl);
      const { slug, region } = regionOf(c);
      const body = MoveBody.safeParse(await jsonBody(c, false));
      if (!body.success)
        throw invalidParameter(
          'body',
          'send {"note": "…", "comments": [{"path", "body"}]} or nothing',
        );
      const tag = ifMatch(c);
      const { view, outcome } = await moveResponse(db, actorOf(c), slug, region, move, {
        ...body.data,
        ...(tag !== undefined && { revision: Number(tag) }),
      });
      return answer(c, view, outcome);
    });
  app.post(`${one}/comments`, async (c) => {
    sameSiteUnlessToken(c, options.publicUrl);
    const { slug, region } = regionOf(c);
    const body = await jsonBody(c, true);
    if (typeof body.body !== 'string')
      throw invalidParameter(
        'body',
        'send {"body": "the comment", "path": "section.item.question"}',
      );
    const path = typeof body.path === 'string' && body.path ? body.path : null;
    return answer(
      c,
      await commentOnResponse(db, actorOf(c), slug, region, { path, body: body.body }),
    );
  });
  app.get(`${one}/comparison`, async (c) => {
    const { slug, region } = regionOf(c);
    const cmp = await regionComparison(db, actorOf(c), slug, region);
    if (actorOf(c).kind === 'account') c.header('Cache-Control', 'private, no-store');
    return c.json(roundComparisonJson(cmp), 200);
  });
}
