import { type Context, Hono, type MiddlewareHandler } from 'hono';
import type { Db } from '../db/connect.ts';
import { notFound } from '../domain/errors.ts';
import type { Finding } from '../domain/quality.ts';
import { figureCsv, figureXlsx } from '../io/figure-files.ts';
import { svgToPng } from '../io/raster.ts';
import { getBarrierOverview } from '../services/barriers.ts';
import { compareRegions, regionSummaries } from '../services/compare.ts';
import { dataVersion, oncePerVersion } from '../services/data-version.ts';
import { goodPracticeCatalogue } from '../services/good-practices.ts';
import { getHomeView } from '../services/home.ts';
import { evidenceKind, getBarriersByStakeholder, getPrevalence } from '../services/prevalence.ts';
import { getRegionView, regionNames } from '../services/regions.ts';
import { getSimilarity } from '../services/twinning.ts';
import { crossTabSvgFile } from '../web/charts.tsx';
import { kindLabel } from '../web/evidence-kind.tsx';
import {
  compareTable,
  type FigureTable,
  findingsTable,
  initiativesChart,
  initiativesTable,
  initiativesTitle,
  interviewsTable,
  mapTable,
  matrixTable,
  practicesTable,
  prevalenceCategoriesTable,
  prevalenceChart,
  prevalencePairsTable,
  prevalenceTable,
  regionBarriersTable,
  regionsTable,
  similarityTable,
  stakeholderChart,
  stakeholderTable,
} from '../web/figure-tables.ts';
import {
  type CitationContext,
  citablePath,
  citationText,
  type FigureFormat,
  withCitation,
} from '../web/figure-tools.tsx';
import { localPlaceNames, t } from '../web/i18n.ts';
import { EuropeMap, PartnerRegionsMap } from '../web/map.tsx';
import { mapSvgFile } from '../web/map-file.ts';
import { REGION_BARRIERS_ID, regionBarriersTitle } from '../web/region-barriers.tsx';
import { STAKEHOLDERS_ID } from '../web/stakeholder-table.tsx';
import { type OriginOptions, siteOrigin } from './origin.ts';

/** A figure made for one request: its title, file name, page and the data (and chart) behind it. */
interface MadeFigure {
  readonly title: string;
  /** The file's name without "permed-atlas-" and the extension. */
  readonly fileName: string;
  /** The page that shows it (path and query) and its element there: the citation's address. */
  readonly page: string;
  readonly anchor: string;
  readonly table: FigureTable;
  /** The figure as an SVG file with its title and the citation given, for charts and maps. */
  readonly picture?: (citation: string) => Promise<string>;
}

/** What some figures need besides the database: the data-quality check's findings. */
export interface FigureSources {
  /** The findings of the check, made off the request thread (and kept per data version). */
  readonly findings?: (c: Context) => Promise<readonly Finding[]>;
}

/** A kind of figure: the formats it comes in and how a request makes it. */
interface FigureKind {
  readonly formats: readonly FigureFormat[];
  readonly make: (db: Db, c: Context, sources: FigureSources) => Promise<MadeFigure>;
}

/** The page's query for an evidence kind (none for the default). */
const evidenceQuery = (kind: string) => (kind === 'all' ? '' : `?evidence=${kind}`);

/** Prevalence figures of the kind of evidence the request names (as the page reads it). */
async function prevalenceOf(db: Db, c: Context) {
  const kind = evidenceKind(c.req.query('evidence'));
  const p = await getPrevalence(db, kind);
  const suffix = kind === 'all' ? '' : `-${kind}`;
  return { p, suffix, page: `/barriers/prevalence${evidenceQuery(kind)}` };
}

/** A rendered JSX element as HTML text. */
async function renderToString(node: unknown): Promise<string> {
  return String(await (node as { toString(): string | Promise<string> }).toString());
}

