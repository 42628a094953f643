import { compareRounds, type RoundComparison } from '../analysis/round-compare.ts';
import type { Db } from '../db/connect.ts';
import type { Actor } from '../domain/accounts.ts';
import { authorize, decide } from '../domain/authorization.ts';
import type { ResponseState } from '../domain/campaigns.ts';
import { notFound } from '../domain/errors.ts';
import {
  checkResponse,
  itemBounds,
  type Questionnaire,
  type ResponseAnswers,
} from '../domain/questionnaires.ts';
import type { Campaign } from '../domain/schemas.ts';
import { writeCampaignWorkbook } from '../io/response-workbook.ts';
import { findResponse, listResponses } from '../repositories/campaign-responses.ts';
import { listCampaignRegions, listCampaigns } from '../repositories/campaigns.ts';
import { listRegions } from '../repositories/regions.ts';
import { responseGround } from './campaign-responses.ts';
import { campaignOf, questionnaireOf } from './campaigns.ts';

/** One invited region's progress in a campaign. */
export interface RegionProgress {
  readonly region: string;
  readonly name: string;
  readonly invitedAt: string | null;
  readonly state: ResponseState | 'not_started';
  /** Items of the section the item rule counts (initiatives), with the rule's bounds. */
  readonly items: { count: number; min?: number; max?: number } | null;
  readonly percent: number;
  readonly problems: number;
  readonly lastActivity: string | null;
  readonly submittedAt: string | null;
  readonly acceptedAt: string | null;
}

/** A campaign's progress, region by region, with the totals of each state. */
export interface CampaignDashboard {
  readonly campaign: Campaign;
  readonly questionnaire: Questionnaire | null;
  readonly regions: readonly RegionProgress[];
  readonly totals: {
    invited: number;
    started: number;
    submitted: number;
    accepted: number;
    itemsOk: number;
  };
}

const countedSection = (qn: Questionnaire) =>
  qn.sections.find((s) => s.itemsRule) ?? qn.sections.find((s) => s.repeat);

/** The dashboard of a campaign (curators: it shows each region's activity). */
export async function campaignDashboard(
  db: Db,
  actor: Actor,
  slug: string,
): Promise<CampaignDashboard> {
  const q = db.kysely;
  const campaign = await campaignOf(q, slug); // a 404 before rights: campaigns are public
  authorize(actor, 'campaigns.manage');
  const [invited, rows, regionList] = await Promise.all([
    listCampaignRegions(q),
    listResponses(q, slug),
    listRegions(q),
  ]);
  const names = new Map(regionList.map((r) => [r.code, r.name]));
  const byRegion = new Map(rows.map((r) => [r.region_code, r]));
  const versions = new Map<number, Questionnaire>();
  const qnOf = async (v: number) => {
    if (!campaign.questionnaire) return null;
    if (!versions.has(v)) versions.set(v, await questionnaireOf(q, campaign.questionnaire.slug, v));
    return versions.get(v) ?? null;
  };
  const regions: RegionProgress[] = [];
  for (const inv of invited.get(slug) ?? []) {
    const row = byRegion.get(inv.region);
    const qn = await qnOf(row?.questionnaire_version ?? campaign.questionnaire?.version ?? 0);
    const answers = row ? (JSON.parse(row.answers) as ResponseAnswers) : {};
    const check = qn ? checkResponse(qn, campaign.rules, answers) : null;
    const section = qn ? countedSection(qn) : undefined;
    regions.push({
      region: inv.region,
      name: names.get(inv.region) ?? inv.region,
      invitedAt: inv.invitedAt,
      state: (row?.state ?? 'not_started') as RegionProgress['state'],
      items: section
        ? {
            count: (answers[section.key] ?? []).filter((i) => i.carry !== 'closed').length,
            ...itemBounds(section, campaign.rules),
          }
        : null,
      percent: row && check ? check.completeness.percent : 0,
      problems: row && check ? check.problems.length : 0,
      lastActivity: row?.updated_at ?? null,
      submittedAt: row?.submitted_at ?? null,
      acceptedAt: row?.accepted_at ?? null,
    });
  }
  const within = (p: RegionProgress) =>
    p.items !== null &&
    (p.items.min === undefined || p.items.count >= p.items.min) &&
    (p.items.max === undefined || p.items.count <= p.items.max);
  return {
    campaign,
    questionnaire: await qnOf(campaign.questionnaire?.version ?? 0),
    regions,
    totals: {
      invited: regions.length,
      started: regions.filter((r) => r.state !== 'not_started').length,
      submitted: regions.filter((r) => r.state === 'submitted' || r.state === 'accepted').length,
      accepted: regions.filter((r) => r.state === 'accepted').length,
      itemsOk: regions.filter((r) => r.state !== 'not_started' && within(r)).length,
    },
  };
}

