import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Db } from '../../db/connect.ts';
import { BARRIER_CATEGORIES, STAKEHOLDER_GROUPS } from '../../domain/codes.ts';
import { invalidParameter, unknownValue } from '../../domain/errors.ts';
import { EVIDENCE_KINDS, UNKNOWN_GROUP } from '../../domain/prevalence.ts';
import { getBarrierOverview } from '../../services/barriers.ts';
import { compareRegions, regionSummaries } from '../../services/compare.ts';
import { oncePerVersion } from '../../services/data-version.ts';
import {
  evidenceKind,
  getBarriersByStakeholder,
  getPrevalence,
} from '../../services/prevalence.ts';
import { getStats } from '../../services/stats.ts';
import {
  barrierMatrixJson,
  barriersByStakeholderJson,
  comparisonJson,
  statisticsJson,
} from './presenters.ts';
import { WorkshopNoteSchema } from './regions.ts';

/** Data without a comparison is an error (the page shows a chooser instead). */
const tooFewRegions = () =>
  invalidParameter('region', 'choose two to four regions to compare, e.g. region=ES51&region=BE2');

import {
  CrossTabSchema,
  errorResponses,
  evidenceKindQuery,
  KeyCountSchema,
  okJson,
} from './schemas.ts';

const TAG = 'Statistics';

const CROSSTAB_EXAMPLE = {
  rows: ['research_innovation', 'ecosystem'],
  columns: ['ongoing_project', 'permanent_institution'],
  cells: [
    [3, 1],
    [0, 2],
  ],
  rowTotals: [4, 2],
  columnTotals: [3, 3],
  total: 6,
};

const BarrierMatrixSchema = CrossTabSchema.extend({
  kind: z.enum(EVIDENCE_KINDS).openapi({ description: 'the evidence the cells count' }),
  statementsPerColumn: z.array(z.number().int()).openapi({
    description:
      'distinct statements per column (each once, whatever it is coded to); zeros when the kind does not count statements',
  }),
  statements: z
    .number()
    .int()
    .openapi({ description: 'distinct statements counted (0 when the kind counts none)' }),
  challengesPerColumn: z.array(z.number().int()).openapi({
    description:
      "challenges of the column's regional reports that the kind counts (fact sheets and accepted campaign answers; answers only for kind answers); zeros for kind statements",
  }),
  challenges: z.number().int().openapi({ description: 'challenges counted' }),
}).openapi('BarrierMatrix');

const PrevalenceRowSchema = z.object({
  code: z.string(),
  regions: z.number().int().openapi({ description: 'regions reporting it by the chosen evidence' }),
  share: z.number().openapi({ description: 'regions ÷ regionsWithEvidence, 0 to 1' }),
  both: z.number().int(),
  statementsOnly: z.number().int(),
  challengesOnly: z.number().int(),
  statements: z
    .number()
    .int()
    .openapi({ description: 'statements coded to it (0 for categories)' }),
  regionCodes: z.array(z.string()),
});

const PREVALENCE_ROW_EXAMPLE = {
  code: 'B05',
  regions: 9,
  share: 0.9,
  both: 8,
  statementsOnly: 0,
  challengesOnly: 1,
  statements: 11,
  regionCodes: ['BE2', 'ES51'],
};

const PrevalenceSchema = z
  .object({
    kind: z.enum(EVIDENCE_KINDS),
    regionsWithEvidence: z.number().int(),
    barriers: z.array(PrevalenceRowSchema),
    categories: z.array(PrevalenceRowSchema),
    pairs: z.array(z.object({ a: z.string(), b: z.string(), regions: z.number().int() })),
  })
  .openapi('BarrierPrevalence');

const BarriersByStakeholderSchema = CrossTabSchema.extend({
  statementsPerColumn: z.array(z.number().int()).openapi({
    description: 'distinct statements per column (each once, whatever it is coded to)',
  }),
  statements: z.number().int().openapi({ description: 'distinct statements on record' }),
  withGroup: z
    .number()
    .int()
    .openapi({ description: 'of them, the statements that name a stakeholder group' }),
}).openapi('BarriersByStakeholder');

/** The columns of the stakeholder table: the groups in list order, then unknown. */
const GROUP_COLUMNS = [...STAKEHOLDER_GROUPS.map((g) => g.code), UNKNOWN_GROUP];

