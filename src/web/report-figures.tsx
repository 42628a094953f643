/**
 * The figures of a report as standalone SVG: a chart block as a bar chart (Vega-Lite, stacked
 * when it has several series), a map block as a choropleth of Europe. The same SVG goes into the
 * HTML page (and so the PDF), the ZIP, and through svgToPng (io/raster.ts) into the DOCX. Each
 * carries its alternative text as <title>, an explicit width, height and viewBox (the rasteriser
 * needs them), and a font list with DejaVu Sans, so that Greek and Cyrillic names are drawn.
 */
import { geoCentroid, geoPath } from 'd3-geo';
import type { TopLevelSpec } from 'vega-lite';
import type { ChartBlock, FigureBlock, MapBlock } from '../domain/report.ts';
import { countryOutlines, partnerRegionOutlines } from '../io/geo.ts';
import { toSvg } from './charts.tsx';
import { currentLocale, t } from './i18n.ts';
import { europeProjection } from './map.tsx';
import { CHART_CATEGORIES, CHART_FONT_SIZE, COLOR, MAP_SCALE } from './tokens.ts';

/** The width of every figure in SVG pixels: the text column of an A4 page at 96 dpi. */
export const FIGURE_WIDTH = 640;

/** The fonts of the figures: DejaVu Sans first, as it is installed wherever they are drawn. */
const FIGURE_FONT = '"DejaVu Sans", "Noto Sans", Arial, sans-serif';

/** Longest line of a bar's label, in characters, before it wraps to the next line. */
const LABEL_LINE = 30;
const LINE_HEIGHT = 15;

/** A label broken into lines of at most LABEL_LINE characters at spaces (a longer word stays whole). */
export function wrapLabel(label: string, width = LABEL_LINE): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of label.split(/\s+/).filter((w) => w !== '')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '' || lines.length === 0) lines.push(line);
  return lines;
}

const escapeXml = (s: string) =>
  s
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');

/**
 * Gives a figure's SVG what every use of it needs: its alternative text as role, label and
 * <title>, ids made unique by the figure's id (several figures share one HTML page), and the font
 * list on the root.
 */
function finishSvg(svg: string, id: string, alt: string): string {
  const prefixed = svg
    // The marks' own roles and labels (Vega adds some) would make parts of one image separate images.
    .replace(/\s(?:role|aria-roledescription|aria-label|aria-hidden)="[^"]*"/g, '')
    .replace(/\bid="([^"]+)"/g, (_, x: string) => `id="${id}-${x}"`)
    .replace(/url\(#([^)]+)\)/g, (_, x: string) => `url(#${id}-${x})`)
    .replace(/xlink:href="#([^"]+)"/g, (_, x: string) => `xlink:href="#${id}-${x}"`);
  return prefixed.replace(
    /^<svg([^>]*)>/,
    (_, attrs: string) =>
      `<svg${attrs} role="img" aria-label="${escapeXml(alt)}" font-family="${escapeXml(FIGURE_FONT)}"><title>${escapeXml(alt)}</title>`,
  );
}

/** One datum per bar segment; the label keeps its line breaks for the axis. */
function chartData(block: ChartBlock) {
  return block.rows.flatMap((row, i) =>
    block.series.map((series, j) => ({
      row: wrapLabel(row).join('\n'),
      series,
      n: block.values[i]?.[j] ?? 0,
      o: j,
    })),
  );
}

