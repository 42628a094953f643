import { raw } from 'hono/html';
import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { CrossTab } from '../domain/crosstab.ts';
import { formatCount } from './components.tsx';
import { t } from './i18n.ts';
import { CHART_CATEGORIES, CHART_FONT_SIZE, COLOR, FONT } from './tokens.ts';

/** Renders a Vega-Lite spec to SVG on the server (no browser, no canvas). */
export async function toSvg(spec: TopLevelSpec): Promise<string> {
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** One datum per bar segment: labels for the axes, the count, its stack position and tooltip. */
function chartValues(props: {
  table: CrossTab;
  rowLabel: (code: string) => string;
  columnLabel: (code: string) => string;
}) {
  const table = props.table;
  return table.rows.flatMap((r, i) =>
    table.columns.map((c, j) => {
      const n = table.cells[i]?.[j] ?? 0;
      // The text a bar shows as its tooltip (read by client/figures.ts from the mark's label).
      return {
        row: props.rowLabel(r),
        column: props.columnLabel(c),
        n,
        // Stack position by the column's place in the codebook, never by its (translated) label,
        // so the segments come in the same order in every language.
        o: j,
        tip: `${props.rowLabel(r)}, ${props.columnLabel(c)}: ${formatCount(n)}`,
      };
    }),
  );
}

/**
 * A stacked bar chart of a cross-tabulation (rows as bars, columns as their segments). The SVG is a picture only (the
 * figures are in the table that goes with it), so it is one image with a text label.
 */
export async function CrossTabChart(props: {
  table: CrossTab;
  rowLabel: (code: string) => string;
  columnLabel: (code: string) => string;
  label: string;
  /** The count axis's title (initiatives unless said otherwise). */
  axisTitle?: string;
}) {
  const table = props.table;
  const values = chartValues(props);
  const svg = await toSvg({
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: 420,
    height: { step: 26 },
    config: {
      // Marks keep their descriptions (the tooltips); the whole SVG is hidden from assistive
      // technology below, since the wrapper's label and the table describe it.
      aria: true,
      font: FONT.chart,
      view: { stroke: null },
      // Text, axis lines and grid in the page's colours rather than Vega's black and greys.
      axis: {
        labelFontSize: CHART_FONT_SIZE,
        titleFontSize: CHART_FONT_SIZE,
        labelLimit: 260,
        labelColor: COLOR.ink,
        titleColor: COLOR.ink,
        domainColor: COLOR.lineStrong,
        tickColor: COLOR.lineStrong,
        gridColor: COLOR.line,
      },
      legend: {
        labelFontSize: CHART_FONT_SIZE,
        labelLimit: 320,
        labelColor: COLOR.ink,
        titleColor: COLOR.ink,
      },
    },
    background: 'transparent',
    data: { values },
    mark: 'bar',
    encoding: {
      y: { field: 'row', type: 'nominal', title: null, sort: table.rows.map(props.rowLabel) },
      x: {
        field: 'n',
        type: 'quantitative',
        title: props.axisTitle ?? t('chart.axisInitiatives'),
        axis: { tickMinStep: 1, format: 'd' },
      },
      description: { field: 'tip', type: 'nominal' },
      order: { field: 'o', type: 'quantitative' },
      color: {
        field: 'column',
        type: 'nominal',
        title: null,
        sort: table.columns.map(props.columnLabel),
        scale: { range: [...CHART_CATEGORIES] },
        legend: { orient: 'bottom', columns: 2 },
      },
    },
  } as TopLevelSpec);
  return (
    // At its drawn size (text at 12 px) the chart is wider than a phone: it scrolls in a region
    // of its own that a keyboard can reach.
    <div class="chart-scroll" role="region" aria-label={props.label} tabindex={0}>
      <div class="chart" role="img" aria-label={t('chart.label', { label: props.label })}>
        {/* The picture is described by the wrapper's label; its own marks stay out of the way. */}
        {raw(svg.replace(/^<svg /, '<svg aria-hidden="true" focusable="false" '))}
      </div>
    </div>
  );
}
