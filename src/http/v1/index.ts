import { OpenAPIHono } from '@hono/zod-openapi';
import type { Db } from '../../db/connect.ts';
import type { Mailer } from '../../services/mail.ts';
import { problemResponse, toProblem } from '../errors.ts';
import type { ReportFiles } from '../report-files.ts';
import { barrierRoutes, mountBarriers } from './barriers.ts';
import { campaignRoutes, mountCampaigns } from './campaigns.ts';
import { contributionRoutes, mountContributions } from './contributions.ts';
import { engagementRoutes, mountEngagement } from './engagement.ts';
import { goodPracticeRoutes, mountGoodPractices } from './good-practices.ts';
import { initiativeRoutes, mountInitiatives } from './initiatives.ts';
import { meRoutes, mountMe } from './me.ts';
import { rejectUnknownParameters } from './middleware.ts';
import { mountProblems, problemRoutes } from './problems.ts';
import { mountRecommendations, recommendationRoutes } from './recommendations.ts';
import { mountRegions, regionRoutes } from './regions.ts';
import { mountReports, reportRoutes } from './reports.ts';
import { errorResponses, ProblemDocumentSchema, validationHook } from './schemas.ts';
import { mountStatistics, statisticsRoutes } from './statistics.ts';
import { mountStrategies, strategyRoutes } from './strategies.ts';
import { mountTwinning, twinningRoutes } from './twinning.ts';

/** The version of the API contract; a breaking change gets a new /api/vN, not a new number here. */
export const API_VERSION = '1.0.0';

/** Every documented operation of /api/v1 with its Zod schemas (the tests check responses against them). */
export const ROUTES = [
  ...Object.values(initiativeRoutes),
  ...Object.values(regionRoutes),
  ...Object.values(barrierRoutes),
  ...Object.values(goodPracticeRoutes),
  ...Object.values(recommendationRoutes),
  ...Object.values(engagementRoutes),
  ...Object.values(statisticsRoutes),
  ...Object.values(twinningRoutes),
  ...Object.values(reportRoutes),
  ...Object.values(strategyRoutes),
  ...Object.values(meRoutes),
  ...Object.values(contributionRoutes),
  ...Object.values(campaignRoutes),
  ...Object.values(problemRoutes),
];

/** The OpenAPI 3.1 document of /api/v1, built from the routes' Zod schemas alone (no database). */
export function openApiDocument(options: { readonly publicUrl?: string } = {}) {
  const registry = new OpenAPIHono();
  registry.openAPIRegistry.register('ProblemDocument', ProblemDocumentSchema);
  registry.openAPIRegistry.registerComponent('securitySchemes', 'bearerToken', {
    type: 'http',
    scheme: 'bearer',
    description:
      'A personal API token (atlas_pat_…), made on the account page (/account) or with `atlas tokens create`; scopes read or read,write.',
  });
  registry.openAPIRegistry.registerComponent('securitySchemes', 'sessionCookie', {
    type: 'apiKey',
    in: 'cookie',
    name: 'atlas_session',
    description: 'The session of a browser signed in at /sign-in.',
  });
  for (const route of ROUTES) registry.openAPIRegistry.registerPath(route);
  registry.openAPIRegistry.registerPath({
    method: 'get',
    path: '/api/v1/openapi.json',
    operationId: 'getOpenApiDocument',
    tags: ['API'],
    summary: 'This document',
    description:
      'The OpenAPI 3.1 description of /api/v1, generated from the same Zod schemas that validate the requests.',
    responses: {
      200: {
        description: 'The OpenAPI document',
        content: {
          'application/json': { schema: { type: 'object' }, example: { openapi: '3.1.0' } },
        },
      },
      ...errorResponses('/api/v1/openapi.json'),
    },
  });
  return registry.getOpenAPI31Document({
    openapi: '3.1.0',
    info: {
      title: 'PerMed Atlas API',
      version: API_VERSION,
      description:
        'Access to the PerMed Atlas: personalised-medicine initiatives, regions, barriers, evidence, good practices, engagement, campaigns and statistics. Lists are paged (`page`, `pageSize`); errors are RFC 9457 problem documents (application/problem+json) whose `type` is described under /api/v1/problems. A query parameter an operation does not document is a 400 (invalid_parameter) naming it in `parameter` and `unknown` and listing the accepted names in `allowed`; `lang` is accepted everywhere. Reading needs no credentials; a script of a contributor identifies itself with a personal API token (`Authorization: Bearer`, see /api/v1/me). Contributors write with a token of scope write: POST creates a draft, PATCH changes a record as a draft beside the published version, and POST …/submit, …/request-changes, …/publish and …/withdraw move it; drafts are never in the public reads. Other methods are a 405 with an Allow header.',
    },
    servers: options.publicUrl ? [{ url: options.publicUrl, description: 'this atlas' }] : [],
    tags: [
      {
        name: 'Initiatives',
        description: 'Personalised-medicine initiatives: search, filters, records',
      },
      { name: 'Regions', description: 'Regions and countries with their fact sheets' },
      { name: 'Barriers', description: 'The barrier codebook' },
      { name: 'Evidence', description: 'Statements coded to barriers, without who made them' },
      { name: 'Good practices', description: 'Practices that address barriers' },
      { name: 'Engagement', description: 'Interviews and workshops in aggregate' },
      { name: 'Campaigns', description: 'Data-collection rounds and what they produced' },
      { name: 'Statistics', description: 'Counts and cross-tabulations' },
      {
        name: 'Twinning',
        description: 'Who a region could work with or learn from, with scores and reasons',
      },
      {
        name: 'Accounts',
        description: 'Who the credentials of a request (API token or session) belong to',
      },
      { name: 'Problems', description: 'The error codes of problem documents' },
      { name: 'API', description: 'The API description itself' },
    ],
  });
}

/** Options of the versioned API. */
export interface ApiV1Options {
  /** The public origin for absolute links and the document's server (config PUBLIC_URL). */
  readonly publicUrl?: string;
  /** Hosts whose requests may name the origin when PUBLIC_URL is not set (config TRUSTED_HOSTS). */
  readonly trustedHosts?: readonly string[];
  /** Called for every unexpected (500) error, so it can be logged. */
  readonly onError?: (e: unknown) => void;
  /** Sends the invitations when a campaign opens. */
  readonly mailer?: Mailer;
  /** Generates the reports (shared with the report pages, so both answer from one cache). */
  readonly reports: ReportFiles;
}

/** The read-only REST API under /api/v1; invalid parameters and errors are problem documents. */
export function apiV1Routes(db: Db, options: ApiV1Options): OpenAPIHono {
  const app = new OpenAPIHono({ defaultHook: validationHook });
  app.use('/api/v1/*', rejectUnknownParameters(ROUTES));
  mountInitiatives(app, db, options);
  mountRegions(app, db, options);
  mountBarriers(app, db, options);
  mountGoodPractices(app, db, options);
  mountRecommendations(app, db, options);
  mountEngagement(app, db, options);
  mountStatistics(app, db);
  mountTwinning(app, db);
  mountStrategies(app, db);
  mountReports(app, db, options.reports, options);
  mountMe(app, db);
  mountContributions(app, db, options);
  mountCampaigns(app, db, options);
  mountProblems(app);
  const document = openApiDocument(options);
  app.get('/api/v1/openapi.json', (c) => c.json(document));
  app.onError((e, c) => {
    const p = toProblem(e);
    if (p.status >= 500) options.onError?.(e);
    return problemResponse(c, p);
  });
  return app;
}
