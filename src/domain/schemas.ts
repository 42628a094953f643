import { z } from 'zod';
import {
  BARRIER_CATEGORIES,
  BARRIERS,
  CAMPAIGN_KINDS,
  codesOf,
  DOMAINS,
  FUNDING_KINDS,
  PILLARS,
  REGION_LEVELS,
  RELATION_KINDS,
  SCOPES,
  STAKEHOLDER_GROUPS,
  STATUSES,
  STRUCTURAL_TYPES,
  THEMES,
} from './codes.ts';
import { isLanguageCode } from './languages.ts';
import { TRANSFER_REQUIREMENT_CODES } from './twinning.ts';

/** A stable, URL-safe identifier: lower-case words joined by hyphens. */
export const Slug = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'use lower-case letters, digits and single hyphens')
  .max(120);

/** A web link: http or https only, so that no data can put a script URL into a page. */
export const WebLink = z.url({
  protocol: /^https?$/,
  error: 'must be an http:// or https:// address',
});

/** A region code: NUTS (e.g. ES51, SE232) or ISO 3166 (e.g. LT, UA, UA-56). */
export const RegionCode = z
  .string()
  .regex(/^[A-Z]{2}(?:[0-9A-Z]{1,3}|-[0-9A-Z]{1,3})?$/, 'use a NUTS or ISO 3166 code such as ES51');

/**
 * The language of a record's own texts: an ISO 639-1 code, the primary language subtag of BCP 47
 * (e.g. en, ca, de). Left out, an import or a contribution finds it from the text, and a record
 * written without one is in English, like the reference data.
 */
export const Language = z
  .string({ error: 'give the language as an ISO 639-1 code such as en, ca or de' })
  .refine((code): boolean => isLanguageCode(code), {
    error: (issue) =>
      `"${String(issue.input)}" is not an ISO 639-1 language code; use a lower-case two-letter code such as en, ca or de`,
  })
  .describe("the language of the record's texts, an ISO 639-1 code such as en, ca or de");

/** Where a record or figure comes from: a document and section, a response or an import row. */
export const SourceRef = z.object({
  source: Slug.describe('code of a source in sources.json'),
  section: z.string().min(1).max(200).optional(),
  row: z.string().max(40).optional().describe('row number or label in the source table'),
  note: z.string().max(2000).optional(),
});
export type SourceRef = z.infer<typeof SourceRef>;

/** A source document or dataset that records cite. */
export const Source = z.object({
  code: Slug,
  title: z.string().min(1),
  publisher: z.string().min(1),
  year: z.number().int().min(1990).max(2100),
  url: WebLink.optional(),
  file: z.string().optional().describe('file name of the copy under shared/seeds'),
});
export type Source = z.infer<typeof Source>;

/** A country or sub-national region. */
export const Region = z.object({
  code: RegionCode,
  name: z.string().min(1),
  nativeName: z.string().optional(),
  level: z.enum(codesOf(REGION_LEVELS)),
  parent: RegionCode.optional(),
  country: z.string().regex(/^[A-Z]{2}$/),
  partner: z.boolean().default(false),
  sources: z.array(SourceRef).default([]),
});
export type Region = z.infer<typeof Region>;

/** A funding source of an initiative. */
export const Funding = z.object({
  funder: z.string().min(1),
  kind: z.enum(codesOf(FUNDING_KINDS)).describe('what kind of source the funder is, for filtering'),
  programme: z.string().optional(),
  note: z.string().optional(),
});

/** A typed relation from one initiative to another, by slug. */
export const Relation = z.object({
  kind: z.enum(codesOf(RELATION_KINDS)),
  target: Slug,
});

/** The fields of an initiative whose value may be the curators' inference rather than a source's. */
export const INFERABLE_FIELDS = [
  'name',
  'acronym',
  'nativeName',
  'website',
  'homeCountry',
  'regions',
  'submittingRegion',
  'scopes',
  'status',
  'statusAsOf',
  'domain',
  'type',
  'themes',
  'funding',
  'relations',
] as const;
export type InferableField = (typeof INFERABLE_FIELDS)[number];

/** A field whose value the curators inferred (it is not printed in the sources), and why. */
export const Inference = z.object({
  field: z.enum(INFERABLE_FIELDS),
  reason: z
    .string()
    .min(1)
    .max(1000)
    .describe('why the curators chose this value, e.g. what in the source points to it'),
});
export type Inference = z.infer<typeof Inference>;

