import { STAKEHOLDER_GROUPS } from '../domain/codes.ts';
import { LIST_SEPARATOR } from '../domain/columns.ts';
import { DEFAULT_LANGUAGE } from '../domain/languages.ts';
import type { Recommendation } from '../domain/recommendations.ts';
import type {
  BarrierCodebook,
  Campaign,
  Evidence,
  GoodPractice,
  InterviewRow,
  Pillar,
  Region,
  RegionalReport,
  ReportedFigure,
  Source,
  SourceRef,
  Workshop,
} from '../domain/schemas.ts';
import type { Cell } from './export.ts';

/**
 * The spreadsheet columns of the public entities other than initiatives (whose columns are in
 * columns.ts, because the importer reads them back). Headers are snake_case like the initiative
 * columns; code lists are joined with the same separator, and free text lists and structured
 * values are JSON, so that a cell never has to be split on a character its text may contain.
 */
export interface ColumnSet<T> {
  readonly headers: readonly string[];
  cells(record: T): Record<string, Cell>;
}

function columnSet<T>(columns: Readonly<Record<string, (r: T) => Cell>>): ColumnSet<T> {
  const entries = Object.entries(columns);
  return {
    headers: entries.map(([h]) => h),
    cells: (r) => Object.fromEntries(entries.map(([h, get]) => [h, get(r)])),
  };
}

const codes = (values: readonly string[] | undefined) => (values ?? []).join(LIST_SEPARATOR);
const json = (value: unknown) =>
  value === undefined ||
  value === null ||
  (Array.isArray(value) && value.length === 0) ||
  (typeof value === 'object' && Object.keys(value).length === 0)
    ? ''
    : JSON.stringify(value);
const sources = (r: { sources: readonly SourceRef[] }) => json(r.sources);

/** A region or country. */
export const REGION_COLUMNS = columnSet<Region>({
  code: (r) => r.code,
  name: (r) => r.name,
  native_name: (r) => r.nativeName,
  level: (r) => r.level,
  parent: (r) => r.parent,
  country: (r) => r.country,
  partner: (r) => r.partner,
  sources,
});

/** A source document that records cite. */
export const SOURCE_COLUMNS = columnSet<Source>({
  code: (s) => s.code,
  title: (s) => s.title,
  publisher: (s) => s.publisher,
  year: (s) => s.year,
  url: (s) => s.url,
  file: (s) => s.file,
});

/** A barrier category of the codebook, with its label from the code list. */
export type BarrierCategoryRecord = Omit<BarrierCodebook['categories'][number], 'description'> & {
  readonly label: string;
  readonly description?: string;
};

/** A barrier category. */
export const BARRIER_CATEGORY_COLUMNS = columnSet<BarrierCategoryRecord>({
  code: (c) => c.code,
  label: (c) => c.label,
  description: (c) => c.description,
  sources,
});

/** A barrier of the codebook, with its number, label and category from the code list. */
export type BarrierRecord = Omit<BarrierCodebook['barriers'][number], 'description'> & {
  readonly number: number;
  readonly label: string;
  readonly category: string;
  readonly description?: string;
};

/** A barrier. */
export const BARRIER_COLUMNS = columnSet<BarrierRecord>({
  code: (b) => b.code,
  number: (b) => b.number,
  label: (b) => b.label,
  category: (b) => b.category,
  description: (b) => b.description,
  sub_themes: (b) => json(b.subThemes),
  sources,
});

/** An evidence statement as published: who said it is never part of it. */
export const EVIDENCE_COLUMNS = columnSet<Omit<Evidence, 'region'> & { region: string | null }>({
  key: (e) => e.key,
  statement: (e) => e.statement,
  language: (e) => e.language ?? DEFAULT_LANGUAGE,
  barriers: (e) => codes(e.barriers),
  region: (e) => e.region,
  stakeholder_group: (e) => e.stakeholderGroup,
  campaign: (e) => e.campaign,
  sources,
  quote: (e) => e.quote?.text,
  quote_attribution: (e) => e.quote?.attribution,
  quote_printed_in: (e) => json(e.quote?.printedIn),
});

