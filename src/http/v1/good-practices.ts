import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Db } from '../../db/connect.ts';
import { BARRIERS } from '../../domain/codes.ts';
import { unknownValue } from '../../domain/errors.ts';
import { getGoodPractice, goodPracticeCatalogue } from '../../services/good-practices.ts';
import { recordTranslations, textsIn } from '../../services/translations.ts';
import { currentLocale } from '../../web/i18n.ts';
import type { OriginOptions } from '../origin.ts';
import { goodPracticeItemJson, goodPracticeJson, practiceCountsJson } from './presenters.ts';
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

const TAG = 'Good practices';

/** A good practice's text as served, flagged when the original changed after it was translated. */
const PracticeTextSchema = checkedTextSchema('practice', 'PracticeText');

/** The fields every good-practice answer adds for its languages. */
const PracticeLanguageFields = {
  labelLanguage: z
    .string()
    .openapi({ description: 'the language of `labels` (the asked one)', example: 'ca' }),
  labels: z
    .object({
      scope: z.string().nullable(),
      barriers: z.array(z.string()),
      transferConditions: z.array(z.string()),
    })
    .openapi({
      description:
        'the labels of the practice’s codes in labelLanguage: its scope, its barriers and the requirement of each transfer condition, in the order of the codes',
    }),
  texts: z.object({ name: PracticeTextSchema, summary: PracticeTextSchema.optional() }).openapi({
    description:
      'name and description in the asked language where a curator approved a translation, else in the original language; each says its language',
  }),
};

const PracticeSchema = z
  .object({
    slug: z.string(),
    name: z.string(),
    country: z.string().nullable().openapi({ description: 'null for EU-wide practices' }),
    region: z.string().nullable(),
    scope: z.string().nullable(),
    summary: z.string().nullable(),
    language: z.string().openapi({
      description:
        "the language of the record's texts, an ISO 639-1 code (BCP 47 primary language subtag)",
      example: 'en',
    }),
    link: z.string().nullable(),
    linkMissing: z.string().nullable(),
    keyPlayers: z.string().nullable(),
    impact: z.string().nullable(),
    transferability: z.string().nullable(),
    transferConditions: z.array(z.object({ requires: z.string(), note: z.string() })).openapi({
      description:
        'what the practice needs where it is taken up: a requirement code (see the Twinning operations, which check each against a region) and what the practice relies on',
    }),
    exemplary: z.boolean(),
    notes: z.string().nullable(),
    barriers: z.array(z.string()).openapi({ description: 'codes of the barriers it addresses' }),
    updatedAt: z.string(),
    version: z.number().int(),
  })
  .openapi('GoodPractice');

const PRACTICE_EXAMPLE = {
  slug: 'national-genomic-platform-sweden',
  name: 'National Genomic Platform (NGP)',
  country: 'SE',
  region: null,
  scope: 'national',
  summary:
    'A Swedish informatics infrastructure for genomic data serving diagnostics and research.',
  language: 'en',
  link: 'https://genomicmedicine.se/en/data-management-informatics/',
  linkMissing: null,
  keyPlayers: null,
  impact: null,
  transferability: null,
  transferConditions: [
    {
      requires: 'genomic_services',
      note: 'Needs clinical sequencing whose results feed one shared informatics system.',
    },
  ],
  exemplary: false,
  notes: null,
  barriers: ['B01'],
  updatedAt: '2026-01-01T00:00:00.000Z',
  version: 1,
};

const PracticeItemSchema =
  PracticeSchema.extend(PracticeLanguageFields).openapi('GoodPracticeItem');

const PracticeTranslationSchema = checkedTranslationSchema('practice', 'PracticeTranslation');

const PRACTICE_LANGUAGE_EXAMPLE = {
  labelLanguage: 'ca',
  labels: {
    scope: 'Nacional',
    barriers: ['Fragmentació de les dades de salut'],
    transferConditions: ['Proves genòmiques i seqüenciació'],
  },
  texts: {
    name: {
      text: 'Plataforma Genòmica Nacional (NGP)',
      language: 'ca',
      translatedBy: 'Jordi Puig',
    },
    summary: { text: PRACTICE_EXAMPLE.summary, language: 'en' },
  },
};

const CataloguePageSchema = pageOf(PracticeItemSchema, 'GoodPracticePage')
  .extend({
    counts: z
      .object({
        barrier: z.record(z.string(), z.number().int()),
        country: z.record(z.string(), z.number().int()),
        exemplary: z.number().int(),
      })
      .openapi({
        description:
          'for each filter value, how many practices match it with the other filters applying',
      }),
  })
  .openapi('GoodPracticePage');

