import { INITIATIVES_SECTION } from '../analysis/seed-responses.ts';
import type { Db } from '../db/connect.ts';
import { STAKEHOLDER_GROUPS, type StakeholderGroupCode } from '../domain/codes.ts';
import type { InterviewSummary, WorkshopSummary } from '../domain/engagement.ts';
import { notFound } from '../domain/errors.ts';
import type { Finding } from '../domain/quality.ts';
import type { Campaign, SourceRef } from '../domain/schemas.ts';
import { listResponses, type ResponseRow } from '../repositories/campaign-responses.ts';
import { listCampaigns } from '../repositories/campaigns.ts';
import { listInterviewRows, listWorkshops } from '../repositories/engagement.ts';
import { listEvidenceRecords } from '../repositories/evidence.ts';
import { listRegionalReports } from '../repositories/regional-reports.ts';
import { interviewRowNotes } from './quality.ts';
import { regionNames } from './regions.ts';

/** What a region's report says of its workshop when none is on record. */
export interface WorkshopNote {
  readonly region: string;
  readonly campaign: string;
  readonly text: string;
  readonly sources: readonly SourceRef[];
}

/** Stakeholder engagement in aggregate: counts only, never a person. */
export interface EngagementSummary {
  readonly interviews: readonly InterviewSummary[];
  readonly workshops: readonly WorkshopSummary[];
  /** What the data-quality check says of an interview row, by region (the same finding). */
  readonly interviewNotes: ReadonlyMap<string, Finding>;
  /** Regions whose report says why no workshop is on record, with what the source says. */
  readonly workshopNotes: readonly WorkshopNote[];
  readonly totals: {
    readonly interviews: number;
    readonly interviewsByGroup: Readonly<Record<StakeholderGroupCode, number>>;
    readonly workshops: number;
    readonly workshopParticipants: number;
    readonly regions: number;
  };
}

/** What the regions' reports say of a workshop none is on record for, region by region. */
export async function listWorkshopNotes(db: Db): Promise<WorkshopNote[]> {
  return (await listRegionalReports(db.kysely)).flatMap((r) =>
    r.workshopNote ? [{ region: r.region, campaign: r.campaign, ...r.workshopNote }] : [],
  );
}

/** Interviews per region and stakeholder group, and workshops, with their totals. */
export async function engagementSummary(db: Db): Promise<EngagementSummary> {
  const [interviews, workshops, workshopNotes, names] = await Promise.all([
    listInterviewRows(db.kysely),
    listWorkshops(db.kysely),
    listWorkshopNotes(db),
    regionNames(db),
  ]);
  const interviewsByGroup = Object.fromEntries(
    STAKEHOLDER_GROUPS.map((g) => [
      g.code,
      interviews.reduce((a, i) => a + (i.byGroup[g.code] ?? 0), 0),
    ]),
  ) as Record<StakeholderGroupCode, number>;
  return {
    interviews,
    workshops,
    interviewNotes: interviewRowNotes(interviews, names),
    workshopNotes,
    totals: {
      interviews: interviews.reduce((a, i) => a + (i.printedTotal ?? 0), 0),
      interviewsByGroup,
      workshops: workshops.length,
      workshopParticipants: workshops.reduce((a, w) => a + (w.participants ?? 0), 0),
      regions: new Set([...interviews.map((i) => i.region), ...workshops.map((w) => w.region)])
        .size,
    },
  };
}

/** What a published campaign produced, counted from the records that cite it. */
export interface CampaignResults {
  readonly evidenceStatements: number;
  readonly regionalReports: number;
  readonly interviews: number;
  readonly workshops: number;
  readonly workshopParticipants: number;
  /** Accepted responses (one per region). */
  readonly responses: number;
  /** Initiatives the accepted responses report (items not marked closed). */
  readonly initiatives: number;
  readonly regions: readonly string[];
  /** Where the printed source does not add up (a row's parts against its printed total). */
  readonly notes: readonly { readonly region: string; readonly message: string }[];
}

/** A campaign with its results; results are null until the campaign is published. */
export interface CampaignSummary {
  readonly campaign: Omit<Campaign, 'sources'>;
  readonly results: CampaignResults | null;
}

/** The initiatives a response reports: the items of its initiatives section not marked closed. */
function initiativeItems(r: ResponseRow): number {
  const answers = JSON.parse(r.answers) as Record<string, { carry?: string }[] | undefined>;
  return (answers[INITIATIVES_SECTION] ?? []).filter((it) => it.carry !== 'closed').length;
}

type Gathered = {
  evidence: Awaited<ReturnType<typeof listEvidenceRecords>>;
  reports: Awaited<ReturnType<typeof listRegionalReports>>;
  interviews: InterviewSummary[];
  workshops: WorkshopSummary[];
  responses: ResponseRow[];
  names: ReadonlyMap<string, string>;
};

/** The results of one published campaign from everything that cites it. */
function resultsOf(campaign: Omit<Campaign, 'sources'>, all: Gathered): CampaignResults {
  const slug = campaign.slug;
  const ev = all.evidence.filter((e) => e.campaign === slug);
  const rep = all.reports.filter((r) => r.campaign === slug);
  const iv = all.interviews.filter((i) => i.campaign === slug);
  const ws = all.workshops.filter((w) => w.campaign === slug);
  const accepted = all.responses.filter((r) => r.campaign_slug === slug && r.state === 'accepted');
  const regions = new Set<string>();
  for (const code of [
    ...ev.map((e) => e.region),
    ...rep.map((r) => r.region),
    ...iv.map((i) => i.region),
    ...ws.map((w) => w.region),
    ...accepted.map((r) => r.region_code),
  ])
    if (code) regions.add(code);
  const notes = interviewRowNotes(iv, all.names);
  return {
    evidenceStatements: ev.length,
    regionalReports: rep.length,
    interviews: iv.reduce((a, i) => a + (i.printedTotal ?? 0), 0),
    workshops: ws.length,
    workshopParticipants: ws.reduce((a, w) => a + (w.participants ?? 0), 0),
    responses: accepted.length,
    initiatives:
      campaign.kind === 'initiative_mapping'
        ? accepted.reduce((a, r) => a + initiativeItems(r), 0)
        : 0,
    regions: [...regions].sort(),
    notes: [...notes]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([region, f]) => ({ region, message: f.message })),
  };
}

/** Every campaign, ordered by slug; only published campaigns show results. */
export async function campaignSummaries(db: Db): Promise<CampaignSummary[]> {
  const q = db.kysely;
  const [campaigns, evidence, reports, interviews, workshops, responses, names] = await Promise.all(
    [
      listCampaigns(q),
      listEvidenceRecords(q),
      listRegionalReports(q),
      listInterviewRows(q),
      listWorkshops(q),
      listResponses(q),
      regionNames(db),
    ],
  );
  const all = { evidence, reports, interviews, workshops, responses, names };
  return campaigns.map(({ sources: _sources, ...campaign }) => ({
    campaign,
    results: campaign.state === 'published' ? resultsOf(campaign, all) : null,
  }));
}

/** One campaign with its results (null until published); not_found names the campaigns there are. */
export async function getCampaignSummary(db: Db, slug: string): Promise<CampaignSummary> {
  const all = await campaignSummaries(db);
  const found = all.find((s) => s.campaign.slug === slug);
  if (!found) {
    const slugs = all.map((s) => s.campaign.slug).join(', ');
    throw notFound('campaign', slug, `the campaigns are ${slugs || 'none yet'}`);
  }
  return found;
}