/** The Vega-Lite spec of a chart block: horizontal bars, one per row, stacked by series. */
function chartSpec(block: ChartBlock, lang: string): TopLevelSpec {
  const lines = Math.max(1, ...block.rows.map((r) => wrapLabel(r).length));
  const stacked = block.series.length > 1;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: FIGURE_WIDTH,
    autosize: { type: 'fit-x', contains: 'padding' },
    height: { step: Math.max(26, lines * LINE_HEIGHT + 8) },
    padding: 8,
    background: COLOR.paper,
    config: {
      // The picture is one image named by its alternative text; its marks need no labels.
      aria: false,
      font: FIGURE_FONT,
      locale: { number: numberLocale(lang) },
      view: { stroke: null },
      axis: {
        labelFontSize: CHART_FONT_SIZE,
        titleFontSize: CHART_FONT_SIZE,
        labelColor: COLOR.ink,
        titleColor: COLOR.ink,
        domainColor: COLOR.lineStrong,
        tickColor: COLOR.lineStrong,
        gridColor: COLOR.line,
        labelLineHeight: LINE_HEIGHT,
      },
      legend: { labelFontSize: CHART_FONT_SIZE, labelColor: COLOR.ink, labelLimit: 0 },
    },
    data: { values: chartData(block) },
    mark: { type: 'bar', color: COLOR.accent },
    encoding: {
      y: {
        field: 'row',
        type: 'nominal',
        title: null,
        sort: block.rows.map((r) => wrapLabel(r).join('\n')),
        // The rows' labels are whole, on as many lines as they need.
        axis: { labelExpr: "split(datum.label, '\\n')", labelLimit: 0 },
      },
      x: {
        field: 'n',
        type: 'quantitative',
        title: block.axisTitle,
        axis: { tickMinStep: 1, format: ',d' },
      },
      order: { field: 'o', type: 'quantitative' },
      ...(stacked
        ? {
            color: {
              field: 'series',
              type: 'nominal',
              title: null,
              sort: [...block.series],
              scale: { range: [...CHART_CATEGORIES] },
              legend: { orient: 'bottom', direction: 'horizontal', columns: 3 },
            },
          }
        : {}),
    },
  } as TopLevelSpec;
}

/** Vega's number locale for a language: its decimal and group separators. */
function numberLocale(lang: string) {
  const parts = new Intl.NumberFormat(lang).formatToParts(12345.6);
  return {
    decimal: parts.find((p) => p.type === 'decimal')?.value ?? '.',
    thousands: parts.find((p) => p.type === 'group')?.value ?? ',',
    grouping: [3],
    currency: ['', ''] as [string, string],
  };
}

async function chartSvg(block: ChartBlock, lang: string): Promise<string> {
  return finishSvg(await toSvg(chartSpec(block, lang)), block.id, block.alt);
}

// ---- Maps ----------------------------------------------------------------------------------

const MAP_HEIGHT = 540;
const LEGEND_TOP = MAP_HEIGHT + 12;
const LEGEND_HEIGHT = 64;

interface MapShape {
  readonly code: string;
  readonly path: string;
}

/** Lambert azimuthal equal-area centred on Europe (as EPSG:3035), fitted to the map's frame. */
const PATH = geoPath(
  europeProjection(FIGURE_WIDTH, MAP_HEIGHT)
    // Only what falls in the frame is drawn (and written to the SVG).
    .clipExtent([
      [0, 0],
      [FIGURE_WIDTH, MAP_HEIGHT],
    ]),
).digits(0);

let projected: { countries: MapShape[]; regions: MapShape[] } | undefined;

/** Europe's countries and the partner regions projected once, on the first map drawn. */
function shapes(): { countries: MapShape[]; regions: MapShape[] } {
  if (projected) return projected;
  const inEurope = (f: Parameters<typeof geoCentroid>[0]) => {
    const [lon, lat] = geoCentroid(f);
    return lon > -30 && lon < 50 && lat > 27 && lat < 75;
  };
  const countries = countryOutlines()
    .filter((o) => inEurope(o.feature))
    .map((o) => ({ code: o.code, path: PATH(o.feature) ?? '' }))
    .filter((s) => s.path !== '');
  const regions = partnerRegionOutlines()
    .map((o) => ({ code: o.code, path: PATH(o.feature) ?? '' }))
    .filter((s) => s.path !== '');
  projected = { countries, regions };
  return projected;
}

/** A class of the map's shading: the values from `min` to `max`, and its fill. */
interface ShadeClass {
  readonly min: number;
  readonly max: number;
  readonly fill: string;
}

/**
 * Up to four classes of equal width from the smallest positive value to the largest (whole
 * numbers when the values are), light to dark; zero has a class of its own.
 */
export function shadeClasses(values: readonly number[]): ShadeClass[] {
  const positive = values.filter((v) => v > 0);
  const zero: ShadeClass[] = values.some((v) => v <= 0)
    ? [{ min: 0, max: 0, fill: MAP_SCALE[0] }]
    : [];
  if (positive.length === 0) return zero;
  const max = Math.max(...positive);
  const whole = positive.every(Number.isInteger);
  const count = whole ? Math.min(4, max) : 4;
  const step = whole ? Math.ceil(max / count) : max / count;
  const fills = [MAP_SCALE[1], MAP_SCALE[2], MAP_SCALE[3], MAP_SCALE[4]];
  const classes: ShadeClass[] = [];
  for (let i = 0; i < count; i++) {
    const min = whole ? i * step + 1 : i * step;
    if (min > max) break;
    classes.push({ min, max: Math.min(max, (i + 1) * step), fill: fills[i] ?? MAP_SCALE[4] });
  }
  return [...zero, ...classes];
}

