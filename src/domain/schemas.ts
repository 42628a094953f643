import { z } from 'zod';
import {
  codesOf,
  DOMAINS,
  REGION_LEVELS,
  RELATION_KINDS,
  SCOPES,
  STATUSES,
  STRUCTURAL_TYPES,
  THEMES,
} from './codes.ts';

/** A stable, URL-safe identifier: lower-case words joined by hyphens. */
export const Slug = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'use lower-case letters, digits and single hyphens')
  .max(120);

/** A region code: NUTS (e.g. ES51, SE232) or ISO 3166 (e.g. LT, UA, UA-56). */
export const RegionCode = z
  .string()
  .regex(/^[A-Z]{2}(?:[0-9A-Z]{1,3}|-[0-9A-Z]{1,3})?$/, 'use a NUTS or ISO 3166 code such as ES51');

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
  url: z.url().optional(),
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
  programme: z.string().optional(),
  note: z.string().optional(),
});

/** A typed relation from one initiative to another, by slug. */
export const Relation = z.object({
  kind: z.enum(codesOf(RELATION_KINDS)),
  target: Slug,
});

/** An initiative as curated in data/reference and as accepted by imports. */
export const Initiative = z
  .object({
    slug: Slug,
    name: z.string().min(1).max(500),
    acronym: z.string().max(60).optional(),
    nativeName: z.string().max(500).optional(),
    summary: z.string().max(5000).optional(),
    objectives: z.string().max(5000).optional(),
    website: z.url().optional(),
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
    sources: z.array(SourceRef).min(1),
    notes: z.string().max(2000).optional(),
  })
  .refine((i) => !(i.website && i.websiteMissing), {
    message: 'give either website or websiteMissing, not both',
    path: ['websiteMissing'],
  });
export type Initiative = z.infer<typeof Initiative>;
export type InitiativeInput = z.input<typeof Initiative>;
