/**
 * The two seed rounds as responses: the curated records a finished round produced, read back as
 * the answers each region gave under the round's questionnaire. An initiative-mapping round holds,
 * per reporting region, the initiatives of the source table it reported (one item per table row,
 * in row order); a barrier-mapping round holds each region's report, its practices, its interviews
 * (one item per interview, counted by stakeholder group) and its workshop.
 *
 * Pure: records in, answers out, with the places where the printed source contradicts itself
 * (a row number used twice, a row whose parts do not add up to its printed total, a region that
 * reported more or fewer items than the round asked for) listed as notes rather than smoothed over.
 */
import { STAKEHOLDER_GROUPS } from '../domain/codes.ts';
import type { ResponseAnswers, ResponseItem } from '../domain/questionnaires.ts';
import type {
  Campaign,
  GoodPractice,
  Initiative,
  InterviewRow,
  Region,
  RegionalReport,
  Workshop,
} from '../domain/schemas.ts';
import { initiativeItem, withAnswers as item } from './round-records.ts';

/** The records a seed round is read from. */
export interface RoundRecords {
  readonly initiatives: readonly Initiative[];
  readonly regions: readonly Region[];
  readonly regionalReports: readonly RegionalReport[];
  readonly goodPractices: readonly GoodPractice[];
  readonly interviews: readonly InterviewRow[];
  readonly workshops: readonly Workshop[];
}

/** Something the printed source says that does not add up, and what the response keeps. */
export interface RoundNote {
  readonly campaign: string;
  readonly region?: string;
  readonly message: string;
}

/** A finished round read from the records: each region's answers, and the notes on the source. */
export interface SeedRound {
  readonly campaign: string;
  readonly responses: ReadonlyMap<string, ResponseAnswers>;
  readonly notes: readonly RoundNote[];
}

/** The section keys of the two questionnaires (fixed: the form, the workbook and this agree). */
export const INITIATIVES_SECTION = 'initiatives';

const sourcesOf = (c: Campaign) => new Set(c.sources.map((s) => s.source));

/** The row of the round's source table an initiative was taken from, if any. */
export function tableRowOf(i: Initiative, c: Campaign): string | undefined {
  const cited = sourcesOf(c);
  return i.sources.find((s) => cited.has(s.source) && s.row !== undefined)?.row;
}

const rowNumber = (row: string): number => {
  const n = Number.parseInt(row, 10);
  return Number.isNaN(n) ? Number.POSITIVE_INFINITY : n;
};

/** The table rows of an initiative-mapping round, in row order, each with its reporting region. */
export function tableRows(
  initiatives: readonly Initiative[],
  c: Campaign,
): { row: string; region: string; initiative: Initiative }[] {
  return initiatives
    .flatMap((initiative, index) => {
      const row = tableRowOf(initiative, c);
      const region = initiative.submittingRegion;
      return row !== undefined && region ? [{ row, region, initiative, index }] : [];
    })
    .sort((a, b) => rowNumber(a.row) - rowNumber(b.row) || a.index - b.index)
    .map(({ row, region, initiative }) => ({ row, region, initiative }));
}

/** The regions whose item count is outside the round's minItemsPerRegion–maxItemsPerRegion. */
function itemRuleNotes(c: Campaign, counts: ReadonlyMap<string, number>): RoundNote[] {
  const min = typeof c.rules.minItemsPerRegion === 'number' ? c.rules.minItemsPerRegion : 0;
  const max = typeof c.rules.maxItemsPerRegion === 'number' ? c.rules.maxItemsPerRegion : Infinity;
  return [...counts]
    .filter(([, n]) => n < min || n > max)
    .map(([region, n]) => ({
      campaign: c.slug,
      region,
      message: `reported ${n} initiatives where the round asked for ${min} to ${max}; the response keeps all ${n}`,
    }));
}

/** An initiative-mapping round: each region's table rows as its initiatives. */
export function initiativeRound(c: Campaign, records: RoundRecords): SeedRound {
  const rows = tableRows(records.initiatives, c);
  const byRegion = new Map<string, ResponseItem[]>();
  const slugsByRow = new Map<string, string[]>();
  for (const r of rows) {
    byRegion.set(r.region, [...(byRegion.get(r.region) ?? []), initiativeItem(r.initiative)]);
    slugsByRow.set(r.row, [...(slugsByRow.get(r.row) ?? []), r.initiative.slug]);
  }
  const notes: RoundNote[] = [...slugsByRow]
    .filter(([, slugs]) => slugs.length > 1)
    .map(([row, slugs]) => ({
      campaign: c.slug,
      message: `the source table prints row number ${row} ${slugs.length} times (${slugs.join(', ')}); each printed row is one item`,
    }));
  notes.push(...itemRuleNotes(c, new Map([...byRegion].map(([r, items]) => [r, items.length]))));
  const responses = new Map(
    [...byRegion]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([region, items]) => [region, { [INITIATIVES_SECTION]: items }] as const),
  );
  return { campaign: c.slug, responses, notes };
}

