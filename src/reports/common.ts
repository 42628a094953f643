import type { Db } from '../db/connect.ts';
import { DATA_LICENCE } from '../domain/open-data.ts';
import type {
  Block,
  Colophon,
  Inline,
  NoteBlock,
  RecordLink,
  ReportOptions,
  ReportSection,
  Run,
} from '../domain/report.ts';
import { isWholeDay, pastRecords } from '../services/as-of.ts';
import { dataVersion } from '../services/data-version.ts';
import { listSourceDocuments } from '../services/home.ts';
import { regionNames } from '../services/regions.ts';
import { type Locale, placeName as localPlaceName, t } from '../web/i18n.ts';

/**
 * What every report builder is given: the database, the validated options and what all of them
 * need (names of regions and countries, the data version, the time of generation). Builders run
 * inside withLocale(options.lang), so t() speaks the report's language.
 */
export interface ReportContext {
  /** The records the report reads: the atlas's, or as they were at the options' asOf. */
  readonly db: Db;
  /**
   * The atlas's own database, whose history the records of a past moment come from (the same as
   * `db` when the report is of the records as they are now).
   */
  readonly atlas: Db;
  readonly options: ReportOptions;
  /** Names of regions and countries by code. */
  readonly names: ReadonlyMap<string, string>;
  readonly version: { readonly key: string; readonly at?: string };
  readonly now: Date;
}

export async function reportContext(
  db: Db,
  options: ReportOptions,
  now = new Date(),
): Promise<ReportContext> {
  const past = options.asOf ? await pastRecords(db, options.asOf) : undefined;
  const records = past?.db ?? db;
  const [names, version] = await Promise.all([
    regionNames(records),
    past ? past.version : dataVersion(db),
  ]);
  return { db: records, atlas: db, options, names, version, now };
}

/** The moment of asOf in words, in the report's language: a day, or a day and time (UTC). */
export function asOfText(ctx: ReportContext, at: string): string {
  const date = new Date(at);
  const format = new Intl.DateTimeFormat(ctx.options.lang, {
    dateStyle: 'long',
    ...(isWholeDay(at) ? {} : { timeStyle: 'short' }),
    timeZone: 'UTC',
  });
  return `${format.format(date)}${isWholeDay(at) ? '' : ' UTC'}`;
}

/** A region's or country's name, with its code when the name is unknown. */
export function placeName(ctx: ReportContext, code: string): string {
  const name = ctx.names.get(code);
  return name === undefined ? code : localPlaceName(code, name, ctx.options.lang as Locale);
}

/** Whether the options ask for a section (every section when none is named). */
export function wantsSection(ctx: ReportContext, id: string): boolean {
  return ctx.options.sections.length === 0 || ctx.options.sections.includes(id);
}

/** The sections a builder made, keeping only those the options ask for, in the given order. */
export function chosenSections(
  ctx: ReportContext,
  sections: readonly (ReportSection | undefined)[],
): ReportSection[] {
  return sections.filter((s): s is ReportSection => s !== undefined && wantsSection(ctx, s.id));
}

/** A link to records of the atlas: an address starting with `/` and what it leads to. */
export function recordsLink(href: string, label: string): RecordLink {
  return { href, label };
}

/**
 * An address written out: paper cannot be clicked, so a printed or document form (PDF, DOCX)
 * writes the absolute address out in full; on the site the link shows its label (what it leads
 * to) instead.
 */
export function addressRun(href: string, label: string): Run {
  return { text: label, link: recordsLink(href, label), address: true };
}

/** The address of a list with query parameters (empty values are left out). */
export function withQuery(
  path: string,
  params: Record<string, string | readonly string[]>,
): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    for (const one of typeof v === 'string' ? [v] : v) if (one !== '') q.append(k, one);
  }
  const s = q.toString();
  return s === '' ? path : `${path}?${s}`;
}

/** A note that the records hold nothing for what a section covers, said in the report. */
export function emptyNote(text: Inline): NoteBlock {
  return { kind: 'note', tone: 'empty', text };
}

/** A note that a source document states another figure than the records give. */
export function discrepancyNote(text: Inline): NoteBlock {
  return { kind: 'note', tone: 'discrepancy', text };
}

/** A paragraph block. */
export function paragraph(text: Inline): Block {
  return { kind: 'paragraph', text };
}

/**
 * The colophon: the data version and its date, when the report was generated, its options in words,
 * the licence of the data and the source documents the records come from.
 */
export async function colophon(
  ctx: ReportContext,
  filters: readonly (readonly [string, string])[],
  href: string,
): Promise<Colophon> {
  const sources = (await listSourceDocuments(ctx.db)).map((s) => ({
    title: s.title,
    ...(s.url ? { href: s.url } : {}),
  }));
  return {
    dataVersion: ctx.version.key,
    ...(ctx.version.at ? { dataAt: ctx.version.at } : {}),
    generatedAt: ctx.now.toISOString(),
    filters,
    licence: { name: DATA_LICENCE.name, href: DATA_LICENCE.url },
    sources,
    href: ctx.options.asOf ? withAsOf(href, ctx.options.asOf) : href,
  };
}

/** The options in words, for the colophon: regions, domains, campaign, language. */
export function optionFilters(ctx: ReportContext): [string, string][] {
  const o = ctx.options;
  const all = t('reports.all');
  return [
    [
      t('reports.optionRegions'),
      o.regions.length === 0 ? all : o.regions.map((r) => placeName(ctx, r)).join(', '),
    ],
    [t('reports.optionDomains'), o.domains.length === 0 ? all : o.domains.join(', ')],
    ...(o.campaign ? [[t('reports.optionCampaign'), o.campaign] as [string, string]] : []),
    ...(o.since ? [[t('reports.optionSince'), o.since] as [string, string]] : []),
    [t('reports.optionLanguage'), o.lang],
    ...(o.asOf ? [asOfFilter(ctx, o.asOf)] : []),
  ];
}

/** The colophon's line on asOf: the moment, and what it means for what the report shows. */
function asOfFilter(ctx: ReportContext, at: string): [string, string] {
  return [t('reports.optionAsOf'), t('reports.asOfValue', { date: asOfText(ctx, at) })];
}

/** A report's address with its asOf (a whole day as YYYY-MM-DD). */
function withAsOf(href: string, at: string): string {
  const url = new URL(href, 'http://atlas.invalid');
  url.searchParams.set('asOf', isWholeDay(at) ? at.slice(0, 10) : at);
  return `${url.pathname}${url.search}`;
}
