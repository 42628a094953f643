/**
 * Issue 13, map labels: on every map at 375, 768 and 1280 px each shaded place has a label that
 * stays in the frame, overlaps no other label or leader line, and is plainly its own: its middle
 * (a label over the place) or its leader line's end lies inside its own shape and in no other.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { referenceSiteWithBrowser } from '../helpers/site.ts';

/** Screenshots land here (gitignored) so a person can look at the labels at each width. */
const SHOTS = join(process.cwd(), 'test-output', 'map-labels');

const MAPS = [
  ['home', '/'],
  ['regions', '/regions'],
] as const;

/** What the page shows of the map's labels, read from the drawn SVG. */
async function readMap(page: Page) {
  return page.evaluate(() => {
    const svg = document.querySelector('figure.map svg') as SVGSVGElement;
    const vb = svg.viewBox.baseVal;
    const scale = svg.getBoundingClientRect().width / vb.width;
    const layers = Array.from(svg.querySelectorAll('g.map-labels')).filter(
      (g) => getComputedStyle(g).display !== 'none',
    );
    const texts = layers.flatMap((g) => Array.from(g.querySelectorAll('text')));
    const labels = texts.map((t) => {
      const b = t.getBBox();
      const r = t.getBoundingClientRect();
      const lines = Array.from(t.querySelectorAll('tspan')).map((s) => s.textContent ?? '');
      return {
        code: t.getAttribute('data-code') ?? '',
        text: (lines.length ? lines : [t.textContent ?? '']).reduce((a, l) =>
          a.endsWith('-') ? a + l : `${a} ${l}`,
        ),
        box: { x0: b.x, y0: b.y, x1: b.x + b.width, y1: b.y + b.height },
        screen: { x0: r.left, y0: r.top, x1: r.right, y1: r.bottom },
        px: Number.parseFloat(getComputedStyle(t).fontSize) * scale,
      };
    });
    const leaders = layers.flatMap((g) =>
      Array.from(g.querySelectorAll('line.map-leader')).map((l) => ({
        code: l.getAttribute('data-code') ?? '',
        x1: Number(l.getAttribute('x1')),
        y1: Number(l.getAttribute('y1')),
        x2: Number(l.getAttribute('x2')),
        y2: Number(l.getAttribute('y2')),
      })),
    );
    const shapes = Array.from(svg.querySelectorAll('a.map-shape')).map(
      (a) => a.getAttribute('data-code') ?? '',
    );
    // Which shaded shapes' fill holds a point (map units).
    const holders = (x: number, y: number) =>
      Array.from(svg.querySelectorAll('a.map-shape'))
        .filter((a) =>
          (a.querySelector('path') as SVGPathElement).isPointInFill(new DOMPoint(x, y)),
        )
        .map((a) => a.getAttribute('data-code') ?? '');
    const anchors = labels.map((l) => {
      const leader = leaders.find((x) => x.code === l.code);
      const [x, y] = leader
        ? [leader.x2, leader.y2]
        : [(l.box.x0 + l.box.x1) / 2, (l.box.y0 + l.box.y1) / 2];
      return { code: l.code, x, y, holders: holders(x, y), leader: Boolean(leader) };
    });
    const table = Array.from(document.querySelectorAll('figure.map .map-table tbody a')).map(
      (a) => ({
        code: [...new URL((a as HTMLAnchorElement).href).searchParams.values()][0] ?? '',
        name: a.textContent ?? '',
      }),
    );
    const frame = svg.getBoundingClientRect();
    return {
      layers: layers.length,
      vb: { x0: vb.x, y0: vb.y, x1: vb.x + vb.width, y1: vb.y + vb.height },
      frame: { x0: frame.left, y0: frame.top, x1: frame.right, y1: frame.bottom },
      labels,
      leaders,
      shapes,
      anchors,
      table,
    };
  });
}

type Box = { x0: number; y0: number; x1: number; y1: number };
const inside = (a: Box, b: Box, tol: number) =>
  a.x0 >= b.x0 - tol && a.y0 >= b.y0 - tol && a.x1 <= b.x1 + tol && a.y1 <= b.y1 + tol;
