import type { Db } from '../db/connect.ts';
import type { CrossTab } from '../domain/crosstab.ts';
import { notFound } from '../domain/errors.ts';
import type { RegionBarriers } from '../domain/prevalence.ts';
import type { Finding } from '../domain/quality.ts';
import { isHomeLevel, type RegionInfo } from '../domain/region.ts';
import type { StrategyRecord } from '../domain/strategies.ts';
import type { ConditionCheck } from '../domain/twinning.ts';
import { listInterviewRows, listWorkshops } from '../repositories/engagement.ts';
import { countEvidenceByRegion, listEvidence } from '../repositories/evidence.ts';
import { type GoodPracticeItem, listGoodPractices } from '../repositories/good-practices.ts';
import { countInitiativesBy } from '../repositories/initiatives.ts';
import { listRegionalReports, type RegionalReportItem } from '../repositories/regional-reports.ts';
import { listRegions } from '../repositories/regions.ts';
import { sourceTitles } from '../repositories/sources.ts';
import { listStrategies } from '../repositories/strategies.ts';
import { type TranslatedEvidence, withTranslations } from './barriers.ts';
import { isPracticeFrom } from './good-practices.ts';
import { getRegionBarriers } from './prevalence.ts';
import { interviewRowNotes } from './quality.ts';
import { domainTypeTable } from './stats.ts';
import { getRegionTwinning, type TwinningView } from './twinning.ts';

/** Names of all regions and countries by code. */
export async function regionNames(db: Db): Promise<Map<string, string>> {
  return new Map((await listRegions(db.kysely)).map((r) => [r.code, r.name]));
}

/** The partner regions, in name order. */
export async function partnerRegions(db: Db): Promise<RegionInfo[]> {
  return (await listRegions(db.kysely)).filter((r) => r.isPartner);
}

/** A region's fact sheet: everything the atlas knows about it. */
export interface RegionView {
  readonly region: RegionInfo;
  readonly report: RegionalReportItem | undefined;
  readonly initiatives: CrossTab;
  /** What `initiatives` counts: reported by the place, or based there. */
  readonly initiativeBasis: InitiativeBasis;
  /** Its statements, each with its translations (issue 18). */
  readonly evidence: readonly TranslatedEvidence[];
  /** Its barriers ranked by the evidence behind them (statements and fact-sheet challenges). */
  readonly barriers: RegionBarriers;
  /** Practices located in the region, or in its country without a more precise region. */
  readonly practicesFrom: readonly GoodPracticeItem[];
  /** Practices from elsewhere that address the barriers the region reports, best match first. */
  readonly practicesFor: readonly {
    practice: GoodPracticeItem;
    shared: string[];
    /** Its transfer conditions checked against this region (the twinning suggestion's). */
    conditions: readonly ConditionCheck[];
  }[];
  /** Peers, mentors, practices and initiatives suggested for twinning, with their reasons. */
  readonly twinning: TwinningView;
  readonly interviews: Awaited<ReturnType<typeof listInterviewRows>>[number] | undefined;
  /** What the data-quality check says of the interview row (the same finding), if anything. */
  readonly interviewNote: Finding | undefined;
  readonly workshops: Awaited<ReturnType<typeof listWorkshops>>;
  /** Titles of the source documents by code, for the quotations' citations. */
  readonly sourceTitles: ReadonlyMap<string, string>;
  /** The region's RIS3 strategies, with whether a curator confirmed they prioritise PM. */
  readonly strategies: readonly StrategyRecord[];
  /** What is recommended for it (filled in for the page by services/recommendations.ts). */
  readonly recommended?: import('./recommendations.ts').RegionRecommendations;
  /** For a country that reports itself: how many initiatives are based there (the home map's count). */
  readonly basedHere: number | undefined;
  /** The country a region is in, and the regions on record in a country (by name). */
  readonly places: { readonly country?: RegionInfo; readonly regions: readonly RegionInfo[] };
}