/** The operations on good practices. */
export const goodPracticeRoutes = {
  list: createRoute({
    method: 'get',
    path: '/api/v1/good-practices',
    operationId: 'listGoodPractices',
    tags: [TAG],
    summary: 'The good-practice catalogue',
    description:
      'Good practices in name order with the filters of the /good-practices page: barrier, country (EU for EU-wide ones) and exemplary.',
    request: {
      query: z.object({
        barrier: repeatableQuery(
          'practices addressing any of these barriers (B01 to B17; comma-separated or repeated)',
          'B01',
        ),
        country: repeatableQuery(
          'practices located in any of these countries (ISO code, EU for EU-wide); allowed values are the countries of the practices on record',
          'SE',
        ),
        exemplary: z
          .enum(['true', 'false'])
          .optional()
          .openapi({
            param: { description: 'true: only practices the source marks as exemplary' },
            example: 'true',
          }),
        lang: LangParam,
        ...PageQuery.shape,
      }),
    },
    responses: {
      200: okJson(CataloguePageSchema, 'One page of the catalogue with filter counts', {
        ...pageExample('/api/v1/good-practices?barrier=B01', {
          ...PRACTICE_EXAMPLE,
          ...PRACTICE_LANGUAGE_EXAMPLE,
        }),
        counts: { barrier: { B01: 1 }, country: { SE: 1 }, exemplary: 0 },
      }),
      ...errorResponses('/api/v1/good-practices', {
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
    path: '/api/v1/good-practices/{slug}',
    operationId: 'getGoodPractice',
    tags: [TAG],
    summary: 'One good practice',
    description:
      'A good practice with the barriers it addresses and its sources; with `lang` (or Accept-Language) its labels, name and description in that language where translated, and every approved translation. A translation whose original changed after it was made is flagged `outdated`.',
    request: {
      params: idParam(
        'slug',
        "the practice's stable id (its slug)",
        'national-genomic-platform-sweden',
      ),
      query: z.object({ lang: LangParam }),
    },
    responses: {
      200: okJson(
        PracticeSchema.extend({
          ...PracticeLanguageFields,
          translations: z.array(PracticeTranslationSchema).openapi({
            description: 'every approved translation of the practice’s texts',
          }),
          sources: z.array(
            z.object({
              source: z.string(),
              title: z.string().nullable(),
              section: z.string().optional(),
              row: z.string().optional(),
              note: z.string().optional(),
            }),
          ),
        }).openapi('GoodPracticeDetail'),
        'The good practice',
        {
          ...PRACTICE_EXAMPLE,
          ...PRACTICE_LANGUAGE_EXAMPLE,
          translations: [
            {
              field: 'name',
              language: 'ca',
              text: 'Plataforma Genòmica Nacional (NGP)',
              translatedBy: 'Jordi Puig',
              reviewedBy: 'curator-7',
              updatedAt: '2026-02-01T00:00:00.000Z',
              madeFromVersion: 1,
              outdated: false,
            },
          ],
          sources: [
            {
              source: 'preciseu-d6-1',
              title: 'PRECISEU D6.1 Cross-Regional Report',
              section: '1. Health data',
            },
          ],
        },
      ),
      ...errorResponses('/api/v1/good-practices/no-such-practice', {
        notFound:
          'there is no good practice "no-such-practice"; see the catalogue of good practices',
      }),
    },
  }),
};

/** Mounts the good-practice operations. */
export function mountGoodPractices(app: OpenAPIHono, db: Db, options: OriginOptions): void {
  app.openapi(goodPracticeRoutes.list, async (c) => {
    const { page, pageSize } = c.req.valid('query');
    // The service reads the same raw parameters as the page, so filters and counts agree.
    const catalogue = await goodPracticeCatalogue(db, c.req.queries());
    const paged = paginate(c, options, catalogue.practices, page, pageSize);
    // The page's texts in the asked language where translated: one query for the page.
    const texts = await textsIn(db, 'good_practice', paged.items, currentLocale());
    return c.json(
      {
        ...paged,
        items: paged.items.map((p) => goodPracticeItemJson(p, texts)),
        counts: practiceCountsJson(catalogue),
      },
      200,
    );
  });

  app.openapi(goodPracticeRoutes.get, async (c) => {
    const view = await getGoodPractice(db, c.req.valid('param').slug);
    const p = view.practice;
    const translations = await recordTranslations(db, 'good_practice', p.slug, p.language);
    return c.json(goodPracticeJson(view, translations), 200);
  });
}
