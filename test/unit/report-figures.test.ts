import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ChartBlock, MapBlock } from '../../src/domain/report.ts';
import { partnerRegionOutlines } from '../../src/io/geo.ts';
import { svgToPng } from '../../src/io/raster.ts';
import { FIGURE_WIDTH, figureSvg, shadeClasses, wrapLabel } from '../../src/web/report-figures.tsx';
import { MAP_SCALE } from '../../src/web/tokens.ts';
import { REPORT_DOCUMENT } from '../fixtures/report-document.ts';

/** The chart and map blocks of the fixture document. */
function fixtureBlock<K extends 'chart' | 'map'>(kind: K) {
  const blocks = REPORT_DOCUMENT.sections.flatMap((s) => s.blocks);
  const found = blocks.find((b) => b.kind === kind);
  assert.ok(found, `the fixture has a ${kind}`);
  return found as K extends 'chart' ? ChartBlock : MapBlock;
}

/** The root element's attributes of an SVG document. */
function rootAttributes(svg: string): Map<string, string> {
  const open = /^<svg\b([^>]*)>/.exec(svg);
  assert.ok(open, 'starts with <svg>');
  return new Map(
    [...(open[1] ?? '').matchAll(/([\w:-]+)="([^"]*)"/g)].map((m) => [m[1] ?? '', m[2] ?? '']),
  );
}

/** Checks what every figure's SVG needs: a readable SVG with a size, its alt text as title, fonts. */
function assertFigureSvg(svg: string, alt: string): void {
  const attrs = rootAttributes(svg);
  const width = Number(attrs.get('width'));
  const height = Number(attrs.get('height'));
  assert.equal(width, FIGURE_WIDTH);
  assert.ok(height > 100, `height ${height}`);
  assert.equal(attrs.get('viewBox'), `0 0 ${width} ${height}`);
  assert.equal(attrs.get('role'), 'img');
  assert.equal(attrs.get('aria-label'), alt);
  assert.match(attrs.get('font-family') ?? '', /DejaVu Sans/);
  const title = /<title>([^<]*)<\/title>/.exec(svg);
  assert.equal(title?.[1], alt);
  // The rasteriser reads it (it throws on malformed XML) and draws it at the stated size.
  const png = svgToPng(svg, { scale: 1 });
  assert.equal(png.width, width);
  assert.equal(png.height, height);
  assert.equal(
    new Set([...svg.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1])).size,
    [...svg.matchAll(/\bid="/g)].length,
    'ids are unique',
  );
}

/** The bars drawn: each path of the rect marks as x, y, width. */
function bars(svg: string): { x: number; y: number; w: number }[] {
  const group = /<g class="mark-rect role-mark[^"]*"[^>]*>(.*?)<\/g>/s.exec(svg);
  assert.ok(group, 'the chart has a group of bars');
  return [...(group[1] ?? '').matchAll(/<path d="M([\d.-]+),([\d.-]+)h([\d.-]+)/g)].map((m) => ({
    x: Number(m[1]),
    y: Number(m[2]),
    w: Number(m[3]),
  }));
}

describe('report charts', () => {
  test('a stacked chart is a valid SVG with its alt text, one bar per row and a segment per series', async () => {
    const chart = fixtureBlock('chart');
    const svg = await figureSvg(chart, 'en');
    assertFigureSvg(svg, chart.alt);
    const drawn = bars(svg);
    assert.equal(new Set(drawn.map((b) => b.y)).size, chart.rows.length, 'one bar per row');
    assert.equal(drawn.length, chart.rows.length * chart.series.length);
    // The segments' lengths are proportional to the values, row by row.
    const unit = (drawn[0]?.w ?? 0) / (chart.values[0]?.[0] ?? 1);
    chart.values.flat().forEach((v, i) => {
      assert.ok(Math.abs((drawn[i]?.w ?? 0) - v * unit) < 0.5, `segment ${i}: ${v}`);
    });
    for (const s of chart.series) assert.ok(svg.includes(`>${s}</text>`), `legend names ${s}`);
  });

  test('a plain chart has no legend, and long labels wrap rather than being cut', async () => {
    const label =
      'Legal uncertainty in sharing health data under the General Data Protection Regulation';
    const chart: ChartBlock = {
      kind: 'chart',
      id: 'c',
      caption: 'c',
      alt: 'Barriers by the regions naming them',
      rows: ['Fragmented systems', label, 'Costs'],
      series: ['regions'],
      values: [[11], [8], [3]],
      axisTitle: 'regions',
      tableId: 't',
    };
    const svg = await figureSvg(chart, 'en');
    assertFigureSvg(svg, chart.alt);
    assert.equal(bars(svg).length, 3);
    assert.ok(!svg.includes('…'), 'no label is truncated');
    // A label's lines are the text or tspan elements of its axis.
    const texts = [...svg.matchAll(/>([^<]+)<\/(?:text|tspan)>/g)].map((m) => m[1] ?? '');
    for (const line of wrapLabel(label)) assert.ok(texts.includes(line), `label line "${line}"`);
    assert.ok(!svg.includes('role-legend'), 'no legend');
  });

  test('wrapLabel keeps every word, lines at most the width unless a word is longer', () => {
    const lines = wrapLabel('Too few trained genomics professionals in the regional hospitals', 20);
    assert.equal(
      lines.join(' '),
      'Too few trained genomics professionals in the regional hospitals',
    );
    for (const l of lines) assert.ok(l.length <= 20, l);
    assert.deepEqual(wrapLabel('Unbreakablelongwordthatstays', 10), [
      'Unbreakablelongwordthatstays',
    ]);
  });
});