/** The figures of the atlas's pages, by the name in their address (/figures/NAME.FORMAT). */
const FIGURES: Readonly<Record<string, FigureKind>> = {
  'barrier-matrix': {
    formats: ['csv', 'xlsx'],
    make: async (db, c) => {
      const kind = evidenceKind(c.req.query('evidence'));
      const [o, names] = await Promise.all([getBarrierOverview(db, kind), regionNames(db)]);
      const table = matrixTable(o, names);
      const page = `/barriers${evidenceQuery(kind)}`;
      return {
        title: `${t('barriers.matrixTitle')} (${kindLabel(kind)})`,
        fileName: `barrier-matrix${kind === 'all' ? '' : `-${kind}`}`,
        page,
        anchor: 'matrix',
        table,
      };
    },
  },
  prevalence: {
    formats: ['svg', 'png', 'csv'],
    make: async (db, c) => {
      const { p, suffix, page } = await prevalenceOf(db, c);
      return {
        title: t('prevalence.barriersCaption'),
        fileName: `prevalence${suffix}`,
        page,
        anchor: 'prevalence-chart',
        table: prevalenceTable(p),
        picture: (citation) =>
          crossTabSvgFile(prevalenceChart(p), t('prevalence.barriersCaption'), citation),
      };
    },
  },
  'prevalence-categories': {
    formats: ['csv'],
    make: async (db, c) => {
      const { p, suffix, page } = await prevalenceOf(db, c);
      const table = prevalenceCategoriesTable(p);
      const title = t('prevalence.categoriesCaption');
      return {
        title,
        fileName: `prevalence-categories${suffix}`,
        page,
        anchor: 'categories',
        table,
      };
    },
  },
  'prevalence-pairs': {
    formats: ['csv'],
    make: async (db, c) => {
      const { p, suffix, page } = await prevalenceOf(db, c);
      const table = prevalencePairsTable(p);
      const title = t('prevalence.pairsCaption');
      return { title, fileName: `prevalence-pairs${suffix}`, page, anchor: 'pairs', table };
    },
  },
  'prevalence-stakeholders': {
    formats: ['svg', 'png', 'csv'],
    make: async (db) => {
      const x = await getBarriersByStakeholder(db);
      const title = t('prevalence.stakeholdersCaption');
      return {
        title,
        fileName: 'prevalence-stakeholders',
        page: '/barriers/prevalence',
        anchor: STAKEHOLDERS_ID,
        table: stakeholderTable(x),
        picture: (citation) => crossTabSvgFile(stakeholderChart(x), title, citation),
      };
    },
  },
  regions: {
    formats: ['csv'],
    make: async (db) => {
      const table = regionsTable(await regionSummaries(db));
      return {
        title: t('regions.tableLabel'),
        fileName: 'regions',
        page: '/regions',
        anchor: 'regions-table',
        table,
      };
    },
  },
  'regions-map': {
    formats: ['svg', 'png', 'csv'],
    make: async (db) => {
      const summaries = await regionSummaries(db);
      const counts = new Map(summaries.map((s) => [s.code, s.initiatives]));
      const names = new Map(summaries.map((s) => [s.code, s.name]));
      const html = await renderToString(PartnerRegionsMap({ id: 'regions-map', counts, names }));
      const title = t('map.regionsTitle');
      return {
        title,
        fileName: 'regions-map',
        page: '/regions',
        anchor: 'regions-map-svg',
        table: mapTable(counts, names),
        picture: async (citation) => mapSvgFile(html, title, citation),
      };
    },
  },
  'home-map': {
    formats: ['svg', 'png', 'csv'],
    make: async (db) => {
      const data = (await oncePerVersion(db, 'home', () => getHomeView(db))).map;
      const title = t('home.mapFigureTitle');
      const html = await renderToString(EuropeMap({ data, id: 'home-map', title }));
      return {
        title,
        fileName: 'initiatives-map',
        page: '/',
        anchor: 'home-map-svg',
        table: mapTable(data.counts, data.names),
        picture: async (citation) => mapSvgFile(html, title, citation),
      };
    },
  },
  compare: {
    formats: ['csv'],
    make: async (db, c) => {
      const comparison = await compareRegions(db, c.req.queries());
      const codes = comparison.chosen.map((x) => x.summary.code);
      const query = codes.map((code) => `region=${encodeURIComponent(code)}`).join('&');
      return {
        title: t('compare.caption', {
          names: comparison.chosen.map((x) => x.summary.name).join(', '),
        }),
        fileName: ['compare', ...codes].join('-'),
        page: `/compare${query ? `?${query}` : ''}`,
        anchor: 'comparison',
        table: compareTable(comparison),
      };
    },
  },
  'data-quality': {
    formats: ['csv', 'xlsx'],
    make: async (_db, c, sources) => {
      if (!sources.findings) throw unknownFigure(c.req.path);
      return {
        title: t('dataQuality.title'),
        fileName: 'data-quality',
        page: '/data-quality',
        anchor: 'findings',
        table: findingsTable(await sources.findings(c)),
      };
    },
  },
  'good-practices': {
    formats: ['csv', 'xlsx'],
    make: async (db, c) => {
      const query = new URL(c.req.url).search;
      const [catalogue, names] = await Promise.all([
        goodPracticeCatalogue(db, c.req.queries()),
        regionNames(db),
      ]);
      return {
        title: t('goodPractices.title'),
        fileName: 'good-practices',
        page: `/good-practices${query}`,
        anchor: 'practices-heading',
        table: practicesTable(catalogue.practices, localPlaceNames(names)),
      };
    },
  },
  'twinning-similarity': {
    formats: ['csv'],
    make: async (db) => ({
      title: t('twinning.similarityHeading'),
      fileName: 'twinning-similarity',
      page: '/twinning',
      anchor: 'similarity-title',
      table: similarityTable(await getSimilarity(db)),
    }),
  },
};

