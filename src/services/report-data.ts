/**
 * What the report builders read that no single service gives: the initiatives of a mapping report
 * with the fields its appendix prints, its domain × type table (the same query as `atlas stats`),
 * its counts per home country (the same as the home page's map), and the printed figures of the
 * source documents compared with the records by the data-quality check's rule.
 */
import { agrees } from '../analysis/quality.ts';
import type { Db } from '../db/connect.ts';
import { DOMAINS, STRUCTURAL_TYPES } from '../domain/codes.ts';
import type { CrossTab } from '../domain/crosstab.ts';
import type {
  RecommendationKind,
  RecommendationLevel,
  RecommendationQuote,
} from '../domain/recommendations.ts';
import type { RegionInfo } from '../domain/region.ts';
import type { ReportedFigure, SourceRef } from '../domain/schemas.ts';
import type { SearchQuery } from '../domain/search.ts';
import { recordStatesAt } from '../repositories/as-of.ts';
import { listCampaigns } from '../repositories/campaigns.ts';
import { listFigures } from '../repositories/figures.ts';
import { countInitiativesMatching, listInitiativesBySlugs } from '../repositories/initiatives.ts';
import { listRecommendations, type RecommendationRecord } from '../repositories/recommendations.ts';
import { listRegions } from '../repositories/regions.ts';
import { matchingSlugs } from '../search/index.ts';
import { type CampaignSummary, campaignSummaries } from './engagement.ts';
import { initiativeMapData } from './home.ts';
import { initiativeOrigins, type SourceOrigin } from './initiatives.ts';
import { domainTypeTable } from './stats.ts';

/** One initiative as a mapping report lists it. */
export interface MappingInitiative {
  readonly slug: string;
  readonly name: string;
  readonly acronym: string | null;
  readonly homeCountry: string;
  readonly submittingRegion: string | null;
  readonly domain: string;
  readonly type: string;
  readonly scopes: readonly string[];
  readonly status: string;
}

/** A figure a source document prints, with what the records give for the same measure. */
export interface FigureCheck {
  readonly figure: ReportedFigure;
  readonly found: number;
  /** Whether the two agree, by the data-quality check's rule (exact, about, over, at least). */
  readonly agrees: boolean;
}

/** Everything a mapping report is made of. */
export interface MappingData {
  /** The initiatives the filters keep, in name order. */
  readonly initiatives: readonly MappingInitiative[];
  /** Domain × structural type of the same initiatives: `atlas stats`' table when unfiltered. */
  readonly domainByType: CrossTab;
  /** Initiatives per home (country, or EU): the home page's map when unfiltered. */
  readonly byHome: ReadonlyMap<string, number>;
  /** Every place on record (for levels and names). */
  readonly places: readonly RegionInfo[];
  /** Where the atlas's initiatives come from (all of them, not only the filtered ones). */
  readonly origins: readonly SourceOrigin[];
  /** The survey campaign the methodology describes, if any. */
  readonly campaign: CampaignSummary | undefined;
  /** Printed figures on initiatives of the campaign's source documents, against the records. */
  readonly figures: readonly FigureCheck[];
}

/** How many slugs one `in (…)` list holds at most (SQLite limits bound parameters). */
const CHUNK = 500;

/** The initiatives with the given slugs, in that order, read a chunk at a time. */
async function initiativesOf(db: Db, slugs: readonly string[]): Promise<MappingInitiative[]> {
  const out: MappingInitiative[] = [];
  for (let i = 0; i < slugs.length; i += CHUNK) {
    const records = await listInitiativesBySlugs(db.kysely, slugs.slice(i, i + CHUNK));
    for (const r of records)
      out.push({
        slug: r.slug,
        name: r.name,
        acronym: r.acronym ?? null,
        homeCountry: r.homeCountry,
        submittingRegion: r.submittingRegion ?? null,
        domain: r.domain,
        type: r.type,
        scopes: r.scopes,
        status: r.status,
      });
  }
  return out;
}

