import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Db } from '../../db/connect.ts';
import { BARRIERS } from '../../domain/codes.ts';
import { unknownValue } from '../../domain/errors.ts';
import {
  getRecommendation,
  recommendationCatalogue,
  recommendationSourceTitles,
  recommendationsForBarrier,
  recommendationsForRegion,
} from '../../services/recommendations.ts';
import type { OriginOptions } from '../origin.ts';
import {
  recommendationCountsJson,
  recommendationJson,
  recommendationViewJson,
  regionRecommendationsJson,
} from './presenters.ts';
import {
  errorResponses,
  idParam,
  okJson,
  PageQuery,
  pageExample,
  pageOf,
  paginate,
  repeatableQuery,
} from './schemas.ts';
import { checkedTextSchema, checkedTranslationSchema, LangParam } from './translation-schemas.ts';

const TAG = 'Recommendations';

const SourceSchema = z.object({
  source: z.string(),
  title: z.string().nullable(),
  section: z.string().optional(),
  row: z.string().optional(),
  note: z.string().optional(),
});

const RecommendationTextSchema = checkedTextSchema('recommendation', 'RecommendationText');

const RecommendationSchema = z
  .object({
    slug: z.string(),
    title: z.string(),
    text: z.string().openapi({ description: "the recommendation in the atlas's own words" }),
    kind: z.string().openapi({
      description:
        'way_forward, joint_roadmap (D6.1), regional_outlook (a fact sheet), pillar_next_step (EP PerMed), icpermed, ec_action',
    }),
    level: z.string().openapi({ description: 'european, national or regional' }),
    language: z.string().openapi({ example: 'en' }),
    pillar: z.string().nullable().openapi({ description: 'EP PerMed pillar code (P1 to P5)' }),
    actorsNamed: z.string().nullable(),
    quote: z
      .object({
        text: z.string(),
        source: z.string(),
        section: z.string(),
        page: z.string().optional(),
        note: z.string().optional(),
      })
      .nullable()
      .openapi({ description: 'a verbatim passage of the source, with where it is from' }),
    barriers: z.array(z.string()).openapi({ description: 'codes of the barriers it addresses' }),
    actors: z.array(z.string()).openapi({ description: 'stakeholder groups it names' }),
    regions: z.array(z.string()).openapi({ description: 'places it is made for' }),
    sources: z.array(SourceSchema),
    updatedAt: z.string(),
    version: z.number().int(),
    texts: z.object({ title: RecommendationTextSchema, text: RecommendationTextSchema }).openapi({
      description:
        'title and text in the asked language (`lang`, else Accept-Language) where a curator approved a translation, else in the original language; each says its language, and a translation whose original changed since is flagged outdated',
    }),
    translations: z
      .array(checkedTranslationSchema('recommendation', 'RecommendationTranslation'))
      .openapi({
        description:
          'every approved translation of the title and text, each with the version it was made from and whether its original changed since',
      }),
  })
  .openapi('Recommendation');

const EXAMPLE = {
  slug: 'eppermed-p2-courses-patient-organisations',
  title: 'Train patient and citizen organisations in personalised medicine',
  text: 'EP PerMed plans online courses for organisations representing patients or citizens.',
  kind: 'pillar_next_step',
  level: 'european',
  language: 'en',
  pillar: 'P2',
  actorsNamed: null,
  quote: null,
  barriers: ['B11'],
  actors: ['patient_organisation'],
  regions: [],
  sources: [
    { source: 'eppermed-article', title: 'EP PerMed article', section: '2. Patient Engagement' },
  ],
  updatedAt: '2026-01-01T00:00:00.000Z',
  version: 1,
  texts: {
    title: {
      text: 'Formar les organitzacions de pacients i de ciutadans en medicina personalitzada',
      language: 'ca',
      translatedBy: 'Jordi Puig',
    },
    text: {
      text: 'EP PerMed plans online courses for organisations representing patients or citizens.',
      language: 'en',
    },
  },
  translations: [
    {
      field: 'title',
      language: 'ca',
      text: 'Formar les organitzacions de pacients i de ciutadans en medicina personalitzada',
      translatedBy: 'Jordi Puig',
      reviewedBy: 'Curator',
      updatedAt: '2026-02-01T00:00:00.000Z',
      madeFromVersion: 1,
      outdated: false,
    },
  ],
};

const ListSchema = pageOf(RecommendationSchema, 'RecommendationPage')
  .extend({
    counts: z
      .object({
        source: z.record(z.string(), z.number().int()),
        barrier: z.record(z.string(), z.number().int()),
        actor: z.record(z.string(), z.number().int()),
      })
      .openapi({ description: 'for each filter value, how many match it with the other filters' }),
  })
  .openapi('RecommendationPage');

const RegionRecommendationsSchema = z
  .object({
    region: z.string(),
    barriers: z.array(z.string()).openapi({ description: 'barriers its fact sheet reports' }),
    forPlace: z.array(RecommendationSchema),
    forBarriers: z.array(
      z.object({ recommendation: RecommendationSchema, shared: z.array(z.string()) }),
    ),
  })
  .openapi('RegionRecommendations');

