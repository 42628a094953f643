import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Db } from '../../db/connect.ts';
import { BARRIER_CATEGORIES, BARRIERS } from '../../domain/codes.ts';
import { unknownValue } from '../../domain/errors.ts';
import {
  findEvidence,
  getBarrierCategory,
  getBarrierOverview,
  getBarrierView,
  getEvidence,
} from '../../services/barriers.ts';
import type { OriginOptions } from '../origin.ts';
import { barrierDetailJson, barrierJson, categoryJson, evidenceJson } from './presenters.ts';
import {
  errorResponses,
  idParam,
  okJson,
  PAGE_INVALID,
  PageQuery,
  pageExample,
  pageOf,
  paginate,
} from './schemas.ts';
import { checkedTextSchema, checkedTranslationSchema, LangParam } from './translation-schemas.ts';

const TAG = 'Barriers';
const EVIDENCE_TAG = 'Evidence';

const BarrierSchema = z
  .object({
    code: z.string().openapi({ description: 'B01 to B17' }),
    number: z.number().int(),
    label: z.string(),
    category: z.string(),
    description: z.string().nullable(),
    subThemes: z.array(z.string()),
    statements: z
      .number()
      .int()
      .openapi({ description: 'evidence statements coded to the barrier' }),
    challenges: z.number().int().openapi({
      description:
        "challenges the regions' own reports list under the barrier: fact sheets and accepted campaign answers",
    }),
    answers: z
      .number()
      .int()
      .openapi({ description: 'of the challenges, those from accepted campaign answers' }),
    regions: z.number().int().openapi({
      description:
        'regions reporting the barrier by any evidence (statements or their reports), as /barriers counts them',
    }),
    regionsByStatements: z.number().int(),
    regionsByReports: z.number().int(),
    practices: z.number().int().openapi({ description: 'good practices that address the barrier' }),
  })
  .openapi('Barrier');

const BARRIER_EXAMPLE = {
  code: 'B01',
  number: 1,
  label: 'Health data fragmentation',
  category: 'health_data',
  description: null,
  subThemes: [],
  statements: 7,
  challenges: 8,
  answers: 0,
  regions: 8,
  regionsByStatements: 6,
  regionsByReports: 8,
  practices: 3,
};

const CategorySchema = z
  .object({
    code: z.string(),
    label: z.string(),
    description: z.string().nullable(),
    barriers: z.array(BarrierSchema),
  })
  .openapi('BarrierCategory');

/** The stakeholder's words as the source prints them in quotation marks, with where. */
const QuoteSchema = z
  .object({
    text: z.string().openapi({
      description:
        'verbatim, as printed, without the enclosing quotation marks (only line breaks joined)',
    }),
    attribution: z.string().openapi({
      description: 'to whom the source attributes the words, as printed: a country or region',
    }),
    printedIn: z
      .array(
        z.object({
          source: z.string().openapi({ description: 'source code (see /api/v1/sources)' }),
          section: z.string().optional(),
          page: z.number().int().optional(),
          note: z.string().optional(),
        }),
      )
      .openapi({
        description:
          'where the source prints the words; several places when printed under several barriers',
      }),
  })
  .openapi('Quote');

/** An evidence statement: what was said, where, and the barriers it is coded to; never who said it. */
const EvidenceSchema = z
  .object({
    key: z.string(),
    statement: z.string().openapi({
      description: "always a paraphrase in the atlas's own words, never the stakeholder's",
    }),
    language: z.string().openapi({
      description:
        'the language of the statement, an ISO 639-1 code (BCP 47 primary language subtag)',
      example: 'en',
    }),
    texts: z
      .object({ statement: checkedTextSchema('evidence statement', 'EvidenceText') })
      .openapi({
        description:
          'the statement in the asked language (`lang`, else Accept-Language) where a curator approved a translation, else in the original language; it says its language, and a translation whose original changed since is flagged outdated',
      }),
    translations: z
      .array(checkedTranslationSchema('evidence statement', 'EvidenceTranslation'))
      .openapi({
        description:
          'every approved translation of the statement, each with the version it was made from and whether its original changed since',
      }),
    quote: QuoteSchema.nullable().openapi({
      description:
        'the words the paraphrase renders, verbatim with their source, where the source quotes them; null when the statement is only a paraphrase. The source’s own words: never translated, always in `language`',
    }),
    region: z.string().nullable(),
    barriers: z.array(z.string()).openapi({
      description:
        'every barrier the statement is coded to: a statement said once is one record, however many barriers it concerns',
    }),
  })
  .strict()
  .openapi('Evidence');