/** What a source's or section's withRegion counts. */
const WITH_REGION =
  'of them, how many have a reporting region (the partner region that submitted them); the rest have none';

const StatsSchema = z
  .object({
    total: z.number().int().openapi({ description: 'initiatives on record' }),
    domainByType: CrossTabSchema,
    byRegion: z
      .array(KeyCountSchema)
      .openapi({ description: 'initiatives per reporting region (region code as key)' }),
    withoutReportingRegion: z.number().int().openapi({
      description:
        'initiatives no partner region reported: in the reference data, the 12 taken from ICPerMed and one named only in the D3.1 text (bySource gives the split: n − withRegion per source)',
    }),
    byCountry: z.array(KeyCountSchema).openapi({
      description:
        'initiatives per home: a country code, or EU for EU institutions and European networks',
    }),
    countries: z
      .number()
      .int()
      .openapi({ description: 'countries that are home to an initiative (EU is not counted)' }),
    byStatus: z.array(KeyCountSchema),
    bySource: z
      .array(
        z.object({
          source: z.string().nullable().openapi({ description: 'source code; null: cites none' }),
          title: z.string().nullable(),
          n: z.number().int(),
          fromRows: z
            .number()
            .int()
            .openapi({ description: 'taken from numbered rows of a table in it' }),
          fromText: z.number().int().openapi({ description: 'taken from its text' }),
          withRegion: z.number().int().openapi({ description: WITH_REGION }),
          sections: z.array(
            z.object({
              section: z.string().nullable(),
              rows: z
                .boolean()
                .openapi({ description: 'whether the references name table rows, not text' }),
              n: z.number().int(),
              withRegion: z.number().int().openapi({ description: WITH_REGION }),
            }),
          ),
        }),
      )
      .openapi({
        description:
          'where the initiatives come from: each counted once, under the document and section it was taken from (its first source); filter the list with source=code or source=code:section',
      }),
  })
  .openapi('Statistics');

const RegionSummarySchema = z
  .object({
    code: z.string(),
    name: z.string(),
    initiatives: z.number().int(),
    statements: z.number().int(),
    practices: z.number().int(),
    interviews: z.number().int().nullable(),
    workshopParticipants: z.number().int().nullable(),
  })
  .openapi('RegionSummary');

const SUMMARY_EXAMPLE = {
  code: 'ES51',
  name: 'Catalonia',
  initiatives: 12,
  statements: 9,
  practices: 4,
  interviews: 15,
  workshopParticipants: 25,
};

const ComparisonSchema = z
  .object({
    kind: z.enum(EVIDENCE_KINDS).openapi({ description: 'the evidence the barrier figures count' }),
    regions: z.array(
      RegionSummarySchema.extend({
        initiativesByDomainAndType: CrossTabSchema,
        statementsByCategory: z.record(z.string(), z.number().int()).openapi({
          description:
            'statements per barrier category; a statement counts once in each category it touches',
        }),
        challenges: z.number().int().openapi({
          description:
            "challenges of the region's reports that the kind counts (0 for kind statements)",
        }),
        evidenceByCategory: z.record(z.string(), z.number().int()).openapi({
          description:
            "the evidence of the kind per barrier category: a statement once in each category it touches, each challenge once in its barrier's category",
        }),
        workshopNote: z.union([WorkshopNoteSchema, z.null()]).openapi({
          description:
            "with no workshop on record (workshopParticipants null): what the region's report says of it, e.g. what was held instead; else null",
        }),
      }),
    ),
  })
  .openapi('Comparison');

