import type { Writable } from 'node:stream';
import type { Feature, Geometry } from 'geojson';
import type { Db } from '../db/connect.ts';
import { initiativeCells, initiativeHeaders } from '../domain/columns.ts';
import { invalidParameter } from '../domain/errors.ts';
import { canonicalInitiative } from '../domain/initiative.ts';
import type {
  BarrierCodebook,
  GoodPractice,
  Initiative,
  InterviewRow,
  Region,
  RegionalReport,
  Source,
  SourceRef,
  Workshop,
} from '../domain/schemas.ts';
import type { SearchQuery } from '../domain/search.ts';
import {
  BARRIER_CATEGORY_COLUMNS,
  BARRIER_COLUMNS,
  CAMPAIGN_COLUMNS,
  type ColumnSet,
  EVIDENCE_COLUMNS,
  FIGURE_COLUMNS,
  GOOD_PRACTICE_COLUMNS,
  INTERVIEW_COLUMNS,
  PILLAR_COLUMNS,
  RECOMMENDATION_COLUMNS,
  REGION_COLUMNS,
  REGIONAL_REPORT_COLUMNS,
  SOURCE_COLUMNS,
  WORKSHOP_COLUMNS,
} from '../io/entity-columns.ts';
import {
  EXPORT_ENTITIES,
  type ExportEntity,
  type ExportFormat,
  type ExportTable,
  MEDIA_TYPES,
  writeCsv,
  writeGeoJson,
  writeJsonArray,
  writeJsonObject,
  writeXlsx,
} from '../io/export.ts';
import {
  countryOutlines,
  OUTLINE_CREDITS,
  partnerRegionOutlines,
  rfc7946Geometry,
} from '../io/geo.ts';
import { type ExportNames, readableTable, type SheetForm, sheetFormOf } from '../io/readable.ts';
import { listBarrierCategories, listBarriers } from '../repositories/barriers.ts';
import { listCampaigns } from '../repositories/campaigns.ts';
import { CODEBOOK_VERSION } from '../repositories/codelists.ts';
import { listInterviewRows, listWorkshops } from '../repositories/engagement.ts';
import { listEvidenceRecords } from '../repositories/evidence.ts';
import { listFigures } from '../repositories/figures.ts';
import { listGoodPractices } from '../repositories/good-practices.ts';
import {
  listExtraFieldNames,
  listInitiativePlaces,
  listInitiativesBySlugs,
} from '../repositories/initiatives.ts';
import { listPillars } from '../repositories/pillars.ts';
import { listRecommendations } from '../repositories/recommendations.ts';
import { listRecordSourcesByKey } from '../repositories/record-sources.ts';
import { listRegionalReports } from '../repositories/regional-reports.ts';
import { listRegions } from '../repositories/regions.ts';
import { listSources } from '../repositories/sources.ts';
import { recordKey } from '../repositories/versioned.ts';
import { matchingSlugs } from '../search/index.ts';
import { recommendationContent } from './recommendations.ts';
import { allowedFacetValues, parseSearchParams, type RawParams } from './search.ts';

// The entity list lives with the writers (io/export.ts), where the CLI reads it without loading
// this module and the database layer behind it.
export { EXPORT_ENTITIES, type ExportEntity };

/** An export that is validated and counted, ready to be written to a stream. */
export interface PreparedExport {
  readonly format: ExportFormat;
  readonly mediaType: string;
  /** The file name to offer, e.g. permed-atlas-initiatives-2026-11-25.csv. */
  readonly fileName: string;
  /** How many records of each entity it holds. */
  readonly counts: Readonly<Partial<Record<ExportEntity, number>>>;
  /** Writes the export to `out` without ending it; rejects (having written part of it) on failure. */
  write(out: Writable): Promise<void>;
}

/** Initiatives read per query when records are streamed. */
const PAGE_SIZE = 500;

/** Every initiative, in name order, as a search without words or filters lists them. */
const EVERYTHING: SearchQuery = { text: '', filters: {}, sort: 'name', page: 1, pageSize: 1 };

function* pages<T>(items: readonly T[]): Generator<T[]> {
  for (let i = 0; i < items.length; i += PAGE_SIZE) yield items.slice(i, i + PAGE_SIZE);
}