function fillOf(classes: readonly ShadeClass[], v: number): string {
  return (classes.find((c) => v <= c.max) ?? classes.at(-1))?.fill ?? MAP_SCALE[4];
}

/** The legend under the map: its title, then a swatch and range per class. */
function legendSvg(block: MapBlock, classes: readonly ShadeClass[], lang: string): string {
  const fmt = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 });
  const label = (c: ShadeClass) =>
    c.min === c.max ? fmt.format(c.min) : `${fmt.format(c.min)}–${fmt.format(c.max)}`;
  const items = classes.map((c, i) => {
    const x = 8 + i * 120;
    return `<g class="legend-class" data-min="${c.min}" data-max="${c.max}"><rect x="${x}" y="${LEGEND_TOP + 24}" width="18" height="14" fill="${c.fill}" stroke="${COLOR.mapShapeLine}"/><text x="${x + 24}" y="${LEGEND_TOP + 36}">${escapeXml(label(c))}</text></g>`;
  });
  const none = `<g><rect x="${8 + classes.length * 120}" y="${LEGEND_TOP + 24}" width="18" height="14" fill="${COLOR.paper}" stroke="${COLOR.mapLandLine}"/><text x="${32 + classes.length * 120}" y="${LEGEND_TOP + 36}">${escapeXml(t('report.mapNoData'))}</text></g>`;
  return `<g class="legend" font-size="${CHART_FONT_SIZE}" fill="${COLOR.ink}"><text x="8" y="${LEGEND_TOP + 12}" font-weight="bold">${escapeXml(block.legendTitle)}</text>${items.join('')}${none}</g>`;
}

/** A map block as a choropleth SVG of Europe's countries or the partner regions. */
function mapSvg(block: MapBlock, lang: string): string {
  const { countries, regions } = shapes();
  const values = new Map(block.values.map((v) => [v.code, v.value]));
  const classes = shadeClasses([...values.values()]);
  // Land without a figure is white, so that the lightest class stands out from it on paper.
  const land = (s: MapShape) =>
    `<path d="${s.path}" fill="${COLOR.paper}" stroke="${COLOR.mapLandLine}" stroke-width="0.5"/>`;
  const shaded = (s: MapShape) => {
    const v = values.get(s.code);
    if (v === undefined) return land(s);
    return `<path class="shaded" data-code="${escapeXml(s.code)}" d="${s.path}" fill="${fillOf(classes, v)}" stroke="${COLOR.mapShapeLine}" stroke-width="0.8"/>`;
  };
  const drawn = new Set((block.level === 'region' ? regions : countries).map((s) => s.code));
  const undrawn = block.values.filter((v) => !drawn.has(v.code)).map((v) => v.code);
  const height = LEGEND_TOP + LEGEND_HEIGHT + (undrawn.length > 0 ? 18 : 0);
  const body = [
    `<rect width="${FIGURE_WIDTH}" height="${height}" fill="${COLOR.paper}"/>`,
    `<clipPath id="frame"><rect width="${FIGURE_WIDTH}" height="${MAP_HEIGHT}"/></clipPath>`,
    `<rect width="${FIGURE_WIDTH}" height="${MAP_HEIGHT}" fill="${COLOR.mapSea}"/>`,
    `<g clip-path="url(#frame)"><g class="countries">${countries.map(block.level === 'country' ? shaded : land).join('')}</g>`,
    block.level === 'region' ? `<g class="regions">${regions.map(shaded).join('')}</g>` : '',
    '</g>',
    legendSvg(block, classes, lang),
    undrawn.length > 0
      ? `<text x="8" y="${height - 8}" font-size="11" fill="${COLOR.muted}">${escapeXml(t('report.mapNotDrawn', { codes: undrawn.join(', ') }))}</text>`
      : '',
  ];
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${FIGURE_WIDTH}" height="${height}" viewBox="0 0 ${FIGURE_WIDTH} ${height}">${body.join('')}</svg>`;
  return finishSvg(svg, block.id, block.alt);
}

/**
 * A figure block as a standalone SVG document, its text and numbers in `lang` (the report's
 * language; by default the current request's).
 */
export async function figureSvg(
  block: FigureBlock,
  lang: string = currentLocale(),
): Promise<string> {
  return block.kind === 'chart' ? chartSvg(block, lang) : mapSvg(block, lang);
}