const EVIDENCE_EXAMPLE = {
  key: 'b04-crete-1',
  statement:
    'Opting in is complicated, consent procedures are cumbersome and offer few digital options, there is no dynamic consent, and patients cannot readily change or withdraw their choices.',
  language: 'en',
  texts: {
    statement: {
      text: 'Donar el consentiment és complicat, els tràmits són feixucs i ofereixen poques opcions digitals, no hi ha consentiment dinàmic i els pacients no poden canviar ni retirar fàcilment les seves decisions.',
      language: 'ca',
      translatedBy: 'Jordi Puig',
    },
  },
  translations: [
    {
      field: 'statement',
      language: 'ca',
      text: 'Donar el consentiment és complicat, els tràmits són feixucs i ofereixen poques opcions digitals, no hi ha consentiment dinàmic i els pacients no poden canviar ni retirar fàcilment les seves decisions.',
      translatedBy: 'Jordi Puig',
      reviewedBy: 'curator-7',
      updatedAt: '2026-02-01T00:00:00.000Z',
      madeFromVersion: 1,
      outdated: false,
    },
  ],
  quote: {
    text: 'Complex opt-in processes, tedious consent workflows with limited digital options, no dynamic consent mechanisms and patients cannot easily update or withdraw their consent preferences.',
    attribution: 'Greece',
    printedIn: [
      { source: 'preciseu-d6-1', section: '4. Consent management of health data' },
      {
        source: 'preciseu-d6-1',
        section: '11. Patient awareness',
        note: 'printed there in part',
      },
    ],
  },
  region: 'EL43',
  barriers: ['B04', 'B11'],
};

const PracticeRefSchema = z
  .object({
    slug: z.string(),
    name: z.string(),
    country: z.string().nullable(),
    exemplary: z.boolean(),
  })
  .openapi('GoodPracticeRef');

const ReportChallengeSchema = z
  .object({
    region: z.string(),
    campaign: z.string(),
    kind: z.enum(['challenge', 'answer']).openapi({
      description:
        'challenge: from a fact sheet (a document); answer: from an accepted campaign answer',
    }),
    note: z.string(),
    affectedParties: z.string().nullable(),
    impact: z.string().nullable(),
    recommendedActions: z.string().nullable(),
  })
  .openapi('ReportChallenge');

const BarrierDetailSchema = BarrierSchema.extend({
  categoryLabel: z.string(),
  evidence: z.array(EvidenceSchema),
  reportChallenges: z.array(ReportChallengeSchema).openapi({
    description: "the challenges the regions' reports list under the barrier, in region order",
  }),
  goodPractices: z.array(PracticeRefSchema),
}).openapi('BarrierDetail');