/** A cross-tab of domain × type with only the chosen domains (all when none). */
function keepDomains(table: CrossTab, domains: readonly string[]): CrossTab {
  const rows = table.rows.filter((r) => domains.length === 0 || domains.includes(r));
  const cells = rows.map((r) => table.cells[table.rows.indexOf(r)] ?? []);
  const rowTotals = cells.map((c) => c.reduce((a, b) => a + b, 0));
  const columnTotals = table.columns.map((_, j) => cells.reduce((a, c) => a + (c[j] ?? 0), 0));
  return {
    rows,
    columns: table.columns,
    cells,
    rowTotals,
    columnTotals,
    total: rowTotals.reduce((a, b) => a + b, 0),
  };
}

/** The sum of cross-tabs with the same rows and columns. */
function sumTables(tables: readonly CrossTab[], empty: CrossTab): CrossTab {
  const add = (a: readonly number[], b: readonly number[]) => a.map((x, i) => x + (b[i] ?? 0));
  return tables.reduce(
    (acc, t) => ({
      rows: acc.rows,
      columns: acc.columns,
      cells: acc.cells.map((row, i) => add(row, t.cells[i] ?? [])),
      rowTotals: add(acc.rowTotals, t.rowTotals),
      columnTotals: add(acc.columnTotals, t.columnTotals),
      total: acc.total + t.total,
    }),
    empty,
  );
}

/** An all-zero domain × type table. */
function zeroTable(): CrossTab {
  const rows = DOMAINS.map((d) => d.code as string);
  const columns = STRUCTURAL_TYPES.map((d) => d.code as string);
  return {
    rows,
    columns,
    cells: rows.map(() => columns.map(() => 0)),
    rowTotals: rows.map(() => 0),
    columnTotals: columns.map(() => 0),
    total: 0,
  };
}

/**
 * The domain × type table of the initiatives the regions reported (every initiative when no region
 * is given), through the same query as `atlas stats` and the region pages.
 */
async function domainTypeOf(db: Db, regions: readonly string[]): Promise<CrossTab> {
  if (regions.length === 0) return domainTypeTable(db);
  const tables = await Promise.all(
    regions.map((r) => domainTypeTable(db, { submittingRegion: r })),
  );
  return sumTables(tables, zeroTable());
}

/** The survey campaign a mapping report describes: the one asked for, else the latest published initiative mapping. */
function mappingCampaign(
  all: readonly CampaignSummary[],
  slug: string | undefined,
): CampaignSummary | undefined {
  if (slug) return all.find((s) => s.campaign.slug === slug);
  return all
    .filter((s) => s.campaign.kind === 'initiative_mapping' && s.campaign.state === 'published')
    .sort((a, b) => (b.campaign.closesAt ?? '').localeCompare(a.campaign.closesAt ?? ''))[0];
}

/** Printed figures on initiatives from the given documents, with the records' counts. */
async function figureChecks(db: Db, sources: readonly string[]): Promise<FigureCheck[]> {
  const figures = (await listFigures(db.kysely)).filter(
    (f) =>
      f.measure?.of === 'initiatives' &&
      f.sources.some((s) => sources.length === 0 || sources.includes(s.source)),
  );
  return Promise.all(
    figures.map(async (figure) => {
      const m = figure.measure?.of === 'initiatives' ? figure.measure : {};
      const found = await countInitiativesMatching(db.kysely, m);
      return { figure, found, agrees: agrees(figure, found) };
    }),
  );
}

/** Initiatives per home of a list of initiatives. */
function countHomes(initiatives: readonly MappingInitiative[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const i of initiatives) out.set(i.homeCountry, (out.get(i.homeCountry) ?? 0) + 1);
  return out;
}

/**
 * The data of a mapping report: the initiatives reported by the given regions (all when none) in
 * the given domains (all when none), their tables and maps, where they come from, the survey
 * campaign and the printed figures of its documents.
 */
export async function mappingData(
  db: Db,
  filter: { regions: readonly string[]; domains: readonly string[]; campaign?: string },
): Promise<MappingData> {
  const query: SearchQuery = {
    text: '',
    filters: {
      ...(filter.regions.length > 0 ? { region: filter.regions } : {}),
      ...(filter.domains.length > 0 ? { domain: filter.domains } : {}),
    },
    sort: 'name',
    page: 1,
    pageSize: 1,
  };
  const [slugs, table, map, places, origins, campaigns, records] = await Promise.all([
    matchingSlugs(db, query),
    domainTypeOf(db, filter.regions),
    initiativeMapData(db),
    listRegions(db.kysely),
    initiativeOrigins(db.kysely),
    campaignSummaries(db),
    listCampaigns(db.kysely),
  ]);
  const initiatives = await initiativesOf(db, slugs);
  const campaign = mappingCampaign(campaigns, filter.campaign);
  const cited = records.find((c) => c.slug === campaign?.campaign.slug)?.sources ?? [];
  const sources = [...new Set(cited.map((s) => s.source))];
  const unfiltered = filter.regions.length === 0 && filter.domains.length === 0;
  return {
    initiatives,
    domainByType: keepDomains(table, filter.domains),
    byHome: unfiltered ? map.counts : countHomes(initiatives),
    places,
    origins,
    campaign,
    figures: await figureChecks(db, sources),
  };
}