/** The operations on statistics and cross-tabulations. */
export const statisticsRoutes = {
  overview: createRoute({
    method: 'get',
    path: '/api/v1/statistics',
    operationId: 'getStatistics',
    tags: [TAG],
    summary: 'Headline statistics of the initiatives',
    description:
      'Initiatives by domain × structural type, by reporting region, by home country, by status and by the source they were taken from.',
    responses: {
      200: okJson(StatsSchema, 'The statistics', {
        total: 6,
        domainByType: CROSSTAB_EXAMPLE,
        byRegion: [{ key: 'ES51', n: 6 }],
        withoutReportingRegion: 0,
        byCountry: [{ key: 'ES', n: 6 }],
        countries: 1,
        byStatus: [{ key: 'ongoing', n: 6 }],
        bySource: [
          {
            source: 'preciseu-d3-1',
            title: 'PRECISEU D3.1 (Personalised Medicine) Initiatives Mapping',
            n: 6,
            fromRows: 5,
            fromText: 1,
            withRegion: 6,
            sections: [
              { section: '7 Appendix', rows: true, n: 5, withRegion: 5 },
              { section: '2.4 Permanent institutions', rows: false, n: 1, withRegion: 1 },
            ],
          },
        ],
      }),
      ...errorResponses('/api/v1/statistics'),
    },
  }),
  barriers: createRoute({
    method: 'get',
    path: '/api/v1/statistics/barriers',
    operationId: 'getBarrierMatrix',
    tags: [TAG],
    summary: 'Evidence by barrier and region',
    description:
      "The evidence matrix of the /barriers page: the evidence of the kind asked per barrier (rows) and partner region (columns): each statement coded to the barrier and each challenge the region's reports (fact sheet or accepted campaign answers) list under it. A statement coded to two barriers counts in both rows, so columnTotals and total count codings; statementsPerColumn and statements count each statement once, challengesPerColumn and challenges each challenge. columnTotals = the column's statement codings + its challenges.",
    request: {
      query: evidenceKindQuery(
        'which evidence counts: all (the default), statements, challenges (regional reports: fact sheets and accepted campaign answers), answers (accepted campaign answers only)',
      ),
    },
    responses: {
      200: okJson(BarrierMatrixSchema, 'The matrix', {
        kind: 'all',
        rows: ['B01', 'B02'],
        columns: ['EL43'],
        cells: [[2], [1]],
        rowTotals: [2, 1],
        columnTotals: [3],
        total: 3,
        statementsPerColumn: [2],
        statements: 2,
        challengesPerColumn: [0],
        challenges: 0,
      }),
      ...errorResponses('/api/v1/statistics/barriers', {
        invalid: unknownValue('evidence', 'x', EVIDENCE_KINDS),
      }),
    },
  }),
  prevalence: createRoute({
    method: 'get',
    path: '/api/v1/statistics/prevalence',
    operationId: 'getBarrierPrevalence',
    tags: [TAG],
    summary: 'How many regions report each barrier',
    description:
      'The /barriers/prevalence page as data: barriers and categories ranked by the regions that report them (by stakeholder statements, regional-report challenges, accepted campaign answers or any), each with its share of the regions with evidence of that kind and the split by evidence; and the pairs of barriers the same regions report.',
    request: {
      query: evidenceKindQuery(
        'which evidence counts: all (the default), statements, challenges (regional reports: fact sheets and accepted campaign answers), answers (accepted campaign answers only)',
      ),
    },
    responses: {
      200: okJson(PrevalenceSchema, 'The ranking', {
        kind: 'all',
        regionsWithEvidence: 10,
        barriers: [PREVALENCE_ROW_EXAMPLE],
        categories: [{ ...PREVALENCE_ROW_EXAMPLE, code: 'financial', statements: 0 }],
        pairs: [{ a: 'B01', b: 'B05', regions: 8 }],
      }),
      ...errorResponses('/api/v1/statistics/prevalence', {
        invalid: unknownValue('evidence', 'x', EVIDENCE_KINDS),
      }),
    },
  }),
  byStakeholder: createRoute({
    method: 'get',
    path: '/api/v1/statistics/barriers-by-stakeholder',
    operationId: 'getBarriersByStakeholder',
    tags: [TAG],
    summary: 'Statements by barrier and stakeholder group',
    description: `The barrier × stakeholder group table of the /barriers/prevalence page: rows are the barriers in codebook order, columns the stakeholder groups (${GROUP_COLUMNS.join(', ')}), cells the evidence statements coded to the barrier whose stakeholder group is the column's. Only statements say who: fact-sheet challenges are not counted. A statement that names no group is counted in the column ${UNKNOWN_GROUP}. A statement coded to two barriers counts in both rows, so columnTotals and total count codings; statementsPerColumn and statements count each statement once.`,
    responses: {
      200: okJson(BarriersByStakeholderSchema, 'The table', {
        rows: ['B01', 'B02'],
        columns: GROUP_COLUMNS,
        cells: [
          [1, 0, 0, 0, 0, 6],
          [0, 0, 0, 0, 0, 4],
        ],
        rowTotals: [7, 4],
        columnTotals: [1, 0, 0, 0, 0, 10],
        total: 11,
        statementsPerColumn: [1, 0, 0, 0, 0, 9],
        statements: 10,
        withGroup: 1,
      }),
      ...errorResponses('/api/v1/statistics/barriers-by-stakeholder'),
    },
  }),
  regions: createRoute({
    method: 'get',
    path: '/api/v1/statistics/regions',
    operationId: 'listRegionSummaries',
    tags: [TAG],
    summary: 'Partner regions in numbers',
    description:
      'For every partner region: initiatives, evidence statements, good practices, interviews and workshop participants, as the /regions page shows them.',
    responses: {
      200: okJson(
        z.object({ items: z.array(RegionSummarySchema) }).openapi('RegionSummaries'),
        'The figures',
        { items: [SUMMARY_EXAMPLE] },
      ),
      ...errorResponses('/api/v1/statistics/regions'),
    },
  }),
  compare: createRoute({
    method: 'get',
    path: '/api/v1/statistics/compare',
    operationId: 'compareRegions',
    tags: [TAG],
    summary: 'Compare two to four regions',
    description:
      'The /compare page as data: the chosen partner regions side by side with their initiatives by domain and type and their barrier evidence by category (the kind asked: all by default).',
    request: {
      query: z.object({
        evidence: z
          .enum(EVIDENCE_KINDS)
          .optional()
          .openapi({
            param: {
              description:
                'which evidence the barrier figures count: all (the default), statements, challenges, answers',
            },
          }),
        region: z.union([z.string(), z.array(z.string())]).openapi({
          param: {
            description:
              'two to four partner region codes, comma-separated or the parameter repeated; an unknown code is a 400 naming the allowed ones',
            style: 'form',
            explode: true,
            required: true,
          },
          example: ['ES51', 'BE2'],
        }),
      }),
    },
    responses: {
      200: okJson(ComparisonSchema, 'The chosen regions', {
        kind: 'all',
        regions: [
          {
            ...SUMMARY_EXAMPLE,
            initiativesByDomainAndType: CROSSTAB_EXAMPLE,
            statementsByCategory: Object.fromEntries(BARRIER_CATEGORIES.map((c) => [c.code, 1])),
            challenges: 2,
            evidenceByCategory: Object.fromEntries(BARRIER_CATEGORIES.map((c) => [c.code, 2])),
            workshopNote: null,
          },
        ],
      }),
      ...errorResponses('/api/v1/statistics/compare', {
        invalid: tooFewRegions(),
      }),
    },
  }),
};