const intersect = (a: Box, b: Box) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
/** Whether the segment passes through the box's inside (sampled every half map unit). */
function crosses(s: { x1: number; y1: number; x2: number; y2: number }, b: Box): boolean {
  const n = Math.ceil(Math.hypot(s.x2 - s.x1, s.y2 - s.y1) * 2);
  for (let k = 0; k <= n; k++) {
    const x = s.x1 + ((s.x2 - s.x1) * k) / Math.max(n, 1);
    const y = s.y1 + ((s.y2 - s.y1) * k) / Math.max(n, 1);
    if (x > b.x0 + 0.5 && x < b.x1 - 0.5 && y > b.y0 + 0.5 && y < b.y1 - 0.5) return true;
  }
  return false;
}
const distance = (x: number, y: number, b: Box) =>
  Math.hypot(Math.max(b.x0 - x, 0, x - b.x1), Math.max(b.y0 - y, 0, y - b.y1));

/** Checks the labels of one map as the page draws it. */
function checkLabels(m: Awaited<ReturnType<typeof readMap>>, where: string) {
  assert.equal(m.layers, 1, `${where}: one layer of labels is shown`);
  // Every shaded place (a linked shape) is a row of the table, and has exactly one label.
  const names = new Map(m.table.map((r) => [r.code, r.name]));
  for (const code of m.shapes) assert.ok(names.has(code), `${where}: ${code} is in the table`);
  assert.deepEqual(
    m.labels.map((l) => l.code).sort(),
    [...m.shapes].sort(),
    `${where}: one label per shaded place`,
  );
  for (const l of m.labels) {
    assert.ok(inside(l.box, m.vb, 0.5), `${where}: ${l.code} "${l.text}" inside the frame`);
    assert.ok(inside(l.screen, m.frame, 0.5), `${where}: ${l.code} inside the frame on screen`);
    const name = names.get(l.code) ?? '';
    assert.ok(name.startsWith(l.text) || l.text === l.code, `${where}: "${l.text}" names ${name}`);
  }
  for (const [i, a] of m.labels.entries())
    for (const b of m.labels.slice(i + 1))
      assert.ok(!intersect(a.box, b.box), `${where}: labels ${a.code} and ${b.code} overlap`);
  for (const s of m.leaders) {
    for (const l of m.labels)
      if (l.code !== s.code)
        assert.ok(!crosses(s, l.box), `${where}: ${s.code}'s leader crosses ${l.code}`);
    const own = m.labels.find((l) => l.code === s.code);
    assert.ok(
      own && distance(s.x1, s.y1, own.box) < 3,
      `${where}: ${s.code}'s leader starts at its label`,
    );
  }
  for (const a of m.anchors)
    assert.deepEqual(
      a.holders,
      [a.code],
      `${where}: ${a.code}'s ${a.leader ? 'leader end' : 'label middle'} lies in its shape alone`,
    );
}

/** A page at `width` px; tsx names the functions inside page.evaluate with __name. */
async function openPage(site: ReturnType<typeof referenceSiteWithBrowser>, width: number) {
  const context = await site.browser.newContext({ viewport: { width, height: 900 } });
  await context.addInitScript({ content: 'globalThis.__name = (f) => f;' });
  return { context, page: await context.newPage() };
}

describe('map labels: every shaded place, in the frame, apart, each on its own place', () => {
  const site = referenceSiteWithBrowser();
  mkdirSync(SHOTS, { recursive: true });

  for (const width of [375, 768, 1280]) {
    for (const [name, path] of MAPS) {
      test(`${name} map at ${width} px`, async () => {
        const { context, page } = await openPage(site, width);
        await page.goto(`${site.server.url}${path}`);
        const svg = page.locator('figure.map svg').first();
        await svg.scrollIntoViewIfNeeded();
        await svg.screenshot({ path: join(SHOTS, `${name}-${width}.png`) });
        const m = await readMap(page);
        checkLabels(m, `${path} at ${width} px`);
        const smallest = Math.min(...m.labels.map((l) => l.px));
        assert.ok(smallest >= 11.95, `smallest label ${smallest.toFixed(1)} px`);
        await context.close();
      });
    }
  }

  test('the places users found unlabelled or misplaced: Flanders, North-East Romania, the UK', async () => {
    const { context, page } = await openPage(site, 1280);
    await page.goto(`${site.server.url}/regions`);
    const regions = await readMap(page);
    for (const code of ['BE2', 'RO21', 'DE1', 'NL'])
      assert.ok(
        regions.labels.some((l) => l.code === code),
        `${code} has a label`,
      );
    await page.goto(`${site.server.url}/`);
    const home = await readMap(page);
    for (const code of ['UK', 'GB', 'NL', 'IE', 'BE'].filter((c) => home.shapes.includes(c)))
      assert.ok(
        home.labels.some((l) => l.code === code),
        `${code} has a label`,
      );
    await context.close();
  });
});
