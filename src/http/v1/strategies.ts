import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Db } from '../../db/connect.ts';
import { REVIEW_STATES, type StrategyRecord } from '../../domain/strategies.ts';
import {
  getRegionStrategies,
  getStrategiesView,
  type StatedFigure,
} from '../../services/strategies.ts';
import { errorResponses, idParam, okJson } from './schemas.ts';

const TAG = 'Strategies';

const SourceSchema = z.object({
  source: z.string(),
  section: z.string().optional(),
  row: z.string().optional(),
  note: z.string().optional(),
});

const StrategySchema = z
  .object({
    id: z.number().int(),
    key: z.string(),
    region: z
      .string()
      .openapi({ description: 'region or country code the strategy is filed under' }),
    regionName: z.string(),
    placeName: z
      .string()
      .nullable()
      .openapi({ description: 'the place as printed when it is not a region of the atlas' }),
    title: z.string(),
    periodStart: z.number().int().nullable(),
    periodEnd: z.number().int().nullable(),
    link: z.string().nullable(),
    language: z.string().nullable().openapi({ description: 'ISO 639-1 code of the document' }),
    priorityAreas: z.array(z.string()),
    description: z.string().nullable(),
    document: z
      .object({ name: z.string(), format: z.string(), pages: z.number().int().nullable() })
      .nullable()
      .openapi({ description: 'the document the atlas read, when one was uploaded' }),
    state: z.enum(REVIEW_STATES),
    prioritisesPm: z.boolean().openapi({
      description:
        'true only when a curator confirmed it with the passage in `evidence`: the strategy prioritises personalised medicine',
    }),
    evidence: z
      .object({
        passage: z.string(),
        page: z.number().int().nullable(),
        source: z.string().nullable().openapi({
          description: 'the source the passage is quoted from when it is not the strategy itself',
        }),
        section: z.string().nullable(),
      })
      .nullable(),
    decision: z
      .object({ by: z.string(), at: z.string(), note: z.string().nullable() })
      .nullable()
      .openapi({ description: 'who confirmed or rejected the flag, and when' }),
    sources: z.array(SourceSchema),
    updatedAt: z.string(),
  })
  .openapi('Strategy');

const CountsSchema = z
  .object({
    total: z.number().int(),
    confirmed: z.number().int(),
    awaitingReview: z.number().int(),
    rejected: z.number().int(),
    notAssessed: z.number().int(),
  })
  .openapi('StrategyCounts', { description: "the atlas's own records, counted by state" });

const StatedSchema = z
  .object({
    analysed: z.number().int(),
    prioritising: z.number().int(),
    printedPercent: z.number().nullable(),
    computedPercent: z.number(),
    otherAnalysed: z.number().int().nullable(),
    sources: z.array(SourceSchema),
  })
  .nullable()
  .openapi('StatedStrategyFigure', {
    description:
      'the figure the EC slides state (strategies analysed, those prioritising personalised medicine), null when the atlas lacks it',
  });

const EXAMPLE_STRATEGY: z.input<typeof StrategySchema> = {
  id: 2,
  key: 'emilia-romagna-smart-specialisation-strategy',
  region: 'ITH5',
  regionName: 'Emilia-Romagna',
  placeName: null,
  title: 'Smart Specialisation Strategy of Emilia-Romagna',
  periodStart: null,
  periodEnd: null,
  link: null,
  language: null,
  priorityAreas: ['Precision medicine'],
  description: null,
  document: null,
  state: 'confirmed',
  prioritisesPm: true,
  evidence: {
    passage: 'The region integrates precision medicine into its Smart Specialisation Strategy …',
    page: null,
    source: 'preciseu-d6-1',
    section: 'Emilia-Romagna, Italy',
  },
  decision: { by: 'PerMed Atlas curators (reference data)', at: '2026-12-06', note: null },
  sources: [{ source: 'preciseu-d6-1', section: 'Emilia-Romagna, Italy' }],
  updatedAt: '2026-12-06T00:00:00.000Z',
};

const ListSchema = z
  .object({ stated: StatedSchema, counts: CountsSchema, strategies: z.array(StrategySchema) })
  .openapi('StrategyList');

/** A strategy as the API answers it. */
const strategyJson = (s: StrategyRecord) => ({
  ...s,
  priorityAreas: [...s.priorityAreas],
  sources: s.sources.map((r) => ({ ...r })),
});
const statedJson = (s: StatedFigure | null) =>
  s && { ...s, sources: s.sources.map((r) => ({ ...r })) };

/** The strategy operations. */
export const strategyRoutes = {
  list: createRoute({
    method: 'get',
    path: '/api/v1/strategies',
    operationId: 'listStrategies',
    tags: [TAG],
    summary: 'Regional strategies (RIS3) and whether they prioritise personalised medicine',
    description:
      "Every strategy record, the atlas's count of them by state, and beside it the figure the EC slides state (53 of 135 analysed strategies prioritise personalised medicine). A strategy prioritises personalised medicine only when a curator confirmed it with a quoted passage.",
    responses: {
      200: okJson(ListSchema, 'The strategies', {
        stated: {
          analysed: 135,
          prioritising: 53,
          printedPercent: 38,
          computedPercent: 39.3,
          otherAnalysed: 136,
          sources: [
            { source: 'ec-ris3-slides', section: 'Personalised Medicine in the RIS3 priorities' },
          ],
        },
        counts: { total: 1, confirmed: 1, awaitingReview: 0, rejected: 0, notAssessed: 0 },
        strategies: [EXAMPLE_STRATEGY],
      }),
      ...errorResponses('/api/v1/strategies'),
    },
  }),
  region: createRoute({
    method: 'get',
    path: '/api/v1/regions/{code}/strategies',
    operationId: 'getRegionStrategies',
    tags: [TAG],
    summary: "A region's strategies",
    description:
      'The strategies filed under a region; for a country also those of its regions and of places the atlas files under it.',
    request: { params: idParam('code', 'region or country code, e.g. ITH5', 'ITH5', 60) },
    responses: {
      200: okJson(
        z
          .object({ region: z.string(), strategies: z.array(StrategySchema) })
          .openapi('RegionStrategies'),
        'The strategies',
        { region: 'ITH5', strategies: [EXAMPLE_STRATEGY] },
      ),
      ...errorResponses('/api/v1/regions/XX/strategies', {
        notFound: 'there is no region "XX"; see the list of regions',
      }),
    },
  }),
};

/** Mounts the strategy operations. */
export function mountStrategies(app: OpenAPIHono, db: Db): void {
  app.openapi(strategyRoutes.list, async (c) => {
    const v = await getStrategiesView(db);
    return c.json(
      {
        stated: statedJson(v.stated),
        counts: v.counts,
        strategies: v.strategies.map(strategyJson),
      },
      200,
    );
  });
  app.openapi(strategyRoutes.region, async (c) => {
    const code = c.req.valid('param').code;
    const list = await getRegionStrategies(db, code);
    return c.json({ region: code, strategies: list.map(strategyJson) }, 200);
  });
}
