import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Db } from '../../db/connect.ts';
import { codesOf, REGION_LEVELS } from '../../domain/codes.ts';
import { unknownValue } from '../../domain/errors.ts';
import { EVIDENCE_KINDS } from '../../domain/prevalence.ts';
import { evidenceKind, getRegionBarriers } from '../../services/prevalence.ts';
import { getRegionView, listRegionsWithCounts } from '../../services/regions.ts';
import type { OriginOptions } from '../origin.ts';
import { regionBarriersJson, regionDetailJson, regionJson } from './presenters.ts';
import {
  byGroup,
  CrossTabSchema,
  errorResponses,
  evidenceKindQuery,
  idParam,
  okJson,
  PAGE_INVALID,
  PageQuery,
  pageExample,
  pageOf,
  paginate,
} from './schemas.ts';

const TAG = 'Regions';

const RegionSchema = z
  .object({
    code: z.string().openapi({ description: 'NUTS code where one exists, else ISO 3166' }),
    name: z.string(),
    nativeName: z.string().nullable(),
    level: z.enum(codesOf(REGION_LEVELS)),
    parent: z.string().nullable(),
    country: z.string(),
    partner: z.boolean().openapi({ description: 'a partner region of the mapping' }),
    initiatives: z.number().int().openapi({
      description:
        'initiatives this region or country reported; for a country that does not report itself (initiativesCounted "based"), the initiatives based there, as the list filter country= counts them',
    }),
    initiativesCounted: z.enum(['reported', 'based']).openapi({
      description:
        'what `initiatives` and the cross-table count: reported by the place, or based there',
    }),
    statements: z.number().int().openapi({ description: 'evidence statements from this region' }),
  })
  .openapi('Region');

const REGION_EXAMPLE = {
  code: 'ES51',
  name: 'Catalonia',
  nativeName: 'Catalunya',
  level: 'nuts2' as const,
  parent: null,
  country: 'ES',
  partner: true,
  initiatives: 12,
  initiativesCounted: 'reported' as const,
  statements: 9,
};

const Counts = byGroup(z.number().int().nullable());

/** A note from the source on a missing workshop, with where the source says it. */
export const WorkshopNoteSchema = z
  .object({
    text: z.string(),
    sources: z.array(
      z.object({
        source: z.string(),
        section: z.string().optional(),
        row: z.string().optional(),
        note: z.string().optional(),
      }),
    ),
  })
  .openapi('WorkshopNote');

/** What the data-quality check says of an interview row, in its words (English). */
export const DataQualityNote = z.string().nullable().openapi({
  description:
    "the data-quality check's finding on the row (its stakeholder-group counts do not add up to the printed total), as /data-quality words it; null when it finds nothing",
});

const RegionDetailSchema = RegionSchema.extend({
  report: z
    .object({
      campaign: z.string(),
      overview: z.string().nullable(),
      challenges: z.array(z.object({ barrier: z.string(), note: z.string() })),
      strengths: z.array(z.string()),
      weaknesses: z.array(z.string()),
      secondaryDataAccess: z.string().nullable(),
      workshopNote: WorkshopNoteSchema.nullable().openapi({
        description:
          'what the source says of the workshop when none is on record, e.g. what took its place',
      }),
    })
    .nullable()
    .openapi({
      description: 'the regional report (fact sheet) of the latest campaign, when there is one',
    }),
  initiativesByDomainAndType: CrossTabSchema,
  practicesFrom: z.array(z.object({ slug: z.string(), name: z.string() })).openapi({
    description:
      'good practices located in the region, or in its country without a more precise region',
  }),
  practicesFor: z
    .array(z.object({ slug: z.string(), name: z.string(), sharedBarriers: z.array(z.string()) }))
    .openapi({
      description:
        'practices from elsewhere addressing the barriers the region reports, best match first',
    }),
  interviews: z
    .object({
      campaign: z.string(),
      printedTotal: z.number().int().nullable(),
      byGroup: Counts,
      dataQualityNote: DataQualityNote,
    })
    .nullable()
    .openapi({ description: 'interview counts by stakeholder group; never who was interviewed' }),
  workshops: z.array(
    z.object({
      heldOn: z.string().nullable(),
      participants: z.number().int().nullable(),
      format: z.string().nullable(),
      organisers: z.string().nullable(),
    }),
  ),
}).openapi('RegionDetail');

const RegionBarriersSchema = z
  .object({
    region: z.string(),
    kind: z.enum(EVIDENCE_KINDS).openapi({ description: 'the evidence the ranking counts' }),
    statements: z.number().int().openapi({
      description: "the region's evidence statements, each once whatever it is coded to",
    }),
    challenges: z
      .number()
      .int()
      .openapi({ description: "the challenges the region's fact sheets list" }),
    regionsWithEvidence: z.number().int().openapi({
      description:
        "regions with evidence of the chosen kind: what each barrier's regions is out of",
    }),
    barriers: z
      .array(
        z.object({
          rank: z.number().int().openapi({ description: '1 for the most evidence; ties by code' }),
          code: z.string(),
          label: z.string(),
          statements: z.number().int().openapi({
            description:
              "the region's statements coded to the barrier (a statement coded to two barriers counts for both)",
          }),
          challenges: z.number().int().openapi({
            description: 'fact-sheet challenges mapped to the barrier (each listed challenge once)',
          }),
          items: z.number().int().openapi({
            description:
              'the ranking figure: the items of the chosen kind (statements + challenges for all)',
          }),
          regions: z.number().int().openapi({
            description:
              'regions reporting the barrier by the same kind of evidence, as /api/v1/statistics/prevalence counts them',
          }),
        }),
      )
      .openapi({ description: 'only barriers with evidence of the chosen kind, ranked' }),
  })
  .openapi('RegionBarriers');