describe('report maps', () => {
  test('a region map is a valid SVG that shades every region given, in its class', async () => {
    const map = fixtureBlock('map');
    const svg = await figureSvg(map, 'en');
    assertFigureSvg(svg, map.alt);
    const classes = shadeClasses(map.values.map((v) => v.value));
    const shaded = new Map(
      [...svg.matchAll(/<path class="shaded" data-code="([^"]+)" d="[^"]+" fill="([^"]+)"/g)].map(
        (m) => [m[1], m[2]],
      ),
    );
    assert.deepEqual([...shaded.keys()].sort(), map.values.map((v) => v.code).sort());
    for (const v of map.values) {
      const expected = classes.find((c) => v.value >= c.min && v.value <= c.max);
      assert.equal(shaded.get(v.code), expected?.fill, `${v.code} (${v.value})`);
    }
    // The legend names the classes in the report's language and its title.
    assert.ok(svg.includes(`>${map.legendTitle}</text>`));
    assert.ok(svg.includes('>13–14</text>'));
  });

  test('a country map shades each country; codes without an outline are named under the map', async () => {
    const map: MapBlock = {
      kind: 'map',
      id: 'countries',
      caption: 'c',
      alt: 'Initiatives by home country',
      level: 'country',
      values: [
        { code: 'ES', value: 1500 },
        { code: 'DE', value: 0 },
        { code: 'MT', value: 12 },
        { code: 'ZZ', value: 3 },
      ],
      legendTitle: 'Initiativen',
      tableId: 't',
    };
    const svg = await figureSvg(map, 'de');
    assertFigureSvg(svg, map.alt);
    const codes = [...svg.matchAll(/class="shaded" data-code="([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(codes.sort(), ['DE', 'ES', 'MT']);
    assert.match(svg, /data-code="DE" d="[^"]+" fill="([^"]+)"/);
    assert.equal(/data-code="DE" d="[^"]+" fill="([^"]+)"/.exec(svg)?.[1], MAP_SCALE[0]);
    // German number format in the legend (1.500), and the code the map cannot draw.
    assert.ok(svg.includes('1.500</text>'), 'the legend is in German number format');
    assert.match(svg, />[^<]*ZZ<\/text>/);
  });

  test('every partner region with an outline can be shaded', async () => {
    const codes = partnerRegionOutlines().map((o) => o.code);
    const svg = await figureSvg({
      kind: 'map',
      id: 'all',
      caption: 'c',
      alt: 'All partner regions',
      level: 'region',
      values: codes.map((code, i) => ({ code, value: i + 1 })),
      legendTitle: 'n',
      tableId: 't',
    });
    const shaded = [...svg.matchAll(/class="shaded" data-code="([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(shaded.sort(), [...codes].sort());
  });

  test('shade classes: zero apart, up to four classes of whole numbers up to the largest value', () => {
    assert.deepEqual(
      shadeClasses([0, 3, 14]).map((c) => [c.min, c.max]),
      [
        [0, 0],
        [1, 4],
        [5, 8],
        [9, 12],
        [13, 14],
      ],
    );
    assert.deepEqual(
      shadeClasses([1, 2]).map((c) => [c.min, c.max]),
      [
        [1, 1],
        [2, 2],
      ],
    );
    assert.deepEqual(shadeClasses([]), []);
  });
});
