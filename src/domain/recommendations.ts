import { z } from 'zod';
import { BARRIERS, codesOf, PILLARS, STAKEHOLDER_GROUPS } from './codes.ts';
import { Language, RegionCode, Slug, SourceRef } from './schemas.ts';

/**
 * Recommendations (issue 17): what the sources recommend, as records in the atlas's own words.
 * Kinds: D6.1's way forward and joint roadmap, a region's outlook from its fact sheet, an EP PerMed
 * pillar's next step, what the ICPerMed report recommends or reports, and the Commission's actions.
 */
export const RECOMMENDATION_KINDS = [
  'way_forward',
  'joint_roadmap',
  'regional_outlook',
  'pillar_next_step',
  'icpermed',
  'ec_action',
] as const;
export type RecommendationKind = (typeof RECOMMENDATION_KINDS)[number];

/** The interface catalogue's key of each kind's label (a new kind fails to compile until named). */
export const RECOMMENDATION_KIND_KEYS: Readonly<Record<RecommendationKind, string>> = {
  way_forward: 'recommendations.kindWayForward',
  joint_roadmap: 'recommendations.kindJointRoadmap',
  regional_outlook: 'recommendations.kindRegionalOutlook',
  pillar_next_step: 'recommendations.kindPillarNextStep',
  icpermed: 'recommendations.kindIcpermed',
  ec_action: 'recommendations.kindEcAction',
};

/** The level a recommendation is addressed to. */
export const RECOMMENDATION_LEVELS = ['european', 'national', 'regional'] as const;
export type RecommendationLevel = (typeof RECOMMENDATION_LEVELS)[number];

/** A verbatim passage kept with a recommendation: always shown as a quote, with where it is from. */
export const RecommendationQuote = z.object({
  text: z.string().min(1).max(2000),
  source: Slug.describe('code of a source in sources.json'),
  section: z.string().min(1).max(200),
  page: z.string().max(20).optional().describe('the printed page, where the source has one'),
  note: z.string().max(1000).optional(),
});
export type RecommendationQuote = z.infer<typeof RecommendationQuote>;

/** One recommendation of data/reference/recommendations.json. */
export const Recommendation = z.object({
  slug: Slug,
  title: z.string().min(1).max(200),
  text: z.string().min(1).max(3000),
  kind: z.enum(RECOMMENDATION_KINDS),
  level: z.enum(RECOMMENDATION_LEVELS),
  language: Language.optional(),
  pillar: z.enum(codesOf(PILLARS)).optional(),
  regions: z.array(RegionCode).default([]),
  barriers: z.array(z.enum(codesOf(BARRIERS))).min(1),
  actors: z.array(z.enum(codesOf(STAKEHOLDER_GROUPS))).min(1),
  actorsNamed: z.string().max(500).optional().describe('organisations the source names'),
  quote: RecommendationQuote.optional(),
  sources: z.array(SourceRef).min(1),
});
export type Recommendation = z.infer<typeof Recommendation>;