const EvidenceKindQuery = evidenceKindQuery(
  'which evidence ranks the barriers: all (statements and fact-sheet challenges, the default), statements, challenges',
);

const CodeParam = idParam('code', 'region or country code, e.g. ES51 or LT', 'ES51', 60);

/** The operations on regions. */
export const regionRoutes = {
  list: createRoute({
    method: 'get',
    path: '/api/v1/regions',
    operationId: 'listRegions',
    tags: [TAG],
    summary: 'Regions and countries',
    description:
      'Every region and country on record, in name order, with how many initiatives each reported and how many evidence statements come from it.',
    request: { query: PageQuery },
    responses: {
      200: okJson(
        pageOf(RegionSchema, 'RegionPage'),
        'One page of regions',
        pageExample('/api/v1/regions', REGION_EXAMPLE),
      ),
      ...errorResponses('/api/v1/regions', { invalid: PAGE_INVALID }),
    },
  }),
  get: createRoute({
    method: 'get',
    path: '/api/v1/regions/{code}',
    operationId: 'getRegion',
    tags: [TAG],
    summary: "A region's fact sheet",
    description:
      'One region with its regional report, its initiatives by domain and type, related good practices and engagement figures.',
    request: { params: CodeParam },
    responses: {
      200: okJson(RegionDetailSchema, 'The region', {
        ...REGION_EXAMPLE,
        report: null,
        initiativesByDomainAndType: {
          rows: ['ecosystem'],
          columns: ['partnership'],
          cells: [[1]],
          rowTotals: [1],
          columnTotals: [1],
          total: 1,
        },
        practicesFrom: [],
        practicesFor: [{ slug: 'padris', name: 'PADRIS', sharedBarriers: ['B05'] }],
        interviews: {
          campaign: 'preciseu-barrier-mapping-2025',
          printedTotal: 15,
          byGroup: {
            industry: 6,
            healthcare_provider: 3,
            research_academia: 3,
            public_authority_other: 3,
            patient_organisation: null,
          },
          dataQualityNote: null,
        },
        workshops: [
          { heldOn: '2025-03-12', participants: 20, format: 'on_site', organisers: null },
        ],
      }),
      ...errorResponses('/api/v1/regions/XX', {
        notFound: 'there is no region "XX"; see the list of regions',
      }),
    },
  }),
  barriers: createRoute({
    method: 'get',
    path: '/api/v1/regions/{code}/barriers',
    operationId: 'getRegionBarriers',
    tags: [TAG],
    summary: "A region's barriers ranked by the evidence behind them",
    description:
      "The barriers of the region's evidence, each with the region's statements coded to it and the challenges its fact sheets map to it, ranked by the items of the chosen kind (most first, ties in code order), as the region's fact sheet shows them.",
    request: { params: CodeParam, query: EvidenceKindQuery },
    responses: {
      200: okJson(RegionBarriersSchema, "The region's barriers", {
        region: 'ES51',
        kind: 'all',
        statements: 7,
        challenges: 5,
        regionsWithEvidence: 10,
        barriers: [
          {
            rank: 1,
            code: 'B05',
            label: 'Reimbursement misalignment',
            statements: 2,
            challenges: 1,
            items: 3,
            regions: 9,
          },
          {
            rank: 2,
            code: 'B08',
            label: 'Regulatory complexity within the field of ATMPs',
            statements: 1,
            challenges: 1,
            items: 2,
            regions: 9,
          },
        ],
      }),
      ...errorResponses('/api/v1/regions/XX/barriers', {
        notFound: 'there is no region "XX"; see the list of regions',
        invalid: unknownValue('evidence', 'x', EVIDENCE_KINDS),
      }),
    },
  }),
};

/** Mounts the region operations. */
export function mountRegions(app: OpenAPIHono, db: Db, options: OriginOptions): void {
  app.openapi(regionRoutes.list, async (c) => {
    const { page, pageSize } = c.req.valid('query');
    const regions = (await listRegionsWithCounts(db)).map(regionJson);
    return c.json(paginate(c, options, regions, page, pageSize), 200);
  });

  app.openapi(regionRoutes.get, async (c) => {
    const code = c.req.valid('param').code;
    const [view, counts] = await Promise.all([getRegionView(db, code), listRegionsWithCounts(db)]);
    const n = counts.find((x) => x.region.code === code);
    return c.json(regionDetailJson(view, n), 200);
  });

  app.openapi(regionRoutes.barriers, async (c) => {
    const kind = evidenceKind(c.req.valid('query').evidence);
    return c.json(
      regionBarriersJson(await getRegionBarriers(db, c.req.valid('param').code, kind)),
      200,
    );
  });
}