/** Mounts the statistics operations. */
export function mountStatistics(app: OpenAPIHono, db: Db): void {
  app.openapi(statisticsRoutes.overview, async (c) => {
    return c.json(statisticsJson(await oncePerVersion(db, 'statistics', () => getStats(db))), 200);
  });

  app.openapi(statisticsRoutes.barriers, async (c) =>
    c.json(
      barrierMatrixJson(await getBarrierOverview(db, evidenceKind(c.req.valid('query').evidence))),
      200,
    ),
  );

  app.openapi(statisticsRoutes.prevalence, async (c) =>
    c.json(await getPrevalence(db, evidenceKind(c.req.valid('query').evidence)), 200),
  );

  app.openapi(statisticsRoutes.byStakeholder, async (c) =>
    c.json(barriersByStakeholderJson(await getBarriersByStakeholder(db)), 200),
  );

  app.openapi(statisticsRoutes.regions, async (c) =>
    c.json({ items: await regionSummaries(db) }, 200),
  );

  app.openapi(statisticsRoutes.compare, async (c) => {
    const queries = c.req.queries();
    const comparison = await compareRegions(db, queries);
    const codes = [...new Set((queries.region ?? []).flatMap((v) => v.split(',')).filter(Boolean))];
    if (codes.length < 2) {
      // The page shows a chooser when fewer than two are given; data without a comparison is an error.
      throw tooFewRegions();
    }
    return c.json(comparisonJson(comparison), 200);
  });
}
