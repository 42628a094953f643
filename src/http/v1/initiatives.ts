import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Db } from '../../db/connect.ts';
import {
  codesOf,
  DOMAINS,
  FUNDING_KINDS,
  RELATION_KINDS,
  SCOPES,
  STATUSES,
  STRUCTURAL_TYPES,
  THEMES,
} from '../../domain/codes.ts';
import { unknownValue } from '../../domain/errors.ts';
import { INFERABLE_FIELDS } from '../../domain/schemas.ts';
import { FACET_CODE_LISTS, FACET_LABELS, FACET_NAMES, SORTS } from '../../domain/search.ts';
import { getInitiativeView } from '../../services/initiatives.ts';
import { search } from '../../services/search.ts';
import { recordTranslations, translationsOf } from '../../services/translations.ts';
import { currentLocale } from '../../web/i18n.ts';
import type { OriginOptions } from '../origin.ts';
import { initiativeJson, searchResultJson } from './presenters.ts';
import {
  errorResponses,
  idParam,
  okJson,
  PageQuery,
  pageExample,
  pageLinks,
  pageOf,
} from './schemas.ts';
import {
  InitiativeLanguageFields,
  InitiativeTextSchema,
  LangParam,
} from './translation-schemas.ts';

const TAG = 'Initiatives';

/** A facet parameter: one value, several comma-separated, or the parameter repeated. */
/** What a facet parameter accepts, for its description. */
const FACET_VALUES: Partial<Record<(typeof FACET_NAMES)[number], string>> = {
  country: 'allowed values: the codes of the countries on record (GET /api/v1/regions)',
  region: 'allowed values: the codes of the regions on record (GET /api/v1/regions)',
  source:
    'the document each initiative was taken from (the first of its sources): a source code such as preciseu-d3-1, or one section of it written code:section such as "preciseu-d3-1:7 Appendix" (the values and counts are in facets.source); a section value may hold commas, so several are given by repeating the parameter',
};

const FACET_EXAMPLES: Partial<Record<(typeof FACET_NAMES)[number], string>> = {
  country: 'ES',
  region: 'ES51',
  source: 'preciseu-d3-1',
};

/** A facet parameter: one value, several comma-separated, or the parameter repeated. */
function facetParam(facet: (typeof FACET_NAMES)[number]) {
  const list = FACET_CODE_LISTS[facet];
  const values = list
    ? `allowed values: ${list.map((e) => e.code).join(', ')}`
    : FACET_VALUES[facet];
  const several =
    facet === 'source' ? 'the parameter repeated' : 'comma-separated or the parameter repeated';
  return z
    .union([z.string(), z.array(z.string())])
    .optional()
    .openapi({
      param: {
        description: `${FACET_LABELS[facet]} filter; several values (${several}) match any of them, filters of different facets all apply; ${values}. An unknown value is a 400 naming the allowed values.`,
        style: 'form',
        explode: true,
      },
      example: list?.[0]?.code ?? FACET_EXAMPLES[facet],
    });
}

const ListQuery = z.object({
  q: z
    .string()
    .max(200)
    .optional()
    .openapi({
      param: {
        description:
          'free-text search in names, acronyms, summaries and objectives (at most 200 characters); words are matched without accents',
      },
      example: 'genomic',
    }),
  sort: z
    .enum(SORTS)
    .optional()
    .openapi({
      param: {
        description:
          'order of the items: relevance (the default with q), name (the default without q) or updated (most recently changed first)',
      },
      example: 'name',
    }),
  domain: facetParam('domain'),
  type: facetParam('type'),
  country: facetParam('country'),
  region: facetParam('region'),
  scope: facetParam('scope'),
  status: facetParam('status'),
  theme: facetParam('theme'),
  funding: facetParam('funding'),
  source: facetParam('source'),
  lang: LangParam,
  ...PageQuery.shape,
});

const HitSchema = z
  .object({
    slug: z.string(),
    name: z.string(),
    acronym: z.string().nullable(),
    domain: z.enum(codesOf(DOMAINS)),
    type: z.enum(codesOf(STRUCTURAL_TYPES)),
    status: z.enum(codesOf(STATUSES)),
    homeCountry: z.string(),
    submittingRegion: z.string().nullable(),
    language: z.string().openapi({
      description:
        "the language of the record's texts, an ISO 639-1 code (BCP 47 primary language subtag)",
      example: 'en',
    }),
    labels: z.object({ domain: z.string(), type: z.string(), status: z.string() }).openapi({
      description: 'the labels of the codes in the language asked for (lang, Accept-Language)',
    }),
    texts: z.object({ name: InitiativeTextSchema }).openapi({
      description:
        'the name in the asked language where a curator approved a translation, else in the original language; it says its language, and a translation whose original changed since is flagged outdated',
    }),
    snippet: z.string().openapi({ description: 'a passage of the summary, plain text' }),
    snippetHtml: z
      .string()
      .openapi({ description: 'the same passage as HTML, matched words in <mark>' }),
  })
  .openapi('InitiativeHit');

