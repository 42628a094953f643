import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Db } from '../../db/connect.ts';
import {
  CAMPAIGN_KINDS,
  codesOf,
  STAKEHOLDER_GROUPS,
  type StakeholderGroupCode,
} from '../../domain/codes.ts';
import {
  campaignSummaries,
  engagementSummary,
  getCampaignSummary,
} from '../../services/engagement.ts';
import type { OriginOptions } from '../origin.ts';
import { campaignJson, engagementJson } from './presenters.ts';
import { DataQualityNote, WorkshopNoteSchema } from './regions.ts';
import {
  byGroup,
  errorResponses,
  idParam,
  okJson,
  PAGE_INVALID,
  PageQuery,
  pageExample,
  pageOf,
  paginate,
} from './schemas.ts';

const EngagementSchema = z
  .object({
    interviews: z.array(
      z.object({
        region: z.string(),
        campaign: z.string(),
        printedTotal: z
          .number()
          .int()
          .nullable()
          .openapi({ description: 'the total as the report prints it' }),
        byGroup: byGroup(z.number().int().nullable()).openapi({
          description:
            'interviews per stakeholder group; null where the printed table has no value',
        }),
        dataQualityNote: DataQualityNote,
      }),
    ),
    workshops: z.array(
      z.object({
        key: z.string(),
        region: z.string(),
        campaign: z.string().nullable(),
        heldOn: z.string().nullable(),
        participants: z.number().int().nullable(),
        format: z.string().nullable(),
        organisers: z.string().nullable().openapi({ description: 'the organising institutions' }),
      }),
    ),
    workshopNotes: z
      .array(WorkshopNoteSchema.extend({ region: z.string(), campaign: z.string() }))
      .openapi({
        description:
          'regions with no workshop on record whose report says why, e.g. what was held instead',
      }),
    totals: z.object({
      interviews: z.number().int(),
      interviewsByGroup: byGroup(z.number().int()),
      workshops: z.number().int(),
      workshopParticipants: z.number().int(),
      regions: z.number().int(),
    }),
  })
  .openapi('Engagement');

const CampaignSchema = z
  .object({
    slug: z.string(),
    kind: z.enum(codesOf(CAMPAIGN_KINDS)),
    title: z.string(),
    opensAt: z.string().optional(),
    closesAt: z.string().optional(),
    rules: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
    state: z.enum(['draft', 'open', 'closed', 'published']),
    description: z.string().optional(),
    questionnaire: z
      .object({ slug: z.string(), version: z.number().int() })
      .optional()
      .openapi({ description: 'the questionnaire version the round asks' }),
    regions: z
      .array(z.string())
      .optional()
      .openapi({ description: 'the regions invited to respond' }),
    reminderDays: z.array(z.number().int()).optional(),
    languages: z.array(z.string()).optional(),
    previous: z.string().optional().openapi({ description: 'the round before this one' }),
    results: z
      .object({
        evidenceStatements: z.number().int(),
        regionalReports: z.number().int(),
        interviews: z.number().int().openapi({
          description: 'interviews as the printed tables total them (see notes where rows differ)',
        }),
        workshops: z.number().int(),
        workshopParticipants: z.number().int(),
        responses: z.number().int().openapi({ description: 'accepted responses, one per region' }),
        initiatives: z.number().int().openapi({
          description: 'initiatives the accepted responses report (initiative-mapping rounds)',
        }),
        regions: z.array(z.string()).openapi({
          description: 'the regions the round reached: responses and the records citing it',
        }),
        notes: z.array(z.object({ region: z.string(), message: z.string() })).openapi({
          description:
            'where the printed source does not add up, e.g. an interview row whose parts differ from its printed total',
        }),
      })
      .nullable()
      .openapi({
        description:
          'what the campaign produced, counted from the records citing it; null until it is published',
      }),
  })
  .openapi('Campaign');

const CAMPAIGN_EXAMPLE = {
  slug: 'preciseu-barrier-mapping-2025',
  kind: 'barrier_mapping' as const,
  title: 'PRECISEU stakeholder interviews and validation workshops',
  opensAt: '2025-01',
  closesAt: '2025-03',
  rules: { workshopsPerRegion: 1 },
  state: 'published' as const,
  questionnaire: { slug: 'preciseu-regional-report', version: 1 },
  regions: ['BE2', 'EL43', 'ES51'],
  results: {
    evidenceStatements: 40,
    regionalReports: 10,
    interviews: 158,
    workshops: 9,
    workshopParticipants: 199,
    responses: 10,
    initiatives: 0,
    regions: ['BE2', 'EL43', 'ES51'],
    notes: [
      {
        region: 'EL43',
        message:
          "Interviews in Crete: the stakeholder-group counts add up to 11, the row's printed total is 10.",
      },
    ],
  },
};

