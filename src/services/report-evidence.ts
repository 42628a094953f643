/**
 * What the cross-regional and changes reports read, composed from the repositories and services
 * the pages use (so a report's figure is the page's figure): the statements with their sources,
 * the regions' reports, the way forward, the figures the source documents state against the
 * records, and each region's responses to two campaign rounds compared.
 */
import { findQualityIssues, type QualityFacts } from '../analysis/quality.ts';
import { compareRounds, type RoundComparison } from '../analysis/round-compare.ts';
import type { Db } from '../db/connect.ts';
import { VISITOR } from '../domain/accounts.ts';
import type { Questionnaire, ResponseAnswers } from '../domain/questionnaires.ts';
import type { RegionInfo } from '../domain/region.ts';
import type { Campaign, ReportedFigure } from '../domain/schemas.ts';
import { listResponses, type ResponseRow } from '../repositories/campaign-responses.ts';
import { countCodebook } from '../repositories/codelists.ts';
import { listInterviewRows, listWorkshops } from '../repositories/engagement.ts';
import {
  countEvidenceRegions,
  type EvidenceRecord,
  listEvidenceRecords,
} from '../repositories/evidence.ts';
import { listFigures } from '../repositories/figures.ts';
import { listGoodPractices } from '../repositories/good-practices.ts';
import { listRegionalReports, type RegionalReportItem } from '../repositories/regional-reports.ts';
import { sourceTitles } from '../repositories/sources.ts';
import { regionComparison } from './campaign-dashboard.ts';
import { campaignOf, questionnaireOf } from './campaigns.ts';
import { isPracticeFrom } from './good-practices.ts';
import { countedMeasure } from './quality.ts';
import { listRegionsWithCounts, partnerRegions } from './regions.ts';

export type { EvidenceRecord, RegionalReportItem };

/** Every evidence statement with its sources and quotation, and the source titles by code. */
export async function statementsWithSources(db: Db): Promise<{
  readonly statements: readonly EvidenceRecord[];
  readonly titles: ReadonlyMap<string, string>;
}> {
  const [statements, titles] = await Promise.all([
    listEvidenceRecords(db.kysely),
    sourceTitles(db.kysely),
  ]);
  return { statements, titles };
}

/** The regions' reports (strengths, weaknesses, challenges), one per region and campaign. */
export function regionalReports(db: Db): Promise<RegionalReportItem[]> {
  return listRegionalReports(db.kysely);
}

/** A figure a source document states that the records give otherwise, with both values. */
export interface SourceFigureNote {
  readonly kind: 'figure_mismatch' | 'column_total' | 'figure_stated_twice';
  /** The figure(s) concerned, as the records name them (in English, as the document). */
  readonly figures: readonly ReportedFigure[];
  /** What the source states, and what the records (or the printed parts) give. */
  readonly stated?: number;
  readonly found?: number;
}

/** The measures of the figures the reports compare: counts of engagement and of the codebook. */
export type NoteMeasure =
  | 'interviews'
  | 'workshops'
  | 'workshop_participants'
  | 'barriers'
  | 'barrier_categories'
  | 'regions_reporting_barriers';

/**
 * What the data-quality check's rules find about the figures of the given measures: a count a
 * document states that the records do not give, a printed total its parts do not make, a count
 * stated twice with two values. Only these figures and the counts they need are read (the full
 * check reads every initiative), so a report stays quick on a large atlas.
 */
export async function sourceFigureNotes(
  db: Db,
  measures: readonly NoteMeasure[],
): Promise<SourceFigureNote[]> {
  const q = db.kysely;
  const [figures, interviews, workshops, codebook, evidenceRegions] = await Promise.all([
    listFigures(q),
    listInterviewRows(q),
    listWorkshops(q),
    countCodebook(q),
    countEvidenceRegions(q),
  ]);
  const records = { interviewRows: interviews, workshops, codebook, evidenceRegions };
  const mine = figures.filter(
    (f) => f.measure && (measures as readonly string[]).includes(f.measure.of),
  );
  const facts: QualityFacts = {
    initiatives: [],
    practices: [],
    rowCitations: [],
    interviewRows: [],
    figures: mine.map((figure) => ({
      figure,
      found: countedMeasure(figure.measure, records),
    })),
  };
  const byKey = new Map(mine.map((f) => [f.key, f]));
  const kinds: readonly string[] = ['figure_mismatch', 'column_total', 'figure_stated_twice'];
  return findQualityIssues(facts).flatMap((f): SourceFigureNote[] => {
    const figs = f.records.flatMap((r) => {
      const fig = r.entity === 'figure' ? byKey.get(r.key) : undefined;
      return fig ? [fig] : [];
    });
    if (!kinds.includes(f.kind) || figs.length === 0) return [];
    return [
      {
        kind: f.kind as SourceFigureNote['kind'],
        figures: figs,
        ...(f.stated === undefined ? {} : { stated: f.stated }),
        ...(f.found === undefined ? {} : { found: f.found }),
      },
    ];
  });
}