/** An initiative as curated in data/reference and as accepted by imports. */
export const Initiative = z
  .object({
    slug: Slug,
    name: z.string().min(1).max(500),
    acronym: z.string().max(60).optional(),
    nativeName: z.string().max(500).optional(),
    summary: z.string().max(5000).optional(),
    language: Language.optional(),
    objectives: z.string().max(5000).optional(),
    website: WebLink.optional(),
    websiteMissing: z
      .string()
      .max(200)
      .optional()
      .describe('why there is no link, verbatim from the source (e.g. "N/A")'),
    homeCountry: z.string().regex(/^[A-Z]{2}$/, 'use an ISO 3166 alpha-2 country code'),
    regions: z.array(RegionCode).default([]),
    submittingRegion: RegionCode.optional(),
    scopes: z.array(z.enum(codesOf(SCOPES))).min(1),
    scopeVerbatim: z.string().optional().describe('the scope text as the source wrote it'),
    status: z.enum(codesOf(STATUSES)),
    statusNote: z.string().max(1000).optional(),
    statusAsOf: z
      .string()
      .regex(/^\d{4}-\d{2}(?:-\d{2})?$/)
      .optional(),
    domain: z.enum(codesOf(DOMAINS)),
    type: z.enum(codesOf(STRUCTURAL_TYPES)),
    themes: z.array(z.enum(codesOf(THEMES))).default([]),
    funding: z.array(Funding).default([]),
    relations: z.array(Relation).default([]),
    sources: z
      .array(SourceRef)
      .min(1)
      .describe('where the record comes from: the first is the one it was taken from'),
    notes: z.string().max(2000).optional(),
    inferred: z
      .array(Inference)
      .optional()
      .describe("the fields whose value is the curators' inference, not printed in the sources"),
    extra: z
      .record(z.string().min(1).max(200), z.string().max(32000))
      .optional()
      .describe('columns of an imported file that have no field here, kept verbatim by header'),
  })
  .refine((i) => !(i.website && i.websiteMissing), {
    message: 'give either website or websiteMissing, not both',
    path: ['websiteMissing'],
  })
  .refine((i) => new Set(i.inferred?.map((x) => x.field)).size === (i.inferred?.length ?? 0), {
    message: 'name each inferred field once (give one reason per field)',
    path: ['inferred'],
  });
export type Initiative = z.infer<typeof Initiative>;
export type InitiativeInput = z.input<typeof Initiative>;

const BarrierCode = z.enum(
  codesOf(BARRIERS as readonly { code: string; label: string }[]) as [string, ...string[]],
);

/** Descriptions of the barrier codebook's categories and barriers (labels live in codes.ts). */
export const BarrierCodebook = z.object({
  categories: z.array(
    z.object({
      code: z.enum(codesOf(BARRIER_CATEGORIES)),
      description: z.string().min(1).max(3000),
      sources: z.array(SourceRef).min(1),
    }),
  ),
  barriers: z.array(
    z.object({
      code: BarrierCode,
      description: z.string().min(1).max(5000),
      subThemes: z.array(z.string().min(1).max(300)).default([]),
      sources: z.array(SourceRef).min(1),
    }),
  ),
});
export type BarrierCodebook = z.infer<typeof BarrierCodebook>;

/** A message for a member left out of an optional object that has others (a form's empty field). */
const missing = (message: string) => (issue: { input: unknown }) =>
  issue.input === undefined ? message : undefined;

/** Where a source prints a quotation: the document and its section or page. */
export const QuotePlace = z.object({
  source: Slug.describe('code of a source in sources.json'),
  section: z.string().min(1).max(200).optional(),
  page: z.number().int().min(1).optional(),
  note: z.string().max(2000).optional().describe('e.g. that it is printed there only in part'),
});
export type QuotePlace = z.infer<typeof QuotePlace>;

/** A stakeholder's words exactly as a source prints them in quotation marks. */
export const Quote = z.object({
  text: z
    .string({
      error: missing("the quotation's words are missing; leave every part empty for none"),
    })
    .min(1)
    .max(3000)
    .describe('verbatim, without the enclosing quotation marks; only line breaks are joined'),
  attribution: z
    .string({ error: missing('say to whom the source attributes the quotation') })
    .min(1)
    .max(200)
    .describe('to whom the source attributes the words, as printed: a country or region'),
  printedIn: z
    .array(QuotePlace, { error: missing('say where the source prints the quotation') })
    .min(1)
    .describe('where the source prints them; several places when printed under several barriers'),
});
export type Quote = z.infer<typeof Quote>;