const FacetCountSchema = z
  .object({ value: z.string(), count: z.number().int() })
  .openapi('FacetCount');

const InitiativePageSchema = pageOf(HitSchema, 'InitiativePage')
  .extend({
    facets: z
      .object(
        Object.fromEntries(FACET_NAMES.map((f) => [f, z.array(FacetCountSchema)])) as Record<
          (typeof FACET_NAMES)[number],
          z.ZodArray<typeof FacetCountSchema>
        >,
      )
      .openapi({
        description:
          "each facet's values with how many items each would give as the facet's only choice, the other filters applying",
      }),
    query: z.object({
      q: z.string(),
      sort: z.enum(SORTS),
      filters: z.record(z.string(), z.array(z.string())),
    }),
  })
  .openapi('InitiativePage');

const HIT_EXAMPLE = {
  slug: 'genomic-medicine-sweden',
  name: 'Genomic Medicine Sweden',
  acronym: 'GMS',
  domain: 'ecosystem' as const,
  type: 'permanent_institution' as const,
  status: 'ongoing' as const,
  homeCountry: 'SE',
  submittingRegion: 'SE232',
  language: 'en',
  labels: { domain: 'Ecosystem', type: 'Permanent institution', status: 'Ongoing' },
  texts: { name: { text: 'Genomic Medicine Sweden', language: 'en' } },
  snippet: 'Swedish national effort that brings genomics into routine clinical care',
  snippetHtml:
    'Swedish national effort that brings <mark>genomics</mark> into routine clinical care',
};

const SourceSchema = z
  .object({
    source: z.string(),
    title: z.string().nullable().openapi({ description: 'title of the source document' }),
    section: z.string().optional(),
    row: z.string().optional(),
    note: z.string().optional(),
  })
  .openapi('SourceRef');

const InitiativeSchema = z
  .object({
    slug: z.string(),
    name: z.string(),
    acronym: z.string().optional(),
    nativeName: z.string().optional(),
    summary: z.string().optional(),
    language: z.string().openapi({
      description:
        "the language of the record's texts, an ISO 639-1 code (BCP 47 primary language subtag)",
      example: 'en',
    }),
    objectives: z.string().optional(),
    website: z.string().optional(),
    websiteMissing: z
      .string()
      .optional()
      .openapi({ description: 'why there is no link, as the source says' }),
    homeCountry: z.string(),
    regions: z.array(z.string()),
    submittingRegion: z.string().optional(),
    scopes: z.array(z.enum(codesOf(SCOPES))),
    scopeVerbatim: z.string().optional(),
    status: z.enum(codesOf(STATUSES)),
    statusNote: z.string().optional(),
    statusAsOf: z.string().optional(),
    domain: z.enum(codesOf(DOMAINS)),
    type: z.enum(codesOf(STRUCTURAL_TYPES)),
    themes: z.array(z.enum(codesOf(THEMES))),
    funding: z.array(
      z.object({
        funder: z.string(),
        kind: z.enum(codesOf(FUNDING_KINDS)),
        programme: z.string().optional(),
        note: z.string().optional(),
      }),
    ),
    notes: z.string().optional(),
    extra: z.record(z.string(), z.string()).optional(),
    inferred: z
      .array(
        z.object({
          field: z.enum(INFERABLE_FIELDS),
          reason: z.string().openapi({ description: 'why the curators chose the value' }),
        }),
      )
      .openapi({
        description:
          "the fields whose value is the curators' inference rather than printed in a source (e.g. a reporting region read from the block of the appendix a row sits in), each with the reason; empty when every value is printed in the sources",
      }),
    sources: z.array(SourceSchema),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
    related: z.array(
      z.object({
        kind: z.enum(codesOf(RELATION_KINDS)),
        direction: z.enum(['outgoing', 'incoming']),
        slug: z.string(),
        name: z.string(),
        language: z.string().openapi({ description: "the language of the initiative's name" }),
        type: z.string(),
      }),
    ),
    similar: z
      .array(
        z.object({
          slug: z.string(),
          name: z.string(),
          language: z.string().openapi({ description: "the language of the initiative's name" }),
          shared: z.number().int(),
        }),
      )
      .openapi({ description: 'initiatives sharing the most themes with this one' }),
    ...InitiativeLanguageFields,
  })
  .openapi('Initiative');

const SlugParam = idParam(
  'slug',
  "the initiative's stable id (its slug)",
  'genomic-medicine-sweden',
);