/** The figures of a region's fact sheet (/figures/regions/CODE/NAME.FORMAT). */
const REGION_FIGURES: Readonly<Record<string, FigureKind>> = {
  initiatives: {
    formats: ['svg', 'png', 'csv'],
    make: async (db, c) => {
      const v = await getRegionView(db, c.req.param('code') ?? '');
      return {
        title: initiativesTitle(v),
        fileName: `${v.region.code}-initiatives`,
        page: `/regions/${encodeURIComponent(v.region.code)}`,
        anchor: 'initiatives',
        table: initiativesTable(v.initiatives),
        picture: (citation) => crossTabSvgFile(initiativesChart(v), initiativesTitle(v), citation),
      };
    },
  },
  barriers: {
    formats: ['csv'],
    make: async (db, c) => {
      const v = await getRegionView(db, c.req.param('code') ?? '');
      return {
        title: regionBarriersTitle(v),
        fileName: `${v.region.code}-barriers`,
        page: `/regions/${encodeURIComponent(v.region.code)}`,
        anchor: REGION_BARRIERS_ID,
        table: regionBarriersTable(v),
      };
    },
  },
  interviews: {
    formats: ['csv'],
    make: async (db, c) => {
      const v = await getRegionView(db, c.req.param('code') ?? '');
      return {
        title: t('regions.interviewsCaption'),
        fileName: `${v.region.code}-interviews`,
        page: `/regions/${encodeURIComponent(v.region.code)}`,
        anchor: 'interviews',
        table: interviewsTable(v),
      };
    },
  },
};

/** Every figure address, for the message of an unknown one. */
const KNOWN = [
  ...Object.entries(FIGURES).flatMap(([name, k]) => k.formats.map((f) => `/figures/${name}.${f}`)),
  ...Object.entries(REGION_FIGURES).flatMap(([name, k]) =>
    k.formats.map((f) => `/figures/regions/{code}/${name}.${f}`),
  ),
];