/** Today as YYYY-MM-DD (UTC), for file names. */
function today(): string {
  return new Date().toISOString().slice(0, 10);
}

function fileName(what: string, format: ExportFormat): string {
  return `permed-atlas-${what}-${today()}.${format}`;
}

/** An object without its undefined and null members, as the reference data leaves them out. */
function compact<T extends object>(o: T): T {
  return Object.fromEntries(
    Object.entries(o).filter(([, v]) => v !== undefined && v !== null),
  ) as T;
}

/** The canonical content of the given initiatives (as data/reference has them), a page at a time. */
async function* initiativeContents(db: Db, slugs: readonly string[]): AsyncGenerator<Initiative> {
  for (const page of pages(slugs)) {
    for (const record of await listInitiativesBySlugs(db.kysely, page)) {
      const { id, version, createdAt, updatedAt, ...content } = record;
      yield canonicalInitiative(content);
    }
  }
}

/**
 * The initiatives as a table with the columns the importer reads. The extra fields of imported
 * files become columns after the fixed ones, in the order initiativeHeaders gives them; their
 * names are read first so that the header row can be written before any record.
 */
async function initiativesTable(db: Db, slugs: readonly string[]): Promise<ExportTable> {
  const extra = new Set<string>();
  for (const page of pages(slugs)) {
    for (const name of await listExtraFieldNames(db.kysely, page)) extra.add(name);
  }
  const fixed = initiativeHeaders([]);
  return {
    name: 'initiatives',
    headers: [...fixed, ...[...extra].filter((h) => !fixed.includes(h)).sort()],
    async *rows() {
      for await (const i of initiativeContents(db, slugs)) yield initiativeCells(i);
    },
  };
}

/** One entity of a full export: its table and its records as JSON objects. */
interface EntityData {
  readonly count: number;
  readonly table: ExportTable;
  objects(): AsyncIterable<unknown>;
}

async function* each<T>(items: readonly T[]): AsyncGenerator<T> {
  yield* items;
}

/** An entity small enough to read whole (tens to hundreds of records), as a table and as objects. */
function small<T>(name: ExportEntity, columns: ColumnSet<T>, records: readonly T[]): EntityData {
  return {
    count: records.length,
    table: {
      name,
      headers: columns.headers,
      rows: () => each(records.map((r) => columns.cells(r))),
    },
    objects: () => each(records),
  };
}

/** Records of one kind read together with the sources of each, by record key. */
function withSources<R>(
  db: Db,
  kind: string,
  rows: Promise<R[]>,
): Promise<[R[], Map<string, SourceRef[]>]> {
  return Promise.all([rows, listRecordSourcesByKey(db.kysely, kind)]);
}

/** Every initiative, streamed a page at a time. */
async function loadInitiatives(db: Db): Promise<EntityData> {
  const slugs = await matchingSlugs(db, EVERYTHING);
  return {
    count: slugs.length,
    table: await initiativesTable(db, slugs),
    objects: () => initiativeContents(db, slugs),
  };
}

/** Regions and countries with their sources. */
async function loadRegions(db: Db, entity: ExportEntity): Promise<EntityData> {
  const [rows, sources] = await withSources(db, 'region', listRegions(db.kysely));
  const records = rows.map((r) =>
    compact<Region>({
      code: r.code,
      name: r.name,
      nativeName: r.nativeName ?? undefined,
      level: r.level as Region['level'],
      parent: r.parentCode ?? undefined,
      country: r.countryCode,
      partner: r.isPartner,
      sources: sources.get(r.code) ?? [],
    }),
  );
  return small(entity, REGION_COLUMNS, records);
}

/** The source documents. */
async function loadSources(db: Db, entity: ExportEntity): Promise<EntityData> {
  const records = (await listSources(db.kysely)).map((s) =>
    compact<Source>({
      code: s.code,
      title: s.title,
      publisher: s.publisher,
      year: s.year,
      url: s.url ?? undefined,
      file: s.file ?? undefined,
    }),
  );
  return small(entity, SOURCE_COLUMNS, records);
}