/** The operations on initiatives. */
export const initiativeRoutes = {
  list: createRoute({
    method: 'get',
    path: '/api/v1/initiatives',
    operationId: 'listInitiatives',
    tags: [TAG],
    summary: 'Search and filter initiatives',
    description:
      "The same search as the /initiatives page: free text, facet filters, sort and pages, with the count of every facet value. Totals and counts equal the page's for the same parameters.",
    request: { query: ListQuery },
    responses: {
      200: okJson(InitiativePageSchema, 'One page of matching initiatives with facet counts', {
        ...pageExample('/api/v1/initiatives?q=genomic', HIT_EXAMPLE),
        facets: {
          domain: [{ value: 'ecosystem', count: 1 }],
          type: [{ value: 'permanent_institution', count: 1 }],
          country: [{ value: 'SE', count: 1 }],
          region: [{ value: 'SE232', count: 1 }],
          scope: [{ value: 'national', count: 1 }],
          status: [{ value: 'ongoing', count: 1 }],
          theme: [
            { value: 'genomics', count: 1 },
            { value: 'health_data', count: 1 },
          ],
          funding: [],
          source: [
            { value: 'preciseu-d3-1', count: 1 },
            { value: 'preciseu-d3-1:7 Appendix', count: 1 },
          ],
        },
        query: { q: 'genomic', sort: 'relevance', filters: {} },
      }),
      ...errorResponses('/api/v1/initiatives', {
        invalid: unknownValue(
          'status',
          'finished',
          STATUSES.map((s) => s.code),
        ),
      }),
    },
  }),
  get: createRoute({
    method: 'get',
    path: '/api/v1/initiatives/{slug}',
    operationId: 'getInitiative',
    tags: [TAG],
    summary: 'One initiative',
    description:
      'An initiative with its relations to other initiatives, similar initiatives, its sources and the values the curators inferred (with why).',
    request: { params: SlugParam, query: z.object({ lang: LangParam }) },
    responses: {
      200: okJson(InitiativeSchema, 'The initiative', {
        slug: 'genomic-medicine-sweden',
        name: 'Genomic Medicine Sweden',
        language: 'en',
        acronym: 'GMS',
        homeCountry: 'SE',
        regions: [],
        submittingRegion: 'SE232',
        scopes: ['national'],
        status: 'ongoing',
        statusAsOf: '2025-01',
        domain: 'ecosystem',
        type: 'permanent_institution',
        themes: ['genomics', 'health_data'],
        funding: [],
        inferred: [
          {
            field: 'submittingRegion',
            reason:
              'The D3.1 appendix table has no column for the reporting region. This row is in rows 1–8, a run of Swedish initiatives, so the curators credit the run to Västra Götaland.',
          },
        ],
        sources: [
          {
            source: 'preciseu-d3-1',
            title: 'PRECISEU D3.1 Initiatives Mapping',
            section: '7 Appendix',
            row: '1',
          },
        ],
        version: 1,
        createdAt: '2026-01-01T00:00:00.000Z',
        updatedAt: '2026-01-01T00:00:00.000Z',
        related: [],
        similar: [
          {
            slug: 'camp',
            name: 'Centre for Advanced Medical Products',
            language: 'en',
            shared: 1,
          },
        ],
        labelLanguage: 'ca',
        labels: {
          domain: 'Ecosistema',
          type: 'Institució permanent',
          status: 'En curs',
          scopes: ['Nacional'],
          themes: ['Genòmica', 'Dades de salut'],
        },
        texts: {
          name: {
            text: 'Medicina Genòmica Suècia',
            language: 'ca',
            translatedBy: 'Jordi Puig',
          },
        },
        translations: [
          {
            field: 'name',
            language: 'ca',
            text: 'Medicina Genòmica Suècia',
            translatedBy: 'Jordi Puig',
            reviewedBy: 'curator-7',
            updatedAt: '2026-02-01T00:00:00.000Z',
            madeFromVersion: 1,
            outdated: false,
          },
        ],
      }),
      ...errorResponses('/api/v1/initiatives/no-such-thing', {
        notFound: 'there is no initiative "no-such-thing"; search the list of initiatives instead',
      }),
    },
  }),
};

/** Mounts the initiative operations. */
export function mountInitiatives(app: OpenAPIHono, db: Db, options: OriginOptions): void {
  app.openapi(initiativeRoutes.list, async (c) => {
    const { page, pageSize } = c.req.valid('query');
    // The service validates the facets against the database, exactly as for the page.
    // Names sort in the collation of the language the request negotiated (lang, Accept-Language).
    const result = await search(
      db,
      { ...c.req.queries(), page: String(page), pageSize: String(pageSize) },
      currentLocale(),
    );
    const originals = new Map(result.hits.map((h) => [h.slug, h.language]));
    const translations = await translationsOf(db, 'initiative', originals);
    const { total, items, facets, query } = searchResultJson(result, translations);
    const links = pageLinks(c, options, page, pageSize, total);
    return c.json({ total, page, pageSize, items, links, facets, query }, 200);
  });

  app.openapi(initiativeRoutes.get, async (c) => {
    const view = await getInitiativeView(db, c.req.valid('param').slug);
    const i = view.initiative;
    const translations = await recordTranslations(db, 'initiative', i.slug, i.language ?? 'en');
    return c.json(initiativeJson(view, translations), 200);
  });
}
