import { z } from 'zod';
import { RegionCode, SourceRef } from './schemas.ts';

/**
 * A region's RIS3 (regional innovation strategy for smart specialisation) and whether it
 * prioritises personalised medicine. The flag is only ever set by a confirmation that names the
 * passage (and page) it rests on and who confirmed it.
 */

/** Where the reading of a strategy stands. */
export const REVIEW_STATES = ['not_assessed', 'awaiting_review', 'confirmed', 'rejected'] as const;
export type ReviewState = (typeof REVIEW_STATES)[number];

/** The partner languages a strategy may be written in (ISO 639-1), as the term list covers them. */
export const STRATEGY_LANGUAGES = [
  'en',
  'es',
  'ca',
  'de',
  'it',
  'fr',
  'nl',
  'sv',
  'bg',
  'ro',
  'el',
  'lt',
  'uk',
] as const;

/** The passage a decision rests on: quoted, with its page, from the document or another source. */
export interface StrategyEvidence {
  readonly passage: string;
  readonly page: number | null;
  /** The source the passage is quoted from when it is not the strategy document itself. */
  readonly source: string | null;
  readonly section: string | null;
}

/** Who decided on the flag and when (the confirmation or rejection). */
export interface StrategyDecision {
  readonly by: string;
  readonly at: string;
  readonly note: string | null;
}

/** A strategy record as pages and the API show it. */
export interface StrategyRecord {
  readonly id: number;
  readonly key: string;
  readonly region: string;
  readonly regionName: string;
  readonly placeName: string | null;
  readonly title: string;
  readonly periodStart: number | null;
  readonly periodEnd: number | null;
  readonly link: string | null;
  readonly language: string | null;
  readonly priorityAreas: readonly string[];
  readonly description: string | null;
  readonly document: {
    readonly name: string;
    readonly format: string;
    readonly pages: number | null;
  } | null;
  readonly state: ReviewState;
  /** True only for a confirmed strategy: it prioritises personalised medicine. */
  readonly prioritisesPm: boolean;
  readonly evidence: StrategyEvidence | null;
  readonly decision: StrategyDecision | null;
  readonly sources: readonly SourceRef[];
  readonly updatedAt: string;
}

/** A passage the atlas proposed for review. */
export interface ProposedPassage {
  readonly id: number;
  readonly rank: number;
  readonly page: number | null;
  readonly text: string;
  readonly score: number;
  readonly terms: readonly string[];
}

/** The atlas's own count beside the figure the EC slides state. */
export interface StrategyCounts {
  readonly total: number;
  readonly confirmed: number;
  readonly awaitingReview: number;
  readonly rejected: number;
  readonly notAssessed: number;
}

const Year = z.number().int().min(1990).max(2100);

/** A strategy of data/reference/strategies.json. */
export const ReferenceStrategy = z
  .object({
    key: z.string().regex(/^[a-z0-9][a-z0-9-]{1,80}$/, 'lower-case letters, digits and hyphens'),
    region: RegionCode,
    placeName: z.string().min(1).max(200).optional(),
    title: z.string().min(3).max(400),
    periodStart: Year.optional(),
    periodEnd: Year.optional(),
    link: z.string().url().optional(),
    language: z.enum(STRATEGY_LANGUAGES).optional(),
    priorityAreas: z.array(z.string().min(1).max(200)).max(40).default([]),
    description: z.string().max(4000).optional(),
    state: z.enum(['not_assessed', 'confirmed', 'rejected']),
    evidence: z
      .object({
        passage: z.string().min(10).max(4000),
        page: z.number().int().positive().optional(),
        source: z.string().min(1).optional(),
        section: z.string().min(1).max(200).optional(),
      })
      .optional(),
    decision: z
      .object({
        by: z.string().min(1).max(200),
        on: z.iso.date(),
        note: z.string().max(2000).optional(),
      })
      .optional(),
    sources: z.array(SourceRef).default([]),
  })
  .superRefine((s, ctx) => {
    if (s.state !== 'not_assessed' && (!s.evidence || !s.decision))
      ctx.addIssue({
        code: 'custom',
        message: `a ${s.state} strategy names its evidence and decision (who, on which day)`,
        path: ['evidence'],
      });
    if (s.periodStart && s.periodEnd && s.periodEnd < s.periodStart)
      ctx.addIssue({
        code: 'custom',
        message: 'the period ends before it starts',
        path: ['periodEnd'],
      });
  });
export type ReferenceStrategy = z.infer<typeof ReferenceStrategy>;

/** What a curator gives with an uploaded strategy document. */
export const StrategyUpload = z
  .object({
    region: RegionCode,
    placeName: z.string().trim().max(200).optional(),
    title: z.string().trim().min(3, 'give the strategy’s title').max(400),
    periodStart: Year.optional(),
    periodEnd: Year.optional(),
    link: z.string().trim().url('give a full address beginning with https://').max(2000).optional(),
    language: z.enum(STRATEGY_LANGUAGES).optional(),
    priorityAreas: z.array(z.string().trim().min(1).max(200)).max(40).default([]),
  })
  .superRefine((s, ctx) => {
    if (s.periodStart && s.periodEnd && s.periodEnd < s.periodStart)
      ctx.addIssue({
        code: 'custom',
        message: 'the period ends before it starts',
        path: ['periodEnd'],
      });
    if (s.link && !/^https?:\/\//.test(s.link))
      ctx.addIssue({ code: 'custom', message: 'give an http or https address', path: ['link'] });
  });
export type StrategyUpload = z.infer<typeof StrategyUpload>;

/** A curator's decision on a proposed flag. */
export type StrategyVerdict =
  | { readonly decision: 'confirm'; readonly passageId: number; readonly note?: string }
  | { readonly decision: 'reject'; readonly note?: string };
