import { raw } from 'hono/html';
import { Error as ERRORS_ONLY, logger, parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { CrossTab } from '../domain/crosstab.ts';
import { formatCount } from './components.tsx';
import { t } from './i18n.ts';
import { textWidth } from './map-labels.ts';
import { CHART_CATEGORIES, CHART_FONT_SIZE, COLOR, FONT } from './tokens.ts';

/** Vega's messages: errors only (its warnings about sizing a spec it adjusts itself are noise in logs). */
const quiet = logger(ERRORS_ONLY);

/** Renders a Vega-Lite spec to SVG on the server (no browser, no canvas). */
export async function toSvg(spec: TopLevelSpec): Promise<string> {
  const view = new View(parse(compile(spec, { logger: quiet }).spec), {
    renderer: 'none',
    logLevel: ERRORS_ONLY,
  });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** What a cross-tab chart draws: the table, its labels and the count axis's title. */
export interface CrossTabFigure {
  readonly table: CrossTab;
  readonly rowLabel: (code: string) => string;
  readonly columnLabel: (code: string) => string;
  /** The count axis's title (initiatives unless said otherwise). */
  readonly axisTitle?: string;
  /** The segments' colours in column order, when the chart has more columns than CHART_CATEGORIES. */
  readonly colors?: readonly string[];
}

/**
 * The two drawings of a chart: `wide` (labels beside the bars, 420 px of bars) for a window or a
 * file, `narrow` (each label above its bar, wrapped, one legend column) for a phone: about 320 px.
 */
export type ChartLayout = 'wide' | 'narrow';

/**
 * The longest line of a bar's label in the narrow drawing, in pixels (the header's labelLimit is
 * 300: a longer line would be cut with "…" in its middle), and how many lines a label may take.
 * Widths are measured (map-labels.ts: DejaVu Sans Bold, a bound for the regular weight), not
 * counted in characters: 44 Greek characters are about 380 px, 44 Latin ones about 300.
 */
const NARROW_LINE_PX = 286;
const NARROW_LINES = 3;
/** A column's label in the narrow drawing: shorter lines, two at most. */
const COLUMN_LINE_PX = 210;

/** A label broken into lines at most `maxPx` wide at spaces; the last line cut with "…". */
export function wrapLabel(label: string, maxPx = NARROW_LINE_PX, most = NARROW_LINES): string[] {
  const fits = (line: string) => textWidth(line, CHART_FONT_SIZE) <= maxPx;
  const lines: string[] = [];
  let line = '';
  for (const word of label.split(/\s+/).filter(Boolean)) {
    if (line === '') line = word;
    else if (fits(`${line} ${word}`)) line = `${line} ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line !== '') lines.push(line);
  if (lines.length <= most) return lines;
  const kept = lines.slice(0, most);
  let last = kept[most - 1] ?? '';
  while (last.length > 1 && !fits(`${last}…`)) last = last.slice(0, -1);
  kept[most - 1] = `${last.trimEnd()}…`;
  return kept;
}

/** One datum per bar segment: labels for the axes, the count, its stack position and tooltip. */
function chartValues(props: CrossTabFigure) {
  const table = props.table;
  return table.rows.flatMap((r, i) =>
    table.columns.map((c, j) => {
      const n = table.cells[i]?.[j] ?? 0;
      // The text a bar shows as its tooltip (read by client/figures.ts from the mark's label).
      return {
        row: props.rowLabel(r),
        // The narrow drawing's label: the same text in lines (split again by the header's labelExpr).
        lines: wrapLabel(props.rowLabel(r)).join('\n'),
        column: props.columnLabel(c),
        // The narrow legend's label in lines, as `lines` is for the bars.
        columnLines: wrapLabel(props.columnLabel(c), COLUMN_LINE_PX, 2).join('\n'),
        n,
        // Stack position by the column's place in the codebook, never by its (translated) label,
        // so the segments come in the same order in every language.
        o: j,
        tip: `${props.rowLabel(r)}, ${props.columnLabel(c)}: ${formatCount(n)}`,
      };
    }),
  );
}

/** The chart's styling: text, axis lines and grid in the page's colours rather than Vega's. */
function chartConfig(layout: ChartLayout, labelLimit = 260) {
  return {
    // Marks keep their descriptions (the tooltips); the SVG on a page is hidden from assistive
    // technology, since the wrapper's label and the table describe it.
    aria: true,
    font: FONT.chart,
    view: { stroke: null },
    axis: {
      labelFontSize: CHART_FONT_SIZE,
      titleFontSize: CHART_FONT_SIZE,
      labelLimit,
      labelColor: COLOR.ink,
      titleColor: COLOR.ink,
      domainColor: COLOR.lineStrong,
      tickColor: COLOR.lineStrong,
      gridColor: COLOR.line,
    },
    header: { labelFontSize: CHART_FONT_SIZE, labelColor: COLOR.ink },
    legend: {
      labelFontSize: CHART_FONT_SIZE,
      labelLimit: layout === 'wide' ? 320 : 290,
      labelColor: COLOR.ink,
      titleColor: COLOR.ink,
    },
  };
}

/** The encodings both drawings share: the count, the stack order, the segments' colours. */
function sharedEncoding(props: CrossTabFigure, layout: ChartLayout) {
  return {
    x: {
      field: 'n',
      type: 'quantitative',
      title: props.axisTitle ?? t('chart.axisInitiatives'),
      axis: { tickMinStep: 1, format: 'd' },
    },
    description: { field: 'tip', type: 'nominal' },
    order: { field: 'o', type: 'quantitative' },
    color:
      layout === 'wide'
        ? {
            field: 'column',
            type: 'nominal',
            title: null,
            sort: props.table.columns.map(props.columnLabel),
            scale: { range: [...(props.colors ?? CHART_CATEGORIES)] },
            legend: { orient: 'bottom', columns: 2 },
          }
        : {
            field: 'columnLines',
            type: 'nominal',
            title: null,
            sort: props.table.columns.map((c) =>
              wrapLabel(props.columnLabel(c), COLUMN_LINE_PX, 2).join('\n'),
            ),
            scale: { range: [...(props.colors ?? CHART_CATEGORIES)] },
            legend: {
              orient: 'bottom',
              columns: 1,
              direction: 'vertical',
              labelExpr: "split(datum.label, '\\n')",
            },
          },
  };
}

/** The Vega-Lite spec of a stacked bar chart in one of its drawings. */
function crossTabSpec(
  props: CrossTabFigure,
  layout: ChartLayout,
  background: string,
  title?: string,
) {
  const base = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    // A file has the room a page's column lacks: its bars' labels are not cut.
    config: chartConfig(layout, title ? 640 : 260),
    background,
    // A file carries its title in the picture (a page has its own heading and caption).
    ...(title
      ? { title: { text: title, anchor: 'start', fontSize: 14, color: COLOR.ink, offset: 12 } }
      : {}),
    data: { values: chartValues(props) },
  };
  const encoding = sharedEncoding(props, layout);
  if (layout === 'wide') {
    const sort = props.table.rows.map(props.rowLabel);
    return {
      ...base,
      width: 420,
      height: { step: 26 },
      mark: 'bar',
      encoding: { ...encoding, y: { field: 'row', type: 'nominal', title: null, sort } },
    } as TopLevelSpec;
  }
  // One small chart per bar, its label above it in lines: the whole width goes to the bars.
  const sort = props.table.rows.map((r) => wrapLabel(props.rowLabel(r)).join('\n'));
  return {
    ...base,
    spacing: 8,
    facet: {
      row: {
        field: 'lines',
        type: 'nominal',
        sort,
        header: {
          title: null,
          labelAngle: 0,
          labelOrient: 'top',
          labelAnchor: 'start',
          labelAlign: 'left',
          labelPadding: 3,
          labelLineHeight: 15,
          labelExpr: "split(datum.value, '\\n')",
          labelLimit: 300,
        },
      },
    },
    spec: { width: 290, height: 16, mark: 'bar', encoding },
  } as TopLevelSpec;
}

/** A chart's SVG in one drawing, as Vega writes it (transparent unless a background is given). */
export function crossTabSvg(
  props: CrossTabFigure,
  layout: ChartLayout,
  background = 'transparent',
  title?: string,
): Promise<string> {
  return toSvg(crossTabSpec(props, layout, background, title));
}

const escapeXml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * A chart as a file of its own: the wide drawing on white, with the figure's title (and, when
 * given, its citation) as the SVG's title and description, so it says what it is wherever it goes.
 */
export async function crossTabSvgFile(
  props: CrossTabFigure,
  title: string,
  description?: string,
): Promise<string> {
  const svg = await crossTabSvg(props, 'wide', COLOR.paper, title);
  const head = `<title>${escapeXml(title)}</title>${description ? `<desc>${escapeXml(description)}</desc>` : ''}`;
  const withTitle = svg.replace(/^<svg ([^>]*)>/, `<svg role="img" $1>${head}`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${withTitle}\n`;
}

/** An SVG for the page: hidden from assistive technology (the wrapper's label describes it). */
const hidden = (svg: string) => svg.replace(/^<svg /, '<svg aria-hidden="true" focusable="false" ');

/**
 * A stacked bar chart of a cross-tabulation (rows as bars, columns as their segments). The SVG is
 * a picture only (the figures are in the table that goes with it), so it is one image with a text
 * label. It is drawn twice, wide and narrow; the stylesheet shows the one that fits the window, so
 * a phone gets bars across its whole width with their labels above them rather than a scroll.
 */
export async function CrossTabChart(props: CrossTabFigure & { label: string }) {
  const [wide, narrow] = await Promise.all([
    crossTabSvg(props, 'wide'),
    crossTabSvg(props, 'narrow'),
  ]);
  return (
    // The wide drawing may still be wider than a middling window: it scrolls in a region of its
    // own that a keyboard can reach.
    <div class="chart-scroll" role="region" aria-label={props.label} tabindex={0}>
      <div class="chart" role="img" aria-label={t('chart.label', { label: props.label })}>
        <div class="chart-wide">{raw(hidden(wide))}</div>
        <div class="chart-narrow">{raw(hidden(narrow))}</div>
      </div>
    </div>
  );
}
