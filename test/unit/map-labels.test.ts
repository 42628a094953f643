import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countryOutlines, partnerRegionOutlines } from '../../src/io/geo.ts';
import { EuropeMap, PartnerRegionsMap } from '../../src/web/map.tsx';
import { labelTexts, layoutLabels, textWidth } from '../../src/web/map-labels.ts';

const WIDTH = 640;
const HEIGHT = 560;

/** Whether a point is inside an SVG path of M/L/Z rings (even-odd). */
function inPath(d: string, x: number, y: number): boolean {
  let inside = false;
  for (const ring of d.split('Z')) {
    const pts = [...ring.matchAll(/(-?[\d.]+),(-?[\d.]+)/g)].map((m) => [
      Number(m[1]),
      Number(m[2]),
    ]);
    pts.forEach(([x1 = 0, y1 = 0], k) => {
      const [x2 = 0, y2 = 0] = pts[(k + 1) % pts.length] ?? [];
      if (y1 > y !== y2 > y && x < x1 + ((y - y1) * (x2 - x1)) / (y2 - y1)) inside = !inside;
    });
  }
  return inside;
}

interface Drawn {
  code: string;
  lines: string[];
  box: { x0: number; y0: number; x1: number; y1: number };
  leader?: number[];
}

/** The labels of one layer as drawn, their boxes estimated as the layout does. */
function layer(html: string, name: 'narrow' | 'wide'): Drawn[] {
  const part = html.slice(html.indexOf(`map-labels-${name}`));
  const group = part.slice(0, part.indexOf('</g>'));
  const size = name === 'narrow' ? 24 : 16;
  const leaders = new Map(
    [
      ...group.matchAll(
        /<line class="map-leader" data-code="([^"]+)" x1="([\d.-]+)" y1="([\d.-]+)" x2="([\d.-]+)" y2="([\d.-]+)"/g,
      ),
    ].map((m) => [m[1] ?? '', [m[2], m[3], m[4], m[5]].map(Number)]),
  );
  return [
    ...group.matchAll(
      /<text x="([\d.]+)" y="([\d.]+)" data-code="([^"]+)" font-size="\d+" text-anchor="(\w+)">(.*?)<\/text>/g,
    ),
  ].map((m) => {
    const lines = m[5]?.includes('<tspan')
      ? [...(m[5] ?? '').matchAll(/>([^<]+)</g)].map((t) => t[1] ?? '')
      : [m[5] ?? ''];
    const w = Math.max(...lines.map((l) => textWidth(l, size)));
    const x = Number(m[1]);
    const y = Number(m[2]);
    const x0 = m[4] === 'start' ? x : m[4] === 'end' ? x - w : x - w / 2;
    const box = {
      x0,
      x1: x0 + w,
      y0: y - 0.93 * size,
      y1: y + (0.24 + (lines.length - 1) * 1.1) * size,
    };
    const code = m[3] ?? '';
    const leader = leaders.get(code);
    return { code, lines, box, ...(leader ? { leader } : {}) };
  });
}

/** The path of each linked (shaded) shape. */
function paths(html: string): Map<string, string> {
  return new Map(
    [
      ...html.matchAll(
        /class="map-shape" data-code="([^"]+)"[^>]*><title>[^<]*<\/title><path d="([^"]+)"/g,
      ),
    ].map((m) => [m[1] ?? '', m[2] ?? '']),
  );
}

/** Every shaded shape has one label per layer, in the frame, apart, anchored in its own shape. */
function checkMap(html: string) {
  const shaded = paths(html);
  assert.ok(shaded.size > 0);
  for (const name of ['narrow', 'wide'] as const) {
    const labels = layer(html, name);
    assert.deepEqual(
      labels.map((l) => l.code).sort(),
      [...shaded.keys()].sort(),
      `${name}: one label each`,
    );
    for (const l of labels) {
      const { x0, y0, x1, y1 } = l.box;
      assert.ok(
        x0 >= 0 && y0 >= 0 && x1 <= WIDTH && y1 <= HEIGHT,
        `${name}: ${l.code} in the frame`,
      );
      const [x, y] = l.leader
        ? [l.leader[2] ?? 0, l.leader[3] ?? 0]
        : [(x0 + x1) / 2, (y0 + y1) / 2];
      const holders = [...shaded].filter(([, d]) => inPath(d, x, y)).map(([c]) => c);
      assert.deepEqual(holders, [l.code], `${name}: ${l.code}'s anchor lies in its shape alone`);
    }
    for (const [i, a] of labels.entries())
      for (const b of labels.slice(i + 1)) {
        const apart =
          a.box.x1 <= b.box.x0 ||
          b.box.x1 <= a.box.x0 ||
          a.box.y1 <= b.box.y0 ||
          b.box.y1 <= a.box.y0;
        assert.ok(apart, `${name}: ${a.code} and ${b.code} apart`);
      }
  }
}

test('every partner region with a figure gets a label in both layers, anchored in its own shape', async () => {
  const outlines = partnerRegionOutlines();
  const counts = new Map(outlines.map((o, i) => [o.code, (i % 5) + 1]));
  const names = new Map(outlines.map((o) => [o.code, o.name]));
  const html = String(await PartnerRegionsMap({ id: 'r', counts, names }));
  checkMap(html);
  // The same data gives the same labels, each computed afresh (layouts are cached per array of
  // shapes, so each call gets its own copy of the drawn shapes).
  const shapes = [...paths(html)].map(([code, path]) => ({ code, name: code, path }));
  const frame = { width: WIDTH, height: HEIGHT, size: 24, marker: 5 };
  const first = layoutLabels([...shapes], counts, names, frame);
  assert.ok(first.length > 0);
  assert.deepEqual(layoutLabels([...shapes], counts, names, frame), first);
});

test('the home map of the reference countries labels every country with a figure', async () => {
  const codes = [
    'ES',
    'DE',
    'UA',
    'IT',
    'NL',
    'RO',
    'SE',
    'EL',
    'BE',
    'BG',
    'FR',
    'IE',
    'FI',
    'GB',
    'UK',
    'LT',
    'NO',
  ];
  const known = new Map(countryOutlines().map((o) => [o.code, o.name]));
  const present = codes.filter((c) => known.has(c));
  assert.ok(present.length >= 15, `outlines: ${present.join(', ')}`);
  const counts = new Map(present.map((c, i) => [c, 20 - i]));
  const html = String(
    await EuropeMap({
      data: {
        counts,
        wideScope: 0,
        names: new Map(present.map((c) => [c, known.get(c) ?? c])),
        withoutShape: [],
      } as Parameters<typeof EuropeMap>[0]['data'],
      id: 'm',
      title: 'Map',
    }),
  );
  checkMap(html);
});

test('a label is the name, then the name on two lines, then shorter, and the code last', () => {
  const texts = labelTexts('Sofia area (Yugozapaden)', 'BG41', 24).map((t) => t.lines);
  assert.deepEqual(texts[0], ['Sofia area (Yugozapaden)']);
  assert.deepEqual(texts[1], ['Sofia area', '(Yugozapaden)']);
  assert.ok(texts.some((l) => l.length === 1 && l[0] === 'Sofia area'));
  assert.deepEqual(texts.at(-1), ['BG41']);
  assert.deepEqual(labelTexts('Baden-Württemberg', 'DE1', 24)[1]?.lines, ['Baden-', 'Württemberg']);
  const costs = labelTexts('North-East Romania', 'RO21', 24).map((t) => t.cost);
  assert.deepEqual(
    costs,
    [...costs].sort((a, b) => a - b),
  );
});