/** The categories of the barrier codebook with their sources. */
async function loadBarrierCategories(db: Db, entity: ExportEntity): Promise<EntityData> {
  const [rows, sources] = await withSources(
    db,
    'barrier_category',
    listBarrierCategories(db.kysely),
  );
  const records = rows.map((c) =>
    compact({
      code: c.code as BarrierCodebook['categories'][number]['code'],
      label: c.label,
      description: c.description ?? undefined,
      sources: sources.get(recordKey(c.code, CODEBOOK_VERSION)) ?? [],
    }),
  );
  return small(entity, BARRIER_CATEGORY_COLUMNS, records);
}

/** The barriers of the codebook with their sources. */
async function loadBarriers(db: Db, entity: ExportEntity): Promise<EntityData> {
  const [rows, sources] = await withSources(db, 'barrier', listBarriers(db.kysely));
  const records = rows.map((b) =>
    compact({
      code: b.code,
      number: b.number,
      label: b.label,
      category: b.category,
      description: b.description ?? undefined,
      subThemes: b.subThemes,
      sources: sources.get(recordKey(b.code, CODEBOOK_VERSION)) ?? [],
    }),
  );
  return small(entity, BARRIER_COLUMNS, records);
}

/** Good practices with their sources. */
async function loadGoodPractices(db: Db, entity: ExportEntity): Promise<EntityData> {
  const [rows, sources] = await withSources(db, 'good_practice', listGoodPractices(db.kysely));
  const records = rows.map((g) =>
    compact<GoodPractice>({
      slug: g.slug,
      name: g.name,
      country: g.country ?? undefined,
      region: g.region ?? undefined,
      scope: (g.scope ?? undefined) as GoodPractice['scope'],
      summary: g.summary ?? '',
      language: g.language,
      link: g.link ?? undefined,
      linkMissing: g.linkMissing ?? undefined,
      barriers: g.barriers,
      keyPlayers: g.keyPlayers ?? undefined,
      impact: g.impact ?? undefined,
      transferability: g.transferability ?? undefined,
      exemplary: g.exemplary,
      sources: sources.get(g.slug) ?? [],
      notes: g.notes ?? undefined,
    }),
  );
  return small(entity, GOOD_PRACTICE_COLUMNS, records);
}

/** Regional reports (fact sheets) with their sources. */
async function loadRegionalReports(db: Db, entity: ExportEntity): Promise<EntityData> {
  const [rows, sources] = await withSources(db, 'regional_report', listRegionalReports(db.kysely));
  const records = rows.map((r) =>
    compact<RegionalReport>({
      region: r.region,
      campaign: r.campaign,
      overview: r.overview ?? '',
      challenges: r.challenges as RegionalReport['challenges'],
      strengths: r.strengths,
      weaknesses: r.weaknesses,
      secondaryDataAccess: r.secondaryDataAccess ?? undefined,
      workshopNote: r.workshopNote ?? undefined,
      sources: sources.get(recordKey(r.region, r.campaign)) ?? [],
    }),
  );
  return small(entity, REGIONAL_REPORT_COLUMNS, records);
}

/** Interview counts per region, as printed, with their sources. */
async function loadInterviews(db: Db, entity: ExportEntity): Promise<EntityData> {
  const [rows, sources] = await withSources(db, 'interview_row', listInterviewRows(db.kysely));
  const records = rows.map(
    (r): InterviewRow => ({
      region: r.region,
      campaign: r.campaign,
      printedTotal: r.printedTotal,
      // An empty cell of the printed table is null, and stays so.
      counts: { ...r.byGroup },
      sources: sources.get(recordKey(r.region, r.campaign)) ?? [],
    }),
  );
  return small(entity, INTERVIEW_COLUMNS, records);
}

/** Workshops with their sources. */
async function loadWorkshops(db: Db, entity: ExportEntity): Promise<EntityData> {
  const [rows, sources] = await withSources(db, 'workshop', listWorkshops(db.kysely));
  const records = rows.map(
    (w) =>
      ({
        ...compact({
          key: w.key,
          region: w.region,
          campaign: w.campaign ?? undefined,
          heldOn: w.heldOn ?? undefined,
          format: w.format ?? undefined,
          organisers: w.organisers ?? undefined,
          sources: sources.get(w.key) ?? [],
        }),
        // A participant count the report leaves empty is null, and stays so.
        participants: w.participants,
      }) as Workshop,
  );
  return small(entity, WORKSHOP_COLUMNS, records);
}