/** A region's response compared with its response to the round before. */
export interface RegionComparison {
  readonly campaign: Campaign;
  readonly previous: Campaign | null;
  readonly region: string;
  /** The questionnaire version the response was given under (its questions' labels). */
  readonly questionnaire: Questionnaire;
  readonly comparison: RoundComparison;
}

/**
 * How a region's response differs from the round before. Public once the response is accepted;
 * before that, only its coordinators and the curators may see it.
 */
export async function regionComparison(
  db: Db,
  actor: Actor,
  slug: string,
  region: string,
): Promise<RegionComparison> {
  const q = db.kysely;
  const { campaign, questionnaire } = await responseGround(q, slug, region);
  const row = await findResponse(q, slug, region);
  if (row?.state !== 'accepted') authorize(actor, 'records.draft', { region });
  const previous = campaign.previous ? await campaignOf(q, campaign.previous) : null;
  const before = previous ? await findResponse(q, previous.slug, region) : undefined;
  const visibleBefore =
    before && (before.state === 'accepted' || decide(actor, 'records.draft', { region }).allowed)
      ? (JSON.parse(before.answers) as ResponseAnswers)
      : undefined;
  const after = row ? (JSON.parse(row.answers) as ResponseAnswers) : {};
  const qn =
    row && row.questionnaire_version !== questionnaire.version
      ? await questionnaireOf(q, questionnaire.slug, row.questionnaire_version)
      : questionnaire;
  return {
    campaign,
    previous,
    region,
    questionnaire: qn,
    comparison: compareRounds(qn, visibleBefore, after),
  };
}

/** Every campaign with its window and how far its invited regions are (counts only). */
export async function campaignProgress(db: Db) {
  const q = db.kysely;
  const [campaigns, rows] = await Promise.all([listCampaigns(q), listResponses(q)]);
  return campaigns.map((c) => {
    const mine = rows.filter((r) => r.campaign_slug === c.slug);
    return {
      slug: c.slug,
      state: c.state,
      opensAt: c.opensAt ?? null,
      closesAt: c.closesAt ?? null,
      questionnaire: c.questionnaire ? `${c.questionnaire.slug} v${c.questionnaire.version}` : null,
      invited: c.regions?.length ?? 0,
      started: mine.length,
      submitted: mine.filter((r) => r.state === 'submitted' || r.state === 'accepted').length,
      accepted: mine.filter((r) => r.state === 'accepted').length,
    };
  });
}

/** Every response of a campaign as one workbook for the curators (private answers left out). */
export async function campaignWorkbook(db: Db, actor: Actor, slug: string, lang: string) {
  const q = db.kysely;
  const campaign = await campaignOf(q, slug);
  authorize(actor, 'campaigns.manage');
  if (!campaign.questionnaire)
    throw notFound(
      'questionnaire',
      slug,
      'this campaign records a finished round and holds no responses',
    );
  const [rows, regions] = await Promise.all([listResponses(q, slug), listRegions(q)]);
  const names = new Map(regions.map((r) => [r.code, r.name]));
  return writeCampaignWorkbook(
    {
      campaignSlug: slug,
      campaignTitle: campaign.title,
      questionnaire: await questionnaireOf(
        q,
        campaign.questionnaire.slug,
        campaign.questionnaire.version,
      ),
      lang,
    },
    rows.map((r) => ({
      region: r.region_code,
      regionName: names.get(r.region_code) ?? r.region_code,
      state: r.state,
      answers: JSON.parse(r.answers) as ResponseAnswers,
    })),
  );
}