const zeroGroups = Object.fromEntries(STAKEHOLDER_GROUPS.map((g) => [g.code, 0])) as Record<
  StakeholderGroupCode,
  number
>;

/** The operations on engagement and campaigns. */
export const engagementRoutes = {
  engagement: createRoute({
    method: 'get',
    path: '/api/v1/engagement',
    operationId: 'getEngagement',
    tags: ['Engagement'],
    summary: 'Interviews and workshops',
    description:
      'Stakeholder interviews per region and group, and the validation workshops, with totals. Aggregates only: no person is named.',
    responses: {
      200: okJson(EngagementSchema, 'Interview rows, workshops and totals', {
        interviews: [
          {
            region: 'BE2',
            campaign: 'preciseu-barrier-mapping-2025',
            printedTotal: 14,
            byGroup: {
              industry: 7,
              healthcare_provider: 2,
              research_academia: 1,
              public_authority_other: 4,
              patient_organisation: null,
            },
            dataQualityNote: null,
          },
        ],
        workshops: [
          {
            key: 'be2-workshop',
            region: 'BE2',
            campaign: 'preciseu-barrier-mapping-2025',
            heldOn: '2025-03',
            participants: 20,
            format: 'online',
            organisers: null,
          },
        ],
        workshopNotes: [
          {
            region: 'DE1',
            campaign: 'preciseu-barrier-mapping-2025',
            text: 'Baden-Württemberg held no validation workshop: the regional team consulted experts one by one instead.',
            sources: [
              {
                source: 'preciseu-d6-1',
                section: 'Workshops for validation and dialogue',
                note: 'footnote 2, under Tab 4',
              },
            ],
          },
        ],
        totals: {
          interviews: 14,
          interviewsByGroup: { ...zeroGroups, industry: 7 },
          workshops: 1,
          workshopParticipants: 20,
          regions: 1,
        },
      }),
      ...errorResponses('/api/v1/engagement'),
    },
  }),
  campaigns: createRoute({
    method: 'get',
    path: '/api/v1/campaigns',
    operationId: 'listCampaigns',
    tags: ['Campaigns'],
    summary: 'Data-collection campaigns',
    description:
      'Survey and interview rounds with their window and rules; published ones with the counts of what they produced.',
    request: { query: PageQuery },
    responses: {
      200: okJson(
        pageOf(CampaignSchema, 'CampaignPage'),
        'One page of campaigns',
        pageExample('/api/v1/campaigns', CAMPAIGN_EXAMPLE),
      ),
      ...errorResponses('/api/v1/campaigns', { invalid: PAGE_INVALID }),
    },
  }),
  campaign: createRoute({
    method: 'get',
    path: '/api/v1/campaigns/{slug}',
    operationId: 'getCampaign',
    tags: ['Campaigns'],
    summary: 'One campaign',
    description:
      'A campaign with its window and rules and, once published, the counts of what it produced and the regions it reached.',
    request: {
      params: idParam('slug', "the campaign's stable id (its slug)", CAMPAIGN_EXAMPLE.slug),
    },
    responses: {
      200: okJson(CampaignSchema, 'The campaign', CAMPAIGN_EXAMPLE),
      ...errorResponses('/api/v1/campaigns/no-such-campaign', {
        notFound:
          'there is no campaign "no-such-campaign"; the campaigns are preciseu-barrier-mapping-2025, preciseu-initiative-mapping-2025',
      }),
    },
  }),
};

/** Mounts the engagement and campaign operations. */
export function mountEngagement(app: OpenAPIHono, db: Db, options: OriginOptions): void {
  app.openapi(engagementRoutes.engagement, async (c) => {
    return c.json(engagementJson(await engagementSummary(db)), 200);
  });

  app.openapi(engagementRoutes.campaigns, async (c) => {
    const { page, pageSize } = c.req.valid('query');
    const campaigns = (await campaignSummaries(db)).map(campaignJson);
    return c.json(paginate(c, options, campaigns, page, pageSize), 200);
  });

  app.openapi(engagementRoutes.campaign, async (c) => {
    return c.json(campaignJson(await getCampaignSummary(db, c.req.valid('param').slug)), 200);
  });
}
