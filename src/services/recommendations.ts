import type { Db } from '../db/connect.ts';
import { BARRIERS, STAKEHOLDER_GROUPS } from '../domain/codes.ts';
import { notFound, unknownValue } from '../domain/errors.ts';
import type { EvidenceKind } from '../domain/prevalence.ts';
import type { Recommendation } from '../domain/recommendations.ts';
import { filterValues } from '../domain/search.ts';
import { listRecommendations, type RecommendationRecord } from '../repositories/recommendations.ts';
import { listRegionalReports } from '../repositories/regional-reports.ts';
import { listRegions } from '../repositories/regions.ts';
import { sourceTitles } from '../repositories/sources.ts';
import { getBarrierView } from './barriers.ts';
import { getRegionView } from './regions.ts';
import type { RawParams } from './search.ts';
import { type CheckedTranslations, translationsOf } from './translations.ts';

export type { RecommendationRecord } from '../repositories/recommendations.ts';

/**
 * A recommendation as pages and the API show it: with its approved translations (its title and
 * text in other languages, issue 18) and which of them may be out of date.
 */
export interface TranslatedRecommendation extends RecommendationRecord {
  readonly translations: CheckedTranslations;
}

/** Every recommendation (or the one with a slug) with its translations: three queries in all. */
async function listTranslated(db: Db, slug?: string): Promise<TranslatedRecommendation[]> {
  const records = await listRecommendations(db.kysely, slug);
  const found = await translationsOf(
    db,
    'recommendation',
    new Map(records.map((r) => [r.slug, r.language])),
  );
  return records.map((r) => ({ ...r, translations: found.get(r.slug) as CheckedTranslations }));
}

/**
 * A stored recommendation in the shape of its schema (data/reference/recommendations.json):
 * what the bulk downloads publish and what a proposed change starts from. Empty optional values
 * are left out, as the reference data leaves them out.
 */
export function recommendationContent(r: RecommendationRecord): Recommendation {
  return {
    slug: r.slug,
    title: r.title,
    text: r.text,
    kind: r.kind,
    level: r.level,
    language: r.language,
    ...(r.pillar ? { pillar: r.pillar as NonNullable<Recommendation['pillar']> } : {}),
    regions: [...r.regions],
    barriers: [...r.barriers] as Recommendation['barriers'],
    actors: [...r.actors] as Recommendation['actors'],
    ...(r.actorsNamed ? { actorsNamed: r.actorsNamed } : {}),
    ...(r.quote ? { quote: r.quote } : {}),
    sources: [...r.sources],
  };
}

/** Filters of the list of recommendations: any of the sources, barriers and stakeholder groups. */
export interface RecommendationFilters {
  readonly source: readonly string[];
  readonly barrier: readonly string[];
  readonly actor: readonly string[];
}

type FilterName = keyof RecommendationFilters;

/** The list: the recommendations that pass the filters, and counts for each filter value. */
export interface RecommendationCatalogue {
  readonly filters: RecommendationFilters;
  readonly recommendations: readonly TranslatedRecommendation[];
  readonly total: number;
  /** For each value, how many recommendations match it together with the other filters. */
  readonly counts: Readonly<Record<FilterName, ReadonlyMap<string, number>>>;
  /** Titles of the source documents by code. */
  readonly sourceTitles: ReadonlyMap<string, string>;
  /** Every source document the recommendations cite, the values of the source filter. */
  readonly sources: readonly string[];
}

/** The source documents a recommendation cites (its provenance and its quote's source). */
export function sourcesOf(r: RecommendationRecord): string[] {
  return [...new Set([...r.sources.map((s) => s.source), ...(r.quote ? [r.quote.source] : [])])];
}

const valuesOf: Record<FilterName, (r: RecommendationRecord) => readonly string[]> = {
  source: sourcesOf,
  barrier: (r) => r.barriers,
  actor: (r) => r.actors,
};

function passes(r: RecommendationRecord, f: RecommendationFilters, except?: FilterName): boolean {
  return (Object.keys(valuesOf) as FilterName[]).every(
    (name) =>
      name === except || f[name].length === 0 || valuesOf[name](r).some((v) => f[name].includes(v)),
  );
}

/** Lists recommendations by source document, barrier addressed and stakeholder group named. */
export async function recommendationCatalogue(
  db: Db,
  raw: RawParams,
): Promise<RecommendationCatalogue> {
  const [all, titles] = await Promise.all([listTranslated(db), sourceTitles(db.kysely)]);
  const filters: RecommendationFilters = {
    source: filterValues(raw.source),
    barrier: filterValues(raw.barrier),
    actor: filterValues(raw.actor),
  };
  const allowed: Record<FilterName, readonly string[]> = {
    source: [...new Set(all.flatMap(sourcesOf))].sort(),
    barrier: BARRIERS.map((b) => b.code),
    actor: STAKEHOLDER_GROUPS.map((g) => g.code),
  };
  for (const name of Object.keys(allowed) as FilterName[]) {
    const bad = filters[name].find((v) => !allowed[name].includes(v));
    if (bad) throw unknownValue(name, bad, allowed[name]);
  }
  const tally = (name: FilterName) => {
    const m = new Map<string, number>();
    for (const r of all.filter((x) => passes(x, filters, name)))
      for (const v of valuesOf[name](r)) m.set(v, (m.get(v) ?? 0) + 1);
    return m;
  };
  const recommendations = all.filter((r) => passes(r, filters));
  return {
    filters,
    recommendations,
    total: recommendations.length,
    counts: { source: tally('source'), barrier: tally('barrier'), actor: tally('actor') },
    sourceTitles: titles,
    sources: allowed.source,
  };
}