/** How each entity of a full export is read. */
const ENTITY_LOADERS: Readonly<
  Record<ExportEntity, (db: Db, entity: ExportEntity) => Promise<EntityData>>
> = {
  initiatives: loadInitiatives,
  regions: loadRegions,
  sources: loadSources,
  barrier_categories: loadBarrierCategories,
  barriers: loadBarriers,
  evidence: async (db, entity) =>
    small(entity, EVIDENCE_COLUMNS, (await listEvidenceRecords(db.kysely)).map(compact)),
  good_practices: loadGoodPractices,
  regional_reports: loadRegionalReports,
  interviews: loadInterviews,
  workshops: loadWorkshops,
  campaigns: async (db, entity) => small(entity, CAMPAIGN_COLUMNS, await listCampaigns(db.kysely)),
  pillars: async (db, entity) => small(entity, PILLAR_COLUMNS, await listPillars(db.kysely)),
  figures: async (db, entity) => small(entity, FIGURE_COLUMNS, await listFigures(db.kysely)),
  recommendations: async (db, entity) =>
    small(
      entity,
      RECOMMENDATION_COLUMNS,
      (await listRecommendations(db.kysely)).map(recommendationContent),
    ),
};

/** Reads one entity of the whole dataset in the shape of data/reference, with provenance. */
function loadEntity(db: Db, entity: ExportEntity): Promise<EntityData> {
  return ENTITY_LOADERS[entity](db, entity);
}

/** The GeoJSON properties of a place: what it is, what was counted, and the initiatives. */
interface PlaceProperties {
  code: string;
  name: string;
  level: string;
  /** Which field of an initiative places it here. */
  counted: 'home_country' | 'submitting_region';
  count: number;
  initiatives: { slug: string; name: string }[];
}

/**
 * One feature per home country and one per submitting (partner) region of the given
 * initiatives, with the count and the list of initiatives, in the order of the slugs. A place
 * without an outline (Rivne oblast has no NUTS code) keeps its feature with a null geometry,
 * which RFC 7946 allows, so that the counts still add up to the number of initiatives.
 */
async function placeFeatures(db: Db, slugs: readonly string[]): Promise<Feature[]> {
  const order = new Map(slugs.map((s, i) => [s, i]));
  const places: Awaited<ReturnType<typeof listInitiativePlaces>> = [];
  for (const page of pages(slugs)) places.push(...(await listInitiativePlaces(db.kysely, page)));
  places.sort((a, b) => (order.get(a.slug) ?? 0) - (order.get(b.slug) ?? 0));
  const regions = new Map((await listRegions(db.kysely)).map((r) => [r.code, r]));

  const features = (
    counted: PlaceProperties['counted'],
    codeOf: (p: (typeof places)[number]) => string | null,
    outlines: ReturnType<typeof countryOutlines>,
  ): Feature<Geometry | null, PlaceProperties>[] => {
    const groups = new Map<string, { slug: string; name: string }[]>();
    for (const p of places) {
      const code = codeOf(p);
      if (code === null) continue;
      groups.set(code, [...(groups.get(code) ?? []), { slug: p.slug, name: p.name }]);
    }
    return [...groups.entries()]
      .sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1))
      .map(([code, initiatives]) => {
        const outline = outlines.find((o) => o.code === code);
        const region = regions.get(code);
        return {
          type: 'Feature',
          id: `${counted === 'home_country' ? 'country' : 'region'}:${code}`,
          geometry: outline ? rfc7946Geometry(outline.feature.geometry) : null,
          properties: {
            code,
            name: region?.name ?? outline?.name ?? code,
            level: region?.level ?? (counted === 'home_country' ? 'country' : 'other'),
            counted,
            count: initiatives.length,
            initiatives,
          },
        };
      });
  };
  return [
    ...features('home_country', (p) => p.homeCountry, countryOutlines()),
    ...features('submitting_region', (p) => p.submittingRegion, partnerRegionOutlines()),
  ] as Feature[];
}

/** The names of places and sources that a spreadsheet for people shows instead of codes. */
async function exportNames(db: Db): Promise<ExportNames> {
  const [regions, sources, campaigns] = await Promise.all([
    listRegions(db.kysely),
    listSources(db.kysely),
    listCampaigns(db.kysely),
  ]);
  return {
    places: new Map(regions.map((r) => [r.code, r.name])),
    sources: new Map(sources.map((s) => [s.code, s.title])),
    campaigns: new Map(campaigns.map((c) => [c.slug, c.title])),
  };
}