/** A good practice. */
export const GOOD_PRACTICE_COLUMNS = columnSet<GoodPractice>({
  slug: (g) => g.slug,
  name: (g) => g.name,
  country: (g) => g.country,
  region: (g) => g.region,
  scope: (g) => g.scope,
  summary: (g) => g.summary,
  language: (g) => g.language ?? DEFAULT_LANGUAGE,
  link: (g) => g.link,
  link_missing: (g) => g.linkMissing,
  barriers: (g) => codes(g.barriers),
  key_players: (g) => g.keyPlayers,
  impact: (g) => g.impact,
  transferability: (g) => g.transferability,
  exemplary: (g) => g.exemplary,
  notes: (g) => g.notes,
  sources,
});

/** A region's report for a campaign. */
export const REGIONAL_REPORT_COLUMNS = columnSet<RegionalReport>({
  region: (r) => r.region,
  campaign: (r) => r.campaign,
  overview: (r) => r.overview,
  challenges: (r) => json(r.challenges),
  strengths: (r) => json(r.strengths),
  weaknesses: (r) => json(r.weaknesses),
  secondary_data_access: (r) => r.secondaryDataAccess,
  workshop_note: (r) => json(r.workshopNote),
  sources,
});

/** A printed row of an interview table: one column per stakeholder group. */
export const INTERVIEW_COLUMNS = columnSet<InterviewRow>({
  region: (r) => r.region,
  campaign: (r) => r.campaign,
  printed_total: (r) => r.printedTotal,
  ...Object.fromEntries(
    STAKEHOLDER_GROUPS.map((g) => [g.code, (r: InterviewRow) => r.counts[g.code]]),
  ),
  sources,
});

/** A workshop. */
export const WORKSHOP_COLUMNS = columnSet<Workshop>({
  key: (w) => w.key,
  region: (w) => w.region,
  campaign: (w) => w.campaign,
  held_on: (w) => w.heldOn,
  participants: (w) => w.participants,
  format: (w) => w.format,
  organisers: (w) => w.organisers,
  sources,
});

/** A data-collection campaign. */
export const CAMPAIGN_COLUMNS = columnSet<Campaign>({
  slug: (c) => c.slug,
  kind: (c) => c.kind,
  title: (c) => c.title,
  opens_at: (c) => c.opensAt,
  closes_at: (c) => c.closesAt,
  rules: (c) => json(c.rules),
  state: (c) => c.state,
  sources,
});

/** An EP PerMed pillar of action, with its label from the code list. */
export const PILLAR_COLUMNS = columnSet<Pillar & { label: string }>({
  code: (p) => p.code,
  label: (p) => p.label,
  description: (p) => p.description,
  next_steps: (p) => json(p.nextSteps),
  sources,
});

/** A figure a document reports. */
export const FIGURE_COLUMNS = columnSet<ReportedFigure>({
  key: (f) => f.key,
  label: (f) => f.label,
  value: (f) => f.value,
  qualifier: (f) => f.qualifier,
  measure: (f) => json(f.measure),
  notes: (f) => f.notes,
  sources,
});

/**
 * A recommendation (issue 17): the barriers it addresses, the stakeholder groups it names and the
 * places it concerns as code lists; its verbatim quote, where one is kept, with where it is from.
 */
export const RECOMMENDATION_COLUMNS = columnSet<Recommendation>({
  slug: (r) => r.slug,
  title: (r) => r.title,
  text: (r) => r.text,
  kind: (r) => r.kind,
  level: (r) => r.level,
  language: (r) => r.language ?? DEFAULT_LANGUAGE,
  pillar: (r) => r.pillar,
  barriers: (r) => codes(r.barriers),
  stakeholder_groups: (r) => codes(r.actors),
  actors_named: (r) => r.actorsNamed,
  regions: (r) => codes(r.regions),
  quote: (r) => r.quote?.text,
  quote_source: (r) => r.quote?.source,
  quote_section: (r) => r.quote?.section,
  quote_page: (r) => r.quote?.page,
  quote_note: (r) => r.quote?.note,
  sources,
});