/** A statement from a region coded to one or more barriers; who said it is never recorded here. */
export const Evidence = z.object({
  key: Slug,
  statement: z.string().min(1).max(3000).describe("a paraphrase in the atlas's own words"),
  language: Language.optional(),
  barriers: z.array(BarrierCode).min(1),
  region: RegionCode,
  stakeholderGroup: z.enum(codesOf(STAKEHOLDER_GROUPS)).optional(),
  campaign: Slug.optional(),
  sources: z.array(SourceRef).min(1),
  quote: Quote.optional().describe(
    'the words the paraphrase renders, where the source quotes them',
  ),
});
export type Evidence = z.infer<typeof Evidence>;

/** A practice that addresses barriers and could be transferred elsewhere. */
export const GoodPractice = z
  .object({
    slug: Slug,
    name: z.string().min(1).max(500),
    country: z
      .string()
      .regex(/^[A-Z]{2}$/)
      .optional()
      .describe('omitted for EU-wide practices'),
    region: RegionCode.optional(),
    scope: z.enum(['regional', 'national', 'european', 'international']).optional(),
    summary: z.string().min(1).max(3000),
    language: Language.optional(),
    link: WebLink.optional(),
    linkMissing: z.string().max(200).optional(),
    barriers: z.array(BarrierCode).min(1),
    keyPlayers: z.string().max(2000).optional(),
    impact: z.string().max(3000).optional(),
    transferability: z.string().max(3000).optional(),
    transferConditions: z
      .array(
        z.object({
          requires: z.enum(TRANSFER_REQUIREMENT_CODES as [string, ...string[]]),
          note: z.string().min(1).max(500),
        }),
      )
      .max(12)
      .optional()
      .describe('what the practice needs where it is taken up, each checked against a region'),
    exemplary: z.boolean().default(false),
    sources: z.array(SourceRef).min(1),
    notes: z.string().max(2000).optional(),
  })
  .refine((g) => !(g.link && g.linkMissing), {
    message: 'give either link or linkMissing, not both',
    path: ['linkMissing'],
  });
export type GoodPractice = z.infer<typeof GoodPractice>;

/** A data-collection campaign such as a survey round or an interview round. */
export const Campaign = z.object({
  slug: Slug,
  kind: z.enum(codesOf(CAMPAIGN_KINDS)),
  title: z.string().min(1),
  opensAt: z
    .string()
    .regex(/^\d{4}-\d{2}(?:-\d{2})?$/)
    .optional(),
  closesAt: z
    .string()
    .regex(/^\d{4}-\d{2}(?:-\d{2})?$/)
    .optional(),
  rules: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
  state: z.enum(['draft', 'open', 'closed', 'published']),
  description: z.string().max(3000).optional(),
  questionnaire: z
    .object({ slug: Slug, version: z.number().int().positive() })
    .optional()
    .describe('the questionnaire version the round asks'),
  regions: z.array(RegionCode).optional().describe('the regions invited to respond'),
  reminderDays: z
    .array(z.number().int().min(0).max(365))
    .optional()
    .describe('days before closing on which regions not yet submitted get a reminder'),
  languages: z.array(z.enum(['en', 'es', 'de'])).optional(),
  previous: Slug.optional().describe('the round before, compared with and carried forward from'),
  sources: z.array(SourceRef).min(1),
});
export type Campaign = z.infer<typeof Campaign>;

/** A region's fact sheet / regional report for one campaign. */
export const RegionalReport = z.object({
  region: RegionCode,
  campaign: Slug,
  overview: z.string().min(1).max(5000),
  challenges: z
    .array(
      z.object({
        barrier: BarrierCode,
        note: z.string().min(1).max(5000),
        affectedParties: z.string().max(3000).optional(),
        impact: z.string().max(3000).optional(),
        recommendedActions: z.string().max(3000).optional(),
      }),
    )
    .default([]),
  strengths: z.array(z.string().min(1).max(1000)).default([]),
  weaknesses: z.array(z.string().min(1).max(1000)).default([]),
  secondaryDataAccess: z.string().max(3000).optional(),
  dataAccess: z
    .object({
      howAccessed: z.string().max(5000).optional(),
      barriers: z.string().max(5000).optional(),
      future: z.string().max(5000).optional(),
      goodExamples: z.string().max(5000).optional(),
    })
    .optional()
    .describe("the four parts of the template's secondary-data section, as a region answered them"),
  workshopNote: z
    .object({
      text: z
        .string({ error: missing("the note's text is missing; leave its sources empty for none") })
        .min(1)
        .max(1000),
      sources: z.array(SourceRef, { error: missing('give the sources of the note') }).min(1),
    })
    .optional()
    .describe(
      'what the source says of the workshop when none is on record, e.g. what took its place',
    ),
  sources: z.array(SourceRef).min(1),
});
export type RegionalReport = z.infer<typeof RegionalReport>;