/** The tables as the form asks: unchanged for codes, through readableTable for people. */
async function inForm(db: Db, form: SheetForm, tables: ExportTable[]): Promise<ExportTable[]> {
  if (form === 'codes') return tables;
  const names = await exportNames(db);
  return tables.map((t) => readableTable(t, names));
}

/** Writes the initiatives with the given slugs in one of the formats. */
function initiativesExport(
  db: Db,
  slugs: readonly string[],
  format: ExportFormat,
  name: string,
  form: SheetForm,
): PreparedExport {
  const sheets = async () => inForm(db, form, [await initiativesTable(db, slugs)]);
  return {
    format,
    mediaType: MEDIA_TYPES[format],
    fileName: fileName(form === 'codes' && format !== 'json' ? `${name}-codes` : name, format),
    counts: { initiatives: slugs.length },
    async write(out) {
      switch (format) {
        case 'csv':
          return writeCsv(out, (await sheets())[0] as ExportTable);
        case 'xlsx':
          return writeXlsx(out, await sheets());
        case 'json':
          return writeJsonArray(out, initiativeContents(db, slugs));
        case 'geojson':
          return writeGeoJson(out, await placeFeatures(db, slugs), OUTLINE_CREDITS);
      }
    },
  };
}

/**
 * Prepares an export of a search result: the same parameters as the list page and `atlas
 * search` (a bad one is the same invalid_parameter error), every match in the result's order;
 * `form=codes` asks for the code form of a spreadsheet instead of the one for people.
 * The page and page size are checked but ignored, since an export holds the whole result.
 */
export async function prepareSearchExport(
  db: Db,
  raw: RawParams,
  format: ExportFormat,
): Promise<PreparedExport> {
  const { form, params } = sheetFormOf(raw);
  const query = parseSearchParams(params, await allowedFacetValues(db));
  return initiativesExport(db, await matchingSlugs(db, query), format, 'initiatives', form);
}

/**
 * Prepares an export of the whole dataset. XLSX holds one sheet per entity and JSON one array
 * per entity in an object; CSV holds one table, so it is the initiatives unless `entity` names
 * another. With `entity`, every format holds that entity alone (JSON as a plain array, as its
 * file in data/reference is). GeoJSON places initiatives, so it takes no other entity.
 */
export async function prepareDatasetExport(
  db: Db,
  format: ExportFormat,
  entity?: ExportEntity,
  form: SheetForm = 'labels',
): Promise<PreparedExport> {
  if (format === 'geojson' && entity !== undefined && entity !== 'initiatives') {
    throw invalidParameter(
      'entity',
      `GeoJSON places initiatives on the map, so it cannot export ${entity}; choose csv, xlsx or json`,
    );
  }
  if (format === 'geojson' || entity === 'initiatives' || (format === 'csv' && !entity)) {
    return initiativesExport(db, await matchingSlugs(db, EVERYTHING), format, 'initiatives', form);
  }
  const entities = entity ? [entity] : EXPORT_ENTITIES;
  const loaded = await Promise.all(entities.map((e) => loadEntity(db, e)));
  const data = entities.map((e, i) => ({ entity: e, data: loaded[i] as EntityData }));
  return {
    format,
    mediaType: MEDIA_TYPES[format],
    fileName: fileName(
      `${entity ?? 'dataset'}${form === 'codes' && format !== 'json' ? '-codes' : ''}`,
      format,
    ),
    counts: Object.fromEntries(data.map((d) => [d.entity, d.data.count])),
    async write(out) {
      const sheets = () =>
        inForm(
          db,
          form,
          data.map((d) => d.data.table),
        );
      if (format === 'xlsx') return writeXlsx(out, await sheets());
      if (format === 'csv') return writeCsv(out, (await sheets())[0] as ExportTable);
      if (entity) return writeJsonArray(out, (data[0] as (typeof data)[number]).data.objects());
      return writeJsonObject(
        out,
        data.map((d) => ({ name: d.entity, items: () => d.data.objects() })),
      );
    },
  };
}