/** Titles of the source documents by code, for the citations of recommendations. */
export function recommendationSourceTitles(db: Db): Promise<Map<string, string>> {
  return sourceTitles(db.kysely);
}

/** A region whose fact sheet reports barriers a recommendation addresses. */
export interface RelatedRegion {
  readonly region: string;
  /** The barriers it reports that the recommendation addresses, in code order. */
  readonly shared: readonly string[];
}

/** One recommendation with its provenance and the regions it concerns or that face its barriers. */
export interface RecommendationView {
  readonly recommendation: TranslatedRecommendation;
  readonly sourceTitles: ReadonlyMap<string, string>;
  /** Regions whose reported barriers it addresses, most barriers shared first. */
  readonly relatedRegions: readonly RelatedRegion[];
}

/** The barriers each region's fact sheet reports (its challenges' codes), by region code. */
async function reportedBarriers(db: Db): Promise<Map<string, string[]>> {
  const reports = await listRegionalReports(db.kysely);
  const out = new Map<string, string[]>();
  for (const r of reports) {
    const codes = new Set([...(out.get(r.region) ?? []), ...r.challenges.map((c) => c.barrier)]);
    out.set(r.region, [...codes].sort());
  }
  return out;
}

/** One recommendation by slug; not_found when there is none. */
export async function getRecommendation(db: Db, slug: string): Promise<RecommendationView> {
  const [[recommendation], titles, reported] = await Promise.all([
    listTranslated(db, slug),
    sourceTitles(db.kysely),
    reportedBarriers(db),
  ]);
  if (!recommendation) throw notFound('recommendation', slug, 'see the list of recommendations');
  const relatedRegions = [...reported.entries()]
    .map(([region, codes]) => ({
      region,
      shared: codes.filter((c) => recommendation.barriers.includes(c)),
    }))
    .filter((r) => r.shared.length > 0)
    .sort((a, b) => b.shared.length - a.shared.length || a.region.localeCompare(b.region));
  return { recommendation, sourceTitles: titles, relatedRegions };
}

/** The recommendations addressing one barrier; not_found for an unknown barrier code. */
export async function recommendationsForBarrier(
  db: Db,
  code: string,
): Promise<TranslatedRecommendation[]> {
  if (!BARRIERS.some((b) => b.code === code)) {
    throw notFound('barrier', code, `barriers are numbered B01 to B${BARRIERS.length}`);
  }
  return (await listTranslated(db)).filter((r) => r.barriers.includes(code));
}

/** What is recommended for a region: for the place itself, and elsewhere for its barriers. */
export interface RegionRecommendations {
  readonly region: string;
  /** The barriers its fact sheet reports. */
  readonly barriers: readonly string[];
  /** Recommendations made for the region itself or for its country. */
  readonly forPlace: readonly TranslatedRecommendation[];
  /** European-level recommendations addressing barriers it reports, most shared first. */
  readonly forBarriers: readonly { recommendation: TranslatedRecommendation; shared: string[] }[];
}

/** The recommendations for one region; not_found for an unknown region code. */
export async function recommendationsForRegion(
  db: Db,
  code: string,
): Promise<RegionRecommendations> {
  const [regions, all, reported] = await Promise.all([
    listRegions(db.kysely),
    listTranslated(db),
    reportedBarriers(db),
  ]);
  const region = regions.find((r) => r.code === code);
  if (!region) throw notFound('region', code, 'see the list of regions');
  const places = new Set([code, region.countryCode]);
  const barriers = reported.get(code) ?? [];
  const forPlace = all.filter((r) => r.regions.some((g) => places.has(g)));
  const forBarriers = all
    .filter((r) => r.level === 'european' && !forPlace.includes(r))
    .map((recommendation) => ({
      recommendation,
      shared: recommendation.barriers.filter((b) => barriers.includes(b)),
    }))
    .filter((x) => x.shared.length > 0)
    .sort(
      (a, b) =>
        b.shared.length - a.shared.length ||
        a.recommendation.slug.localeCompare(b.recommendation.slug),
    );
  return { region: code, barriers, forPlace, forBarriers };
}

/** A region's view with what is recommended for it, for its page's "What is recommended". */
export async function regionViewWithRecommendations(db: Db, code: string) {
  const [view, recommended] = await Promise.all([
    getRegionView(db, code),
    recommendationsForRegion(db, code),
  ]);
  return { ...view, recommended };
}

/** A barrier's view, counting evidence of the kind, and the recommendations addressing it. */
export async function barrierViewWithRecommendations(db: Db, code: string, kind: EvidenceKind) {
  const [view, recommended] = await Promise.all([
    getBarrierView(db, code, kind),
    recommendationsForBarrier(db, code),
  ]);
  return { ...view, recommended };
}