/** A partner region's headline figures, as the region pages count them. */
export interface RegionHeadline {
  readonly region: RegionInfo;
  /** Which list filter gives the same initiatives: reported by the region, or based in the country. */
  readonly initiativeFilter: 'region' | 'country';
  readonly initiatives: number;
  readonly statements: number;
  readonly practices: number;
  /** The printed interview totals of its rows (null when none is on record). */
  readonly interviews: number | null;
}

/** The partner regions with their headline figures, in name order. */
export async function regionHeadlines(
  db: Db,
  interviews: ReadonlyMap<string, number | null>,
): Promise<RegionHeadline[]> {
  const [partners, counts, practices] = await Promise.all([
    partnerRegions(db),
    listRegionsWithCounts(db),
    listGoodPractices(db.kysely),
  ]);
  const byCode = new Map(counts.map((c) => [c.region.code, c]));
  return partners
    .map((region) => {
      const c = byCode.get(region.code);
      return {
        region,
        initiativeFilter:
          c?.initiativeBasis === 'based' ? ('country' as const) : ('region' as const),
        initiatives: c?.initiatives ?? 0,
        statements: c?.statements ?? 0,
        practices: practices.filter((p) => isPracticeFrom(p, region)).length,
        interviews: interviews.get(region.code) ?? null,
      };
    })
    .sort((a, b) => a.region.name.localeCompare(b.region.name));
}

/** Where a region's response to a round stands. */
export interface ResponseStanding {
  readonly state: string;
  readonly submittedAt: string | null;
  readonly acceptedAt: string | null;
}

/** One region's part in two rounds: its responses' states and, once public, what changed. */
export interface RegionRoundChange {
  readonly region: string;
  readonly earlier: ResponseStanding | null;
  readonly later: ResponseStanding | null;
  /** Null until the later response is accepted (before that it is not public). */
  readonly comparison: RoundComparison | null;
}

/** Two rounds of a campaign compared, region by region. */
export interface RoundChanges {
  readonly campaign: Campaign;
  readonly earlier: Campaign | null;
  /** The questionnaire of the later round (its questions' labels), when it has one. */
  readonly questionnaire: Questionnaire | null;
  readonly regions: readonly RegionRoundChange[];
}

const standing = (r: ResponseRow | undefined): ResponseStanding | null =>
  r ? { state: r.state, submittedAt: r.submitted_at, acceptedAt: r.accepted_at } : null;

/**
 * A region's accepted response compared with its response to `earlier`: the comparison page's own
 * service when `earlier` is the round before (the usual case), else the same comparison of the
 * two responses (the earlier one counted only once accepted, as the page does for visitors).
 */
async function compareRegion(
  db: Db,
  campaign: Campaign,
  earlier: ResponseRow | undefined,
  later: ResponseRow,
  questionnaire: Questionnaire,
  earlierSlug: string,
): Promise<RoundComparison> {
  if (campaign.previous === earlierSlug && campaign.regions?.includes(later.region_code))
    return (await regionComparison(db, VISITOR, campaign.slug, later.region_code)).comparison;
  const qn =
    later.questionnaire_version === questionnaire.version
      ? questionnaire
      : await questionnaireOf(db.kysely, questionnaire.slug, later.questionnaire_version);
  const before =
    earlier?.state === 'accepted' ? (JSON.parse(earlier.answers) as ResponseAnswers) : undefined;
  return compareRounds(qn, before, JSON.parse(later.answers) as ResponseAnswers);
}

/**
 * A round (`slug`) compared with an earlier one (`since`; none: nothing to compare): every region
 * invited to the later round or answering either, limited to `regions` when given.
 */
export async function roundChanges(
  db: Db,
  slug: string,
  since: string | undefined,
  regions: readonly string[],
): Promise<RoundChanges> {
  const q = db.kysely;
  const campaign = await campaignOf(q, slug);
  const earlier = since ? await campaignOf(q, since) : null;
  const questionnaire = campaign.questionnaire
    ? await questionnaireOf(q, campaign.questionnaire.slug, campaign.questionnaire.version)
    : null;
  const [laterRows, earlierRows] = await Promise.all([
    listResponses(q, slug),
    earlier ? listResponses(q, earlier.slug) : Promise.resolve([]),
  ]);
  const codes = [
    ...new Set([
      ...(campaign.regions ?? []),
      ...laterRows.map((r) => r.region_code),
      ...earlierRows.map((r) => r.region_code),
    ]),
  ]
    .filter((c) => regions.length === 0 || regions.includes(c))
    .sort();
  const out: RegionRoundChange[] = [];
  for (const region of codes) {
    const before = earlierRows.find((r) => r.region_code === region);
    const after = laterRows.find((r) => r.region_code === region);
    const comparison =
      earlier && questionnaire && after?.state === 'accepted'
        ? await compareRegion(db, campaign, before, after, questionnaire, earlier.slug)
        : null;
    out.push({ region, earlier: standing(before), later: standing(after), comparison });
  }
  return { campaign, earlier, questionnaire, regions: out };
}