function unknownFigure(path: string) {
  return notFound('figure', path, `the figures are ${KNOWN.join(', ')}`);
}

/** The figure kind and format a file name asks for (NAME.FORMAT), or a 404 naming the figures. */
function pick(kinds: Readonly<Record<string, FigureKind>>, file: string, path: string) {
  const dot = file.lastIndexOf('.');
  const name = file.slice(0, dot);
  const format = file.slice(dot + 1) as FigureFormat;
  const kind = dot > 0 && Object.hasOwn(kinds, name) ? kinds[name] : undefined;
  if (!kind?.formats.includes(format)) throw unknownFigure(path);
  return { kind, format };
}

const CONTENT_TYPES: Readonly<Record<FigureFormat, string>> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  svg: 'image/svg+xml; charset=utf-8',
  png: 'image/png',
};

/** The citation's context for a request: the public origin where it may be named, the data version. */
async function citationContext(db: Db, c: Context, options: OriginOptions, path: string) {
  let origin: string | undefined;
  try {
    origin = siteOrigin(c.req.url, options);
  } catch {
    // A host the atlas does not answer for is never written into a citation: the path alone.
    origin = undefined;
  }
  return { origin, path, version: await dataVersion(db) } satisfies CitationContext;
}

/** The file of a figure in a format, as an attachment with the atlas's name in its file name. */
async function answer(
  db: Db,
  c: Context,
  kind: FigureKind,
  format: FigureFormat,
  options: FigureRouteOptions,
) {
  const figure = await kind.make(db, c, options);
  const context = await citationContext(db, c, options, figure.page);
  const citation = citationText(figure.title, context, figure.anchor);
  let body: Buffer | string;
  if (format === 'csv') body = figureCsv(figure.table);
  else if (format === 'xlsx') body = await figureXlsx(figure.table, citation);
  else {
    if (!figure.picture) throw unknownFigure(c.req.path);
    const svg = await figure.picture(citation);
    body = format === 'svg' ? svg : svgToPng(svg).png;
  }
  return c.body(typeof body === 'string' ? body : new Uint8Array(body), 200, {
    'Content-Type': CONTENT_TYPES[format],
    'Content-Disposition': `attachment; filename="permed-atlas-${figure.fileName}.${format}"`,
    'Cache-Control': 'no-cache',
  });
}

/** Where the site is (for citations) and what some figures are made from. */
export type FigureRouteOptions = OriginOptions & FigureSources;

/** The pages with figures: their requests get the citation context the figures' "Cite this" reads. */
const PAGES_WITH_FIGURES = [
  // The home page too: a FigureTools placed under its map gets its citation from here.
  '/',
  '/barriers',
  '/barriers/prevalence',
  '/regions',
  '/regions/:code',
  '/compare',
  '/twinning',
  '/good-practices',
  '/data-quality',
];

/**
 * Downloads of the atlas's charts and tables (SVG, PNG, CSV, XLSX) and their citations. The
 * pages with figures (mounted after this) render their "Cite this" in the context set here.
 */
export function figureDownloadRoutes(db: Db, options: FigureRouteOptions = {}): Hono {
  const r = new Hono();
  const cite: MiddlewareHandler = async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return next();
    const context = await citationContext(db, c, options, citablePath(new URL(c.req.url)));
    await withCitation(context, next);
  };
  for (const path of PAGES_WITH_FIGURES) r.use(path, cite);
  r.get('/figures/regions/:code/:file', (c) => {
    const { kind, format } = pick(REGION_FIGURES, c.req.param('file'), c.req.path);
    return answer(db, c, kind, format, options);
  });
  r.get('/figures/:file', (c) => {
    const { kind, format } = pick(FIGURES, c.req.param('file'), c.req.path);
    return answer(db, c, kind, format, options);
  });
  r.get('/figures/*', (c) => {
    throw unknownFigure(c.req.path);
  });
  return r;
}