/**
 * The initiatives a region's figures count, in name order: those it reported, or for a country
 * that does not report itself those based there (the region page's basis).
 */
export async function regionInitiatives(
  db: Db,
  code: string,
  basis: 'reported' | 'based',
): Promise<MappingInitiative[]> {
  const slugs = await matchingSlugs(db, {
    text: '',
    filters: basis === 'based' ? { country: [code] } : { region: [code] },
    sort: 'name',
    page: 1,
    pageSize: 1,
  });
  return initiativesOf(db, slugs);
}

/** What the history keeps of a recommendation (upsertVersioned's record of it). */
interface RecommendationState {
  readonly columns: Record<string, string | number | null>;
  readonly sources?: readonly SourceRef[];
  readonly links?: readonly string[];
}

const text = (v: string | number | null | undefined): string | null =>
  v === null || v === undefined ? null : String(v);

const codeList = (v: string | number | null | undefined): string[] => {
  const parsed: unknown = typeof v === 'string' ? JSON.parse(v) : [];
  return Array.isArray(parsed) ? parsed.map(String).sort() : [];
};

/** A recommendation as its newest change at or before a moment left it. */
function recommendationOf(key: string, at: string, after: RecommendationState) {
  const c = after.columns;
  const quote: RecommendationQuote | null =
    c.quote_text && c.quote_source && c.quote_section
      ? {
          text: String(c.quote_text),
          source: String(c.quote_source),
          section: String(c.quote_section),
          ...(c.quote_page ? { page: String(c.quote_page) } : {}),
          ...(c.quote_note ? { note: String(c.quote_note) } : {}),
        }
      : null;
  return {
    slug: key,
    title: String(c.title ?? key),
    text: String(c.text ?? ''),
    kind: String(c.kind) as RecommendationKind,
    level: String(c.level) as RecommendationLevel,
    language: String(c.language ?? 'en'),
    pillar: text(c.pillar_code),
    actorsNamed: text(c.actors_named),
    quote,
    barriers: [...(after.links ?? [])].sort(),
    actors: codeList(c.actor_codes),
    regions: codeList(c.region_codes),
    sources: [...(after.sources ?? [])],
    updatedAt: at,
    version: 0,
  } satisfies RecommendationRecord;
}

/**
 * The recommendations a report reads: those on record, or, for a report as of a past moment, as
 * the atlas's history had them then (the scratch database of services/as-of.ts does not rebuild
 * recommendations, so they are read from the history of `atlas` here). In slug order.
 */
export async function reportRecommendations(
  atlas: Db,
  asOf: string | undefined,
): Promise<RecommendationRecord[]> {
  const records =
    asOf === undefined
      ? await listRecommendations(atlas.kysely)
      : (await recordStatesAt(atlas.kysely, asOf, ['recommendation']))
          .filter((s) => s.after !== null)
          .map((s) => recommendationOf(s.key, s.at, s.after as RecommendationState));
  // By slug in code-point order, the same on both databases and now or as of a date (a
  // database's collation or localeCompare may pass over the hyphens).
  return records.sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
}

/**
 * Whether a recommendation concerns some regions: it is made at European level, or for one of
 * the regions or for one of their countries (as a region page's "What is recommended" counts it).
 */
export async function recommendationScope(
  db: Db,
  regions: readonly string[],
): Promise<(r: RecommendationRecord) => boolean> {
  const all = await listRegions(db.kysely);
  const places = new Set(regions);
  for (const r of all) if (places.has(r.code) && r.countryCode) places.add(r.countryCode);
  return (r) => r.level === 'european' || r.regions.some((g) => places.has(g));
}