/** The practices a region's report gives: its own, or a country-level region's national ones. */
function practicesOf(c: Campaign, region: Region | undefined, code: string, all: RoundRecords) {
  const cited = sourcesOf(c);
  return all.goodPractices.filter(
    (g) =>
      g.sources.some((s) => cited.has(s.source)) &&
      (g.region === code || (region?.level === 'country' && !g.region && g.country === code)),
  );
}

/** One item per interview an interview row counts, group by group. */
export function interviewItems(row: InterviewRow | undefined): ResponseItem[] {
  if (!row) return [];
  return STAKEHOLDER_GROUPS.flatMap((g) =>
    Array.from({ length: row.counts[g.code] ?? 0 }, () =>
      item({ stakeholder_group: g.code, consent: true }),
    ),
  );
}

/** The interview rows whose group counts do not add up to their printed total. */
function interviewNotes(c: Campaign, rows: readonly InterviewRow[]): RoundNote[] {
  return rows.flatMap((r) => {
    const sum = Object.values(r.counts).reduce<number>((a, n) => a + (n ?? 0), 0);
    if (r.printedTotal === null || r.printedTotal === sum) return [];
    return [
      {
        campaign: c.slug,
        region: r.region,
        message: `the interview table prints a total of ${r.printedTotal} but its stakeholder-group counts add up to ${sum}; the response holds the ${sum} interviews counted by group`,
      },
    ];
  });
}

/** One region's report as the answers of the regional-report questionnaire. */
function reportAnswers(
  c: Campaign,
  report: RegionalReport,
  records: RoundRecords,
  regionsByCode: ReadonlyMap<string, Region>,
): ResponseAnswers {
  const code = report.region;
  const row = records.interviews.find((r) => r.campaign === c.slug && r.region === code);
  const workshop = records.workshops.find((w) => w.campaign === c.slug && w.region === code);
  const practices = practicesOf(c, regionsByCode.get(code), code, records);
  return {
    summary: [item({ overview: report.overview })],
    barriers: report.challenges.map((ch) =>
      item({ barrier: ch.barrier, description: ch.note }, ch.barrier),
    ),
    strengths: report.strengths.map((text) => item({ text })),
    weaknesses: report.weaknesses.map((text) => item({ text })),
    practices: practices.map((g) =>
      item(
        {
          name: g.name,
          description: g.summary,
          key_players: g.keyPlayers,
          impact: g.impact,
          transferability: g.transferability,
          link: g.link,
          barriers: [...g.barriers],
        },
        g.slug,
      ),
    ),
    data_access: report.secondaryDataAccess
      ? [item({ how_accessed: report.secondaryDataAccess })]
      : [],
    interviews: interviewItems(row),
    workshop: workshop
      ? [
          item({
            held_on: workshop.heldOn,
            format: workshop.format,
            participants_total: workshop.participants ?? undefined,
          }),
        ]
      : [],
  };
}

/** A barrier-mapping round: each region's report, practices, interviews and workshop. */
export function reportRound(c: Campaign, records: RoundRecords): SeedRound {
  const regionsByCode = new Map(records.regions.map((r) => [r.code, r]));
  const reports = records.regionalReports
    .filter((r) => r.campaign === c.slug)
    .sort((a, b) => a.region.localeCompare(b.region));
  const responses = new Map(
    reports.map((r) => [r.region, reportAnswers(c, r, records, regionsByCode)] as const),
  );
  const rows = records.interviews.filter((r) => r.campaign === c.slug);
  const notes = interviewNotes(c, rows);
  for (const r of rows)
    if (!responses.has(r.region))
      notes.push({
        campaign: c.slug,
        region: r.region,
        message: 'the interview table has a row for this region but there is no regional report',
      });
  return { campaign: c.slug, responses, notes };
}

/** A finished round read from the records, or undefined for a kind the seed does not read. */
export function seedRound(c: Campaign, records: RoundRecords): SeedRound | undefined {
  if (c.kind === 'initiative_mapping') return initiativeRound(c, records);
  if (c.kind === 'barrier_mapping') return reportRound(c, records);
  return undefined;
}
