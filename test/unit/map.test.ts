import assert from 'node:assert/strict';
import { test } from 'node:test';
import { partnerRegionOutlines } from '../../src/io/geo.ts';
import { EuropeMap, PartnerRegionsMap } from '../../src/web/map.tsx';

/** The links drawn on a map: href, accessible name and the code they stand for. */
function shapeLinks(svg: string): { href: string; label: string; code: string }[] {
  return [
    ...svg.matchAll(
      /<a href="([^"]+)" class="map-shape" data-code="([^"]+)" aria-label="([^"]+)">/g,
    ),
  ].map((m) => ({
    href: (m[1] ?? '').replaceAll('&amp;', '&'),
    code: m[2] ?? '',
    label: m[3] ?? '',
  }));
}

const countryCounts = new Map([
  ['ES', 15],
  ['BG', 4],
  ['LU', 1],
  ['MT', 2],
]);
const countryNames = new Map([
  ['ES', 'Spain'],
  ['BG', 'Bulgaria'],
  ['LU', 'Luxembourg'],
  ['MT', 'Malta'],
]);

test('every country with initiatives is a link to the list filtered by it, named with its count', async () => {
  const html = String(
    await EuropeMap({
      // withoutShape: places on record that the map cannot draw (none here).
      data: {
        counts: countryCounts,
        wideScope: 0,
        names: countryNames,
        withoutShape: [],
      } as Parameters<typeof EuropeMap>[0]['data'],
      id: 'm',
      title: 'Map',
    }),
  );
  const links = shapeLinks(html.slice(html.indexOf('<svg'), html.indexOf('</svg>')));
  assert.deepEqual(links.map((l) => l.code).sort(), [...countryCounts.keys()].sort());
  for (const l of links) {
    const n = countryCounts.get(l.code) ?? 0;
    assert.equal(l.href, `/initiatives?country=${l.code}`);
    assert.equal(
      l.label,
      `${countryNames.get(l.code)}: ${n} initiative${n === 1 ? '' : 's'}; show the list`,
    );
  }
  // Luxembourg and Malta are too small to find: each gets a round marker inside its link.
  for (const code of ['LU', 'MT']) {
    const link = html.slice(html.indexOf(`data-code="${code}"`));
    assert.match(link.slice(0, link.indexOf('</a>')), /<circle /, `${code} has a marker`);
  }
  const spain = html.slice(html.indexOf('data-code="ES"'));
  assert.doesNotMatch(spain.slice(0, spain.indexOf('</a>')), /<circle /);
  // Labels: Spain, the largest count, is labelled by name; every label names a linked place.
  const labels = [...html.matchAll(/<text x="\d+" y="\d+" data-code="([^"]+)"[^>]*>([^<]+)</g)];
  assert.ok(labels.some((m) => m[1] === 'ES' && m[2] === 'Spain'));
  for (const m of labels) assert.ok(countryCounts.has(m[1] ?? ''), `label for ${m[1]}`);
  // The zoom controls are in the markup but hidden until the script shows them.
  assert.match(html, /<div class="map-zoom-controls" hidden/);
  assert.match(html, /src="\/assets\/map-zoom.js"/);
});

test('partner regions, Rivne oblast included, link to the list filtered by reporting region', async () => {
  const codes = partnerRegionOutlines().map((o) => o.code);
  assert.ok(codes.includes('UA-56'), 'the Rivne oblast has an outline');
  const counts = new Map(codes.map((c, i) => [c, i + 1]));
  const names = new Map(codes.map((c) => [c, c === 'UA-56' ? 'Rivne oblast' : `Region ${c}`]));
  const html = String(await PartnerRegionsMap({ id: 'r', counts, names }));
  const links = shapeLinks(html);
  assert.deepEqual(links.map((l) => l.code).sort(), [...codes].sort());
  for (const l of links) assert.equal(l.href, `/initiatives?region=${encodeURIComponent(l.code)}`);
  const rivne = links.find((l) => l.code === 'UA-56');
  assert.match(rivne?.label ?? '', /^Rivne oblast: \d+ initiatives?; show the list$/);
  assert.doesNotMatch(html, /Not drawn, for want of a boundary/);
  // The shape has a real outline: a path with many points inside the link.
  const part = html.slice(html.indexOf('data-code="UA-56"'));
  const d = /<path d="([^"]+)"/.exec(part)?.[1] ?? '';
  assert.ok(d.split(/[LM]/).length > 20, 'Rivne path has points');
  const labelled = [...html.matchAll(/<text [^>]*data-code="([^"]+)"/g)].map((m) => m[1]);
  assert.ok(labelled.length >= Math.ceil(codes.length / 2), `labels: ${labelled.join(', ')}`);
});