const Count = z.number().int().min(0).nullable();

/** One printed row of an interview table: counts by stakeholder group and the printed total. */
export const InterviewRow = z.object({
  region: RegionCode,
  campaign: Slug,
  printedTotal: Count,
  counts: z
    .partialRecord(z.enum(codesOf(STAKEHOLDER_GROUPS)), Count)
    .describe('a group the table has no column for is absent; an empty cell is null'),
  sources: z.array(SourceRef).min(1),
});
export type InterviewRow = z.infer<typeof InterviewRow>;

/** A workshop held in a region. */
export const Workshop = z.object({
  key: Slug,
  region: RegionCode,
  campaign: Slug,
  heldOn: z
    .string()
    .regex(/^\d{4}-\d{2}(?:-\d{2})?$/)
    .optional(),
  participants: Count,
  format: z.enum(['online', 'on_site', 'hybrid']).optional(),
  organisers: z.string().max(500).optional(),
  participantsByGroup: z
    .partialRecord(z.enum(codesOf(STAKEHOLDER_GROUPS)), z.number().int().min(0))
    .optional()
    .describe('participants by stakeholder group, where the region counted them'),
  outcome: z.string().max(5000).optional(),
  sources: z.array(SourceRef).min(1),
});
export type Workshop = z.infer<typeof Workshop>;

/** Engagement as printed in a report: interview rows, workshops and any printed totals. */
export const Engagement = z.object({
  interviews: z.array(InterviewRow),
  workshops: z.array(Workshop),
});
export type Engagement = z.infer<typeof Engagement>;

/** An EP PerMed pillar of action with its recommended next steps. */
export const Pillar = z.object({
  code: z.enum(codesOf(PILLARS)),
  description: z.string().min(1).max(3000),
  nextSteps: z.array(z.string().min(1).max(1000)).min(1),
  sources: z.array(SourceRef).min(1),
});
export type Pillar = z.infer<typeof Pillar>;

/** What the records say about a reported figure, so the two can be compared. */
export const FigureMeasure = z.discriminatedUnion('of', [
  z.object({
    of: z.literal('initiatives'),
    source: Slug.optional().describe('count only initiatives citing this source'),
    domain: z.enum(codesOf(DOMAINS)).optional(),
    type: z.enum(codesOf(STRUCTURAL_TYPES)).optional(),
    status: z.enum(codesOf(STATUSES)).optional(),
  }),
  z.object({
    of: z.literal('interviews'),
    stakeholderGroup: z.enum(codesOf(STAKEHOLDER_GROUPS)).optional(),
  }),
  z.object({ of: z.literal('workshops') }),
  z.object({ of: z.literal('workshop_participants') }),
  z.object({ of: z.literal('barriers') }),
  z.object({ of: z.literal('barrier_categories') }),
  z.object({ of: z.literal('regions_reporting_barriers') }),
  // What the records cannot count but other figures state too: every figure that names the same
  // quantity states the same number, or the data-quality check says they disagree.
  z.object({
    of: z.literal('stated'),
    quantity: Slug.describe('a name for what is counted, the same for every figure stating it'),
  }),
  // A share in per cent printed beside the two figures it is made of (by their keys).
  z.object({ of: z.literal('share'), numerator: Slug, denominator: Slug }),
]);
export type FigureMeasure = z.infer<typeof FigureMeasure>;

/** A number a document states in its text, with where it says so. */
export const ReportedFigure = z.object({
  key: Slug,
  label: z.string().min(1).max(300),
  value: z.number(),
  qualifier: z.enum(['exact', 'about', 'at_least', 'over']).default('exact'),
  measure: FigureMeasure.optional().describe(
    'how to count the same thing in the records; omitted when the records cannot',
  ),
  sources: z.array(SourceRef).min(1),
  notes: z.string().max(2000).optional(),
});
export type ReportedFigure = z.infer<typeof ReportedFigure>;