/** The operations on recommendations. */
export const recommendationRoutes = {
  list: createRoute({
    method: 'get',
    path: '/api/v1/recommendations',
    operationId: 'listRecommendations',
    tags: [TAG],
    summary: 'The recommendations of the sources',
    description:
      'Recommendations in slug order with the filters of the /recommendations page: source document, barrier addressed and stakeholder group named.',
    request: {
      query: z.object({
        source: repeatableQuery(
          'recommendations citing any of these source documents',
          'eppermed-article',
        ),
        barrier: repeatableQuery(
          'recommendations addressing any of these barriers (B01 to B17)',
          'B11',
        ),
        actor: repeatableQuery(
          'recommendations naming any of these stakeholder groups',
          'industry',
        ),
        lang: LangParam,
        ...PageQuery.shape,
      }),
    },
    responses: {
      200: okJson(ListSchema, 'One page of recommendations with filter counts', {
        ...pageExample('/api/v1/recommendations?barrier=B11', EXAMPLE),
        counts: { source: { 'eppermed-article': 1 }, barrier: { B11: 1 }, actor: {} },
      }),
      ...errorResponses('/api/v1/recommendations', {
        invalid: unknownValue(
          'barrier',
          'B99',
          BARRIERS.map((b) => b.code),
        ),
      }),
    },
  }),
  get: createRoute({
    method: 'get',
    path: '/api/v1/recommendations/{slug}',
    operationId: 'getRecommendation',
    tags: [TAG],
    summary: 'One recommendation',
    description:
      'A recommendation with its sources and the regions whose fact sheets report the barriers it addresses; with `lang` (or Accept-Language) its title and text in that language where translated, and every approved translation. A translation whose original changed after it was made is flagged `outdated`.',
    request: {
      params: idParam('slug', "the recommendation's stable id", EXAMPLE.slug),
      query: z.object({ lang: LangParam }),
    },
    responses: {
      200: okJson(
        RecommendationSchema.extend({
          relatedRegions: z.array(z.object({ region: z.string(), shared: z.array(z.string()) })),
        }).openapi('RecommendationDetail'),
        'The recommendation',
        { ...EXAMPLE, relatedRegions: [{ region: 'BE2', shared: ['B11'] }] },
      ),
      ...errorResponses('/api/v1/recommendations/no-such', {
        notFound: 'there is no recommendation "no-such"; see the list of recommendations',
      }),
    },
  }),
  forBarrier: createRoute({
    method: 'get',
    path: '/api/v1/barriers/{code}/recommendations',
    operationId: 'listBarrierRecommendations',
    tags: [TAG],
    summary: 'What is recommended for a barrier',
    description: 'Every recommendation that addresses the barrier, as its page lists them.',
    request: {
      params: idParam('code', 'barrier code, B01 to B17', 'B11'),
      query: z.object({ lang: LangParam }),
    },
    responses: {
      200: okJson(
        z.object({ barrier: z.string(), recommendations: z.array(RecommendationSchema) }),
        'The recommendations addressing the barrier',
        { barrier: 'B11', recommendations: [EXAMPLE] },
      ),
      ...errorResponses('/api/v1/barriers/B99/recommendations', {
        notFound: 'there is no barrier "B99"; barriers are numbered B01 to B17',
      }),
    },
  }),
  forRegion: createRoute({
    method: 'get',
    path: '/api/v1/regions/{code}/recommendations',
    operationId: 'listRegionRecommendations',
    tags: [TAG],
    summary: 'What is recommended for a region',
    description:
      'Recommendations made for the region or its country, and European-level ones addressing the barriers its fact sheet reports (most shared first), as its page shows them.',
    request: {
      params: idParam('code', 'region code (NUTS or ISO 3166)', 'ES51'),
      query: z.object({ lang: LangParam }),
    },
    responses: {
      200: okJson(RegionRecommendationsSchema, 'What is recommended for the region', {
        region: 'ES51',
        barriers: ['B01', 'B05', 'B08', 'B10', 'B13'],
        forPlace: [],
        forBarriers: [{ recommendation: EXAMPLE, shared: ['B10'] }],
      }),
      ...errorResponses('/api/v1/regions/XX9/recommendations', {
        notFound: 'there is no region "XX9"; see the list of regions',
      }),
    },
  }),
};

/** Mounts the recommendation operations. */
export function mountRecommendations(app: OpenAPIHono, db: Db, options: OriginOptions): void {
  app.openapi(recommendationRoutes.list, async (c) => {
    const { page, pageSize } = c.req.valid('query');
    const catalogue = await recommendationCatalogue(db, c.req.queries());
    const items = catalogue.recommendations.map((r) =>
      recommendationJson(r, catalogue.sourceTitles),
    );
    return c.json(
      {
        ...paginate(c, options, items, page, pageSize),
        counts: recommendationCountsJson(catalogue),
      },
      200,
    );
  });
  app.openapi(recommendationRoutes.get, async (c) =>
    c.json(recommendationViewJson(await getRecommendation(db, c.req.valid('param').slug)), 200),
  );
  app.openapi(recommendationRoutes.forBarrier, async (c) => {
    const code = c.req.valid('param').code;
    const [list, sourceTitles] = await Promise.all([
      recommendationsForBarrier(db, code),
      recommendationSourceTitles(db),
    ]);
    return c.json(
      { barrier: code, recommendations: list.map((r) => recommendationJson(r, sourceTitles)) },
      200,
    );
  });
  app.openapi(recommendationRoutes.forRegion, async (c) => {
    const code = c.req.valid('param').code;
    const [found, sourceTitles] = await Promise.all([
      recommendationsForRegion(db, code),
      recommendationSourceTitles(db),
    ]);
    return c.json(regionRecommendationsJson(found, sourceTitles), 200);
  });
}