/** The operations on barriers, their categories and the evidence. */
export const barrierRoutes = {
  list: createRoute({
    method: 'get',
    path: '/api/v1/barriers',
    operationId: 'listBarriers',
    tags: [TAG],
    summary: 'Barriers of the current codebook',
    description:
      'The barriers in their printed order with how many evidence statements and good practices each has.',
    request: { query: PageQuery },
    responses: {
      200: okJson(
        pageOf(BarrierSchema, 'BarrierPage'),
        'One page of barriers',
        pageExample('/api/v1/barriers', BARRIER_EXAMPLE),
      ),
      ...errorResponses('/api/v1/barriers', { invalid: PAGE_INVALID }),
    },
  }),
  get: createRoute({
    method: 'get',
    path: '/api/v1/barriers/{code}',
    operationId: 'getBarrier',
    tags: [TAG],
    summary: 'One barrier',
    description:
      'A barrier with its category, the evidence statements coded to it and the good practices that address it; with `lang` (or Accept-Language) each statement in that language where a curator approved a translation, and every approved translation.',
    request: {
      params: idParam('code', 'barrier code, B01 to B17', 'B01', 60),
      query: z.object({ lang: LangParam }),
    },
    responses: {
      200: okJson(BarrierDetailSchema, 'The barrier', {
        ...BARRIER_EXAMPLE,
        categoryLabel: 'Health data accessibility',
        evidence: [EVIDENCE_EXAMPLE],
        reportChallenges: [
          {
            region: 'ES51',
            campaign: 'preciseu-barrier-mapping-2025',
            kind: 'challenge',
            note: 'Health data sit in separate systems that cannot exchange them.',
            affectedParties: null,
            impact: null,
            recommendedActions: null,
          },
        ],
        goodPractices: [
          {
            slug: 'national-genomic-platform-sweden',
            name: 'National Genomic Platform (NGP)',
            country: 'SE',
            exemplary: false,
          },
        ],
      }),
      ...errorResponses('/api/v1/barriers/B99', {
        notFound: 'there is no barrier "B99"; barriers are numbered B01 to B17',
      }),
    },
  }),
  categories: createRoute({
    method: 'get',
    path: '/api/v1/barrier-categories',
    operationId: 'listBarrierCategories',
    tags: [TAG],
    summary: 'Barrier categories',
    description: 'The categories of the current codebook in order, each with its barriers.',
    request: { query: PageQuery },
    responses: {
      200: okJson(
        pageOf(CategorySchema, 'BarrierCategoryPage'),
        'One page of categories',
        pageExample('/api/v1/barrier-categories', {
          code: 'health_data',
          label: 'Health data accessibility',
          description: null,
          barriers: [BARRIER_EXAMPLE],
        }),
      ),
      ...errorResponses('/api/v1/barrier-categories', { invalid: PAGE_INVALID }),
    },
  }),
  category: createRoute({
    method: 'get',
    path: '/api/v1/barrier-categories/{code}',
    operationId: 'getBarrierCategory',
    tags: [TAG],
    summary: 'One barrier category',
    description: 'A category with its barriers and their evidence and good-practice counts.',
    request: { params: idParam('code', 'category code', 'health_data', 60) },
    responses: {
      200: okJson(CategorySchema, 'The category', {
        code: 'health_data',
        label: 'Health data accessibility',
        description: null,
        barriers: [BARRIER_EXAMPLE],
      }),
      ...errorResponses('/api/v1/barrier-categories/cost', {
        notFound: `there is no barrier category "cost"; categories are ${BARRIER_CATEGORIES.map((c) => c.code).join(', ')}`,
      }),
    },
  }),
  evidence: createRoute({
    method: 'get',
    path: '/api/v1/evidence',
    operationId: 'listEvidence',
    tags: [EVIDENCE_TAG],
    summary: 'Evidence statements',
    description:
      "Statements from the regions coded to barriers, ordered by key: each a paraphrase in the atlas's words (with `lang` or Accept-Language, in that language where a curator approved a translation) and, where the source quotes the stakeholder, the quotation verbatim with where it is printed. Who said a statement is never published: no respondent or stakeholder detail is part of the response.",
    request: {
      query: z.object({
        barrier: z
          .string()
          .optional()
          .openapi({
            param: {
              description:
                'only statements coded to this barrier (B01 to B17); an unknown code is a 400 naming the allowed ones',
            },
            example: 'B01',
          }),
        region: z
          .string()
          .optional()
          .openapi({
            param: {
              description:
                'only statements from this region code; an unknown code is a 400 naming the allowed ones',
            },
            example: 'ES51',
          }),
        lang: LangParam,
        ...PageQuery.shape,
      }),
    },
    responses: {
      200: okJson(
        pageOf(EvidenceSchema, 'EvidencePage'),
        'One page of statements',
        pageExample('/api/v1/evidence?barrier=B01', EVIDENCE_EXAMPLE),
      ),
      ...errorResponses('/api/v1/evidence', {
        invalid: unknownValue(
          'barrier',
          'B99',
          BARRIERS.map((b) => b.code),
        ),
      }),
    },
  }),
  evidenceOne: createRoute({
    method: 'get',
    path: '/api/v1/evidence/{key}',
    operationId: 'getEvidence',
    tags: [EVIDENCE_TAG],
    summary: 'One evidence statement',
    description:
      'A statement by its key, with its region and the barriers it is coded to (each readable at /api/v1/barriers/{code}); with `lang` (or Accept-Language) the statement in that language where a curator approved a translation, and every approved translation. Nothing about who said it.',
    request: {
      params: idParam('key', "the statement's stable key", EVIDENCE_EXAMPLE.key),
      query: z.object({ lang: LangParam }),
    },
    responses: {
      200: okJson(EvidenceSchema, 'The statement', EVIDENCE_EXAMPLE),
      ...errorResponses('/api/v1/evidence/no-such-statement', {
        notFound:
          'there is no evidence statement "no-such-statement"; list the evidence statements to find its key',
      }),
    },
  }),
};

/** Mounts the barrier, category and evidence operations. */
export function mountBarriers(app: OpenAPIHono, db: Db, options: OriginOptions): void {
  app.openapi(barrierRoutes.list, async (c) => {
    const { page, pageSize } = c.req.valid('query');
    const overview = await getBarrierOverview(db);
    const barriers = overview.categories.flatMap((cat) =>
      cat.barriers.map((b) => barrierJson(b, overview)),
    );
    return c.json(paginate(c, options, barriers, page, pageSize), 200);
  });

  app.openapi(barrierRoutes.get, async (c) => {
    const code = c.req.valid('param').code;
    const [view, overview] = await Promise.all([getBarrierView(db, code), getBarrierOverview(db)]);
    return c.json(barrierDetailJson(view, overview), 200);
  });

  app.openapi(barrierRoutes.categories, async (c) => {
    const { page, pageSize } = c.req.valid('query');
    const overview = await getBarrierOverview(db);
    const categories = overview.categories.map((cat) => categoryJson(cat, overview));
    return c.json(paginate(c, options, categories, page, pageSize), 200);
  });

  app.openapi(barrierRoutes.category, async (c) => {
    const [cat, overview] = await Promise.all([
      getBarrierCategory(db, c.req.valid('param').code),
      getBarrierOverview(db),
    ]);
    return c.json(categoryJson(cat, overview), 200);
  });

  app.openapi(barrierRoutes.evidence, async (c) => {
    const { barrier, region, page, pageSize } = c.req.valid('query');
    const evidence = await findEvidence(db, { barrier, region });
    return c.json(paginate(c, options, evidence.map(evidenceJson), page, pageSize), 200);
  });

  app.openapi(barrierRoutes.evidenceOne, async (c) => {
    return c.json(evidenceJson(await getEvidence(db, c.req.valid('param').key)), 200);
  });
}