/** The country of a region, and the regions of a country, as the atlas holds them. */
function placesOf(region: RegionInfo, all: readonly RegionInfo[]): RegionView['places'] {
  if (isHomeLevel(region.level))
    return {
      regions: all
        .filter((r) => r.countryCode === region.code && r.code !== region.code)
        .sort((a, b) => a.name.localeCompare(b.name)),
    };
  const country = all.find((r) => r.code === region.countryCode && isHomeLevel(r.level));
  return { ...(country ? { country } : {}), regions: [] };
}

/**
 * Which initiatives a place's figures count: those a partner region or country reported, or, for
 * a country that does not report itself, those based there (as the list's Country filter counts).
 */
export type InitiativeBasis = 'reported' | 'based';

function basisOf(region: RegionInfo): InitiativeBasis {
  return isHomeLevel(region.level) && !region.isPartner ? 'based' : 'reported';
}

/** Loads one region's fact sheet; not_found names where to find the regions. */
export async function getRegionView(db: Db, code: string): Promise<RegionView> {
  const q = db.kysely;
  const all = await listRegions(q);
  const region = all.find((r) => r.code === code);
  if (!region) throw notFound('region', code, 'see the list of regions');
  // A partner country reports its own initiatives; the home map counts those based there.
  const reportingHome = isHomeLevel(region.level) && region.isPartner;
  const [
    reports,
    initiatives,
    evidence,
    practices,
    interviews,
    workshops,
    twinning,
    titles,
    strategies,
    based,
    barriers,
  ] = await Promise.all([
    listRegionalReports(q, code),
    domainTypeTable(
      db,
      basisOf(region) === 'based' ? { homeCountry: code } : { submittingRegion: code },
    ),
    listEvidence(q, { region: code }).then((e) => withTranslations(db, e)),
    listGoodPractices(q),
    listInterviewRows(q),
    listWorkshops(q),
    getRegionTwinning(db, code),
    sourceTitles(q),
    listStrategies(q, code),
    reportingHome ? domainTypeTable(db, { homeCountry: code }) : undefined,
    getRegionBarriers(db, code),
  ]);
  const interviewRow = interviews.find((r) => r.region === code);
  const practicesFrom = practices.filter((p) => isPracticeFrom(p, region));
  return {
    region,
    report: reports[0],
    initiatives,
    initiativeBasis: basisOf(region),
    evidence,
    barriers,
    practicesFrom,
    practicesFor: twinning.suggestions.practices.flatMap((x) => {
      const practice = practices.find((p) => p.slug === x.slug);
      const shared = x.addresses.map((r) => r.barrier);
      return practice ? [{ practice, shared, conditions: x.conditions }] : [];
    }),
    twinning,
    interviews: interviewRow,
    interviewNote: interviewRow
      ? interviewRowNotes([interviewRow], new Map([[code, region.name]])).get(code)
      : undefined,
    workshops: workshops.filter((w) => w.region === code),
    sourceTitles: titles,
    strategies,
    basedHere: based?.total,
    places: placesOf(region, all),
  };
}

/** A region with how many initiatives it reported and how many evidence statements come from it. */
export interface RegionWithCounts {
  readonly region: RegionInfo;
  readonly initiativeBasis: InitiativeBasis;
  readonly initiatives: number;
  readonly statements: number;
}

/** Every region and country on record, in name order, with its initiative and evidence counts. */
export async function listRegionsWithCounts(db: Db): Promise<RegionWithCounts[]> {
  const q = db.kysely;
  const [regions, reported, based, statements] = await Promise.all([
    listRegions(q),
    countInitiativesBy(q, ['submitting_region']),
    countInitiativesBy(q, ['home_country']),
    countEvidenceByRegion(q),
  ]);
  const perRegion = new Map(reported.map((r) => [r.keys[0] ?? null, r.n]));
  const perCountry = new Map(based.map((r) => [r.keys[0] ?? null, r.n]));
  return regions.map((region) => ({
    region,
    initiativeBasis: basisOf(region),
    initiatives: (basisOf(region) === 'based' ? perCountry : perRegion).get(region.code) ?? 0,
    statements: statements.get(region.code) ?? 0,
  }));
}
